package content

import (
	"context"
	"io/fs"
	"reflect"
	"runtime"
	"slices"

	"kith/generator/batch"
)

// Set returns every note the cache holds as a set, with kith.yaml as fsys
// has it now: the journal as of the build that wrote the cache, but for
// the notes a cache never holds (private and unreadable ones) and the
// warnings about files that are not notes. A note the current kith.yaml
// would read as another kind, or not as a note, is left out. The set's
// paths are known (Paths only copies them), so that linking it only reads
// it; CatchUp then tells how the journal differs from it.
func (c *Cache) Set(ctx context.Context, fsys fs.FS) (*Set, error) {
	s := &Set{Problems: map[string]Problems{}}
	if err := s.ReloadConfig(fsys); err != nil {
		return nil, err
	}
	type note struct {
		doc   Doc
		probs Problems
		ok    bool
	}
	notes := make([]note, c.Len())
	// Decoded on every CPU, each goroutine taking the next run of the
	// sorted index: when a CPU is busy with other work (the walk of the
	// journal), the others take more runs.
	workers := min(runtime.GOMAXPROCS(0), max(1, len(notes)/1024))
	batch.Run(len(notes), workers, 256, func(next func() (int, int, bool)) {
		for from, to, ok := next(); ok; from, to, ok = next() {
			for i := from; i < to; i++ {
				e := &c.index[i]
				if s.Config.Folders.KindOf(e.path) != e.kind {
					continue
				}
				n := &notes[i]
				n.doc, n.probs, n.ok = c.at(i)
			}
		}
	})
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.Docs = make(map[string]Doc, len(notes))
	s.paths = make([]string, 0, len(notes))
	for i, n := range notes {
		if !n.ok {
			continue
		}
		p := c.index[i].path
		s.Docs[p] = n.doc
		if len(n.probs) > 0 {
			s.Problems[p] = n.probs
		}
		s.paths = append(s.paths, p) // the index is sorted by path
	}
	return s, nil
}

// at decodes the note at i of the index.
func (c *Cache) at(i int) (Doc, Problems, bool) {
	e := c.index[i]
	r := cacheReader{rec: c.recs, ri: e.recOff, strs: c.strs, si: e.strOff, body: c.bodies, bi: e.bodOff}
	doc, probs := r.doc()
	if r.bad {
		return Doc{}, nil, false
	}
	doc.setSum(e.sum)
	return doc, probs, true
}

// A Delta is how a journal differs from a set (Set.CatchUp): what Apply
// changes in the set to make it the one LoadWith gives for the journal.
type Delta struct {
	// Notes lists the paths of the notes added, changed or removed, sorted.
	Notes []string
	// Stats counts the notes as a LoadWith with the set's cache would: the
	// notes, those unchanged (Cached), those read and parsed that a cache
	// could hold (Uncached).
	Stats LoadStats

	set      *Set
	changes  []change
	misnamed Problems
	read     []string
}

// change is one note of a Delta: its new record, or gone.
type change struct {
	path  string
	doc   Doc
	probs Problems
	gone  bool
}

// CatchUp tells how the journal, as the walk that made tree found it,
// differs from s: which notes were added, removed or have other bytes
// (their hashes differ), with those notes read and parsed. It only reads
// s (anything else may read s meanwhile, such as a link of it). ok is
// false when it cannot tell: kith.yaml is not the one s has, or the tree
// cannot list the notes (LoadWith would walk the note folders).
func (s *Set) CatchUp(ctx context.Context, fsys fs.FS, tree *Tree) (d *Delta, ok bool, err error) {
	var now Set
	if err := now.ReloadConfig(fsys); err != nil {
		return nil, false, err
	}
	if !reflect.DeepEqual(now.Config, s.Config) || !reflect.DeepEqual(now.ConfigProblems, s.ConfigProblems) {
		return nil, false, nil
	}
	notes, misnamed, read, ok := tree.notes(s.Config.Folders)
	if !ok {
		return nil, false, nil
	}
	d = &Delta{set: s, misnamed: misnamed, read: read}
	d.Stats.Notes = len(notes)
	seen := 0 // notes of s found in the tree
	for _, n := range notes {
		if err := ctx.Err(); err != nil {
			return nil, false, err
		}
		old, had := s.Docs[n.path]
		if had {
			seen++
		}
		if had && n.known && n.mode.IsRegular() && old.Sum == n.sum && cacheable(old) {
			d.Stats.Cached++
			continue
		}
		doc, probs, _ := loadNote(fsys, n, s.Config.Folders, nil)
		if cacheable(doc) {
			d.Stats.Uncached++
		}
		d.changes = append(d.changes, change{path: n.path, doc: doc, probs: probs})
		d.Notes = append(d.Notes, n.path)
	}
	if seen < len(s.Docs) {
		i := 0 // notes and s.paths are both sorted by path
		for _, p := range s.Paths() {
			for i < len(notes) && notes[i].path < p {
				i++
			}
			if i == len(notes) || notes[i].path != p {
				d.changes = append(d.changes, change{path: p, gone: true})
				d.Notes = append(d.Notes, p)
			}
		}
		slices.Sort(d.Notes)
	}
	return d, true, nil
}

// Apply changes the set CatchUp looked at into the journal as the tree
// showed it: the set LoadWith gives for it. Nothing may read the set
// meanwhile.
func (d *Delta) Apply() {
	s := d.set
	for _, c := range d.changes {
		if c.gone {
			s.forget(c.path)
			continue
		}
		s.put(c.path, c.doc, c.probs)
	}
	// The set had no warning of a file that is not a note (a cache holds
	// none), nor of a note gone: only the notes' own problems.
	for p := range s.Problems {
		if _, ok := s.Docs[p]; !ok {
			delete(s.Problems, p)
		}
	}
	for _, w := range d.misnamed {
		s.Problems[w.Path] = Problems{w}
	}
	s.Read = d.read
	d.changes = nil
}

// Quiet reports whether the change to the note at path leaves the model
// as it was: the note had no record before (it was absent, private or
// unreadable) and has none now, so only its problems may differ. Before
// Apply.
func (d *Delta) Quiet(path string) bool {
	if d.set.Docs[path].Path() != "" {
		return false
	}
	for _, c := range d.changes {
		if c.path == path {
			return c.gone || c.doc.Path() == ""
		}
	}
	return false
}

// forget takes the note at p out of the set.
func (s *Set) forget(p string) {
	delete(s.Docs, p)
	delete(s.Problems, p)
	if i, ok := slices.BinarySearch(s.paths, p); ok {
		s.paths = slices.Delete(s.paths, i, i+1)
	}
}
