// Package site decides which pages a journal's site has and where each one
// lives, renders any one of them on request, and builds the whole site:
// Build wires the stages content → journal → render → output.
package site

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"sync"

	"kith/generator/calendar"
	"kith/generator/journal"
	"kith/generator/render"
)

// ErrNotFound is returned for a file the site does not have.
var ErrNotFound = errors.New("no such page")

// Robots keeps every crawler away from the whole site.
const Robots = "User-agent: *\nDisallow: /\n"

// Site is the set of pages of one journal, seen from one day. Rendering is
// safe for concurrent use.
type Site struct {
	J       *journal.Journal
	theme   *render.Theme
	pages   map[string]*render.Page // by file name, like "people/dana/index.html"
	files   []string                // every file, sorted
	address func(string) string
	md      map[string]*render.Markdown // by page root
	frags   *render.Fragments
	enc     *Encryption // nil for a plaintext site
	feed    bool        // the site publishes calendar.FileName

	searchOnce sync.Once   // builds search, on first use (buildSearch)
	search     searchFiles // the search index's files
}

// New lays out the site of a journal: one page per person, entry, event,
// org and tag, the indexes, thanks, follow-ups and 404, plus the theme's
// static files and robots.txt. address, if not nil, maps each site address
// to the one written (the encrypted site uses opaque names).
func New(j *journal.Journal, theme *render.Theme, address func(string) string) *Site {
	s := &Site{J: j, theme: theme, pages: map[string]*render.Page{}, address: address, md: map[string]*render.Markdown{},
		frags: render.NewFragments(theme)}
	// The feed would leak the journal, so an encrypted site never has it.
	s.feed = j.Config.Calendar && !j.Config.Encrypt && address == nil
	add := func(addr, kind, title string, set func(p *render.Page)) {
		p := &render.Page{Path: addr, Kind: kind, Title: title, J: j, Address: address, Fragments: s.frags}
		if set != nil {
			set(p)
		}
		s.addPage(p)
	}
	add("", "home", j.Config.Title, func(p *render.Page) { p.Calendar = s.feed })
	add("people/", "people", "People", nil)
	add("entries/", "entries", "Entries", nil)
	add("events/", "events", "Events", nil)
	add("orgs/", "orgs", "Organisations", nil)
	add("tags/", "tags", "Tags", nil)
	add("thanks/", "thanks", "Who to thank", nil)
	add("follow-ups/", "follow-ups", "Follow-ups", nil)
	add(SearchPage, "search", "Search", nil)
	for _, x := range j.People {
		add(x.URL(), "person", x.Name, func(p *render.Page) { p.Person = x })
	}
	for _, x := range j.Entries {
		add(x.URL(), "entry", x.Title, func(p *render.Page) { p.Entry = x })
	}
	for _, y := range j.EntryYears {
		if y.Page {
			add(y.URL(), "entries-year", fmt.Sprintf("Entries in %d", y.Year), func(p *render.Page) { p.Year = y })
		}
	}
	for _, x := range j.Events {
		add(x.URL(), "event", x.Name, func(p *render.Page) { p.Event = x })
	}
	for _, x := range j.Orgs {
		add(x.URL(), "org", x.Name, func(p *render.Page) { p.Org = x })
	}
	for _, x := range j.Tags {
		add(x.URL(), "tag", "#"+x.Name, func(p *render.Page) { p.Tag = x })
	}
	nf := &render.Page{Path: "404.html", Root: "/", Kind: "404", Title: "Not found", J: j, Address: address, Fragments: s.frags}
	nf.Markdown = s.markdown(nf.Root)
	s.pages["404.html"] = nf
	s.files = append(s.files, "404.html", "robots.txt")
	if s.feed {
		s.files = append(s.files, calendar.FileName)
	}
	for _, a := range theme.Assets() {
		s.files = append(s.files, "_kith/"+a)
	}
	sort.Strings(s.files)
	return s
}

