package output

import (
	"errors"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestUpdateInPlace: a sequence of sites written with Incremental, where
// files become folders and folders files, equals each site every time,
// writes only what changed, and leaves no folder its files left empty.
func TestUpdateInPlace(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	builds := []struct {
		files   map[string]string
		changes Changes // what the update changes (the first build writes the whole site)
	}{
		{files: map[string]string{"_kith/style.css": "1", "index.html": "one", "people/a/index.html": "A", "x/index.html": "x1", "y": "y1"}},
		{files: map[string]string{"_kith/style.css": "1", "index.html": "two", "people/a/index.html": "A", "x/index.html": "x1", "y": "y1"},
			changes: Changes{Changed: []string{"index.html"}, Bytes: 3}},
		// x was a folder and becomes a file; y was a file and becomes a folder; people/ goes.
		{files: map[string]string{"_kith/style.css": "1", "index.html": "two", "x": "x3", "y/index.html": "y3"},
			changes: Changes{Added: []string{"x", "y/index.html"}, Removed: []string{"people/a/index.html", "x/index.html", "y"}, Bytes: 4}},
		{files: map[string]string{"_kith/style.css": "1", "index.html": "two", "x": "x3", "y/index.html": "y3"}},
	}
	for i, b := range builds {
		d, err := Open(dest, Options{Incremental: true, Site: "plain"})
		if err != nil {
			t.Fatal(err)
		}
		if want := i > 0; d.Updating() != want {
			t.Errorf("build %d: updating: got %v, want %v", i, d.Updating(), want)
		}
		write(t, d, b.files)
		if err := d.Commit(); err != nil {
			t.Fatal(err)
		}
		if got := tree(t, dest); !maps.Equal(got, b.files) {
			t.Errorf("build %d: got %v, want %v", i, got, b.files)
		}
		if i > 0 {
			got := d.Changes()
			if !slices.Equal(got.Added, b.changes.Added) || !slices.Equal(got.Changed, b.changes.Changed) || !slices.Equal(got.Removed, b.changes.Removed) || got.Bytes != b.changes.Bytes {
				t.Errorf("build %d: changes: got %+v, want %+v", i, got, b.changes)
			}
		}
	}
	if _, err := os.Stat(filepath.Join(dest, "people")); !os.IsNotExist(err) {
		t.Errorf("people/ after its pages went: got %v, want it gone", err)
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(dest), ".public.kith-*")); len(left) != 0 {
		t.Errorf("temporary folders left: %v", left)
	}
}

// TestUpdateFallsBack: without a record, or with another site's, the whole
// site is written, and Why says why.
func TestUpdateFallsBack(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	commit(t, dest, Options{Site: "key:a"}, map[string]string{"_kith/x": "1", "index.html": "one"})
	tests := []struct {
		name, site string
		prepare    func()
		update     bool
	}{
		{"same site", "key:a", func() {}, true},
		{"another key", "key:b", func() {}, false},
		{"no record", "key:b", func() { os.Remove(filepath.Join(dest, filepath.FromSlash(Sums))) }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.prepare()
			d, err := Open(dest, Options{Incremental: true, Site: tt.site})
			if err != nil {
				t.Fatal(err)
			}
			if d.Updating() != tt.update || (d.Why() == "") != tt.update {
				t.Errorf("got updating %v, why %q; want updating %v and a reason otherwise", d.Updating(), d.Why(), tt.update)
			}
			write(t, d, map[string]string{"_kith/x": "1", "index.html": "one"})
			if err := d.Commit(); err != nil {
				t.Fatal(err)
			}
		})
	}
	// A link to a site is replaced whole, never written through.
	link := filepath.Join(filepath.Dir(dest), "link")
	if err := os.Symlink(dest, link); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	d, err := Open(link, Options{Incremental: true, Site: "key:b"})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Abort()
	if d.Updating() {
		t.Error("a link to a site is updated through the link")
	}
}

// TestUpdateRefusesLinks: an update never writes through a symbolic link
// put where the site has a folder; it fails and changes nothing.
func TestUpdateRefusesLinks(t *testing.T) {
	root := t.TempDir()
	dest := filepath.Join(root, "public")
	outside := filepath.Join(root, "notes")
	if err := os.Mkdir(outside, 0o755); err != nil {
		t.Fatal(err)
	}
	commit(t, dest, Options{}, map[string]string{"_kith/x": "1", "people/a/index.html": "A1"})
	if err := os.RemoveAll(filepath.Join(dest, "people")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(dest, "people")); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	d, err := Open(dest, Options{Incremental: true})
	if err != nil {
		t.Fatal(err)
	}
	write(t, d, map[string]string{"_kith/x": "1", "people/a/index.html": "A2"})
	err = d.Commit()
	d.Abort()
	if !errors.Is(err, ErrConflict) {
		t.Fatalf("got %v, want a conflict", err)
	}
	if entries, _ := os.ReadDir(outside); len(entries) != 0 {
		t.Errorf("the update wrote through the link: %v", entries)
	}
}
