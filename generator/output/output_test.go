package output

import (
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"testing"
)

func write(t *testing.T, d *Dir, files map[string]string) {
	t.Helper()
	for name, s := range files {
		if err := d.Write(name, []byte(s)); err != nil {
			t.Fatal(err)
		}
	}
}

func TestCommitReplacesWhole(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	for i, files := range []map[string]string{
		{"_kith/style.css": "a", "index.html": "one", "people/a/index.html": "A"},
		{"_kith/style.css": "b", "index.html": "two"},
	} {
		d, err := Begin(dest)
		if err != nil {
			t.Fatal(err)
		}
		write(t, d, files)
		if err := d.Commit(); err != nil {
			t.Fatal(err)
		}
		for name, want := range files {
			if got, err := os.ReadFile(filepath.Join(dest, name)); err != nil || string(got) != want {
				t.Errorf("build %d: %s = %q, %v; want %q", i, name, got, err, want)
			}
		}
	}
	if _, err := os.Stat(filepath.Join(dest, "people/a/index.html")); !os.IsNotExist(err) {
		t.Errorf("stale page: got %v, want it gone", err)
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(dest), ".public.kith-*")); len(left) != 0 {
		t.Errorf("temporary folders left: %v", left)
	}
}

func TestAbortKeepsOld(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	d, _ := Begin(dest)
	write(t, d, map[string]string{"_kith/x": "", "index.html": "old"})
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	d, _ = Begin(dest)
	write(t, d, map[string]string{"index.html": "new"})
	if err := d.Abort(); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(filepath.Join(dest, "index.html")); string(got) != "old" {
		t.Errorf("index.html after abort: got %q, want old", got)
	}
}

func TestRefusals(t *testing.T) {
	dir := t.TempDir()
	foreign := filepath.Join(dir, "docs")
	os.MkdirAll(foreign, 0o755)
	os.WriteFile(filepath.Join(foreign, "thesis.md"), []byte("x"), 0o644)
	tests := []struct {
		name, dest string
		protect    []string
	}{
		{"not a kith site", foreign, nil},
		{"the journal", dir, []string{dir}},
		{"above the journal", filepath.Dir(dir), []string{dir}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if d, err := Begin(tt.dest, tt.protect...); err == nil {
				d.Abort()
				t.Errorf("Begin(%s): got no error, want a refusal", tt.dest)
			}
		})
	}
	d, err := Begin(filepath.Join(dir, "public"))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Abort()
	for _, bad := range []string{"../escape", "/abs", "a/../../b", ""} {
		if err := d.Write(bad, nil); err == nil {
			t.Errorf("Write(%q): got no error, want a refusal", bad)
		}
	}
}

// tree returns every file under dir with its contents, by slash path.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if r := filepath.ToSlash(rel); r == Manifest || r == Sums {
			return nil // checked by the tests of the manifest and the record
		}
		b, err := os.ReadFile(p)
		out[filepath.ToSlash(rel)] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestSpareReused(t *testing.T) {
	root := t.TempDir()
	dest := filepath.Join(root, "public")
	spare := filepath.Join(root, ".public.kith-spare")
	builds := []map[string]string{
		{"_kith/style.css": "1", "index.html": "one", "people/a/index.html": "A1", "x/index.html": "x1", "y": "y1"},
		{"_kith/style.css": "2", "index.html": "two", "people/b/index.html": "B2"},
		// x was a folder and becomes a file; y was a file and becomes a folder.
		{"_kith/style.css": "3", "index.html": "three", "people/a/index.html": "A3", "x": "x3", "y/index.html": "y3"},
		{"_kith/style.css": "4", "index.html": "four", "x/index.html": "x4", "y": "y4"},
		{"_kith/style.css": "5", "index.html": "five"},
	}
	for i, files := range builds {
		d, err := Open(dest, Options{Spare: true})
		if err != nil {
			t.Fatal(err)
		}
		if want := i >= 2; d.reused != want {
			t.Errorf("build %d: reused the spare: got %v, want %v", i, d.reused, want)
		}
		write(t, d, files)
		if err := d.Commit(); err != nil {
			t.Fatal(err)
		}
		if got := tree(t, dest); !maps.Equal(got, files) {
			t.Errorf("build %d: got %v, want %v", i, got, files)
		}
		if i > 0 {
			if got := tree(t, spare); !maps.Equal(got, builds[i-1]) {
				t.Errorf("build %d: spare: got %v, want the build before, %v", i, got, builds[i-1])
			}
		}
	}
	if left, _ := filepath.Glob(filepath.Join(root, ".public.kith-[^s]*")); len(left) != 0 {
		t.Errorf("temporary folders left: %v", left)
	}
	// Folders emptied by stale files are gone too.
	if _, err := os.Stat(filepath.Join(dest, "people")); !os.IsNotExist(err) {
		t.Errorf("people/ after its pages went: got %v, want it gone", err)
	}
}

func TestSpareAbort(t *testing.T) {
	root := t.TempDir()
	dest := filepath.Join(root, "public")
	for _, s := range []string{"1", "2"} {
		d, _ := Open(dest, Options{Spare: true})
		write(t, d, map[string]string{"_kith/x": s, "index.html": s})
		if err := d.Commit(); err != nil {
			t.Fatal(err)
		}
	}
	d, _ := Open(dest, Options{Spare: true})
	if !d.reused {
		t.Fatal("the spare was not reused")
	}
	write(t, d, map[string]string{"index.html": "3"})
	if err := d.Abort(); err != nil {
		t.Fatal(err)
	}
	if got := tree(t, dest); got["index.html"] != "2" {
		t.Errorf("after abort: got %v, want build 2", got)
	}
	// The next build fixes the half-overwritten spare.
	d, _ = Open(dest, Options{Spare: true})
	write(t, d, map[string]string{"_kith/x": "4", "index.html": "4"})
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	if got, want := tree(t, dest), map[string]string{"_kith/x": "4", "index.html": "4"}; !maps.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestSpareWithLinkNotUsed(t *testing.T) {
	root := t.TempDir()
	dest := filepath.Join(root, "public")
	outside := filepath.Join(root, "notes")
	if err := os.Mkdir(outside, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"1", "2"} {
		d, _ := Open(dest, Options{Spare: true})
		write(t, d, map[string]string{"_kith/x": s, "people/a/index.html": s})
		if err := d.Commit(); err != nil {
			t.Fatal(err)
		}
	}
	// A link in the spare where the next build writes a folder.
	spare := filepath.Join(root, ".public.kith-spare")
	if err := os.RemoveAll(filepath.Join(spare, "people")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(spare, "people")); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	d, _ := Open(dest, Options{Spare: true})
	if d.reused {
		t.Error("a spare holding a symbolic link was reused")
	}
	write(t, d, map[string]string{"_kith/x": "3", "people/a/index.html": "3"})
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	if entries, _ := os.ReadDir(outside); len(entries) != 0 {
		t.Errorf("the build wrote through the link: %v", entries)
	}
}

func TestNoSpareByDefault(t *testing.T) {
	root := t.TempDir()
	dest := filepath.Join(root, "public")
	for _, s := range []string{"1", "2"} {
		d, _ := Begin(dest)
		write(t, d, map[string]string{"_kith/x": s})
		if err := d.Commit(); err != nil {
			t.Fatal(err)
		}
	}
	if entries, _ := os.ReadDir(root); len(entries) != 1 {
		t.Errorf("beside the site: got %v, want nothing", entries)
	}
}
