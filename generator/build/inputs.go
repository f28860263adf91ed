package build

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"hash"
	"io/fs"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"

	"kith/generator/content"
	"kith/generator/output"
)

// errUnknown stops Inputs where it cannot tell what a build would read.
var errUnknown = errors.New("the build's inputs cannot be told")

// Inputs returns a digest of everything a build of the journal fsys with
// the theme fsys theme can read, and of opts (the program, the day, the
// options): when it equals the one recorded in the site the last build
// wrote, that site is up to date. It is "" when it cannot be told (a
// folder reached through a symbolic link, which a build may read through),
// and then no site is ever up to date.
//
// What it reads is every file of the journal but .git/, kith's own folders
// beside a site (.NAME.kith-*) and the folders that hold a site kith wrote
// (public/ and any other with _kith/written.txt): more than a build reads
// (a file kith does not know changes the digest too), never less.
func Inputs(ctx context.Context, journal, theme fs.FS, opts ...string) (string, error) {
	return inputs(ctx, journal, theme, nil, opts)
}

// inputs is Inputs with a cache of the journal's files' hashes.
func inputs(ctx context.Context, journal, theme fs.FS, cache *statCache, opts []string) (string, error) {
	in, _, err := inputsTree(ctx, journal, theme, cache, opts, nil)
	return in, err
}

// inputsTree is inputs that also returns the journal's files as its walk
// found them, each with its hash, for the load stage. The walk is there
// even when the digest is "" (a folder reached through a symbolic link);
// it is nil when journal is. journalWalk, if set, is that walk made
// already (walkTree, with stats when there is a cache).
func inputsTree(ctx context.Context, journal, theme fs.FS, cache *statCache, opts []string, journalWalk *walked) (string, *walked, error) {
	h := sha256.New()
	for _, o := range opts {
		field(h, "option", o)
	}
	unknown := false
	var tree *walked
	for _, part := range []struct {
		name string
		fsys fs.FS
	}{{"theme", theme}, {"journal", journal}} {
		if part.fsys == nil {
			continue
		}
		field(h, "part", part.name)
		c := cache
		if part.name != "journal" {
			c = nil
		}
		w := journalWalk
		if part.name != "journal" || w == nil {
			var err error
			if w, err = walkTree(ctx, part.fsys, c != nil, nil); err != nil {
				return "", nil, err
			}
		}
		sum, err := w.digest(ctx, part.fsys, c)
		if errors.Is(err, errUnknown) {
			unknown = true
		} else if err != nil {
			return "", nil, err
		}
		h.Write(sum)
		if part.name == "journal" {
			tree = w
		}
	}
	if unknown {
		return "", tree, nil
	}
	return hex.EncodeToString(h.Sum(nil)), tree, nil
}

// field writes a length-prefixed name and value.
func field(h hash.Hash, name, value string) {
	var n [8]byte
	for _, s := range []string{name, value} {
		binary.BigEndian.PutUint64(n[:], uint64(len(s)))
		h.Write(n[:])
		h.Write([]byte(s))
	}
}

// walkedFile is a file (anything but a folder) a walk found.
type walkedFile struct {
	path string
	typ  fs.FileMode // the type of its directory entry
	st   fileStat    // valid when the walk looked (regular files, with a cache)
	// mode is the type the digest counts (a link, with the type of what it
	// leads to); sum its hash, when known.
	mode   fs.FileMode
	sum    [sha256.Size]byte
	known  bool
	cached bool // sum came from the cache of hashes
	err    error
	data   []byte // a note's bytes, when the walk read them (content.File.Data)
}

// walked is the files and folders of a tree, sorted by path.
type walked struct {
	files        []*walkedFile
	dirs, pruned []string
}

// statEntry is one entry of a folder with its lstat (statDir), by its
// path in the journal.
type statEntry struct {
	path string
	mode fs.FileMode
	st   fileStat
}

