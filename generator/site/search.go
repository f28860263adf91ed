package site

import (
	"sort"

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

// buildSearch builds the search index and adds its files to the site. It
// runs once, when the site's files are first listed or one is asked for,
// so that a preview that never searches never pays for the index.
func (s *Site) buildSearch() {
	ix := search.Build(s.J, s.address)
	names := ""
	if s.enc != nil {
		names = s.enc.Key.OpaqueName(searchNames)
	}
	s.search = searchFiles{}
	for i, f := range ix.Files(names) {
		name := f.Name
		if i == 0 { // the manifest
			name = page.SearchIndex(s.address)
		}
		data := f.Data
		if s.enc != nil {
			data = s.enc.Key.Seal(name, data)
		}
		s.search[name] = data
		s.files = append(s.files, name)
	}
	sort.Strings(s.files)
}
