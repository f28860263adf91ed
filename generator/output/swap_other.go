//go:build !linux

package output

import "os"

func swap(tmp, dest string) error { return swapByRename(tmp, dest) }

// SyncDir makes the renames in dir durable where the system can sync a
// folder; where it cannot (Windows), there is nothing more to do.
func SyncDir(dir string) error {
	f, err := os.Open(dir)
	if err != nil {
		return nil
	}
	_ = f.Sync()
	return f.Close()
}
