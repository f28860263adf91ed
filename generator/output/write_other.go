//go:build !linux

package output

import "os"

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
