//go:build !linux

package output

import (
	"os"
	"path/filepath"
)

// writeNew creates a file that must not exist yet and writes data to it.
func writeNew(p string, data []byte) error {
	return writeFlags(p, data, os.O_EXCL)
}

// writeOver writes a file of kith's own spare site, replacing what it held.
// It never writes through the old file, which may have other links (the
// link count is not portable): the name is removed and a new file created.
func writeOver(p string, data []byte) error {
	if st, err := os.Lstat(p); err == nil {
		if st.IsDir() {
			return &os.PathError{Op: "create", Path: p, Err: os.ErrExist}
		}
		if err := os.Remove(p); err != nil {
			return err
		}
	}
	return writeFlags(p, data, os.O_EXCL)
}

func writeFlags(p string, data []byte, flags int) error {
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|flags, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// sizesMatch reports whether each of names is, under dir, a plain file of
// the size size gives.
func sizesMatch(dir string, names []string, size func(string) int64) bool {
	for _, name := range names {
		st, err := os.Lstat(filepath.Join(dir, filepath.FromSlash(name)))
		if err != nil || !st.Mode().IsRegular() || st.Size() != size(name) {
			return false
		}
	}
	return true
}
