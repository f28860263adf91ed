package mapfile

import (
	"os"
	"path/filepath"
	"testing"
)

func TestRead(t *testing.T) {
	dir := t.TempDir()
	full := filepath.Join(dir, "full")
	if err := os.WriteFile(full, []byte("kith cache"), 0o600); err != nil {
		t.Fatal(err)
	}
	empty := filepath.Join(dir, "empty")
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, path, want string
		writable         bool
	}{
		{"read-only", full, "kith cache", false},
		{"writable", full, "kith cache", true},
		{"empty file", empty, "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, err := Read(tc.path, tc.writable)
			if err != nil {
				t.Fatal(err)
			}
			if string(b) != tc.want {
				t.Fatalf("got %q, want %q", b, tc.want)
			}
			if tc.writable && len(b) > 0 {
				b[0] = 'K' // copy-on-write: the file keeps its bytes
				disk, err := os.ReadFile(tc.path)
				if err != nil {
					t.Fatal(err)
				}
				if string(disk) != tc.want {
					t.Fatalf("got %q on disk after a write into the mapping, want %q", disk, tc.want)
				}
			}
		})
	}
	if _, err := Read(filepath.Join(dir, "missing"), false); !os.IsNotExist(err) {
		t.Fatalf("got %v for a missing file, want a not-exist error", err)
	}
}
