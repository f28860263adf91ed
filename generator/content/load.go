package content

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
)

// ConfigPath is where a journal keeps its settings.
const ConfigPath = "kith.yaml"

// Files lists every journal note in the folders kith.yaml names (by
// default under content/), slash-separated and sorted. A journal without
// those folders has no notes.
func Files(fsys fs.FS) ([]string, error) {
	var s Set
	if err := s.ReloadConfig(fsys); err != nil {
		return nil, err
	}
	notes, _, _, err := walk(fsys, s.Config.Folders)
	if err != nil {
		return nil, err
	}
	out := make([]string, len(notes))
	for i, n := range notes {
		out[i] = n.path
	}
	return out, nil
}

// noteFile is a note found by walk: its path, and the type of its directory
// entry, which readNote looks at before it opens the file.
type noteFile struct {
	path  string
	mode  fs.FileMode // the type of its directory entry
	sum   [32]byte    // the SHA-256 of its bytes, when known
	known bool
	kind  Kind   // Other when not worked out yet
	data  []byte // its bytes, when the walk read them (File.Data)
}

// walk lists every note in the journal's folders, sorted, and warns about
// files that look like notes but are not read as such (NAME.MD,
// .markdown). read lists the folders that exist, sorted.
func walk(fsys fs.FS, folders Folders) (notes []noteFile, warnings Problems, read []string, err error) {
	seen := map[string]bool{} // a file in nested folders is listed once
	for _, root := range folders.Roots() {
		err := fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				if p == root && errors.Is(err, fs.ErrNotExist) {
					return fs.SkipAll
				}
				return err
			}
			if p == root {
				if !d.IsDir() {
					return fs.SkipAll
				}
				read = append(read, root)
			}
			if d.IsDir() {
				if p != root && Ignored(p) {
					return fs.SkipDir
				}
				return nil
			}
			if seen[p] {
				return nil
			}
			seen[p] = true
			if folders.KindOf(p) != Other {
				notes = append(notes, noteFile{path: p, mode: d.Type()})
			} else if w, ok := folders.misnamed(p); ok {
				warnings = append(warnings, w)
			}
			return nil
		})
		if err != nil {
			return nil, nil, nil, fmt.Errorf("reading the journal: %w", err)
		}
	}
	slices.SortFunc(notes, func(a, b noteFile) int { return strings.Compare(a.path, b.path) })
	warnings.Sort()
	return notes, warnings, read, nil
}

// Set is every parsed file of a journal, by path. It can be updated file by
// file, which is how the preview server avoids re-reading the whole journal.
type Set struct {
	Config         Config
	ConfigProblems Problems
	Docs           map[string]Doc
	Problems       map[string]Problems // per path, only paths that have any
	// Read lists the note folders that exist and were read, sorted: what
	// `kith check` reports, so that a misspelt folder in kith.yaml shows.
	Read []string

	paths []string // the keys of Docs, sorted, kept up to date by put and Update; nil when unknown
}

// Load reads kith.yaml and every note, parsing files in parallel on a
// bounded pool of workers. Problems in notes are kept in the Set; the error
// is only for a journal that cannot be read at all.
func Load(ctx context.Context, fsys fs.FS) (*Set, error) {
	s, _, err := LoadWith(ctx, fsys, LoadOptions{})
	return s, err
}

// LoadOptions lets a Load skip work an earlier one did.
type LoadOptions struct {
	// Tree, if set, lists the journal's files as a walk of it found them
	// just before: Load takes its notes from it instead of walking the
	// note folders again (it still walks a folder the tree does not vouch
	// for: one it did not go into, or reached through a symbolic link).
	Tree *Tree
	// Cache, if set, holds notes parsed by an earlier load: a note whose
	// path, kind and hash are the cache's is taken from it, neither read
	// nor parsed when the tree knows its hash, else read but not parsed.
	Cache *Cache
	// Parsed, if set, is called with every note read and parsed (not
	// those taken from Cache), on the goroutine that parsed it (one of
	// several): it must be safe for concurrent use, and quick, since the
	// load waits for it.
	Parsed func(Doc)
}

