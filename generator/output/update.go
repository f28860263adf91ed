package output

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
)

// Changes is what a build changes at its destination, by slash path,
// sorted; the manifest and the record (Sums) are not listed.
type Changes struct {
	Added   []string
	Changed []string
	Removed []string
	Bytes   int64 // the size of the added and changed files
}

// openUpdate decides whether the build updates dest in place (see
// Options.Incremental), and reads what it needs for that.
func (d *Dir) openUpdate(opt Options) {
	if st, err := os.Lstat(d.dest); err != nil || !st.IsDir() {
		return // nothing there, or a link: replaced whole, never written through
	}
	rec, hasRecord := readRecord(d.dest)
	listed, hasManifest, err := readListing(d.dest, rec)
	switch {
	case err != nil || !hasManifest:
		if _, serr := os.Lstat(filepath.Join(d.dest, Marker)); serr == nil {
			d.why = "the folder holds a site written before kith kept a record of its files"
		}
		return
	case !hasRecord:
		d.why = "the folder has no record of the files kith wrote (an older kith, or an update that did not finish)"
		return
	case rec.Site != opt.Site:
		d.why = "the site's key changed, so every file's name and bytes change"
		return
	}
	d.update, d.prev, d.prevMan = true, rec, listed
}

// Updating reports whether the build updates the destination in place
// (Options.Incremental) rather than writing the whole site.
func (d *Dir) Updating() bool { return d.update }

// Why says why the whole site is written although Options.Incremental
// asked for an update; "" when it is not, or when there was no site there.
func (d *Dir) Why() string { return d.why }

// Intact reports whether the build may take the destination's record's
// word for the files it does not change (Keep, and a Write of the bytes the
// record has): that each is there, a plain file of the recorded size.
//
//   - A build of the inputs the record has (SameInputs; call SetInputs
//     first) is up to date only if the site is whole, so it looks at every
//     file the record lists (one lstat each) and reports false when one is
//     missing, not a plain file or of another size; the build that follows
//     then looks at each file it keeps, and writes again those that are not
//     as recorded. So a build of an unchanged journal repairs a site whose
//     files were removed or cut short by hand.
//   - An update of other inputs takes the record's word without looking:
//     looking at the 26,000 files of a large site cost more than the rest
//     of the update's writing. It still looks at every file it replaces or
//     removes, and at every folder above them (Prepare, Commit): a file
//     there that kith did not write stops the update, and it never writes
//     through a symbolic link.
//
// It only reads, so a caller may run it while it works out the build's
// inputs.
func (d *Dir) Intact() bool {
	if !d.update {
		return false
	}
	if !d.SameInputs() {
		d.intact = true
		return true
	}
	// In path order, so that files of one folder are looked at together.
	names := d.prev.sorted
	if names == nil {
		names = make([]string, 0, len(d.prev.Files))
		for name := range d.prev.Files {
			names = append(names, name)
		}
		sort.Strings(names)
	}
	if !sizesMatch(d.dest, names, func(name string) int64 { return d.prev.Files[name].Size }) {
		return false
	}
	d.intact = true
	return true
}

// SetInputs sets Options.Inputs, for a caller that works them out after
// Open.
func (d *Dir) SetInputs(inputs string) { d.inputs = inputs }

// UpToDate reports whether the destination holds the site this build
// would write, given that it is Intact: its record has the build's Inputs
// (not ""). Then nothing needs to be built (call Abort).
func (d *Dir) UpToDate(intact bool) bool {
	return intact && d.SameInputs()
}

// SameInputs reports whether the destination's record has the build's
// Inputs (not ""): the site there is this build's if it is Intact.
func (d *Dir) SameInputs() bool {
	return d.update && d.inputs != "" && d.prev.Inputs == d.inputs
}

// sameOnDisk reports whether the file name at dest is a plain file of the
// size s has. A file kith wrote is not read back: the record is trusted for
// its bytes, and the size catches a file replaced or cut short.
func (d *Dir) sameOnDisk(name string, s Sum) bool {
	st, err := os.Lstat(filepath.Join(d.dest, filepath.FromSlash(name)))
	return err == nil && st.Mode().IsRegular() && st.Size() == s.Size
}

// stage writes a file of an update into tmp, unless dest has it already.
func (d *Dir) stage(name string, sum Sum, data []byte) error {
	if old, ok := d.prev.Files[name]; ok && old == sum && (d.intact || d.sameOnDisk(name, sum)) {
		return nil
	}
	d.mu.Lock()
	d.staged[name] = true
	d.mu.Unlock()
	return d.put(name, data)
}

