package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCalendarCommand(t *testing.T) {
	const earlier = "BEGIN:VCALENDAR\r\nPRODID:-//kith//kith 0.0.1//EN\r\nX-KITH-FEED:1\r\nEND:VCALENDAR\r\n"
	tests := []struct {
		name     string
		existing string // the file at -o before the command, if any
		args     []string
		code     int
		wantOut  string
		wantFile string // a part of the file after the command
	}{
		{"to standard output", "", nil, 0, "UID:birthday-dana-okafor@kith", ""},
		{"to a new file", "", []string{"-o", "FILE"}, 0, "wrote ", "PRODID:-//kith//kith " + Version + "//EN"},
		{"replaces an earlier calendar", earlier, []string{"-o", "FILE"}, 0, "(1 event)", "UID:birthday-dana-okafor@kith"},
		{"never replaces anything else", "---\nname: Mine\n---\n", []string{"-o", "FILE"}, 1, "", "name: Mine"},
		{"with --now", "", []string{"--now", "2030-01-01"}, 0, "DTSTAMP:20300101T000000Z", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := newJournal(t, map[string]string{"content/people/Dana Okafor.md": "---\nname: Dana Okafor\nbirthday: 03-17\n---\n"})
			file := filepath.Join(t.TempDir(), "kith.ics")
			if tt.existing != "" {
				if err := os.WriteFile(file, []byte(tt.existing), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			args := []string{"calendar", "-s", dir}
			for _, a := range tt.args {
				args = append(args, strings.ReplaceAll(a, "FILE", file))
			}
			code, out, errOut := runEnv(t, nil, args...)
			if code != tt.code || !strings.Contains(out, tt.wantOut) {
				t.Errorf("got exit %d, stdout %q, stderr %q; want %d and %q", code, out, errOut, tt.code, tt.wantOut)
			}
			if tt.wantFile != "" {
				got, err := os.ReadFile(file)
				if err != nil || !strings.Contains(string(got), tt.wantFile) {
					t.Errorf("got file %q (%v), want %q in it", got, err, tt.wantFile)
				}
			}
			if entries, _ := os.ReadDir(filepath.Dir(file)); len(entries) > 1 {
				t.Errorf("got %d files next to the feed, want no temporary file left", len(entries))
			}
		})
	}
}
