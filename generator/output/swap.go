package output

import (
	"errors"
	"io/fs"
	"os"
)

// swapByRename exchanges two folders with two renames, for systems without
// an atomic exchange. For a moment dest is missing; it is never half-written.
func swapByRename(tmp, dest string) error {
	old := tmp + ".old"
	if err := os.Rename(dest, old); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return os.Rename(tmp, dest)
		}
		return err
	}
	if err := os.Rename(tmp, dest); err != nil {
		_ = os.Rename(old, dest) // put the old site back
		return err
	}
	return os.Rename(old, tmp)
}
