package render

import (
	"fmt"
	"html/template"
	"strings"

	"kith/generator/journal"
	"kith/generator/page"
)

// Page is everything a page template can see.
type Page struct {
	Path  string // the page's address from the site root, like "people/dana-okafor/"
	Root  string // the way back to the site root from the page, like "../../"
	Kind  string // the template: "home", "person", "entry", ...
	Title string
	J     *journal.Journal

	Person *journal.Person
	Entry  *journal.Entry
	Event  *journal.Event
	Org    *journal.Org
	Tag    *journal.Tag
	Year   *journal.EntryYear

	Markdown  *Markdown           // resolves wikilinks relative to this page
	Fragments *Fragments          // shared by every page of the site
	Address   func(string) string // maps a site address to the one written (opaque when encrypted); nil keeps it
	Calendar  bool                // the site publishes calendar.ics (home page only)
	Links     *page.Links         // the fixed pages, relative to this one (shared by the pages of one folder depth)
	View      any                 // the page's view, built by package page (page.HomeView, ...), if its kind has one
	// NewView, if not nil, builds View when the page is rendered
	// (Theme.Execute sets it on a copy of the page), so that laying out a
	// site, which the preview redoes after every save, builds no view of a
	// page it does not render.
	NewView func(*Page) any
}

// Href returns the relative address of a page, given a site address such as
// "thanks/" or anything with a page (page.URL).
func (p *Page) Href(to any) (string, error) {
	u, ok := page.URL(to)
	if !ok {
		return "", fmt.Errorf("href: cannot link to %T", to)
	}
	return p.relative(u), nil
}

// Link returns the relative address of a page given its site address.
func (p *Page) Link(addr string) string { return p.relative(addr) }

// relative turns a site address into a link from the page, through Address.
func (p *Page) relative(u string) string {
	if p.Address != nil {
		u = p.Address(u)
	}
	return p.Root + u
}

// Asset returns the relative address of a theme file.
func (p *Page) Asset(name string) string { return p.Root + page.Asset(name) }

// Render renders a Markdown body.
// Embedded images are found relative to the page's note.
func (p *Page) Render(src []byte) (template.HTML, error) { return p.Markdown.NoteBody(p.Note(), src) }

// Note is the journal path of the note the page shows, or "".
func (p *Page) Note() string {
	switch {
	case p.Person != nil:
		return p.Person.Path
	case p.Entry != nil:
		return p.Entry.Path
	case p.Event != nil:
		return p.Event.Path
	}
	return ""
}

// Inline renders one line of Markdown, such as a log line.
func (p *Page) Inline(src string) (template.HTML, error) { return p.Markdown.Inline(src) }

// Chrome returns the view of the page's header and footer (page.NewChrome).
func (p *Page) Chrome() page.Chrome { return page.NewChrome(p.J, p.Path, p.Root, *p.Links) }

// Section returns the first part of the page's address, like "people/",
// or "" for the home page.
func (p *Page) Section() string { return page.Section(p.Path) }

// Active reports whether the page belongs to a section of the navigation.
func (p *Page) Active(section string) bool {
	if section == "" {
		return p.Path == ""
	}
	return strings.HasPrefix(p.Path, section)
}

// Timeline returns the timeline of the page's person, newest first, by year.
func (p *Page) Timeline() []journal.Year { return p.J.Timeline(p.Person) }

// YearHasPage reports whether a year of entries has a page of its own.
func (p *Page) YearHasPage(y *journal.EntryYear) bool { return page.YearHasPage(p.J, y.Year) }
