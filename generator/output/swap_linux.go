package output

import (
	"errors"
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

// swap puts the folder tmp at dest in one step: when dest exists the two are
// exchanged atomically (renameat2 RENAME_EXCHANGE), so readers see the old
// site or the new one and never a missing folder.
func swap(tmp, dest string) error {
	err := unix.Renameat2(unix.AT_FDCWD, tmp, unix.AT_FDCWD, dest, unix.RENAME_EXCHANGE)
	if err == nil {
		return nil
	}
	if errors.Is(err, unix.ENOENT) {
		return os.Rename(tmp, dest)
	}
	if errors.Is(err, unix.EINVAL) || errors.Is(err, unix.ENOSYS) || errors.Is(err, unix.EXDEV) {
		return swapByRename(tmp, dest)
	}
	return err
}

// SyncDir makes the renames in dir durable: without it, a crash soon after
// a swap can bring back the old folder, or neither.
func SyncDir(dir string) error {
	f, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("%s: syncing the folder: %w", dir, err)
	}
	return nil
}