// Tree is the files of a journal as a walk found them: what Load needs to
// list the notes, and to tell an unchanged note without opening it.
type Tree struct {
	Files []File // every file but folders, sorted by path
	// Dirs lists every folder walked into, sorted; Pruned those that were
	// not walked into (a .git/, a site kith wrote), sorted.
	Dirs, Pruned []string
}

// File is one file of a Tree.
type File struct {
	Path string      // slash-separated, from the journal's folder
	Type fs.FileMode // the type of its directory entry
	// Sum is the SHA-256 of its bytes when Known: a regular file read or
	// vouched for by a cache of hashes during the walk.
	Sum   [32]byte
	Known bool
	// Data, if not nil, is the file's bytes as the walk read them to hash
	// them (Sum is theirs): the load parses them rather than read the
	// file again.
	Data []byte
}

// LoadStats says how a load went.
type LoadStats struct {
	Notes  int // notes loaded
	Cached int // of them, taken from the cache
	// Uncached counts the notes read and parsed that a cache could hold
	// (read, not private): what a cache saved now would gain.
	Uncached int
	Walked   bool // the note folders were walked (the tree did not serve)
}

// LoadWith is Load with a tree of the journal's files and a cache of
// parsed notes. The set is the one Load gives for the same files.
func LoadWith(ctx context.Context, fsys fs.FS, opt LoadOptions) (*Set, LoadStats, error) {
	var st LoadStats
	s := &Set{Docs: map[string]Doc{}, Problems: map[string]Problems{}}
	if err := s.ReloadConfig(fsys); err != nil {
		return nil, st, err
	}
	var notes []noteFile
	var misnamedNotes Problems
	var read []string
	ok := false
	if opt.Tree != nil {
		notes, misnamedNotes, read, ok = opt.Tree.notes(s.Config.Folders)
	}
	if !ok {
		st.Walked = true
		var err error
		if notes, misnamedNotes, read, err = walk(fsys, s.Config.Folders); err != nil {
			return nil, st, err
		}
		if opt.Tree != nil {
			opt.Tree.sums(notes)
		}
	}
	type result struct {
		doc      Doc
		problems Problems
	}
	s.Read = read
	s.Docs = make(map[string]Doc, len(notes))
	results := make([]result, len(notes))
	cached := make([]bool, len(notes))
	jobs := make(chan int)
	var wg sync.WaitGroup
	workers := min(runtime.GOMAXPROCS(0), max(1, len(notes)))
	for range workers {
		wg.Add(1)
		go func() { // ends when jobs is closed
			defer wg.Done()
			for i := range jobs {
				results[i].doc, results[i].problems, cached[i] = loadNote(fsys, notes[i], s.Config.Folders, opt.Cache)
				if opt.Parsed != nil && !cached[i] {
					opt.Parsed(results[i].doc)
				}
			}
		}()
	}
	var cancelled error
	for i := range notes {
		if cancelled = ctx.Err(); cancelled != nil {
			break
		}
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	if cancelled != nil {
		return nil, st, cancelled
	}
	for i, r := range results {
		s.put(notes[i].path, r.doc, r.problems)
		if cached[i] {
			st.Cached++
		} else if cacheable(r.doc) {
			st.Uncached++
		}
	}
	for _, w := range misnamedNotes {
		s.Problems[w.Path] = Problems{w}
	}
	st.Notes = len(notes)
	return s, st, nil
}

// loadNote gives the parsed note n: from the cache when its path, kind and
// hash are the cache's (cached), else read (unless the walk read it) and
// parsed.
func loadNote(fsys fs.FS, n noteFile, folders Folders, cache *Cache) (doc Doc, probs Problems, cached bool) {
	kind := n.kind
	if kind == Other {
		kind = folders.KindOf(n.path)
	}
	if n.known && n.mode.IsRegular() {
		if doc, probs, ok := cache.lookup(n.path, kind, n.sum); ok {
			return doc, probs, true
		}
	}
	data, sum := n.data, n.sum
	if data == nil || !n.known || !n.mode.IsRegular() {
		var prob *Problem
		var gone bool
		data, prob, gone = readNote(fsys, n.path, n.mode)
		switch {
		case gone:
			prob = &Problem{Path: n.path, Severity: Error, Message: "deleted while kith was reading the journal; run kith again"}
			fallthrough
		case prob != nil:
			return Doc{}, Problems{*prob}, false
		}
		sum = sha256.Sum256(data)
	}
	if doc, probs, ok := cache.lookup(n.path, kind, sum); ok {
		return doc, probs, true // read, but not parsed
	}
	doc, probs = ParseKind(n.path, kind, data)
	doc.setSum(sum)
	return doc, probs, false
}

// notes lists the notes of the tree in folders as walk does, and reports
// false when the tree cannot tell: a folder is missing from it that walk
// would read (a root reached through a symbolic link, or one under a
// folder the tree's walk did not go into), or a folder it did not go into
// is one walk would read.
func (t *Tree) notes(folders Folders) (notes []noteFile, warnings Problems, read []string, ok bool) {
	roots := folders.Roots()
	nested := false
	for _, r := range roots {
		if r == "." {
			nested = len(roots) > 1
			continue
		}
		if !t.isDir(r) && !t.absent(r) {
			return nil, nil, nil, false // through a symbolic link: walk follows it
		}
		for _, o := range roots {
			if o != r && inside(r, o) {
				nested = true
			}
		}
	}
	for _, p := range t.Pruned {
		for _, r := range roots {
			if inside(r, p) || r == p || (inside(p, r) && !skippedBelow(r, p)) {
				return nil, nil, nil, false
			}
		}
	}
	var seen map[string]bool
	if nested {
		seen = map[string]bool{}
	}
	notes = make([]noteFile, 0, len(t.Files))
	for _, r := range roots {
		if !t.isDir(r) {
			continue
		}
		read = append(read, r)
		lo, hi := 0, len(t.Files)
		if r != "." {
			lo, _ = slices.BinarySearchFunc(t.Files, r+"/", func(f File, p string) int { return strings.Compare(f.Path, p) })
			hi, _ = slices.BinarySearchFunc(t.Files, r+"0", func(f File, p string) int { return strings.Compare(f.Path, p) }) // '0' follows '/'
		}
		lastDir, skipped := "", false
		for _, f := range t.Files[lo:hi] {
			if dir := path.Dir(f.Path); dir != lastDir {
				lastDir, skipped = dir, skippedBelow(r, dir)
			}
			if skipped {
				continue
			}
			if seen != nil {
				if seen[f.Path] {
					continue
				}
				seen[f.Path] = true
			}
			if k := folders.KindOf(f.Path); k != Other {
				notes = append(notes, noteFile{path: f.Path, mode: f.Type, sum: f.Sum, known: f.Known, kind: k, data: f.Data})
			} else if w, ok := folders.misnamed(f.Path); ok {
				warnings = append(warnings, w)
			}
		}
	}
	// The roots are sorted, so the notes are unless one root holds another.
	if !slices.IsSortedFunc(notes, func(a, b noteFile) int { return strings.Compare(a.path, b.path) }) {
		slices.SortFunc(notes, func(a, b noteFile) int { return strings.Compare(a.path, b.path) })
	}
	warnings.Sort()
	return notes, warnings, read, true
}

// sums gives the notes a walk found the hashes the tree knows for the same
// path and type (not for a path the tree did not see, such as one through
// a symbolic link to a folder).
func (t *Tree) sums(notes []noteFile) {
	for i, n := range notes {
		j, ok := slices.BinarySearchFunc(t.Files, n.path, func(f File, p string) int { return strings.Compare(f.Path, p) })
		if ok && t.Files[j].Known && t.Files[j].Type == n.mode {
			notes[i].sum, notes[i].known = t.Files[j].Sum, true
		}
	}
}

// isDir reports whether the tree walked into the folder p.
func (t *Tree) isDir(p string) bool {
	_, ok := slices.BinarySearch(t.Dirs, p)
	return p == "." || ok
}

// absent reports whether the tree shows that p is not a folder: nothing is
// at p in a folder walked into (or p is under something absent), or a
// plain file is.
func (t *Tree) absent(p string) bool {
	i, ok := slices.BinarySearchFunc(t.Files, p, func(f File, p string) int { return strings.Compare(f.Path, p) })
	if ok {
		return t.Files[i].Type.IsRegular()
	}
	if _, pruned := slices.BinarySearch(t.Pruned, p); pruned {
		return false
	}
	return t.isDir(path.Dir(p)) || t.absent(path.Dir(p))
}

// skippedBelow reports whether walk, going down from root, skips the
// folder dir or one above it: a hidden folder or an editor's, which it
// never goes into.
func skippedBelow(root, dir string) bool {
	for dir != root && dir != "." && dir != "/" {
		if Ignored(dir) {
			return true
		}
		dir = path.Dir(dir)
	}
	return false
}

// ReloadConfig reads kith.yaml again.
func (s *Set) ReloadConfig(fsys fs.FS) error {
	data, err := fs.ReadFile(fsys, ConfigPath)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%s: %w", ConfigPath, err)
	}
	s.Config, s.ConfigProblems = ParseConfig(ConfigPath, data)
	return nil
}