// prepareUpdate works out what an update changes (Changes) and checks that
// none of it is in the way of a file kith did not write; it changes nothing
// at dest.
func (d *Dir) prepareUpdate() error {
	var ch Changes
	for name := range d.staged {
		if _, ok := d.prev.Files[name]; ok {
			ch.Changed = append(ch.Changed, name)
		} else {
			ch.Added = append(ch.Added, name)
		}
		ch.Bytes += d.written[name].Size
	}
	// An old manifest that lists only the record's files (and itself and
	// the record) lists nothing to remove when every one of them was
	// written again or kept, and its 26,000 names need no look.
	if !d.rewroteRecord(len(ch.Added)) {
		d.prevMan.each(func(name string) {
			if _, ok := d.written[name]; !ok && name != Manifest && name != Sums {
				ch.Removed = append(ch.Removed, name)
			}
		})
	}
	sort.Strings(ch.Added)
	sort.Strings(ch.Changed)
	sort.Strings(ch.Removed)
	d.changes = ch
	stale := make(map[string]bool, len(ch.Removed))
	for _, r := range ch.Removed {
		stale[r] = true
	}
	var errs []string
	dirOK := map[string]bool{}
	names := append(append([]string(nil), ch.Added...), ch.Changed...)
	sort.Strings(names)
	for _, name := range names {
		if msg := d.inTheWay(name, stale, dirOK); msg != "" {
			errs = append(errs, msg)
		}
	}
	if len(errs) > 0 {
		sort.Strings(errs)
		errs = compactStrings(errs)
		return &ConflictError{Dest: d.dest, Paths: errs}
	}
	d.plan.Keep = d.keptAtTop()
	return nil
}

// keptAtTop lists what the top folder of dest holds that kith did not
// write (a folder ends in "/"): an update leaves these, and everything
// else kith did not write, where they are, and looks no deeper.
func (d *Dir) keptAtTop() []string {
	own := map[string]bool{}
	for name := range d.staged {
		top, _, _ := strings.Cut(name, "/")
		own[top] = true
	}
	if d.prevMan.rec != nil && d.prev.sorted != nil {
		// The old manifest lists the record's files, itself and the
		// record; a file written is one of the record's or staged.
		own[strings.SplitN(Manifest, "/", 2)[0]] = true
		own[strings.SplitN(Sums, "/", 2)[0]] = true
		tops(d.prev.sorted, func(top string) { own[top] = true })
	} else {
		d.prevMan.each(func(name string) {
			top, _, _ := strings.Cut(name, "/")
			own[top] = true
		})
		for name := range d.written {
			top, _, _ := strings.Cut(name, "/")
			own[top] = true
		}
	}
	entries, err := os.ReadDir(d.dest)
	if err != nil {
		return nil
	}
	var kept []string
	for _, e := range entries {
		if own[e.Name()] {
			continue
		}
		if e.IsDir() {
			kept = append(kept, e.Name()+"/")
		} else {
			kept = append(kept, e.Name())
		}
	}
	return kept
}

// keptAll reports whether the update writes (or keeps) every file of the
// old record and the old manifest lists those, itself and the record:
// then nothing is removed and the new site's files are the record's and
// those added. Call it after prepareUpdate.
func (d *Dir) keptAll() bool {
	return len(d.changes.Removed) == 0 && d.rewroteRecord(len(d.changes.Added))
}

// rewroteRecord reports whether the old manifest lists the old record's
// files (with itself and the record) and the update wrote or kept every
// one of them, given how many files it added. A file written that the old
// record has not is always staged (Added), so the files written less
// those added are the record's exactly when they are as many.
func (d *Dir) rewroteRecord(added int) bool {
	return d.prevMan.rec != nil && len(d.written)-added == len(d.prev.Files)
}

// tops calls f with the first element of each path of sorted (sorted), at
// least once each, looking at a few paths of each folder: the paths in a
// folder T sort together, all before T+"0" ('0' follows '/').
func tops(sorted []string, f func(top string)) {
	for i := 0; i < len(sorted); {
		top, _, inFolder := strings.Cut(sorted[i], "/")
		f(top)
		if !inFolder {
			i++
			continue
		}
		end := top + "0"
		i += sort.Search(len(sorted)-i, func(k int) bool { return sorted[i+k] >= end })
	}
}

