// Package site decides which pages a journal's site has and where each one
// lives, and renders any one of them on request: the preview renders the
// pages asked for, and generator/build (the pipeline's one entry point,
// build.Run) renders them all and writes them.
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
	"kith/generator/content"
	"kith/generator/journal"
	"kith/generator/page"
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
	nav     map[string]*page.Links      // by page root
	frags   *render.Fragments
	enc     *Encryption // nil for a plaintext site
	img     *imageTable // the images notes embed, copied from the journal
	feed    bool        // the site publishes calendar.FileName

	// What Fingerprints reads: the notes the site was linked from (their
	// Sums) and the options it was linked with; nil when the site was made
	// by New alone.
	docs map[string]content.Doc
	opt  Options

	peopleFilter string // the file of the /people/ filter's list (page.PeopleFilter)
	people       peopleLists

	layout []string // the address of every page lay added, in order

	searchOnce sync.Once   // builds search and allFiles, on first use (buildSearch)
	search     searchFiles // the search index's files
	searchKeep searchCache // where the index is kept between builds, and what became of it (SetSearchCache)
	allFiles   []string    // files and the search index's, sorted
}

// New lays out the site of a journal: one page per person, entry, event,
// org and tag, the indexes, thanks, follow-ups, help, network and 404, plus the theme's
// static files and robots.txt. address, if not nil, maps each site address
// to the one written (the encrypted site uses opaque names).
func New(j *journal.Journal, theme *render.Theme, address func(string) string) *Site {
	// About one page per person, entry, event, org and tag: the map and
	// lists are made at that size rather than grown page by page.
	n := len(j.People) + len(j.Entries) + len(j.Events) + len(j.Orgs) + len(j.Tags) + 64
	s := &Site{J: j, theme: theme, pages: make(map[string]*render.Page, n), address: address, md: map[string]*render.Markdown{}, nav: map[string]*page.Links{},
		frags: render.NewFragments(theme), img: newImageTable(), files: make([]string, 0, n), layout: make([]string, 0, n)}
	// The feed would leak the journal, so an encrypted site never has it.
	s.feed = j.Config.Calendar && !j.Config.Encrypt && address == nil
	// Tens of thousands of pages cost less made a block at a time (a page
	// is never moved: the block is new when full).
	var block []render.Page
	add := func(addr, kind, title string, set func(p *render.Page)) {
		if len(block) == cap(block) {
			block = make([]render.Page, 0, pageBlock)
		}
		block = append(block, render.Page{Path: addr, Kind: kind, Title: title, J: j, Address: address, Fragments: s.frags})
		p := &block[len(block)-1]
		s.addPage(p)
		s.layout = append(s.layout, addr)
		if set != nil {
			set(p)
		}
	}
	s.lay(add)
	nf := &render.Page{Path: page.NotFound, Root: page.NotFoundRoot, Kind: "404", Title: "Not found", J: j, Address: address, Fragments: s.frags}
	nf.Markdown = s.markdown(nf.Root)
	nf.Links = s.links(nf.Root)
	s.pages[page.NotFound] = nf
	s.files = append(s.files, page.NotFound, page.RobotsFile)
	if s.feed {
		s.files = append(s.files, calendar.FileName)
	}
	for _, a := range theme.Assets() {
		s.files = append(s.files, page.Asset(a))
	}
	sort.Strings(s.files)
	return s
}

// pageBlock is how many pages New allocates at once.
const pageBlock = 1024

