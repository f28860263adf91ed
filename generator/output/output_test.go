package output

import (
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
