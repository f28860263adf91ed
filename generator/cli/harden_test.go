package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestHarden09 checks that a note whose file name or name holds a terminal
// escape sequence cannot rewrite what kith prints.
func TestHarden09(t *testing.T) {
	fake := "\x1b[1A\x1b[2K\rno problems found"
	tests := []struct {
		name  string
		files map[string]string
		args  []string
		want  string
	}{
		{"file name in check", map[string]string{
			"kith.yaml":                         "title: J\n",
			"content/people/Ann" + fake + ".md": "---\nbirthday: not a date\n---\n",
		}, []string{"check"}, `content/people/Ann\x1b[1A\x1b[2K\rno problems found.md:2: `},
		{"name in a message", map[string]string{
			"kith.yaml":            "title: J\n",
			"content/entries/e.md": "---\ndate: 2026-01-02\nwith: [\"Bo" + strings.NewReplacer("\x1b", `\e`, "\r", `\r`).Replace(fake) + "\"]\n---\n",
		}, []string{"check"}, `no person is called "Bo\x1b[1A\x1b[2K\rno problems found"`},
		{"name in the agenda", map[string]string{
			"kith.yaml": "title: J\n",
			"content/people/bo.md": "---\nname: \"Bo" + strings.NewReplacer("\x1b", `\e`, "\r", `\r`).Replace(fake) +
				"\"\nkeep_in_touch: 1m\nmet:\n  date: 2020-01-01\n---\n",
		}, []string{"agenda"}, `Bo\x1b[1A\x1b[2K\rno problems found`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFiles(t, dir, tt.files)
			_, out, errOut := run(t, append(tt.args, "-s", dir)...)
			all := out + errOut
			if strings.ContainsAny(all, "\x1b\r") {
				t.Errorf("output holds a raw control character:\n%q", all)
			}
			if !strings.Contains(all, tt.want) {
				t.Errorf("got %q, want it to contain %q", all, tt.want)
			}
		})
	}
}

// TestHarden12 checks that kith init adds the example person only to a
// journal without notes.
func TestHarden12(t *testing.T) {
	tests := []struct {
		name        string
		files       map[string]string
		wantExample bool
	}{
		{"new folder", nil, true},
		{"settings only", map[string]string{"kith.yaml": "title: Mine\n"}, true},
		{"a person", map[string]string{"content/people/Bo Lind.md": "---\nname: Bo Lind\n---\n"}, false},
		{"an entry", map[string]string{"content/entries/2026-01-02 Lunch.md": "---\ndate: 2026-01-02\n---\n"}, false},
		{"an event", map[string]string{"content/events/Expo.md": "---\nname: Expo\ndate: 2026-01-02\n---\n"}, false},
		{"a broken note", map[string]string{"content/people/x.md": "---\nname: [\n---\n"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "journal")
			if tt.files != nil {
				writeFiles(t, dir, tt.files)
			}
			code, out, errOut := run(t, "init", dir)
			if code != 0 {
				t.Fatalf("init: got exit %d, %q %q", code, out, errOut)
			}
			_, err := os.Stat(filepath.Join(dir, "content", "people", "Ada Example.md"))
			if got := err == nil; got != tt.wantExample {
				t.Errorf("example person written: got %v, want %v; output:\n%s", got, tt.wantExample, out)
			}
			if _, err := os.Stat(filepath.Join(dir, "content", "events", ".keep")); err != nil {
				t.Errorf("scaffolding: %v", err)
			}
		})
	}
}

