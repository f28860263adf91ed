package publish

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
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
