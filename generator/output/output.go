// Package output writes a built site to disk so that it appears whole or not
// at all: files go into a fresh folder beside the destination, which is then
// swapped in, and a failed build leaves the previous output untouched.
package output

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Marker is the folder every kith site has; a destination that exists
// without it was not made by kith and is never replaced.
const Marker = "_kith"

// Dir is a site being written. Write is safe for concurrent use.
type Dir struct {
	dest string // the folder the site will replace
	tmp  string // where it is written first
}

// Begin starts writing a site that will replace dest. It refuses a dest that
// holds other things than a kith site, or that contains protect (the
// journal), so that no note is ever deleted by a build.
func Begin(dest string, protect ...string) (*Dir, error) {
	abs, err := filepath.Abs(dest)
	if err != nil {
		return nil, err
	}
	for _, p := range protect {
		pa, err := filepath.Abs(p)
		if err != nil {
			return nil, err
		}
		if pa == abs || strings.HasPrefix(pa, abs+string(filepath.Separator)) {
			return nil, fmt.Errorf("%s: the output folder would contain the journal %s; choose another folder with -d", dest, p)
		}
	}
	if err := checkReplaceable(abs); err != nil {
		return nil, err
	}
	parent := filepath.Dir(abs)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(abs)+".kith-*")
	if err != nil {
		return nil, err
	}
	return &Dir{dest: abs, tmp: tmp}, nil
}

// checkReplaceable accepts a dest that does not exist, is empty, or holds a
// kith site.
func checkReplaceable(dest string) error {
	entries, err := os.ReadDir(dest)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if len(entries) == 0 {
		return nil
	}
	if st, err := os.Stat(filepath.Join(dest, Marker)); err == nil && st.IsDir() {
		return nil
	}
	return fmt.Errorf("%s: exists and is not a kith site (no %s folder), so kith will not replace it; choose another folder with -d or empty it", dest, Marker)
}

// Path returns where the folder is being written.
func (d *Dir) Path() string { return d.tmp }

// Dest returns the folder the site will replace.
func (d *Dir) Dest() string { return d.dest }

// Write writes one file, given its slash-separated path in the site.
func (d *Dir) Write(name string, data []byte) error {
	if !fs.ValidPath(name) || name == "." {
		return fmt.Errorf("output: %q is not a path inside the site", name)
	}
	p := filepath.Join(d.tmp, filepath.FromSlash(name))
	if err := d.mkdir(filepath.Dir(p)); err != nil {
		return err
	}
	return writeNew(p, data)
}

// mkdir makes a file's folder. Most pages have a folder of their own whose
// parent exists, so one mkdir usually does; MkdirAll's stat of every level
// costs more than the write on a slow disk.
func (d *Dir) mkdir(dir string) error {
	if dir == d.tmp {
		return nil
	}
	err := os.Mkdir(dir, 0o755)
	switch {
	case err == nil, errors.Is(err, fs.ErrExist):
		return nil
	case errors.Is(err, fs.ErrNotExist):
		return os.MkdirAll(dir, 0o755)
	}
	return err
}

// Commit swaps the new site in place of the old one and removes the old.
func (d *Dir) Commit() error {
	if err := swap(d.tmp, d.dest); err != nil {
		return fmt.Errorf("output: putting the new site in place: %w", err)
	}
	// After the swap, tmp holds the old site (or nothing).
	return os.RemoveAll(d.tmp)
}

// Abort throws the unfinished site away; the old one stays as it was.
func (d *Dir) Abort() error { return os.RemoveAll(d.tmp) }
