package output

import (
	"errors"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// commit writes one site to dest and commits it.
func commit(t *testing.T, dest string, opt Options, files map[string]string) *Dir {
	t.Helper()
	d, err := Open(dest, opt)
	if err != nil {
		t.Fatal(err)
	}
	write(t, d, files)
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	return d
}

// TestHarden02KeepsFilesKithDidNotWrite (issue 14, point 2): a .git folder,
// a CNAME and a README in the destination survive the next build, moved
// (the .git folder keeps its inode), and are listed once; files kith wrote
// and no longer writes go.
func TestHarden02KeepsFilesKithDidNotWrite(t *testing.T) {
	for _, spare := range []bool{false, true} {
		t.Run(map[bool]string{false: "plain", true: "spare"}[spare], func(t *testing.T) {
			dest := filepath.Join(t.TempDir(), "site")
			opt := Options{Spare: spare}
			commit(t, dest, opt, map[string]string{"_kith/x": "1", "index.html": "one", "people/a/index.html": "A"})
			user := map[string]string{".git/HEAD": "ref: refs/heads/main\n", ".git/objects/ab/cdef": "blob", "CNAME": "journal.example.org\n", "README.md": "# my site\n", "people/notes.txt": "mine"}
			for name, s := range user {
				p := filepath.Join(dest, filepath.FromSlash(name))
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			gitBefore, err := os.Stat(filepath.Join(dest, ".git"))
			if err != nil {
				t.Fatal(err)
			}
			for i := range 2 { // the second build replaces a site whose files were kept once
				d := commit(t, dest, opt, map[string]string{"_kith/x": "2", "index.html": "two"})
				want := maps.Clone(user)
				want["_kith/x"], want["index.html"] = "2", "two"
				if got := tree(t, dest); !maps.Equal(got, want) {
					t.Errorf("build %d: got %v, want %v", i, got, want)
				}
				// people/ held kith's pages the first time; then only the user's file.
				kept := []string{".git/", "CNAME", "README.md", "people/notes.txt"}
				if i == 1 {
					kept[3] = "people/"
				}
				if got, want := d.Kept(), kept; !slices.Equal(got, want) {
					t.Errorf("build %d: kept: got %q, want %q", i, got, want)
				}
				gitAfter, err := os.Stat(filepath.Join(dest, ".git"))
				if err != nil || !os.SameFile(gitBefore, gitAfter) {
					t.Errorf("build %d: .git was not moved (err %v)", i, err)
				}
			}
			manifest, err := os.ReadFile(filepath.Join(dest, filepath.FromSlash(Manifest)))
			if err != nil {
				t.Fatal(err)
			}
			if got, want := string(manifest), manifestHeader+"_kith/sums.txt\n_kith/written.txt\n_kith/x\nindex.html\n"; got != want {
				t.Errorf("manifest: got %q, want %q", got, want)
			}
		})
	}
}

// TestKeepConflicts: a file kith did not write where the new site writes
// one is never replaced; the build fails and changes nothing.
func TestKeepConflicts(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "site")
	commit(t, dest, Options{}, map[string]string{"_kith/x": "1", "index.html": "one"})
	if err := os.WriteFile(filepath.Join(dest, "favicon.ico"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	d, err := Open(dest, Options{})
	if err != nil {
		t.Fatal(err)
	}
	write(t, d, map[string]string{"_kith/x": "2", "index.html": "two", "favicon.ico": "kith's"})
	err = d.Commit()
	d.Abort()
	if !errors.Is(err, ErrConflict) || !strings.Contains(err.Error(), filepath.Join(dest, "favicon.ico")) {
		t.Fatalf("got %v, want a conflict naming favicon.ico", err)
	}
	if got, want := tree(t, dest), map[string]string{"_kith/x": "1", "index.html": "one", "favicon.ico": "mine"}; !maps.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

// TestKeepLegacySite: a site written before kith kept a manifest keeps
// what does not look like kith's (dot names, top-level files other than
// pages, robots.txt and a feed) and replaces the rest.
func TestKeepLegacySite(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "site")
	old := map[string]string{"_kith/x": "1", "index.html": "one", "404.html": "nf", "robots.txt": "r", "people/a/index.html": "A",
		".git/HEAD": "h", "CNAME": "c", "README.md": "r", "docs/notes.md": "n"}
	for name, s := range old {
		p := filepath.Join(dest, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	d := commit(t, dest, Options{}, map[string]string{"_kith/x": "2", "index.html": "two"})
	want := map[string]string{"_kith/x": "2", "index.html": "two", ".git/HEAD": "h", "CNAME": "c", "README.md": "r", "docs/notes.md": "n"}
	if got := tree(t, dest); !maps.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	if got, want := d.Kept(), []string{".git/", "CNAME", "README.md", "docs/notes.md"}; !slices.Equal(got, want) {
		t.Errorf("kept: got %q, want %q", got, want)
	}
}

// TestHarden03JournalGuardFollowsLinks (issue 14, point 3): a destination
// that contains the journal is refused when the journal is named through a
// symbolic link, and when the destination is.
func TestHarden03JournalGuardFollowsLinks(t *testing.T) {
	root := t.TempDir()
	site := filepath.Join(root, "site")
	journal := filepath.Join(site, "journal")
	if err := os.MkdirAll(filepath.Join(journal, "content"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(journal, "kith.yaml"), []byte("title: x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(site, Marker), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(journal, filepath.Join(root, "journal-link")); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	if err := os.Symlink(site, filepath.Join(root, "site-link")); err != nil {
		t.Fatal(err)
	}
	tests := []struct{ name, dest, protect string }{
		{"journal through a link", site, filepath.Join(root, "journal-link")},
		{"destination through a link", filepath.Join(root, "site-link"), journal},
		{"both through links", filepath.Join(root, "site-link"), filepath.Join(root, "journal-link")},
		{"relative link", site, "journal-link"},
	}
	t.Chdir(root)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := Check(tt.dest, tt.protect); !errors.Is(err, ErrContainsJournal) {
				t.Errorf("Check: got %v, want ErrContainsJournal", err)
			}
			d, err := Open(tt.dest, Options{Protect: []string{tt.protect}})
			if err == nil {
				write(t, d, map[string]string{"_kith/x": "1"})
				d.Commit()
				t.Fatalf("Open: got no error, want a refusal")
			}
			if !errors.Is(err, ErrContainsJournal) {
				t.Errorf("Open: got %v, want ErrContainsJournal", err)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(journal, "kith.yaml")); err != nil {
		t.Errorf("the journal is damaged: %v", err)
	}
	// A sibling folder is fine.
	if err := Check(filepath.Join(root, "elsewhere"), "journal-link"); err != nil {
		t.Errorf("Check(elsewhere): got %v, want nil", err)
	}
}

// TestHarden07SpareHardLinks (issue 14, point 7): a file outside the
// journal hard-linked into the spare (as cp -al backups do) keeps its bytes
// when the next build overwrites the spare.
func TestHarden07SpareHardLinks(t *testing.T) {
	root := t.TempDir()
	dest := filepath.Join(root, "public")
	for _, s := range []string{"1", "2"} {
		commit(t, dest, Options{Spare: true}, map[string]string{"_kith/x": s, "index.html": s, "people/a/index.html": s})
	}
	backup := filepath.Join(root, "backup")
	if err := os.Mkdir(backup, 0o755); err != nil {
		t.Fatal(err)
	}
	spare := filepath.Join(root, ".public.kith-spare")
	for _, name := range []string{"index.html", "people/a/index.html"} {
		if err := os.Link(filepath.Join(spare, filepath.FromSlash(name)), filepath.Join(backup, strings.ReplaceAll(name, "/", "-"))); err != nil {
			t.Skip("no hard links here:", err)
		}
	}
	d := commit(t, dest, Options{Spare: true}, map[string]string{"_kith/x": "3", "index.html": "3", "people/a/index.html": "3"})
	if !d.reused {
		t.Fatal("the spare was not reused")
	}
	if got, want := tree(t, backup), map[string]string{"index.html": "1", "people-a-index.html": "1"}; !maps.Equal(got, want) {
		t.Errorf("backup: got %v, want %v (written through a hard link)", got, want)
	}
	if got := tree(t, dest)["index.html"]; got != "3" {
		t.Errorf("index.html: got %q, want 3", got)
	}
}

// TestHarden13SyncsFolderAfterSwap (issue 14, point 13): the folder
// holding the site is synced after the swap, so that the rename survives a
// crash.
func TestHarden13SyncsFolderAfterSwap(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "site")
	d, err := Open(dest, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var synced []string
	real := d.sync
	d.sync = func(dir string) error { synced = append(synced, dir); return real(dir) }
	write(t, d, map[string]string{"_kith/x": "1"})
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	if want := []string{filepath.Dir(dest)}; !slices.Equal(synced, want) {
		t.Errorf("synced: got %q, want %q", synced, want)
	}
	if err := SyncDir(filepath.Join(dest, "missing")); err == nil {
		t.Error("SyncDir(missing folder): got no error, want one")
	}
}

// TestKeepFileAddedAfterPrepare: a file added to the destination between
// Prepare (when publish compares the sites) and Commit is kept too.
func TestKeepFileAddedAfterPrepare(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "site")
	commit(t, dest, Options{}, map[string]string{"_kith/x": "1"})
	d, err := Open(dest, Options{})
	if err != nil {
		t.Fatal(err)
	}
	write(t, d, map[string]string{"_kith/x": "2"})
	if kept, err := d.Prepare(); err != nil || len(kept) != 0 {
		t.Fatalf("Prepare: got %q, %v; want nothing to keep", kept, err)
	}
	if err := os.WriteFile(filepath.Join(dest, "CNAME"), []byte("c"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	if got, want := tree(t, dest), map[string]string{"_kith/x": "2", "CNAME": "c"}; !maps.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	if got := d.Kept(); !slices.Equal(got, []string{"CNAME"}) {
		t.Errorf("kept: got %q, want [CNAME]", got)
	}
}
