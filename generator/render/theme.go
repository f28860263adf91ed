package render

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"path"
	"sort"
	"strings"

	"kith/templates"
)

// LayoutFile is the theme file every page is rendered inside.
const LayoutFile = "base.html"

// Theme is a parsed set of page templates and the static files that go with
// them. Parse it once per build; it is safe for concurrent use.
type Theme struct {
	root   *template.Template // layout and partials, for cached fragments
	pages  map[string]*template.Template
	assets map[string][]byte
	names  []string // asset names, sorted
	// direct holds the page kinds written straight from Go (direct.go),
	// set only when every template is the default theme's.
	direct map[string]func(writer, *Page) error
	frags  map[string]func(writer, *Page, any) // cached partials written directly, likewise
}

// Overlay returns a file system that serves top's files where it has them
// and base's otherwise, so a journal's templates/ folder overrides the
// default theme file by file. top may be nil.
func Overlay(top, base fs.FS) fs.FS {
	if top == nil {
		return base
	}
	return overlay{top, base}
}

type overlay struct{ top, base fs.FS }

func (o overlay) Open(name string) (fs.File, error) {
	f, err := o.top.Open(name)
	if err == nil {
		return f, nil
	}
	return o.base.Open(name)
}

func (o overlay) ReadDir(name string) ([]fs.DirEntry, error) {
	seen := map[string]fs.DirEntry{}
	var firstErr error
	for _, f := range []fs.FS{o.base, o.top} {
		es, err := fs.ReadDir(f, name)
		if err != nil {
			if firstErr == nil {
				firstErr = err
			}
			continue
		}
		for _, e := range es {
			seen[e.Name()] = e
		}
	}
	if len(seen) == 0 && firstErr != nil {
		return nil, firstErr
	}
	out := make([]fs.DirEntry, 0, len(seen))
	for _, e := range seen {
		out = append(out, e)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name() < out[j].Name() })
	return out, nil
}

// ParseTheme reads a theme: base.html is the layout, files whose names start
// with "_" are partials available to every page, every other .html file is a
// page template named after its file ("person.html" is "person"), and every
// other file is a static asset served under _kith/.
func ParseTheme(fsys fs.FS) (*Theme, error) {
	layout, err := fs.ReadFile(fsys, LayoutFile)
	if err != nil {
		return nil, fmt.Errorf("theme: %w", err)
	}
	root := template.New(LayoutFile).Funcs(funcs())
	if _, err := root.Parse(string(layout)); err != nil {
		return nil, fmt.Errorf("theme: %w", err)
	}
	t := &Theme{pages: map[string]*template.Template{}, assets: map[string][]byte{}}
	var pages []string
	sources := map[string][]byte{LayoutFile: layout}
	err = fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || p == LayoutFile || strings.HasPrefix(path.Base(p), ".") || strings.HasSuffix(p, ".go") {
			return nil
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		if path.Ext(p) == ".html" {
			sources[p] = data
		}
		switch {
		case path.Ext(p) != ".html":
			t.assets[p] = data
			t.names = append(t.names, p)
		case strings.HasPrefix(path.Base(p), "_"):
			if _, err := root.New(p).Parse(string(data)); err != nil {
				return fmt.Errorf("theme: %w", err)
			}
		default:
			pages = append(pages, p)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	// Clone before anything runs: html/template forbids cloning after execution.
	frag, err := root.Clone()
	if err != nil {
		return nil, err
	}
	t.root = frag
	for _, p := range pages {
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return nil, err
		}
		pt, err := root.Clone()
		if err != nil {
			return nil, err
		}
		if _, err := pt.New(p).Parse(string(data)); err != nil {
			return nil, fmt.Errorf("theme: %w", err)
		}
		t.pages[strings.TrimSuffix(p, ".html")] = pt
	}
	sort.Strings(t.names)
	if stock(sources) {
		t.direct = directWriters()
		t.frags = directFragments()
	}
	return t, nil
}

// stock reports whether a theme's templates are exactly the default
// theme's: the same files with the same bytes.
func stock(sources map[string][]byte) bool {
	def := templates.FS()
	n, same := 0, true
	err := fs.WalkDir(def, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path.Ext(p) != ".html" {
			return err
		}
		n++
		b, err := fs.ReadFile(def, p)
		if err != nil {
			return err
		}
		same = same && bytes.Equal(b, sources[p])
		return nil
	})
	return err == nil && same && n == len(sources)
}

// Direct reports whether the theme writes pages of a kind with a direct
// writer instead of its templates.
func (t *Theme) Direct(kind string) bool { return t.direct[kind] != nil }

// Interpreted returns a copy of the theme that renders every page with its
// templates, even the kinds a direct writer could write; tests compare the
// two.
func (t *Theme) Interpreted() *Theme {
	c := *t
	c.direct = nil
	c.frags = nil
	return &c
}

// ErrNoTemplate is returned when a page asks for a template the theme lacks.
var ErrNoTemplate = errors.New("no such template")

// Execute renders page p with the template named p.Kind into w.
func (t *Theme) Execute(w io.Writer, p *Page) error {
	pt := t.pages[p.Kind]
	if write := t.direct[p.Kind]; write != nil && pt != nil {
		buf, ok := w.(*bytes.Buffer)
		if !ok {
			buf = new(bytes.Buffer)
		}
		if err := layout(writer{buf}, p, write); err != nil {
			return fmt.Errorf("rendering %s with %s.html: %w", p.Path, p.Kind, err)
		}
		if !ok {
			_, err := w.Write(buf.Bytes())
			return err
		}
		return nil
	}
	if pt == nil {
		return fmt.Errorf("theme: %s.html: %w", p.Kind, ErrNoTemplate)
	}
	if err := pt.ExecuteTemplate(w, LayoutFile, p); err != nil {
		return fmt.Errorf("rendering %s with %s.html: %w", p.Path, p.Kind, err)
	}
	return nil
}

// Page renders p into a new byte slice.
func (t *Theme) Page(p *Page) ([]byte, error) {
	var buf bytes.Buffer
	if err := t.Execute(&buf, p); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Assets lists the theme's static files, sorted.
func (t *Theme) Assets() []string { return t.names }

// Asset returns a static file's bytes.
func (t *Theme) Asset(name string) ([]byte, bool) {
	b, ok := t.assets[name]
	return b, ok
}