// inTheWay returns what at dest stops name from being moved there, or "".
// Every folder above it must be a folder (never a symbolic link, which
// could lead the write out of the site) or not be there, or be a file kith
// wrote and removes; the name itself must be a file kith wrote, or not be
// there, or be a folder that holds only files kith wrote and removes.
func (d *Dir) inTheWay(name string, stale, dirOK map[string]bool) string {
	var parents []string
	for p := path.Dir(name); p != "."; p = path.Dir(p) {
		parents = append(parents, p)
	}
	for i := len(parents) - 1; i >= 0; i-- {
		p := parents[i]
		if dirOK[p] {
			continue
		}
		st, err := os.Lstat(filepath.Join(d.dest, filepath.FromSlash(p)))
		if errors.Is(err, fs.ErrNotExist) || (err == nil && !st.IsDir() && stale[p]) {
			return "" // nothing there, or a file of kith's that goes first
		}
		if err == nil && st.IsDir() {
			dirOK[p] = true
			continue
		}
		if err != nil {
			return fmt.Sprintf("%s: %v", p, err)
		}
		return fmt.Sprintf("%s: kith did not write this file, and the new site has a folder there", p)
	}
	st, err := os.Lstat(filepath.Join(d.dest, filepath.FromSlash(name)))
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return ""
	case err != nil:
		return fmt.Sprintf("%s: %v", name, err)
	case st.IsDir():
		if d.onlyStale(name, stale) {
			return ""
		}
		return fmt.Sprintf("%s/: kith did not write this folder, and the new site has a file there", name)
	case d.prevMan.has(name):
		return ""
	}
	return fmt.Sprintf("%s: kith did not write this file, and the new site has one there", name)
}

// onlyStale reports whether the folder dir at dest holds nothing but
// folders and files kith wrote and removes.
func (d *Dir) onlyStale(dir string, stale map[string]bool) bool {
	root := filepath.Join(d.dest, filepath.FromSlash(dir))
	err := filepath.WalkDir(root, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if e.IsDir() {
			return nil
		}
		rel, err := filepath.Rel(d.dest, p)
		if err != nil || !e.Type().IsRegular() || !stale[filepath.ToSlash(rel)] {
			return fs.ErrExist
		}
		return nil
	})
	return err == nil
}

func compactStrings(s []string) []string {
	out := s[:0]
	for i, x := range s {
		if i == 0 || x != s[i-1] {
			out = append(out, x)
		}
	}
	return out
}

// Changes returns what the build changes at the destination; in an update
// it is known after Prepare (or Commit), otherwise it is empty.
func (d *Dir) Changes() Changes { return d.changes }

// commitUpdate puts an update's files in place. First the record goes (a
// site without one is written whole by the next build, so an update that
// stops half way is repaired) and the manifest lists the old files and the
// new; then the files the site no longer has are removed, each staged file
// is renamed into place, and the new manifest (unless the first one
// already was: no file removed) and record are written.
func (d *Dir) commitUpdate() error {
	if err := d.prepareUpdate(); err != nil {
		return err
	}
	ch := d.changes
	if len(ch.Added)+len(ch.Changed)+len(ch.Removed) == 0 && d.prev.Inputs == d.inputs {
		return os.RemoveAll(d.tmp) // nothing to change, not even the record
	}
	fail := func(err error) error { return fmt.Errorf("output: %w: %w", errUpdate, err) }
	if err := os.Remove(filepath.Join(d.dest, filepath.FromSlash(Sums))); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("output: %w", err)
	}
	// An update that adds and removes no file leaves the manifest as it
	// is: it lists the same files.
	sameFiles := len(ch.Added) == 0 && len(ch.Removed) == 0 && d.manifestLists()
	written := d.sortedWritten()
	var site []string
	if !sameFiles {
		site = make([]string, 0, len(written)+1)
		i, _ := slices.BinarySearch(written, Sums)
		site = append(append(append(site, written[:i]...), Sums), written[i:]...)
		// Until the files removed are gone it lists them too; with none
		// removed, it is already the manifest of the new site.
		all := site
		if len(ch.Removed) > 0 {
			all = append(append([]string(nil), site...), ch.Removed...)
			slices.Sort(all)
		}
		if err := d.replace(Manifest, FormatManifest(all)); err != nil {
			return fail(err)
		}
	}
	for _, name := range ch.Removed {
		if err := d.removeOwn(name); err != nil {
			return fail(err)
		}
	}
	moved := append(append([]string(nil), ch.Added...), ch.Changed...)
	sort.Strings(moved)
	for _, name := range moved {
		to := filepath.Join(d.dest, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
			return fail(err)
		}
		if err := os.Rename(filepath.Join(d.tmp, filepath.FromSlash(name)), to); err != nil {
			return fail(err)
		}
	}
	if !sameFiles && len(ch.Removed) > 0 {
		if err := d.replace(Manifest, FormatManifest(site)); err != nil {
			return fail(err)
		}
	}
	// Every Write is done: the record is written from d.written itself.
	rec := Record{Inputs: d.inputs, Site: d.siteID, Files: d.written}
	if err := d.replaceWith(Sums, func(w io.Writer) error { return writeRecord(w, rec, written) }); err != nil {
		return fail(err)
	}
	if err := d.sync(d.dest); err != nil {
		return fmt.Errorf("output: %w", err)
	}
	return os.RemoveAll(d.tmp)
}