// lay calls add for every page of the site but the 404 page, in order: its
// address, kind and title, and how to fill in the page. Which pages there
// are follows from the journal alone (site.Patch lays a patched journal out
// again to see whether they changed).
func (s *Site) lay(add func(addr, kind, title string, set func(p *render.Page))) {
	j := s.J
	add(page.Home, "home", j.Config.Title, func(p *render.Page) {
		p.Calendar = s.feed
		p.NewView = func(p *render.Page) any { return page.NewHome(j, p.Link) }
	})
	s.addPeople(add)
	add(page.Entries, "entries", "Entries", func(p *render.Page) { p.NewView = func(p *render.Page) any { return page.NewEntries(j, p.Link) } })
	add(page.Events, "events", "Events", func(p *render.Page) { p.NewView = func(p *render.Page) any { return page.NewEvents(j, p.Link) } })
	add(page.Orgs, "orgs", "Organisations", func(p *render.Page) { p.NewView = func(p *render.Page) any { return page.NewOrgs(j, p.Link) } })
	add(page.Tags, "tags", "Tags", func(p *render.Page) { p.NewView = func(p *render.Page) any { return page.NewTags(j, p.Link) } })
	for n := range page.PageCount(len(j.Favors), page.ThanksPerPage) {
		add(page.ThanksPage(n+1), "thanks", paged("Who to thank", n+1), func(p *render.Page) {
			p.NewView = func(p *render.Page) any { return page.NewThanks(j, n+1, p.Link) }
		})
	}
	for n := range page.PageCount(len(j.Connectors), page.ConnectorsPerPage) {
		add(page.ConnectorsPage(n+1), "connectors", paged("Connectors", n+1), func(p *render.Page) {
			p.NewView = func(p *render.Page) any { return page.NewConnectors(j, n+1, p.Link) }
		})
	}
	add(page.FollowUps, "follow-ups", "Follow-ups", func(p *render.Page) { p.NewView = func(p *render.Page) any { return page.NewFollowUps(j, p.Link) } })
	add(page.Help, "help", "Give first", func(p *render.Page) { p.NewView = func(p *render.Page) any { return page.NewHelp(j, p.Link) } })
	add(page.Network, "network", "Your network", func(p *render.Page) { p.NewView = func(p *render.Page) any { return page.NewNetwork(j, p.Link) } })
	add(page.Search, "search", "Search", nil)
	for _, x := range j.People {
		add(page.Person(x), "person", x.Name, func(p *render.Page) {
			p.Person = x
			p.NewView = func(p *render.Page) any { return page.NewPerson(j, x, p.Link) }
		})
	}
	for _, x := range j.Entries {
		add(page.Entry(x), "entry", x.Title, func(p *render.Page) {
			p.Entry = x
			p.NewView = func(p *render.Page) any { return page.NewEntry(x, p.Link) }
		})
	}
	for _, y := range j.EntryYears {
		if !page.YearHasPage(j, y.Year) {
			continue
		}
		for n := range page.PageCount(len(y.Entries), page.EntriesPerPage) {
			add(page.YearPage(y.Year, n+1), "entries-year", paged(fmt.Sprintf("Entries in %d", y.Year), n+1), func(p *render.Page) {
				p.Year = y
				p.NewView = func(p *render.Page) any { return page.NewEntriesYear(y, n+1, p.Link) }
			})
		}
	}
	for _, x := range j.Events {
		add(page.Event(x), "event", x.Name, func(p *render.Page) {
			p.Event = x
			p.NewView = func(p *render.Page) any { return page.NewEvent(j, x, p.Link) }
		})
	}
	for _, x := range j.Orgs {
		for n := range page.PageCount(len(x.People), page.OrgPerPage) {
			add(page.OrgPage(x, n+1), "org", paged(x.Name, n+1), func(p *render.Page) {
				p.Org = x
				p.NewView = func(p *render.Page) any { return page.NewOrg(x, n+1, p.Link) }
			})
		}
	}
	for _, x := range j.Tags {
		for n := range page.TagPages(x) {
			add(page.TagPage(x, n+1), "tag", paged("#"+x.Name, n+1), func(p *render.Page) {
				p.Tag = x
				p.NewView = func(p *render.Page) any { return page.NewTag(x, n+1, p.Link) }
			})
		}
	}
}

func (s *Site) addPage(p *render.Page) {
	written := p.Path
	if s.address != nil {
		written = s.address(p.Path)
	}
	// Links are relative to where the page is written, which differs from
	// its address when the site uses opaque names.
	p.Root = page.Root(written)
	p.Markdown = s.markdown(p.Root)
	p.Links = s.links(p.Root)
	name := page.FileName(written)
	s.pages[name] = p
	s.files = append(s.files, name)
}

// links returns the links to the fixed pages from a page at root.
func (s *Site) links(root string) *page.Links {
	l, ok := s.nav[root]
	if !ok {
		v := page.LinksFrom(root, s.address)
		l = &v
		s.nav[root] = l
	}
	return l
}

// markdown returns the converter whose wikilinks are relative to root.
func (s *Site) markdown(root string) *render.Markdown {
	if m := s.md[root]; m != nil {
		return m
	}
	m := render.NewMarkdown(resolver{j: s.J, root: root, address: s.address, img: s.img})
	s.md[root] = m
	return m
}

type resolver struct {
	j       *journal.Journal
	root    string
	address func(string) string
	img     *imageTable
}

func (r resolver) Wikilink(target string) (string, bool) {
	u, ok := page.URL(r.j.Link(target))
	if !ok {
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
	return s.allFiles
}

// Pages counts the HTML pages of the site.
func (s *Site) Pages() int { return len(s.pages) }

// Page returns the page data behind an HTML file, or nil.
func (s *Site) Page(name string) *render.Page { return s.pages[name] }

// Render writes one file of the site into buf, as it is published: on an
// encrypted site, an HTML page is written as its unlock shell.
func (s *Site) Render(buf *bytes.Buffer, name string) error {
	if b, ok := s.searchFile(name); ok {
		if b == nil && s.searchKeep.sink != nil {
			return fmt.Errorf("%s: written into the site being built, not kept in memory", name)
		}
		buf.Write(b)
		return nil
	}
	if p := s.pages[name]; p != nil {
		if s.enc != nil {
			return s.enc.renderSealed(buf, s.theme, name, p)
		}
		return s.theme.Execute(buf, p)
	}
	if b, ok, err := s.renderImage(buf.AvailableBuffer(), name); ok {
		if err != nil {
			return err
		}
		buf.Write(b)
		return nil
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
	if name == s.peopleFilter {
		b, err := s.peopleFilterFile()
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		buf.Write(b)
		return nil
	}
	if name == page.RobotsFile {
		buf.WriteString(Robots)
		return nil
	}
	if name == calendar.FileName && s.feed {
		return calendar.Encode(buf, s.J, feedOptions())
	}
	if a, ok := strings.CutPrefix(name, page.Assets); ok {
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
	name := page.FileName(strings.TrimPrefix(urlPath, "/"))
	if !fs.ValidPath(name) {
		return "", false
	}
	if _, ok := s.pages[name]; ok || s.has(name) {
		return name, true
	}
	if _, ok := s.searchFile(name); ok {
		return name, true
	}
	return "", false
}

// has reports whether name is one of the site's files.
func (s *Site) has(name string) bool {
	i := sort.SearchStrings(s.files, name)
	return i < len(s.files) && s.files[i] == name
}
