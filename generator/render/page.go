package render

import (
	"fmt"
	"html/template"
	"strings"

	"kith/generator/journal"
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
}

// Linker is anything with a page of its own.
type Linker interface{ URL() string }

// Href returns the relative address of a page, given a site address such as
// "thanks/" or anything with a URL method.
func (p *Page) Href(to any) (string, error) {
	var u string
	switch v := to.(type) {
	case string:
		u = v
	case Linker:
		u = v.URL()
	default:
		return "", fmt.Errorf("href: cannot link to %T", to)
	}
	return p.relative(u), nil
}

// relative turns a site address into a link from the page, through Address.
func (p *Page) relative(u string) string {
	if p.Address != nil {
		u = p.Address(u)
	}
	return p.Root + u
}

// Asset returns the relative address of a theme file.
func (p *Page) Asset(name string) string { return p.Root + "_kith/" + name }

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

// Section returns the first part of the page's address, like "people/",
// or "" for the home page.
func (p *Page) Section() string {
	if i := strings.IndexByte(p.Path, '/'); i >= 0 {
		return p.Path[:i+1]
	}
	return ""
}

// Active reports whether the page belongs to a section of the navigation.
func (p *Page) Active(section string) bool {
	if section == "" {
		return p.Path == ""
	}
	return strings.HasPrefix(p.Path, section)
}