func (s *Site) addPage(p *render.Page) {
	written := p.Path
	if s.address != nil {
		written = s.address(p.Path)
	}
	// Links are relative to where the page is written, which differs from
	// its address when the site uses opaque names.
	p.Root = "./"
	if n := strings.Count(written, "/"); n > 0 {
		p.Root = strings.Repeat("../", n)
	}
	p.Markdown = s.markdown(p.Root)
	name := FileName(written)
	s.pages[name] = p
	s.files = append(s.files, name)
}

// FileName returns the file that holds the page at a site address:
// "people/dana/" is "people/dana/index.html".
func FileName(addr string) string {
	if addr == "" || strings.HasSuffix(addr, "/") {
		return addr + "index.html"
	}
	return addr
}

// markdown returns the converter whose wikilinks are relative to root.
func (s *Site) markdown(root string) *render.Markdown {
	if m := s.md[root]; m != nil {
		return m
	}
	m := render.NewMarkdown(resolver{j: s.J, root: root, address: s.address})
	s.md[root] = m
	return m
}

type resolver struct {
	j       *journal.Journal
	root    string
	address func(string) string
}

func (r resolver) Wikilink(target string) (string, bool) {
	u := r.j.Link(target).URL()
	if u == "" {
		return "", false
	}
	if r.address != nil {
		u = r.address(u)
	}
	return r.root + u, true
}

// Files lists every file of the site, sorted.
func (s *Site) Files() []string {
	s.searchOnce.Do(s.buildSearch)
	return s.files
}

// Pages counts the HTML pages of the site.
func (s *Site) Pages() int { return len(s.pages) }

// Page returns the page data behind an HTML file, or nil.
func (s *Site) Page(name string) *render.Page { return s.pages[name] }

// Render writes one file of the site into buf, as it is published: on an
// encrypted site, an HTML page is written as its unlock shell.
func (s *Site) Render(buf *bytes.Buffer, name string) error {
	s.searchOnce.Do(s.buildSearch)
	if b, ok := s.search[name]; ok {
		buf.Write(b)
		return nil
	}
	if p := s.pages[name]; p != nil {
		if s.enc != nil {
			return s.enc.renderSealed(buf, s.theme, name, p)
		}
		return s.theme.Execute(buf, p)
	}
	if s.enc != nil {
		if b, ok := s.enc.file(name); ok {
			buf.Write(b)
			return nil
		}
		if !s.has(name) {
			return fmt.Errorf("%s: %w", name, ErrNotFound)
		}
	}
	if name == "robots.txt" {
		buf.WriteString(Robots)
		return nil
	}
	if name == calendar.FileName && s.feed {
		return calendar.Encode(buf, s.J, calendar.Options{})
	}
	if a, ok := strings.CutPrefix(name, "_kith/"); ok {
		if b, ok := s.theme.Asset(a); ok {
			buf.Write(b)
			return nil
		}
	}
	return fmt.Errorf("%s: %w", name, ErrNotFound)
}

// File renders one file of the site.
func (s *Site) File(name string) ([]byte, error) {
	var buf bytes.Buffer
	if err := s.Render(&buf, name); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Lookup maps a URL path (like "/people/dana/") to a file of the site, and
// reports whether the site has it.
func (s *Site) Lookup(urlPath string) (string, bool) {
	s.searchOnce.Do(s.buildSearch)
	name := strings.TrimPrefix(urlPath, "/")
	if name == "" || strings.HasSuffix(name, "/") {
		name += "index.html"
	}
	if !fs.ValidPath(name) {
		return "", false
	}
	if _, ok := s.pages[name]; ok || s.has(name) {
		return name, true
	}
	return "", false
}

// has reports whether name is one of the site's files.
func (s *Site) has(name string) bool {
	i := sort.SearchStrings(s.files, name)
	return i < len(s.files) && s.files[i] == name
}
