package render

import (
	"bytes"
	"fmt"
	"html/template"
	"sync"
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

type fragKey struct {
	name, root string
	key        any
}

// Cached renders the partial template name with data {"Page": p, field: x}
// and caches the result by partial, page depth and x (the default theme's
// partials are written directly, as html/template would; see generated.go).
// Use it only for partials whose output depends on nothing else of the page.
func (p *Page) Cached(name, field string, x any) (template.HTML, error) {
	if p.Fragments == nil {
		return "", fmt.Errorf("cached %s: no fragment cache", name)
	}
	k := fragKey{name, p.Root, x}
	if v, ok := p.Fragments.m.Load(k); ok {
		return v.(template.HTML), nil
	}
	var buf bytes.Buffer
	if write := p.Fragments.theme.frags[name]; write != nil {
		if err := write(writer{&buf}, p, x); err != nil {
			return "", err
		}
	} else if err := p.Fragments.theme.root.ExecuteTemplate(&buf, name, map[string]any{"Page": p, field: x}); err != nil {
		return "", err
	}
	h := template.HTML(buf.String()) // #nosec: escaped by html/template or its mirror (escape.go)
	p.Fragments.m.Store(k, h)
	return h, nil
}
