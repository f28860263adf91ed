package build

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// readCache returns the bytes of a file of kith's cache folder. On Linux
// it maps the file (copy-on-write, its pages mapped at once) instead of
// reading it into fresh memory: the cache of parsed notes is as large as
// the journal, and a build's notes are slices of it. The mapping lives as
// long as the process (it is never unmapped: the notes may point into it).
// kith replaces a cache file by renaming a new one over it, never writing
// into it, so the mapped bytes do not change under the build.
func readCache(name string) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() || info.Size() <= 0 || int64(int(info.Size())) != info.Size() {
		return nil, errors.New("not a cache file")
	}
	// Mapped read-only, the pages are populated without being copied; made
	// writable after, a page is copied only if a caller writes into it.
	b, err := unix.Mmap(int(f.Fd()), 0, int(info.Size()), unix.PROT_READ, unix.MAP_PRIVATE|unix.MAP_POPULATE)
	if err != nil {
		return os.ReadFile(name)
	}
	if err := unix.Mprotect(b, unix.PROT_READ|unix.PROT_WRITE); err != nil {
		_ = unix.Munmap(b)
		return os.ReadFile(name)
	}
	return b, nil
}
