// Package output writes a built site to disk so that it appears whole or not
// at all: files go into a fresh folder beside the destination, which is then
// swapped in, and a failed build leaves the previous output untouched. It
// never deletes a file it did not write: every site records what kith wrote
// (Manifest), and the files of the destination it did not write (a .git
// folder, a CNAME, a README) are moved into the new site before the swap.
// Every site also records each file's hash (Sums), so that the next build
// can update it in place (Options.Incremental): only the files whose bytes
// differ are written, beside it first, then each renamed into place once
// the whole site rendered without error.
package output

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
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

	// When tmp is a reused spare: the files it held.
	reused bool
	old    map[string]bool

	// The folders mkdir found there already: a folder that holds several
	// files (the search index's 3,400) is made once, not asked for again.
	shared sync.Map

	mu      sync.Mutex
	written map[string]Sum  // every file written, by slash path
	staged  map[string]bool // in an update: the files written to tmp, to be moved into dest

	inputs string // a digest of what the build read (SetInputs), for the record
	siteID string // Options.Site

	// An update (Options.Incremental, and a record to trust at dest).
	update  bool
	prev    Record
	prevMan listing // the files the old manifest lists
	intact  bool    // Intact found every file of the record as it says
	why     string  // why the whole site is written though Incremental was asked; "" otherwise
	changes Changes

	site     []string // the files of the new site, manifest included, once it is written
	plan     Plan
	stranded bool                   // tmp holds files kith did not write that could not be put back
	sync     func(dir string) error // makes a rename in dir durable; SyncDir outside tests
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

	// Incremental updates the destination in place when it holds a site
	// whose record (Sums) kith can trust and whose Site is this one: a file
	// whose bytes are those the record has is not written again; the
	// others are written beside the destination first, and moved into
	// place one by one (each with a rename, so a reader sees the old file
	// or the new one) once every file of the site was written without
	// error; then the files kith wrote before and the site no longer has
	// are removed. Otherwise the whole site is written and swapped in, and
	// Why says why.
	Incremental bool
	// Site names the site being written: "plain", or an encrypted site's
	// key identity (its files' names and bytes all change with the key).
	Site string
}

// Begin starts writing a site that will replace dest. It refuses a dest that
// holds other things than a kith site, or that contains protect (the
// journal, compared by real path and identity), so that no note is ever
// deleted by a build.
func Begin(dest string, protect ...string) (*Dir, error) {
	return Open(dest, Options{Protect: protect})
}

