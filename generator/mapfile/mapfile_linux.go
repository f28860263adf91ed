package mapfile

import (
	"os"

	"golang.org/x/sys/unix"
)

// mapped maps size bytes of f. Mapped read-only, the pages are populated
// without being copied; made writable after, a page is copied only if a
// caller writes into it.
func mapped(f *os.File, size int, writable bool) ([]byte, error) {
	b, err := unix.Mmap(int(f.Fd()), 0, size, unix.PROT_READ, unix.MAP_PRIVATE|unix.MAP_POPULATE)
	if err != nil {
		return nil, err
	}
	if writable {
		if err := unix.Mprotect(b, unix.PROT_READ|unix.PROT_WRITE); err != nil {
			_ = unix.Munmap(b)
			return nil, err
		}
	}
	return b, nil
}
