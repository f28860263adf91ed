// Package output writes a built site to disk so that it appears whole or not
// at all: files go into a fresh folder beside the destination, which is then
// swapped in, and a failed build leaves the previous output untouched.
package output

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"
)

// Marker is the folder every kith site has; a destination that exists
// without it was not made by kith and is never replaced.
const Marker = "_kith"

// Dir is a site being written. Write is safe for concurrent use.
type Dir struct {
	dest  string // the folder the site will replace
	tmp   string // where it is written first
	spare bool   // keep the replaced site as the spare (Options.Spare)

	// When tmp is a reused spare: the files it held, and those written since.
	reused bool
	mu     sync.Mutex
	old    map[string]bool
	fresh  map[string]bool
}

// Options says how to write a site.
type Options struct {
	// Protect names folders (the journal) that the destination may never
	// contain.
	Protect []string
	// Spare keeps the replaced site beside the destination, as
	// .<name>.kith-spare, instead of deleting it, and the next build
	// overwrites that folder in place of making a new one: on a disk where
	// deleting 22,000 files takes seconds, a rebuild then costs what a
	// first build costs. Use it only where a copy of the last site may stay
	// (the journal's own public/), never beside a folder a web server
	// serves.
	Spare bool
}

// Begin starts writing a site that will replace dest. It refuses a dest that
// holds other things than a kith site, or that contains protect (the
// journal), so that no note is ever deleted by a build.
func Begin(dest string, protect ...string) (*Dir, error) {
	return Open(dest, Options{Protect: protect})
}

// Open is Begin with options.
func Open(dest string, opt Options) (*Dir, error) {
	protect := opt.Protect
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
	d := &Dir{dest: abs, tmp: tmp, spare: opt.Spare}
	if opt.Spare {
		d.claimSpare()
	}
	return d, nil
}

// sparePath returns where the replaced site is kept.
func (d *Dir) sparePath() string {
	return filepath.Join(filepath.Dir(d.dest), "."+filepath.Base(d.dest)+".kith-spare")
}

// claimSpare moves the spare, if there is a usable one, to tmp, to be
// overwritten. A spare is used only when it is a kith site made of plain
// folders and files: a symbolic link in it could lead a write out of the
// site, so such a spare is left alone (and replaced at Commit).
func (d *Dir) claimSpare() {
	spare := d.sparePath()
	if st, err := os.Lstat(filepath.Join(spare, Marker)); err != nil || !st.IsDir() {
		return
	}
	old := map[string]bool{}
	err := filepath.WalkDir(spare, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !e.Type().IsRegular() && !e.IsDir() {
			return fmt.Errorf("%s: not a plain file or folder", p)
		}
		if !e.IsDir() {
			rel, err := filepath.Rel(spare, p)
			if err != nil {
				return err
			}
			old[filepath.ToSlash(rel)] = true
		}
		return nil
	})
	if err != nil {
		return
	}
	// tmp is a fresh empty folder: put the spare in its place.
	if os.Remove(d.tmp) != nil {
		return
	}
	if err := os.Rename(spare, d.tmp); err != nil {
		_ = os.Mkdir(d.tmp, 0o700) // keep writing into a fresh folder
		return
	}
	d.reused, d.old, d.fresh = true, old, map[string]bool{}
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
	if d.reused {
		d.mu.Lock()
		d.fresh[name] = true
		d.mu.Unlock()
		return d.overwrite(name, p, data)
	}
	if err := d.mkdir(filepath.Dir(p)); err != nil {
		return err
	}
	return writeNew(p, data)
}

// overwrite writes a file of a reused spare. Most files are there already,
// in their folders; where the old site had a file in place of a folder, or
// a folder in place of a file, that is removed first.
func (d *Dir) overwrite(name, p string, data []byte) error {
	if err := d.mkdir(filepath.Dir(p)); err == nil {
		if err := writeOver(p, data); err == nil {
			return nil
		}
	}
	// The slow way: make every folder on the path a folder, and the file a file.
	dir := d.tmp
	parts := strings.Split(name, "/")
	for _, part := range parts[:len(parts)-1] {
		dir = filepath.Join(dir, part)
		if st, err := os.Lstat(dir); err == nil && !st.IsDir() {
			// Another writer may have removed it already.
			if err := os.Remove(dir); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return err
			}
		}
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	if st, err := os.Lstat(p); err == nil && st.IsDir() {
		if err := os.RemoveAll(p); err != nil {
			return err
		}
	}
	return writeOver(p, data)
}

// removeStale deletes the files of a reused spare that this build did not
// write, and the folders they leave empty.
func (d *Dir) removeStale() error {
	var stale []string
	for name := range d.old {
		if !d.fresh[name] {
			stale = append(stale, name)
		}
	}
	sort.Strings(stale)
	for _, name := range stale {
		p := filepath.Join(d.tmp, filepath.FromSlash(name))
		if err := os.Remove(p); err != nil {
			// Gone already, or now a folder of this build's files, or under
			// a folder that is now one of its files: all fine.
			if st, serr := os.Lstat(p); serr == nil && !st.IsDir() {
				return err
			}
		}
		// Remove the folders that are now empty, up to the site's root.
		for dir := path.Dir(name); dir != "."; dir = path.Dir(dir) {
			dp := filepath.Join(d.tmp, filepath.FromSlash(dir))
			if st, err := os.Lstat(dp); err != nil || !st.IsDir() || os.Remove(dp) != nil {
				break
			}
		}
	}
	return nil
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

// Commit swaps the new site in place of the old one and removes the old, or
// keeps it as the spare (Options.Spare).
func (d *Dir) Commit() error {
	if d.reused {
		if err := d.removeStale(); err != nil {
			return fmt.Errorf("output: removing stale files: %w", err)
		}
	}
	if err := swap(d.tmp, d.dest); err != nil {
		return fmt.Errorf("output: putting the new site in place: %w", err)
	}
	// After the swap, tmp holds the old site (or nothing).
	return d.discard()
}

// Abort throws the unfinished site away; the old one stays as it was.
func (d *Dir) Abort() error { return d.discard() }

// discard removes tmp, or keeps it as the spare when it holds a site (the
// replaced one, or a half-overwritten spare that the next build fixes).
func (d *Dir) discard() error {
	if d.spare {
		if st, err := os.Lstat(filepath.Join(d.tmp, Marker)); err == nil && st.IsDir() {
			spare := d.sparePath()
			if err := os.RemoveAll(spare); err != nil {
				return err
			}
			if os.Rename(d.tmp, spare) == nil {
				return nil
			}
		}
	}
	return os.RemoveAll(d.tmp)
}