// walkWorkers is how many folders a walk reads at once.
const walkWorkers = 2

// walkTree lists every file of fsys (see Inputs for what is left out:
// .git/, kith's .NAME.kith-* folders and any folder holding a site kith
// wrote), reading walkWorkers folders at a time. withStat also lstats each
// regular file (to ask a cache of hashes about it): on Linux relative to
// its folder's descriptor, in the same pass that lists the folder.
//
// hint, if set, is told of each folder's files as they are found, and
// the folder it names (walkHint.folder) is read as soon as it is queued.
func walkTree(ctx context.Context, fsys fs.FS, withStat bool, hint *walkHint) (*walked, error) {
	w := &walked{}
	if hint != nil {
		// The walk of a likely update starts in the folder where the
		// journal was last edited, which the cache tells (walkHint.folder):
		// the change is found soonest, and the work that waits for it
		// (linkAhead) starts sooner. Reading the cache takes a few
		// hundredths of a second; it ran beside the walk, which had read
		// most folders by then.
		select {
		case <-hint.cached:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	var (
		mu      sync.Mutex
		wake    = sync.NewCond(&mu)
		queue   = []string{"."}
		pending = 1 // folders queued or being read
		failed  error
	)
	var wg sync.WaitGroup
	for k := range walkWorkers {
		wg.Add(1)
		go func() { // ends when no folder is left to read, or one failed, or (all but the first) once the hint fired
			defer wg.Done()
			var raw []byte // each folder's entries, read before they are looked at (statDir)
			mu.Lock()
			defer mu.Unlock()
			for {
				for len(queue) == 0 && pending > 0 && failed == nil {
					wake.Wait()
				}
				if pending == 0 || failed != nil {
					wake.Broadcast()
					return
				}
				if k > 0 && hint.hasFired() {
					// The rest of the walk is not waited for before the
					// journal linked ahead is (linkUpdate): one worker
					// leaves the other CPU to that work.
					wake.Broadcast()
					return
				}
				i := len(queue) - 1
				if j := slices.Index(queue, hint.folder()); j >= 0 {
					i = j // where the journal was last edited: soonest told
				}
				dir := queue[i]
				queue = slices.Delete(queue, i, i+1)
				mu.Unlock()
				files, dirs, pruned, err := readFolder(ctx, fsys, dir, withStat, &raw)
				hint.found(files)
				mu.Lock()
				if err != nil && failed == nil {
					failed = err
				}
				w.files = append(w.files, files...)
				w.dirs = append(w.dirs, dirs...)
				w.pruned = append(w.pruned, pruned...)
				queue = append(queue, dirs...)
				pending += len(dirs) - 1
				wake.Broadcast()
			}
		}()
	}
	wg.Wait()
	if failed != nil {
		return nil, failed
	}
	slices.SortFunc(w.files, func(a, b *walkedFile) int { return strings.Compare(a.path, b.path) })
	slices.Sort(w.dirs)
	slices.Sort(w.pruned)
	return w, nil
}

// readFolder lists one folder: its files, the folders to walk into and
// those not to. raw is a buffer statDir may keep for the next folder.
func readFolder(ctx context.Context, fsys fs.FS, dir string, withStat bool, raw *[]byte) (files []*walkedFile, dirs, pruned []string, err error) {
	if err := ctx.Err(); err != nil {
		return nil, nil, nil, err
	}
	f, err := fsys.Open(dir)
	if err != nil {
		return nil, nil, nil, err
	}
	defer f.Close()
	join := func(name string) string {
		if dir == "." {
			return name
		}
		return dir + "/" + name
	}
	folder := func(p string) {
		base := path.Base(p)
		if base == ".git" || (strings.HasPrefix(base, ".") && strings.Contains(base, ".kith-")) {
			pruned = append(pruned, p)
		} else if st, err := fs.Stat(fsys, path.Join(p, output.Manifest)); err == nil && st.Mode().IsRegular() {
			pruned = append(pruned, p) // a site kith wrote
		} else {
			dirs = append(dirs, p)
		}
	}
	if withStat {
		prefix := ""
		if dir != "." {
			prefix = dir + "/"
		}
		entries, ok, err := statDir(f, prefix, raw)
		if err != nil {
			return nil, nil, nil, &fs.PathError{Op: "readdir", Path: dir, Err: err}
		}
		if ok {
			files = make([]*walkedFile, 0, len(entries))
			slab := make([]walkedFile, len(entries)) // one allocation for the folder
			for i, e := range entries {
				p := e.path
				if e.mode.IsDir() {
					folder(p)
					continue
				}
				wf := &slab[i]
				wf.path, wf.typ, wf.mode = p, e.mode, e.mode
				if e.mode.IsRegular() {
					wf.st = e.st
				}
				files = append(files, wf)
			}
			return files, dirs, pruned, nil
		}
	}
	rd, ok := f.(fs.ReadDirFile)
	if !ok {
		return nil, nil, nil, &fs.PathError{Op: "readdir", Path: dir, Err: errors.New("not a folder")}
	}
	des, err := rd.ReadDir(-1)
	if err != nil {
		return nil, nil, nil, err
	}
	for _, d := range des {
		p := join(d.Name())
		if d.IsDir() {
			folder(p)
			continue
		}
		wf := &walkedFile{path: p, typ: d.Type(), mode: d.Type()}
		if withStat && d.Type().IsRegular() {
			if info, err := d.Info(); err == nil {
				wf.st = statOf(info)
			}
		}
		files = append(files, wf)
	}
	return files, dirs, pruned, nil
}

// digest hashes the paths, types and bytes of the walked files, reading
// them on a few goroutines. A file whose size, times and inode are those
// cache has for it is not read: its hash is taken from cache, which is
// updated with what was read.
func (w *walked) digest(ctx context.Context, fsys fs.FS, cache *statCache) ([]byte, error) {
	var toRead []*walkedFile
	at := 0 // the files and the cache are both sorted by path
	for _, f := range w.files {
		if cache != nil && f.st.valid {
			if sum, ok := cache.lookupFrom(&at, f.path, f.st); ok {
				f.sum, f.known, f.cached = sum, true, true
				continue
			}
		}
		toRead = append(toRead, f)
	}
	workers := min(4, runtime.GOMAXPROCS(0))
	jobs := make(chan *walkedFile)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() { // ends when jobs is closed
			defer wg.Done()
			for f := range jobs {
				var b []byte
				b, f.err = hashFile(fsys, f.path, &f.mode, &f.sum)
				if f.typ.IsRegular() && strings.HasSuffix(f.path, ".md") && len(b) <= content.MaxNoteSize {
					f.data = b // the load stage parses these bytes, not the file read again
				}
				f.known = f.err == nil && f.typ.IsRegular()
			}
		}()
	}
	for _, f := range toRead {
		if ctx.Err() != nil {
			break
		}
		jobs <- f
	}
	close(jobs)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	h := sha256.New()
	var unknown error
	for _, f := range w.files {
		if errors.Is(f.err, errUnknown) {
			unknown = f.err
			continue
		}
		if f.err != nil {
			return nil, f.err
		}
		field(h, f.path, modeString(f.mode))
		h.Write(f.sum[:])
	}
	if cache != nil {
		cache.record(w.files, func(f *walkedFile) ([sha256.Size]byte, bool) { return f.sum, f.known })
	}
	if unknown != nil {
		return nil, unknown
	}
	return h.Sum(nil), nil
}

// modeString is m.String(), without making a string for a regular file.
func modeString(m fs.FileMode) string {
	if m == 0 {
		return "----------"
	}
	return m.String()
}

// contentTree is the walk as the load stage takes it.
func (w *walked) contentTree() *content.Tree {
	t := &content.Tree{Files: make([]content.File, len(w.files)), Dirs: w.dirs, Pruned: w.pruned}
	for i, f := range w.files {
		t.Files[i] = content.File{Path: f.path, Type: f.typ, Sum: f.sum, Known: f.known && f.typ.IsRegular(), Data: f.data}
	}
	return t
}

// hashFile hashes one file and returns the bytes it read; a symbolic link
// is hashed as what it leads to (a build reads through it), a link to a
// folder makes the inputs unknown, and a file that is neither plain nor a
// link counts by its type alone (a build refuses it).
func hashFile(fsys fs.FS, p string, mode *fs.FileMode, sum *[sha256.Size]byte) ([]byte, error) {
	if *mode&fs.ModeSymlink != 0 {
		st, err := fs.Stat(fsys, p)
		switch {
		case err != nil:
			*mode |= fs.ModeIrregular // broken: the build says so
			return nil, nil
		case st.IsDir():
			return nil, errUnknown
		}
		*mode = fs.ModeSymlink | st.Mode().Type()
		if !st.Mode().IsRegular() {
			return nil, nil
		}
	} else if !mode.IsRegular() {
		return nil, nil
	}
	b, err := fs.ReadFile(fsys, p)
	if err != nil {
		return nil, err
	}
	*sum = sha256.Sum256(b)
	return b, nil
}

// walkHint tells, as soon as the walk finds it, that the journal has
// changed since the cache of hashes was written: a regular file the cache
// did not see as it is (new, or with other size, times or inode). A file
// gone, or another kind of file changed, shows only once the walk is done.
// Run waits for it before it links the journal ahead of the walk
// (linkAhead), which a journal that did not change does not need.
type walkHint struct {
	changed chan struct{} // closed at the first file the cache does not vouch for
	cached  chan struct{} // closed once the cache is read
	mu      sync.Mutex
	cache   *statCache // set before cached is closed; the walk waits for it
	fired   bool
	recent  string // the folder of the file last changed when the cache was written
}

func newWalkHint() *walkHint {
	return &walkHint{changed: make(chan struct{}), cached: make(chan struct{})}
}

// found looks at the files of a folder the walk read.
func (h *walkHint) found(files []*walkedFile) {
	if h == nil {
		return
	}
	h.mu.Lock()
	fired := h.fired
	h.mu.Unlock()
	if !fired {
		h.check(files)
	}
}

// hasFired reports whether the hint fired; false for a nil hint.
func (h *walkHint) hasFired() bool {
	if h == nil {
		return false
	}
	select {
	case <-h.changed:
		return true
	default:
		return false
	}
}

// read gives the hint the cache of hashes once it is read (nil: there is
// none, so any file is news).
func (h *walkHint) read(c *statCache) {
	if h == nil {
		return
	}
	recent := c.recentFolder()
	h.mu.Lock()
	h.cache, h.recent = c, recent
	h.mu.Unlock()
	close(h.cached)
}

// folder returns the folder the walk reads first among those it has
// queued: the one that held the journal's most recently changed file when
// the cache was written (a person edits one note, builds,
// edits it again: the change is found in the first folder read, and the
// work that waits for it starts sooner). It is "" until the cache is
// read, and for a nil hint.
func (h *walkHint) folder() string {
	if h == nil {
		return ""
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.recent
}

// check fires the hint at the first regular file of files the cache does
// not vouch for. The cache is only read.
func (h *walkHint) check(files []*walkedFile) {
	for _, f := range files {
		if !f.st.valid {
			continue
		}
		if h.cache.seen(f.path, f.st) {
			// As the cache saw it. If it changed just before the cache
			// was written (the note edited for the last build), it is
			// hashed again at the end of the walk, and Run tells when
			// the digest differs: a build after an update does not link
			// ahead for a file that did not change.
			continue
		}
		h.mu.Lock()
		if !h.fired {
			h.fired = true
			close(h.changed)
		}
		h.mu.Unlock()
		return
	}
}
