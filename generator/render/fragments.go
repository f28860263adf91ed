package render

import (
	"bytes"
	"fmt"
	"html/template"
	"sync"

	"kith/generator/journal"
	"kith/generator/page"
)

// Fragments caches partial templates rendered for one site: a person's chip
// or an entry's row is the same on every page at the same depth, so it is
// rendered once. The output still comes from html/template, escaped in the
// same way. It is safe for concurrent use; make a new one for each site.
type Fragments struct {
	theme *Theme
	m     sync.Map // fragKey → template.HTML
}

// NewFragments makes an empty cache for pages rendered with theme.
func NewFragments(theme *Theme) *Fragments { return &Fragments{theme: theme} }

// Reset empties the cache, for a site whose model was changed in place
// (site.Patch). Nothing may render meanwhile.
func (f *Fragments) Reset() { f.m.Clear() }

type fragKey struct {
	name, root string
	home       bool
	key        any
}

// Frag is what a cached fragment sees of the page it is shown on: only what
// every page at the same depth shares, which is what the cache is keyed by
// (with the fragment's own value). So a fragment, even a journal's own
// partial, cannot show one page's title or person on every page.
type Frag struct {
	Root    string     // the way back to the site root
	Links   page.Links // the fixed pages, relative to Root
	J       *journal.Journal
	section string
	home    bool
	address func(string) string
}

// Href returns the relative address of a page (see Page.Href).
func (f *Frag) Href(to any) (string, error) {
	u, ok := page.URL(to)
	if !ok {
		return "", fmt.Errorf("href: cannot link to %T", to)
	}
	if f.address != nil {
		u = f.address(u)
	}
	return f.Root + u, nil
}

// Asset returns the relative address of a theme file.
func (f *Frag) Asset(name string) string { return f.Root + page.Asset(name) }

// Active reports whether the page belongs to a section of the navigation.
// Only a fragment whose value is the page's section (the header: Cached
// with the field "Section") knows it; for others Active is false.
func (f *Frag) Active(section string) bool {
	if section == "" {
		return f.home
	}
	return f.section == section
}

// Cached renders the partial template name with data {"Page": f, field: x},
// where f is the page's Frag, and caches the result by partial, page depth
// and x (the default theme's partials are written by generated code, as
// html/template would write them; see generated.go).
func (p *Page) Cached(name, field string, x any) (template.HTML, error) {
	if p.Fragments == nil {
		return "", fmt.Errorf("cached %s: no fragment cache", name)
	}
	home := p.Path == ""
	k := fragKey{name, p.Root, home, x}
	if v, ok := p.Fragments.m.Load(k); ok {
		return v.(template.HTML), nil
	}
	f := &Frag{Root: p.Root, Links: *p.Links, J: p.J, home: home, address: p.Address}
	if s, ok := x.(string); ok && field == "Section" {
		f.section = s
	}
	var buf bytes.Buffer
	if write := p.Fragments.theme.frags[name]; write != nil {
		if err := write(writer{&buf}, f, x); err != nil {
			return "", err
		}
	} else if err := p.Fragments.theme.root.ExecuteTemplate(&buf, name, map[string]any{"Page": f, field: x}); err != nil {
		return "", err
	}
	h := template.HTML(buf.String()) // #nosec: escaped by html/template or its mirror (escape.go)
	p.Fragments.m.Store(k, h)
	return h, nil
}
