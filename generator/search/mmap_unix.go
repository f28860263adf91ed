//go:build unix

package search

import (
	"os"
	"syscall"
)

// readAll returns the bytes of the file at path, mapped into memory
// rather than copied (a cache is tens of megabytes, and a copy of it
// zeroed and faulted in fresh memory cost more than the rest of reading
// it). The mapping is never unmapped: the bytes are slices of it that the
// site writes; it is read-only, and renaming a new cache over the file
// leaves it as it was.
func readAll(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if info.Size() == 0 || info.Size() > 1<<40 {
		return os.ReadFile(path)
	}
	return syscall.Mmap(int(f.Fd()), 0, int(info.Size()), syscall.PROT_READ, syscall.MAP_PRIVATE)
}
