package site

import (
	"sort"
	"strings"

	"kith/generator/page"
	"kith/generator/search"
)

// searchNames is the label of the secret that names the index's files in
// an encrypted site (see search.Files): derived from the site key, so the
// names are stable from build to build, and told to the browser only
// inside the sealed manifest.
const searchNames = "kith search names v1"

// searchFiles are the files of the site's search index, by the name they
// are written under, ready to write (sealed in an encrypted site).
type searchFiles map[string][]byte

// searchCache is the cache of the search index a build was given, the
// site being written the index's files go straight into, why the index
// was built whole, and the error writing them.
type searchCache struct {
	cache  *search.Cache
	sink   search.Sink
	bodies *search.Bodies
	whole  string
	err    error
}

// SetSearchCache gives the site a file where its search index is kept
// between builds (search.Cache), so that a build after a few notes
// changed makes again only the index files they change. Call it before
// the site's files are first listed; nil (the default) builds the whole
// index every time.
func (s *Site) SetSearchCache(c *search.Cache) { s.searchKeep.cache = c }

// SetSearchSink gives the site the site being written (output.Dir) that
// its search index's files are written into as they are made, or kept in
// when it holds them already (search.Update, with the cache), instead of
// being kept in memory: Made then returns them without bytes. Call it
// before the site's files are first listed; SearchErr tells how writing
// went.
func (s *Site) SetSearchSink(sink search.Sink) { s.searchKeep.sink = sink }

// SetSearchBodies gives the index the snippets of the notes' bodies made
// while the journal loaded (search.Bodies), before its files are first
// listed; the index waits for them.
func (s *Site) SetSearchBodies(b *search.Bodies) { s.searchKeep.bodies = b }

// SearchErr returns the error writing the search index's files into the
// sink, once the site's files are listed.
func (s *Site) SearchErr() error { return s.searchKeep.err }

// SearchWhole says why the search index was built whole although a cache
// was set ("" when it was updated from the cache, or no cache was set).
// It is known once the site's files are listed.
func (s *Site) SearchWhole() string { return s.searchKeep.whole }

// buildSearch builds the search index and lists its files with the
// others (allFiles; s.files, read without a lock, never changes). It runs
// once, when the site's files are first listed or a file that is no page
// and no other file is asked for, so that a preview that never searches
// never pays for the index.
func (s *Site) buildSearch() {
	names := ""
	if s.enc != nil {
		names = s.enc.Key.OpaqueName(searchNames)
	}
	publish := func(f search.File, manifest bool) search.File {
		if manifest {
			f.Name = page.SearchIndex(s.address)
		}
		if s.enc != nil {
			f.Data = s.enc.Key.Seal(f.Name, f.Data)
		}
		return f
	}
	files, whole, err := search.Update(s.J, s.address, names, publish, s.searchKeep.cache, s.searchKeep.sink, s.searchKeep.bodies)
	s.searchKeep.whole, s.searchKeep.err = whole, err
	s.search = make(searchFiles, len(files))
	for _, f := range files {
		s.search[f.Name] = f.Data
	}
	s.allFiles = make([]string, 0, len(s.files)+len(s.search))
	s.allFiles = append(s.allFiles, s.files...)
	for name := range s.search {
		s.allFiles = append(s.allFiles, name)
	}
	sort.Strings(s.allFiles)
}

// searchFile returns a file of the search index, building the index if
// name is no other file of the site and may be one of the index's: in the
// search page's folder, or (encrypted) an opaque name search.OpaquePath
// makes. A file written into the sink has no bytes here.
func (s *Site) searchFile(name string) ([]byte, bool) {
	if s.pages[name] != nil || s.has(name) {
		return nil, false
	}
	folder := page.Search
	if s.address != nil {
		folder = s.address(folder)
	}
	if !strings.HasPrefix(name, folder) && !(s.enc != nil && search.IsOpaquePath(name)) {
		return nil, false
	}
	s.searchOnce.Do(s.buildSearch)
	b, ok := s.search[name]
	return b, ok
}