// Update reads one file again after it changed, or forgets it if it is gone.
// It reports whether the set changed.
func (s *Set) Update(fsys fs.FS, p string) (bool, error) {
	if p == ConfigPath {
		return true, s.ReloadConfig(fsys)
	}
	kind := s.Config.Folders.KindOf(p)
	if kind == Other {
		w, ok := s.Config.Folders.misnamed(p)
		if _, err := fs.Lstat(fsys, p); ok && err == nil {
			s.Problems[p] = Problems{w}
			return true, nil
		}
		_, had := s.Problems[p]
		delete(s.Problems, p)
		return had, nil
	}
	info, err := fs.Lstat(fsys, p)
	var data []byte
	var prob *Problem
	gone := errors.Is(err, fs.ErrNotExist)
	if err == nil {
		data, prob, gone = readNote(fsys, p, info.Mode())
	}
	if gone {
		_, had := s.Docs[p]
		delete(s.Docs, p)
		delete(s.Problems, p)
		if i, ok := slices.BinarySearch(s.paths, p); ok {
			s.paths = slices.Delete(s.paths, i, i+1)
		}
		return had, nil
	}
	if err != nil {
		return false, fmt.Errorf("%s: %w", p, err)
	}
	if prob != nil {
		s.put(p, Doc{}, Problems{*prob})
		return true, nil
	}
	doc, probs := ParseKind(p, kind, data)
	doc.setSum(sha256.Sum256(data))
	s.put(p, doc, probs)
	return true, nil
}