// TestHarden06 checks that kith calendar -o replaces only a regular file
// holding a feed kith wrote, never the user's own calendar, never through a
// symbolic link, and leaves no temporary file.
func TestHarden06(t *testing.T) {
	const own = "BEGIN:VCALENDAR\r\nPRODID:-//kith//kith 0.0.9//EN\r\nVERSION:2.0\r\nX-WR-CALNAME:Old\r\nX-KITH-FEED:1\r\nEND:VCALENDAR\r\n"
	const users = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Apple Inc.//macOS 14.0//EN\r\nBEGIN:VEVENT\r\nSUMMARY:Dentist\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
	const unmarked = "BEGIN:VCALENDAR\r\nPRODID:-//kith//kith 0.0.1//EN\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"
	const faked = "BEGIN:VCALENDAR\r\nPRODID:-//Apple Inc.//macOS 14.0//EN\r\nX-KITH-FEED:1\r\nEND:VCALENDAR\r\n"
	tests := []struct {
		name    string
		setup   func(t *testing.T, file string) // makes what is at file before the command
		code    int
		wantErr string
		// keep is a file whose content must be unchanged afterwards ("" for none).
		keep func(file string) string
	}{
		{"kith's own feed is replaced", func(t *testing.T, f string) { write(t, f, own) }, 0, "", nil},
		{"the user's calendar is kept", func(t *testing.T, f string) { write(t, f, users) }, 1, "is not a calendar kith wrote",
			func(f string) string { return f }},
		{"a feed without the mark is kept", func(t *testing.T, f string) { write(t, f, unmarked) }, 1, "X-KITH-FEED:1",
			func(f string) string { return f }},
		{"the mark without kith's PRODID is kept", func(t *testing.T, f string) { write(t, f, faked) }, 1, "is not a calendar kith wrote",
			func(f string) string { return f }},
		{"a link to kith's feed is refused", func(t *testing.T, f string) {
			write(t, f+".real", own)
			if err := os.Symlink(f+".real", f); err != nil {
				t.Skip("no symbolic links here:", err)
			}
		}, 1, "is a symbolic link", func(f string) string { return f + ".real" }},
		{"a folder is refused", func(t *testing.T, f string) {
			if err := os.Mkdir(f, 0o755); err != nil {
				t.Fatal(err)
			}
		}, 1, "is not a regular file (a folder)", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := newJournal(t, map[string]string{"content/people/Ann Lee.md": "---\nname: Ann Lee\nbirthday: 03-17\n---\n"})
			out := t.TempDir()
			file := filepath.Join(out, "kith.ics")
			tt.setup(t, file)
			var keep string
			var before []byte
			if tt.keep != nil {
				keep = tt.keep(file)
				before, _ = os.ReadFile(keep)
			}
			code, stdout, stderr := run(t, "calendar", "-s", dir, "-o", file)
			if code != tt.code || !strings.Contains(stderr, tt.wantErr) {
				t.Errorf("got exit %d, stderr %q; want %d and %q", code, stderr, tt.code, tt.wantErr)
			}
			if keep != "" {
				if after, _ := os.ReadFile(keep); string(after) != string(before) {
					t.Errorf("%s: got %q, want it unchanged", keep, after)
				}
			}
			if tt.code == 0 {
				got, err := os.ReadFile(file)
				if err != nil || !strings.Contains(string(got), "UID:birthday-ann-lee@kith") || !strings.Contains(stdout, "wrote ") {
					t.Errorf("got file %q (%v), stdout %q; want the new feed", got, err, stdout)
				}
			}
			entries, _ := os.ReadDir(out)
			for _, e := range entries {
				if strings.HasPrefix(e.Name(), ".kith-calendar-") {
					t.Errorf("temporary file %s left behind", e.Name())
				}
			}
		})
	}
}

// write makes a file with the given content.
func write(t *testing.T, path, data string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestHarden13NewReservedName checks that kith new never creates a file
// name Windows reserves for a device.
func TestHarden13NewReservedName(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"new", "person", "Con"}, "content/people/Con_.md"},
		{[]string{"new", "event", "Con", "--date", "2026-12-01"}, "content/events/con_.md"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			dir := newJournal(t, nil)
			code, out, errOut := run(t, append(tt.args, "-s", dir)...)
			if code != 0 {
				t.Fatalf("got exit %d, %q %q", code, out, errOut)
			}
			if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(tt.want))); err != nil {
				t.Errorf("got output %q; want %s: %v", out, tt.want, err)
			}
		})
	}
}

func TestHarden09TerminalWriter(t *testing.T) {
	tests := []struct {
		name   string
		writes []string
		want   string
	}{
		{"plain", []string{"built 3 pages\n"}, "built 3 pages\n"},
		{"escape sequence", []string{"a\x1b[2K\rb\n"}, `a\x1b[2K\rb` + "\n"},
		{"tab and CRLF kept", []string{"-s\tfolder\r\nEND:VCALENDAR\r\n"}, "-s\tfolder\r\nEND:VCALENDAR\r\n"},
		{"CRLF split across writes", []string{"BEGIN:VCALENDAR\r", "\nEND"}, "BEGIN:VCALENDAR\r\nEND"},
		{"CR at the very end", []string{"fake\r"}, `fake\r`},
		{"CR then text", []string{"a\r", "no problems"}, `a\rno problems`},
		{"rune split across writes", []string{"Jos\xc3", "\xa9\n"}, "José\n"},
		{"invalid byte", []string{"a\xffb"}, `a\xffb`},
		{"right-to-left override", []string{"evil\u202etxt.md\n"}, `evil\u202etxt.md` + "\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			w := &terminalWriter{w: &b}
			for _, s := range tt.writes {
				if n, err := w.Write([]byte(s)); n != len(s) || err != nil {
					t.Fatalf("Write(%q) = %d, %v", s, n, err)
				}
			}
			if err := w.Flush(); err != nil {
				t.Fatal(err)
			}
			if got := b.String(); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