// sortedWritten returns the names of d.written, sorted: in an update most
// are the old record's, which lists them sorted (Record.sorted), so those
// are taken in its order and the files added (Changes.Added, sorted: a file
// the old record has not is always staged) merged in. Call it after
// prepareUpdate.
func (d *Dir) sortedWritten() []string {
	added := d.changes.Added
	out := make([]string, 0, len(d.written))
	if d.prev.sorted != nil {
		// With none removed, every name of the record was written (see
		// prepareUpdate), and need not be looked up.
		all := d.keptAll()
		i := 0
		for _, name := range d.prev.sorted {
			if !all {
				if _, ok := d.written[name]; !ok {
					continue
				}
			}
			for i < len(added) && added[i] < name {
				out = append(out, added[i])
				i++
			}
			out = append(out, name)
		}
		out = append(out, added[i:]...)
		if len(out) == len(d.written) {
			return out
		}
		out = out[:0] // not every name accounted for: sorted as they are
	}
	for name := range d.written {
		out = append(out, name)
	}
	slices.Sort(out)
	return out
}

// replace writes one of kith's own files of dest (the manifest, the
// record) beside it in tmp and renames it into place.
func (d *Dir) replace(name string, data []byte) error {
	p := filepath.Join(d.tmp, filepath.FromSlash(name))
	_ = os.Remove(p)
	if err := d.put(name, data); err != nil {
		return err
	}
	to := filepath.Join(d.dest, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		return err
	}
	return os.Rename(p, to)
}

// replaceWith is replace for a file that write writes, through a file in
// tmp.
func (d *Dir) replaceWith(name string, write func(w io.Writer) error) error {
	p := filepath.Join(d.tmp, filepath.FromSlash(name))
	_ = os.Remove(p)
	if err := d.mkdir(filepath.Dir(p)); err != nil {
		return err
	}
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	err = write(f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	to := filepath.Join(d.dest, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		return err
	}
	return os.Rename(p, to)
}

// manifestLists reports whether the destination's manifest lists exactly
// the files of the new site (with itself and the record).
func (d *Dir) manifestLists() bool {
	if d.keptAll() && len(d.changes.Added) == 0 {
		return true // the record's files, no more and no fewer, as the manifest
	}
	if d.prevMan.len() != len(d.written)+2 || !d.prevMan.has(Manifest) || !d.prevMan.has(Sums) {
		return false
	}
	for name := range d.written {
		if !d.prevMan.has(name) {
			return false
		}
	}
	return true
}

// removeOwn removes a file kith wrote and the site no longer has, and the
// folders above it that this leaves empty. A folder where the file was
// (someone put it there) is left alone, and so is a folder that still
// holds anything.
func (d *Dir) removeOwn(name string) error {
	p := filepath.Join(d.dest, filepath.FromSlash(name))
	st, err := os.Lstat(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if st.IsDir() {
		return nil
	}
	if err := os.Remove(p); err != nil {
		return err
	}
	for dir := path.Dir(name); dir != "." && dir != Marker; dir = path.Dir(dir) {
		if os.Remove(filepath.Join(d.dest, filepath.FromSlash(dir))) != nil {
			break
		}
	}
	return nil
}

// Keep tells an update that the file name is to stay as the destination
// holds it, without being rendered or written again, because the caller
// knows its bytes are those whose Sum is sum (the sum of what a page with
// the same fingerprint rendered before). It reports whether the file was
// kept: only in an update, when the record has name with that very sum and
// the file at the destination is a plain file of the recorded size.
// Otherwise the caller must Write the file as usual. A kept file counts as
// written: it is in the new record and manifest, and is not removed.
func (d *Dir) Keep(name string, sum Sum) bool {
	if !d.update || name == Manifest || name == Sums {
		return false
	}
	old, ok := d.prev.Files[name]
	if !ok || old != sum || (!d.intact && !d.sameOnDisk(name, old)) {
		return false
	}
	d.mu.Lock()
	d.wrote(name, old)
	d.mu.Unlock()
	return true
}

// Sum returns the Sum of a file written (or kept) by this build.
func (d *Dir) Sum(name string) (Sum, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	s, ok := d.written[name]
	return s, ok
}
