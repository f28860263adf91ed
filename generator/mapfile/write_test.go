package mapfile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
)

func TestWrite(t *testing.T) {
	failed := errors.New("the writer failed")
	tests := []struct {
		name    string
		old     string // the file's bytes before, "" for none
		write   func(io.Writer) error
		wantErr error
		want    string // the file's bytes after, "" for none
	}{
		{"new file", "", func(w io.Writer) error { _, err := io.WriteString(w, "new"); return err }, nil, "new"},
		{"replaces", "old", func(w io.Writer) error { _, err := io.WriteString(w, "new"); return err }, nil, "new"},
		{"failure keeps the old file", "old", func(w io.Writer) error { io.WriteString(w, "half"); return failed }, failed, "old"},
		{"failure makes no file", "", func(w io.Writer) error { return failed }, failed, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "cache", "kith")
			name := filepath.Join(dir, "notes.bin")
			if tt.old != "" {
				if err := os.MkdirAll(dir, 0o700); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(name, []byte(tt.old), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			err := Write(name, tt.write)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("got error %v, want %v", err, tt.wantErr)
			}
			b, rerr := os.ReadFile(name)
			if got := string(b); got != tt.want || (tt.want == "") != errors.Is(rerr, os.ErrNotExist) {
				t.Errorf("got %q (%v), want %q", got, rerr, tt.want)
			}
			entries, _ := os.ReadDir(dir)
			for _, e := range entries {
				if e.Name() != "notes.bin" {
					t.Errorf("got %s left in the folder, want only notes.bin", e.Name())
				}
			}
			if tt.want == "" {
				return
			}
			for p, want := range map[string]os.FileMode{name: 0o600, dir: 0o700} {
				info, err := os.Stat(p)
				if err != nil {
					t.Fatal(err)
				}
				if tt.old == "" && info.Mode().Perm() != want {
					t.Errorf("%s: got mode %v, want %v", p, info.Mode().Perm(), want)
				}
			}
		})
	}
}