// Open is Begin with options.
func Open(dest string, opt Options) (*Dir, error) {
	abs, err := filepath.Abs(dest)
	if err != nil {
		return nil, err
	}
	if err := guard(abs, dest, opt.Protect); err != nil {
		return nil, err
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
	d := &Dir{dest: abs, tmp: tmp, spare: opt.Spare, written: map[string]Sum{}, staged: map[string]bool{}, sync: SyncDir,
		siteID: opt.Site}
	if opt.Incremental {
		d.openUpdate(opt)
	}
	if opt.Spare && !d.update {
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
	d.reused, d.old = true, old
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
	return fmt.Errorf("%s: %w (no %s folder), so kith will not replace it; choose another folder or empty it", dest, ErrNotKithSite, Marker)
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
	if name == Manifest || name == Sums {
		return fmt.Errorf("output: %s is where kith keeps what it knows of the files it wrote; the site cannot have a file there", name)
	}
	sum := SumOf(data)
	d.mu.Lock()
	d.wrote(name, sum)
	d.mu.Unlock()
	if d.update {
		return d.stage(name, sum, data)
	}
	return d.put(name, data)
}

// wrote notes that the site has the file name with sum; d.mu is held. An
// update makes room for as many files as the record has at the first (a
// build found up to date writes none, and needs no room).
func (d *Dir) wrote(name string, sum Sum) {
	if len(d.written) == 0 && d.update {
		d.written = make(map[string]Sum, len(d.prev.Files))
	}
	d.written[name] = sum
}

// put writes one file into tmp.
func (d *Dir) put(name string, data []byte) error {
	p := filepath.Join(d.tmp, filepath.FromSlash(name))
	if d.reused {
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
		if _, ok := d.written[name]; !ok && name != Manifest && name != Sums { // Prepare writes those
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
// costs more than the write on a slow disk. A folder found there already
// is remembered (Dir.shared), so that the files after the first in a
// folder of many cost no mkdir; only such folders are, not every page's.
// (Should one be a file in a reused spare, the write fails and overwrite
// mends the path as before.)
func (d *Dir) mkdir(dir string) error {
	if dir == d.tmp {
		return nil
	}
	if _, ok := d.shared.Load(dir); ok {
		return nil
	}
	err := os.Mkdir(dir, 0o755)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, fs.ErrExist):
		d.shared.Store(dir, struct{}{})
		return nil
	case errors.Is(err, fs.ErrNotExist):
		return os.MkdirAll(dir, 0o755)
	}
	return err
}

// Prepare finishes the new site once every file is written: it writes the
// manifest and works out which files of the destination kith did not
// write. It returns those (sorted slash paths; a folder kept whole ends in
// "/"), which Commit carries into the new site, and fails with a
// *ConflictError when one of them is where the new site has a file. It
// changes nothing at the destination. Commit looks again, so that a file
// added in between is kept too.
func (d *Dir) Prepare() ([]string, error) {
	if d.update {
		return nil, d.prepareUpdate()
	}
	if d.site == nil {
		d.mu.Lock()
		site := make([]string, 0, len(d.written)+2)
		for name := range d.written {
			site = append(site, name)
		}
		site = append(site, Sums)
		rec := d.record()
		d.mu.Unlock()
		if err := d.put(Sums, FormatRecord(rec)); err != nil {
			return nil, err
		}
		if err := d.put(Manifest, FormatManifest(site)); err != nil {
			return nil, err
		}
		d.site = append(site, Manifest)
	}
	plan, err := d.planKeep(d.site)
	if err != nil {
		return nil, err
	}
	d.plan = plan
	return plan.Keep, nil
}

// planKeep runs PlanKeep on the destination folder.
func (d *Dir) planKeep(site []string) (Plan, error) {
	if st, err := os.Lstat(d.dest); errors.Is(err, fs.ErrNotExist) || (err == nil && !st.IsDir()) {
		return Plan{}, nil // nothing there to keep (a link to a folder is replaced, not entered)
	}
	manifest, ok, err := readManifest(d.dest)
	if err != nil {
		return Plan{}, err
	}
	list := func(dir string) ([]Entry, error) {
		des, err := os.ReadDir(filepath.Join(d.dest, filepath.FromSlash(dir)))
		if err != nil {
			return nil, err
		}
		out := make([]Entry, len(des))
		for i, e := range des {
			out[i] = Entry{Name: e.Name(), Dir: e.IsDir()}
		}
		return out, nil
	}
	plan, err := PlanKeep(list, manifest, ok, site)
	var ce *ConflictError
	if errors.As(err, &ce) {
		ce.Dest = d.dest
	}
	return plan, err
}

// Kept returns what Commit carried, or will carry, into the new site: the
// files of the destination kith did not write. It is empty before Prepare.
// An update leaves them where they are and lists only those at the top of
// the destination.
func (d *Dir) Kept() []string { return d.plan.Keep }

// record returns the record of the files written so far; d.mu is held.
func (d *Dir) record() Record {
	return Record{Inputs: d.inputs, Site: d.siteID, Files: maps.Clone(d.written)}
}

// Commit swaps the new site in place of the old one, carrying into it the
// files of the old one that kith did not write (see Prepare), and removes
// the old, or keeps it as the spare (Options.Spare).
func (d *Dir) Commit() error {
	if d.update {
		return d.commitUpdate()
	}
	if d.reused {
		if err := d.removeStale(); err != nil {
			return fmt.Errorf("output: removing stale files: %w", err)
		}
	}
	if _, err := d.Prepare(); err != nil {
		return err
	}
	moved, err := d.carry()
	if err != nil {
		return err
	}
	if err := swap(d.tmp, d.dest); err != nil {
		if berr := d.carryBack(moved); berr != nil {
			return fmt.Errorf("output: putting the new site in place: %w; and putting back the files kith did not write (left in %s): %w", err, d.tmp, berr)
		}
		return fmt.Errorf("output: putting the new site in place: %w", err)
	}
	// Make the swap durable before the old site goes.
	if err := d.sync(filepath.Dir(d.dest)); err != nil {
		return fmt.Errorf("output: %w", err)
	}
	// After the swap, tmp holds the old site (or nothing).
	return d.discard()
}

// carry moves the files and folders kith did not write from the
// destination into the new site, each with one rename; on failure it puts
// back what it moved. It returns the paths moved.
func (d *Dir) carry() ([]string, error) {
	var moved []string
	for _, k := range d.plan.Keep {
		k = strings.TrimSuffix(k, "/")
		from := filepath.Join(d.dest, filepath.FromSlash(k))
		to := filepath.Join(d.tmp, filepath.FromSlash(k))
		err := os.MkdirAll(filepath.Dir(to), 0o755)
		if err == nil {
			err = os.Rename(from, to)
		}
		if err != nil {
			if berr := d.carryBack(moved); berr != nil {
				return nil, fmt.Errorf("%s: moving it into the new site: %w; and putting back the others (left in %s): %w", from, err, d.tmp, berr)
			}
			return nil, fmt.Errorf("%s: moving it into the new site: %w", from, err)
		}
		moved = append(moved, k)
	}
	return moved, nil
}

// carryBack undoes carry. If it cannot, tmp holds files kith did not
// write, so it is never removed (see discard).
func (d *Dir) carryBack(moved []string) error {
	var errs []error
	for _, k := range moved {
		from := filepath.Join(d.tmp, filepath.FromSlash(k))
		to := filepath.Join(d.dest, filepath.FromSlash(k))
		if err := os.Rename(from, to); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		d.stranded = true
	}
	return errors.Join(errs...)
}

// Abort throws the unfinished site away; the old one stays as it was.
func (d *Dir) Abort() error { return d.discard() }

// discard removes tmp, or keeps it as the spare when it holds a site (the
// replaced one, or a half-overwritten spare that the next build fixes).
func (d *Dir) discard() error {
	if d.stranded {
		return nil // it holds files kith did not write; the error said where
	}
	if d.spare && !d.update {
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
