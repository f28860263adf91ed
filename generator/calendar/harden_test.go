package calendar

import (
	"bytes"
	"strings"
	"testing"
)

// TestHarden06CarriageReturn checks that a bare carriage return (or another
// control character) written in YAML cannot end a line of the feed: a
// parser that splits on CR would otherwise see an injected property.
func TestHarden06CarriageReturn(t *testing.T) {
	inject := `\rEND:VEVENT\rBEGIN:VEVENT\rSUMMARY:injected\r\n\x07\x1b`
	files := map[string]string{
		"kith.yaml":              "title: \"Cal" + inject + "\"\n",
		"content/people/Dana.md": "---\nname: \"Dana" + inject + "\"\nbirthday: 1990-03-17\n---\n",
		"content/events/expo.md": "---\nname: \"Expo" + inject + "\"\ndate: 2026-12-08\nlocation: \"Hall" + inject + "\"\n" +
			"people: [\"Dana" + inject + "\"]\n---\n",
	}
	data := feed(t, files)
	for i, line := range bytes.Split(data, []byte("\r\n")) {
		for _, c := range line {
			if c < 0x20 && c != '\t' || c == 0x7f {
				t.Errorf("line %d holds control byte %#x: %q", i+1, c, line)
				break
			}
		}
	}
	for _, line := range strings.FieldsFunc(string(data), func(r rune) bool { return r == '\r' || r == '\n' }) {
		if strings.HasPrefix(line, "SUMMARY:injected") {
			t.Errorf("a parser splitting on CR or LF sees the injected line %q", line)
		}
	}
	if !strings.Contains(string(data), `Expo\nEND:VEVENT`) {
		t.Errorf("want the CR kept as an escaped line break, got:\n%s", data)
	}
}

func TestHarden06IsOwnFeed(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want bool
	}{
		{"a feed of this version", string(feed(t, journalFiles())), true},
		{"no version", "BEGIN:VCALENDAR\nPRODID:-//kith//kith//EN\nX-KITH-FEED:1\nEND:VCALENDAR\n", true},
		{"no mark", "BEGIN:VCALENDAR\r\nPRODID:-//kith//kith 0.1.0//EN\r\nEND:VCALENDAR\r\n", false},
		{"mark after the first event", "BEGIN:VCALENDAR\r\nPRODID:-//kith//kith//EN\r\nBEGIN:VEVENT\r\nX-KITH-FEED:1\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n", false},
		{"another product", "BEGIN:VCALENDAR\r\nPRODID:-//kithara//x//EN\r\nX-KITH-FEED:1\r\nEND:VCALENDAR\r\n", false},
		{"mark with another value", "BEGIN:VCALENDAR\r\nPRODID:-//kith//kith//EN\r\nX-KITH-FEED:2\r\nEND:VCALENDAR\r\n", false},
		{"not a calendar", "---\nname: Mine\n---\nPRODID:-//kith//kith//EN\nX-KITH-FEED:1\n", false},
		{"empty", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := IsOwnFeed(strings.NewReader(tt.in)); got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}