func (s *Set) put(p string, doc Doc, probs Problems) {
	if _, had := s.Docs[p]; !had && s.paths != nil {
		i, _ := slices.BinarySearch(s.paths, p)
		s.paths = slices.Insert(s.paths, i, p)
	}
	s.Docs[p] = doc
	if len(probs) > 0 {
		s.Problems[p] = probs
	} else {
		delete(s.Problems, p)
	}
}

// Paths returns the paths of the set's documents, sorted. The sorted list
// is kept between calls, so that the preview server, which links the whole
// journal on every save, does not sort tens of thousands of paths each time;
// like Update, Paths must not run at the same time as another call on s.
func (s *Set) Paths() []string {
	if s.paths == nil || len(s.paths) != len(s.Docs) {
		s.paths = make([]string, 0, len(s.Docs))
		for p := range s.Docs {
			s.paths = append(s.paths, p)
		}
		sort.Strings(s.paths)
	}
	return slices.Clone(s.paths)
}

// Private lists the paths of the notes marked private: true, sorted. They
// are kept out of the model and so out of every output; `kith check` says
// how many there are.
func (s *Set) Private() []string {
	var out []string
	for p, d := range s.Docs {
		if d.Private {
			out = append(out, p)
		}
	}
	sort.Strings(out)
	return out
}

// AllProblems returns the problems of the config and every file, sorted.
func (s *Set) AllProblems() Problems {
	out := append(Problems(nil), s.ConfigProblems...)
	for _, ps := range s.Problems {
		out = append(out, ps...)
	}
	out.Sort()
	return out
}
