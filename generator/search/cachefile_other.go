//go:build !linux

package search

import "os"

// remapCache says that a cache's data file is mapped (mapfile), not read:
// here it is read, so the pieces a build writes stay where they are.
const remapCache = false

// writeAll writes bufs to f one after another, gathered into large writes.
func writeAll(f *os.File, bufs [][]byte) error {
	const chunk = 1 << 20
	out := make([]byte, 0, chunk)
	for _, b := range bufs {
		if len(out)+len(b) > chunk && len(out) > 0 {
			if _, err := f.Write(out); err != nil {
				return err
			}
			out = out[:0]
		}
		if len(b) >= chunk {
			if _, err := f.Write(b); err != nil {
				return err
			}
			continue
		}
		out = append(out, b...)
	}
	_, err := f.Write(out)
	return err
}

// writeAt writes bufs one after another into f from offset off.
func writeAt(f *os.File, bufs [][]byte, off int64) error {
	for _, b := range bufs {
		if _, err := f.WriteAt(b, off); err != nil {
			return err
		}
		off += int64(len(b))
	}
	return nil
}
