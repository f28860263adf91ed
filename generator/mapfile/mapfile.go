// Package mapfile reads the files of kith's cache folder (the parsed notes,
// the search index) by mapping them into memory rather than copying them:
// a cache is tens of megabytes, and a copy of it, zeroed and faulted into
// fresh memory, cost a build more than the rest of reading it.
//
// A mapping lives as long as the process (it is never unmapped: what a
// build takes from a cache may point into it). kith replaces a cache file
// by renaming a new one over it (Write), never by writing into it, so the
// mapped bytes do not change under the build.
package mapfile

import (
	"errors"
	"os"
)

// errNotFile is why a file that is no plain file with bytes is read, not
// mapped.
var errNotFile = errors.New("not a plain file with bytes")

// Read returns the bytes of the file at path. With writable, a caller may
// write into them (copy-on-write: the file does not change); without it,
// they must only be read. Where a file cannot be mapped it is read.
func Read(path string, writable bool) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() || info.Size() <= 0 || int64(int(info.Size())) != info.Size() {
		return os.ReadFile(path)
	}
	b, err := mapped(f, int(info.Size()), writable)
	if err != nil {
		return os.ReadFile(path)
	}
	return b, nil
}
