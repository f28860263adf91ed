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
			"kith.yaml":                          "title: J\n",
			"content/people/Ann" + fake + ".md": "---\norg: Acme\n---\n",
		}, []string{"check"}, `content/people/Ann\x1b[1A\x1b[2K\rno problems found.md:1: missing name`},
		{"name in a message", map[string]string{
			"kith.yaml":            "title: J\n",
			"content/entries/e.md": "---\ndate: 2026-01-02\nwith: [\"Bo" + strings.NewReplacer("\x1b", `\e`, "\r", `\r`).Replace(fake) + "\"]\n---\n",
		}, []string{"check"}, `no person is called "Bo\x1b[1A\x1b[2K\rno problems found"`},
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
