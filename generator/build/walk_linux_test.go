package build

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestStatDir: statDir lists what os.ReadDir lists, each entry with the
// path asked for and its lstat, in folders whose entries take several
// reads (getdents) and in an empty one.
func TestStatDir(t *testing.T) {
	tests := []struct {
		name   string
		files  int
		prefix string
	}{
		{"empty", 0, "notes/"},
		{"a few", 3, ""},
		{"many reads", 3000, "content/people/"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for i := range tt.files {
				name := fmt.Sprintf("Person with a rather long name number %04d é.md", i)
				if err := os.WriteFile(filepath.Join(dir, name), []byte(strings.Repeat("x", i%7)), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if tt.files > 0 {
				if err := os.Mkdir(filepath.Join(dir, "sub"), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.Symlink("sub", filepath.Join(dir, "link")); err != nil {
					t.Fatal(err)
				}
			}
			f, err := os.DirFS(dir).Open(".")
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			var raw []byte
			entries, ok, err := statDir(f, tt.prefix, &raw)
			if err != nil || !ok {
				t.Fatalf("got %v, %v; want the entries", ok, err)
			}
			des, err := os.ReadDir(dir)
			if err != nil {
				t.Fatal(err)
			}
			var got, want []string
			for _, e := range entries {
				got = append(got, e.path)
				info, err := os.Lstat(filepath.Join(dir, strings.TrimPrefix(e.path, tt.prefix)))
				if err != nil {
					t.Fatalf("%s: %v", e.path, err)
				}
				if e.mode != info.Mode().Type() || (info.Mode().IsRegular() && e.st != statOf(info)) {
					t.Errorf("%s: got %v %+v, want %v %+v", e.path, e.mode, e.st, info.Mode().Type(), statOf(info))
				}
			}
			for _, d := range des {
				want = append(want, tt.prefix+d.Name())
			}
			slices.Sort(got)
			if !slices.Equal(got, want) {
				t.Errorf("got %d entries, want %d (%q... against %q...)", len(got), len(want), got[:min(3, len(got))], want[:min(3, len(want))])
			}
		})
	}
}
