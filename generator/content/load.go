package content

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
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
	path string
	mode fs.FileMode // the type of its directory entry
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
				notes = append(notes, noteFile{p, d.Type()})
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
	s := &Set{Docs: map[string]Doc{}, Problems: map[string]Problems{}}
	if err := s.ReloadConfig(fsys); err != nil {
		return nil, err
	}
	notes, misnamedNotes, read, err := walk(fsys, s.Config.Folders)
	if err != nil {
		return nil, err
	}
	type result struct {
		doc      Doc
		problems Problems
	}
	s.Read = read
	results := make([]result, len(notes))
	jobs := make(chan int)
	var wg sync.WaitGroup
	workers := min(runtime.GOMAXPROCS(0), max(1, len(notes)))
	for range workers {
		wg.Add(1)
		go func() { // ends when jobs is closed
			defer wg.Done()
			for i := range jobs {
				n := notes[i]
				data, prob, gone := readNote(fsys, n.path, n.mode)
				switch {
				case gone:
					prob = &Problem{Path: n.path, Severity: Error, Message: "deleted while kith was reading the journal; run kith again"}
					fallthrough
				case prob != nil:
					results[i] = result{problems: Problems{*prob}}
					continue
				}
				doc, probs := ParseKind(n.path, s.Config.Folders.KindOf(n.path), data)
				doc.Sum = sha256.Sum256(data)
				results[i] = result{doc, probs}
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
		return nil, cancelled
	}
	for i, r := range results {
		s.put(notes[i].path, r.doc, r.problems)
	}
	for _, w := range misnamedNotes {
		s.Problems[w.Path] = Problems{w}
	}
	return s, nil
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
	doc.Sum = sha256.Sum256(data)
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
