package render

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"path"
	"sort"
	"strings"
)

//go:generate go run ./gen/cmd

// LayoutFile is the theme file every page is rendered inside.
const LayoutFile = "base.html"

// Theme is a parsed set of page templates and the static files that go with
// them. Parse it once per build; it is safe for concurrent use.
type Theme struct {
	root   *template.Template // layout and partials, for cached fragments
	pages  map[string]*template.Template
	assets map[string][]byte
	names  []string // asset names, sorted
	// direct holds the page kinds written by generated code (generated.go),
	// for the kinds whose templates are those it was generated from.
	direct map[string]func(writer, *Page) error
	frags  map[string]func(writer, *Frag, any) error // cached partials written by generated code, likewise
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
	t.direct, t.frags = directFor(sources)
	return t, nil
}

// directFor returns the generated writers a theme may use (generated.go,
// made by go generate from the default theme's templates): a page kind's
// writer only when the templates it was generated from (the layout, the
// kind's own template and every partial) are those of the theme, byte for
// byte, and the cached fragments' writers only when the partials are. Any
// other theme, a journal's override or an edit of the default theme not yet
// regenerated, is rendered by html/template for the kinds concerned, so the
// built site always follows the templates; TestGenerated fails until
// go generate ./generator/render is run after an edit.
func directFor(sources map[string][]byte) (map[string]func(writer, *Page) error, map[string]func(writer, *Frag, any) error) {
	pages := generatedPages()
	kinds := make([]string, 0, len(pages))
	for kind := range pages {
		kinds = append(kinds, kind)
	}
	sums := TemplateSums(sources, kinds)
	want := generatedSums()
	direct := map[string]func(writer, *Page) error{}
	for kind, write := range pages {
		if sums[kind] == want[kind] {
			direct[kind] = write
		}
	}
	var frags map[string]func(writer, *Frag, any) error
	if sums[FragmentsSum] == want[FragmentsSum] {
		frags = generatedFragments()
	}
	return direct, frags
}

// FragmentsSum names the sum of the partials in TemplateSums.
const FragmentsSum = "fragments"

// TemplateSums returns, for each page kind written by generated code and
// for the cached fragments (FragmentsSum), a SHA-256 of the theme files
// its generated writer depends on (given by name): the layout, the page's
// own template and every partial, since a partial file may define or
// redefine any partial.
func TemplateSums(sources map[string][]byte, kinds []string) map[string]string {
	var partials []string
	for name := range sources {
		if strings.HasPrefix(path.Base(name), "_") {
			partials = append(partials, name)
		}
	}
	sort.Strings(partials)
	sum := func(names ...string) string {
		h := sha256.New()
		for _, n := range names {
			b, ok := sources[n]
			fmt.Fprintf(h, "%s %v %d\n", n, ok, len(b))
			h.Write(b)
		}
		return hex.EncodeToString(h.Sum(nil))
	}
	out := map[string]string{FragmentsSum: sum(partials...)}
	for _, kind := range kinds {
		out[kind] = sum(append([]string{LayoutFile, kind + ".html"}, partials...)...)
	}
	return out
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
	if p.NewView != nil && p.View == nil {
		q := *p
		q.View = p.NewView(p)
		p = &q
	}
	pt := t.pages[p.Kind]
	if write := t.direct[p.Kind]; write != nil && pt != nil {
		buf, ok := w.(*bytes.Buffer)
		if !ok {
			buf = new(bytes.Buffer)
		}
		if err := write(writer{buf}, p); err != nil {
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
