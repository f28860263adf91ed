package mapfile

import (
	"io"
	"os"
	"path/filepath"
)

// Write writes the cache file name whole, or leaves it as it was: write
// fills a new file (0600, created with O_EXCL beside name, in a folder
// made 0700 if missing: the caches name the journal's files and hold its
// notes, so only their owner reads them), which is then renamed over name. A reader, or a
// mapping made by Read, sees the old file or the new one, never part of
// either. On failure the new file is removed.
func Write(name string, write func(io.Writer) error) error {
	dir := filepath.Dir(name)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(name)+"-*") // O_EXCL, 0600
	if err != nil {
		return err
	}
	err = write(tmp)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), name)
	}
	if err != nil {
		os.Remove(tmp.Name()) // ours: CreateTemp made it
	}
	return err
}
