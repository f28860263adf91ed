package publish

import (
	"context"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"kith/generator/output"
)

// TestHarden13RekeyLeavesNoTempFiles (issue 14, point 13): a rekey removes
// the temporary key files an interrupted one left in .kith, and leaves
// none of its own.
func TestHarden13RekeyLeavesNoTempFiles(t *testing.T) {
	dir := t.TempDir()
	if _, _, err := Encryption(dir, "old passphrase", testKeys(1)); err != nil {
		t.Fatal(err)
	}
	kith := filepath.Join(dir, ".kith")
	stale := filepath.Join(kith, ".key-123456.json")
	if err := os.WriteFile(stale, []byte("{}"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := Rekey(dir, "old passphrase", "new passphrase", false, testKeys(2)); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(kith)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if want := []string{"key.json"}; !slices.Equal(names, want) {
		t.Errorf(".kith holds %q, want %q", names, want)
	}
	if _, _, err := Encryption(dir, "new passphrase", testKeys(3)); err != nil {
		t.Errorf("the new passphrase does not open the key: %v", err)
	}
}

// TestHarden13RekeySyncsFolder (issue 14, point 13): the folder of the key
// file is synced after the rename, and after a new key file is made.
func TestHarden13RekeySyncsFolder(t *testing.T) {
	dir := t.TempDir()
	var synced []string
	opt := testKeys(1)
	opt.syncDir = func(d string) error { synced = append(synced, d); return nil }
	if _, _, err := Encryption(dir, "old passphrase", opt); err != nil {
		t.Fatal(err)
	}
	if err := Rekey(dir, "old passphrase", "new passphrase", true, opt); err != nil {
		t.Fatal(err)
	}
	kith := filepath.Join(dir, ".kith")
	if want := []string{kith, kith}; !slices.Equal(synced, want) {
		t.Errorf("synced %q, want %q (after making the key, after rekey)", synced, want)
	}
}

// TestPublishRsyncKeeps publishes through rsync to a local folder that
// holds files kith did not write: a dry run lists them and changes
// nothing; a publish keeps them, also inside a folder kith deletes; a file
// kith did not write where the site writes one stops the publish; a target
// written before kith kept a manifest keeps what is not a page.
func TestPublishRsyncKeeps(t *testing.T) {
	needRsync(t)
	ctx := context.Background()
	dest := filepath.Join(t.TempDir(), "www")
	opt := Options{Dest: dest, TempDir: t.TempDir(), Plaintext: true}
	if _, err := publishRsync(ctx, loadSite(t, smallJournal(true), nil), opt); err != nil {
		t.Fatal(err)
	}
	user := map[string]string{".git/HEAD": "h", ".git/objects/ab/cd": "o", "CNAME": "c", "people/bo-varga/notes.txt": "n"}
	writeFiles(t, dest, user)
	before := tree(t, dest)
	smaller := loadSite(t, smallJournal(false), nil)

	dry := opt
	dry.DryRun = true
	sum, err := publishRsync(ctx, smaller, dry)
	if err != nil {
		t.Fatal(err)
	}
	wantKept := []string{".git/", "CNAME", "people/bo-varga/notes.txt"}
	if !slices.Equal(sum.Kept, wantKept) || !slices.Contains(sum.Removed, "people/bo-varga/index.html") {
		t.Errorf("dry run: got kept %q, removed %q; want kept %q and Bo's page removed", sum.Kept, sum.Removed, wantKept)
	}
	if got := tree(t, dest); !maps.Equal(got, before) {
		t.Error("a dry run changed the target")
	}

	sum, err = publishRsync(ctx, smaller, opt)
	if err != nil {
		t.Fatal(err)
	}
	got := tree(t, dest)
	for name, want := range user {
		if got[name] != want {
			t.Errorf("%s: got %q, want %q kept", name, got[name], want)
		}
	}
	if _, ok := got["people/bo-varga/index.html"]; ok || !slices.Equal(sum.Kept, wantKept) {
		t.Errorf("got Bo's page still there (%v) or kept %q; want it gone and kept %q", ok, sum.Kept, wantKept)
	}
	for _, r := range sum.Removed {
		if _, ok := user[r]; ok {
			t.Errorf("%s reported removed", r)
		}
	}

	t.Run("in the way", func(t *testing.T) {
		// robots.txt no longer listed: kith did not write it, as far as it knows.
		m := filepath.Join(dest, filepath.FromSlash(output.Manifest))
		data, err := os.ReadFile(m)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(m, []byte(strings.Replace(string(data), "robots.txt\n", "", 1)), 0o644); err != nil {
			t.Fatal(err)
		}
		before := tree(t, dest)
		_, err = publishRsync(ctx, smaller, opt)
		if !errors.Is(err, output.ErrConflict) || !strings.Contains(err.Error(), dest+"/robots.txt") {
			t.Errorf("got %v, want a conflict naming robots.txt", err)
		}
		if got := tree(t, dest); !maps.Equal(got, before) {
			t.Error("a refused publish changed the target")
		}
	})
	t.Run("no manifest", func(t *testing.T) {
		if err := os.Remove(filepath.Join(dest, filepath.FromSlash(output.Manifest))); err != nil {
			t.Fatal(err)
		}
		writeFiles(t, dest, map[string]string{"people/old-page/index.html": "old", "README.md": "r"})
		sum, err := publishRsync(ctx, smaller, opt)
		if err != nil {
			t.Fatal(err)
		}
		got := tree(t, dest)
		if _, ok := got["people/old-page/index.html"]; ok {
			t.Error("got an old page kept, want it deleted as kith's")
		}
		for _, name := range []string{".git/HEAD", "CNAME", "README.md", "people/bo-varga/notes.txt"} {
			if _, ok := got[name]; !ok {
				t.Errorf("%s deleted", name)
			}
		}
		if want := []string{".git/", "CNAME", "README.md", "people/bo-varga/notes.txt"}; !slices.Equal(sum.Kept, want) {
			t.Errorf("kept: got %q, want %q", sum.Kept, want)
		}
	})
}
