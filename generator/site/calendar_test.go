package site

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	ics "github.com/arran4/golang-ical"
)

// TestCalendarFeed checks when a site publishes calendar.ics and links it
// from the home page: only a plaintext site whose kith.yaml does not turn
// the feed off or ask for encryption.
func TestCalendarFeed(t *testing.T) {
	people := map[string]string{
		"content/people/Ann.md":  "---\nname: Ann\nbirthday: 05-01\n---\n",
		"content/events/meet.md": "---\nname: Meet\ndate: 2026-12-01\n---\n",
	}
	tests := []struct {
		name    string
		config  string
		address func(string) string
		encrypt bool
		want    bool
	}{
		{"on by default", "title: T\n", nil, false, true},
		{"calendar: false", "title: T\ncalendar: false\n", nil, false, false},
		{"encrypt: true in kith.yaml", "title: T\nencrypt: true\n", nil, false, false},
		{"opaque addresses", "title: T\n", func(a string) string { return strings.ReplaceAll(a, "/", "-x/") }, false, false},
		{"encrypted build", "title: T\n", nil, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{"kith.yaml": tt.config}
			for p, s := range people {
				files[p] = s
			}
			opt := options(journalFS(files))
			opt.Address = tt.address
			if tt.encrypt {
				opt.Encrypt = testEncryption(t)
			}
			s, _, err := Load(context.Background(), opt)
			if err != nil {
				t.Fatal(err)
			}
			_, listed := s.Lookup("/calendar.ics")
			home, err := s.File("index.html")
			if err != nil {
				t.Fatal(err)
			}
			linked := bytes.Contains(home, []byte(`href="./calendar.ics"`))
			if listed != tt.want || (linked != tt.want && !tt.encrypt) {
				t.Errorf("got calendar.ics listed %v, linked from home %v; want %v", listed, linked, tt.want)
			}
			feed, err := s.File("calendar.ics")
			if !tt.want {
				if !errors.Is(err, ErrNotFound) {
					t.Errorf("rendering calendar.ics: got %v, want ErrNotFound", err)
				}
				return
			}
			cal, err := ics.ParseCalendar(bytes.NewReader(feed))
			if err != nil {
				t.Fatal(err)
			}
			var uids []string
			for _, e := range cal.Events() {
				uids = append(uids, e.Id())
			}
			if got := strings.Join(uids, " "); got != "birthday-ann@kith cadence-ann@kith event-meet@kith" && got != "birthday-ann@kith event-meet@kith" {
				t.Errorf("got events %q, want Ann's birthday and the meetup", got)
			}
		})
	}
}

// TestCalendarFeedWritten checks that a build writes the feed and that two
// builds write the same bytes.
func TestCalendarFeedWritten(t *testing.T) {
	src := journalFS(map[string]string{"kith.yaml": "title: T\n", "content/people/Ann.md": "---\nname: Ann\nbirthday: 1990-05-01\n---\n"})
	var feeds [][]byte
	for i := range 2 {
		dest := filepath.Join(t.TempDir(), "public")
		if _, err := Build(context.Background(), options(src), dest); err != nil {
			t.Fatalf("build %d: %v", i+1, err)
		}
		feeds = append(feeds, readTree(t, dest)["calendar.ics"])
	}
	if len(feeds[0]) == 0 || !bytes.Equal(feeds[0], feeds[1]) {
		t.Errorf("got feeds %q and %q, want the same, not empty", feeds[0], feeds[1])
	}
	if !bytes.Contains(feeds[0], []byte("UID:birthday-ann@kith\r\n")) || !bytes.Contains(feeds[0], []byte("RRULE:FREQ=YEARLY\r\n")) {
		t.Errorf("got %q, want Ann's yearly birthday", feeds[0])
	}
}
