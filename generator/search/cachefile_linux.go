package search

import (
	"os"

	"golang.org/x/sys/unix"
)

// remapCache says that a cache's data file is mapped (mapfile), not read:
// the pieces a build writes into one are then read from it.
const remapCache = true

// writeAll writes bufs to f, a new file, one after another from its start
// (writeAt): no copy of them into a buffer first (30 MB for the first
// cache of a large journal).
func writeAll(f *os.File, bufs [][]byte) error { return writeAt(f, bufs, 0) }

// writeAt writes bufs one after another into f from offset off, gathered
// into pwritev calls of up to 1,024 pieces; goroutines may write other
// ranges of f at the same time.
func writeAt(f *os.File, bufs [][]byte, off int64) error {
	rc, err := f.SyscallConn()
	if err != nil {
		return err
	}
	var werr error
	err = rc.Write(func(fd uintptr) bool {
		for len(bufs) > 0 {
			if len(bufs[0]) == 0 {
				bufs = bufs[1:]
				continue
			}
			batch := bufs[:min(len(bufs), 1024)]
			n, err := unix.Pwritev(int(fd), batch, off)
			if err == unix.EINTR {
				continue
			}
			if err == nil && n == 0 {
				err = unix.EIO
			}
			if err != nil {
				werr = &os.PathError{Op: "write", Path: f.Name(), Err: err}
				return true
			}
			off += int64(n)
			// Drop what was written; a short write leaves part of a piece.
			for n > 0 && len(bufs) > 0 {
				if n >= len(bufs[0]) {
					n -= len(bufs[0])
					bufs = bufs[1:]
					continue
				}
				bufs[0] = bufs[0][n:]
				n = 0
			}
		}
		return true
	})
	if err != nil {
		return err
	}
	return werr
}
