package content

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"runtime"
	"slices"
	"sort"
	"sync"
)

// ConfigPath is where a journal keeps its settings.
const ConfigPath = "kith.yaml"

// Files lists every journal note under content/, slash-separated and sorted.
// A journal without a content folder has no notes.
func Files(fsys fs.FS) ([]string, error) {
	var out []string
	err := fs.WalkDir(fsys, "content", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == "content" && errors.Is(err, fs.ErrNotExist) {
				return fs.SkipAll
			}
			return err
		}
		if d.IsDir() {
			if p != "content" && Ignored(p) {
				return fs.SkipDir
			}
			return nil
		}
		if KindOf(p) != Other {
			out = append(out, p)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("reading the journal: %w", err)
	}
	sort.Strings(out)
	return out, nil
}

// Set is every parsed file of a journal, by path. It can be updated file by
// file, which is how the preview server avoids re-reading the whole journal.
type Set struct {
	Config         Config
	ConfigProblems Problems
	Docs           map[string]Doc
	Problems       map[string]Problems // per path, only paths that have any

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
	paths, err := Files(fsys)
	if err != nil {
		return nil, err
	}
	type result struct {
		path     string
		doc      Doc
		problems Problems
		err      error
	}
	results := make([]result, len(paths))
	jobs := make(chan int)
	var wg sync.WaitGroup
	workers := min(runtime.GOMAXPROCS(0), max(1, len(paths)))
	for range workers {
		wg.Add(1)
		go func() { // ends when jobs is closed
			defer wg.Done()
			for i := range jobs {
				p := paths[i]
				data, err := fs.ReadFile(fsys, p)
				if err != nil {
					results[i] = result{path: p, err: err}
					continue
				}
				doc, probs := Parse(p, data)
				results[i] = result{p, doc, probs, nil}
			}
		}()
	}
	var cancelled error
	for i := range paths {
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
	for _, r := range results {
		if r.err != nil {
			return nil, fmt.Errorf("%s: %w", r.path, r.err)
		}
		s.put(r.path, r.doc, r.problems)
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
	if KindOf(p) == Other {
		return false, nil
	}
	data, err := fs.ReadFile(fsys, p)
	if errors.Is(err, fs.ErrNotExist) {
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
	doc, probs := Parse(p, data)
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

// AllProblems returns the problems of the config and every file, sorted.
func (s *Set) AllProblems() Problems {
	out := append(Problems(nil), s.ConfigProblems...)
	for _, ps := range s.Problems {
		out = append(out, ps...)
	}
	out.Sort()
	return out
}
