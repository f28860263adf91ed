package site

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"kith/templates"
)

// themeWith returns the default theme with some files replaced.
func themeWith(t *testing.T, files map[string]string) fs.FS {
	t.Helper()
	out := fstest.MapFS{}
	err := fs.WalkDir(templates.FS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(templates.FS(), p)
		out[p] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range files {
		out[name] = &fstest.MapFile{Data: []byte(data)}
	}
	return out
}

// sampleNotes returns the sample journal's notes and kith.yaml, without the
// repository's templates/ folder (which, as the journal's own, would
// override the theme under test).
func sampleNotes(t *testing.T) fstest.MapFS {
	t.Helper()
	journal := fstest.MapFS{}
	err := fs.WalkDir(os.DirFS("../.."), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !(p == "kith.yaml" || strings.HasPrefix(p, "content/")) {
			return err
		}
		b, err := os.ReadFile("../../" + p)
		journal[p] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return journal
}

// kindPages renders every HTML page of a site, by page kind.
func kindPages(t *testing.T, s *Site) map[string]map[string][]byte {
	t.Helper()
	out := map[string]map[string][]byte{}
	for _, name := range s.Files() {
		p := s.Page(name)
		if p == nil {
			continue
		}
		b, err := s.File(name)
		if err != nil {
			t.Fatal(err)
		}
		if out[p.Kind] == nil {
			out[p.Kind] = map[string][]byte{}
		}
		out[p.Kind][name] = b
	}
	return out
}

var h1 = regexp.MustCompile(`(?s)<h1>.*?</h1>`)

// TestTemplateChangesShow changes each page kind's template of the default
// theme (adds an element, removes one, adds a condition) and checks that
// the built site follows on that kind's pages, and only on them, whether or
// not the kind has a direct writer. With -short it makes one of the three
// changes per kind.
func TestTemplateChangesShow(t *testing.T) {
	journal := sampleNotes(t)
	base, _, err := Load(context.Background(), options(journal))
	if err != nil {
		t.Fatal(err)
	}
	before := kindPages(t, base)
	kinds, err := fs.Glob(templates.FS(), "*.html")
	if err != nil {
		t.Fatal(err)
	}
	for _, file := range kinds {
		kind := strings.TrimSuffix(file, ".html")
		if strings.HasPrefix(kind, "_") || file == "base.html" {
			continue
		}
		if len(before[kind]) == 0 {
			t.Errorf("%s: the sample journal has no page of this kind", kind)
			continue
		}
		src, err := fs.ReadFile(templates.FS(), file)
		if err != nil {
			t.Fatal(err)
		}
		define := `{{define "content"}}`
		if !bytes.Contains(src, []byte(define)) || !h1.Match(src) {
			t.Fatalf("%s: no %s or <h1> to change", file, define)
		}
		changes := []struct {
			name, template string
			check          func(page []byte) bool // true when the page shows the change
		}{
			{"element added", strings.Replace(string(src), define, define+`<p class="probe-added">here</p>`, 1),
				func(b []byte) bool { return bytes.Contains(b, []byte(`<p class="probe-added">here</p>`)) }},
			{"element removed", h1.ReplaceAllString(string(src), ""),
				func(b []byte) bool { return !bytes.Contains(b, []byte("<h1")) }},
			{"condition added", strings.Replace(string(src), define, define+`{{if .Title}}<p class="probe-if">{{.Title}}</p>{{else}}<p class="probe-else"></p>{{end}}`, 1),
				func(b []byte) bool {
					return bytes.Contains(b, []byte(`<p class="probe-if">`)) || bytes.Contains(b, []byte(`<p class="probe-else">`))
				}},
		}
		if testing.Short() {
			// The quick inner loop checks one kind of change per page kind,
			// a different one for each kind in turn; the full run checks all.
			changes = changes[len(kind)%len(changes) : len(kind)%len(changes)+1]
		}
		for _, c := range changes {
			t.Run(kind+"/"+c.name, func(t *testing.T) {
				opt := options(journal)
				opt.Theme = themeWith(t, map[string]string{file: c.template})
				s, _, err := Load(context.Background(), opt)
				if err != nil {
					t.Fatal(err)
				}
				for k, pages := range kindPages(t, s) {
					for name, page := range pages {
						if k == kind && !c.check(page) {
							t.Errorf("%s: does not follow the changed %s", name, file)
						}
						if k != kind && !bytes.Equal(page, before[k][name]) {
							t.Errorf("%s: changed, want it as before (only %s changed)", name, file)
						}
					}
				}
			})
		}
	}
}

// TestDraftBadge is the example of issue 9: a draft badge added to
// entry.html shows on a draft entry built with drafts, and a 404.html
// override changes the 404 page alone.
func TestDraftBadge(t *testing.T) {
	src, err := fs.ReadFile(templates.FS(), "entry.html")
	if err != nil {
		t.Fatal(err)
	}
	const badge = `<p class="badge">draft</p>`
	entry := strings.Replace(string(src), `<h1>{{$e.Title}}</h1>`, `<h1>{{$e.Title}}</h1>{{if .Entry.Draft}}`+badge+`{{end}}`, 1)
	if entry == string(src) {
		t.Fatal("entry.html has no <h1>{{$e.Title}}</h1> to put the badge after")
	}
	const draft = "entries/2026-11-20-should-i-apply-to-lumen/index.html"
	tests := []struct {
		name     string
		override string // a journal's own 404.html, or ""
	}{
		{"default 404", ""},
		{"404 overridden", `{{define "content"}}<p>Lost.</p>{{end}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			journal := sampleNotes(t)
			if tt.override != "" {
				journal["templates/404.html"] = &fstest.MapFile{Data: []byte(tt.override)}
			}
			opt := options(journal)
			opt.Drafts = true
			opt.Theme = themeWith(t, map[string]string{"entry.html": entry})
			s, _, err := Load(context.Background(), opt)
			if err != nil {
				t.Fatal(err)
			}
			pages := kindPages(t, s)
			for name, page := range pages["entry"] {
				if got, want := bytes.Contains(page, []byte(badge)), name == draft; got != want {
					t.Errorf("%s: badge shown %v, want %v", name, got, want)
				}
			}
			if _, ok := pages["entry"][draft]; !ok {
				t.Fatalf("no page %s; the sample journal's draft entry moved?", draft)
			}
			nf := pages["404"]["404.html"]
			if got, want := bytes.Contains(nf, []byte("<p>Lost.</p>")), tt.override != ""; got != want {
				t.Errorf("404.html: override shown %v, want %v", got, want)
			}
		})
	}
}

// TestFragmentSeesOnlyItsData checks that a cached fragment is given only
// what it is keyed by: a journal's partial that asks for the page's title
// fails with a message, instead of showing one page's title on every page.
func TestFragmentSeesOnlyItsData(t *testing.T) {
	src, err := fs.ReadFile(templates.FS(), "_partials.html")
	if err != nil {
		t.Fatal(err)
	}
	chip := regexp.MustCompile(`\{\{define "person-chip"\}\}.*\{\{end\}\}`)
	if !chip.Match(src) {
		t.Fatal("_partials.html has no person-chip on one line")
	}
	tests := []struct {
		name, chip string
		wantErr    bool
	}{
		{"its own data", `{{define "person-chip"}}<b class="mine">{{.Person.Name}} {{.Page.Root}}</b>{{end}}`, false},
		{"the page's title", `{{define "person-chip"}}<b>{{.Page.Title}}</b>{{end}}`, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			journal := sampleNotes(t)
			journal["templates/_partials.html"] = &fstest.MapFile{Data: chip.ReplaceAll(src, []byte(tt.chip))}
			s, _, err := Load(context.Background(), options(journal))
			if err != nil {
				t.Fatal(err)
			}
			// /events/ shows its attendees with the cached person-chip.
			page, err := s.File("events/index.html")
			if (err != nil) != tt.wantErr {
				t.Fatalf("got error %v, want an error %v", err, tt.wantErr)
			}
			if err == nil && !bytes.Contains(page, []byte(`<b class="mine">Dana Okafor ../</b>`)) {
				t.Errorf("got %s, want the journal's chip", page)
			}
		})
	}
}

// TestModelOverrides checks that a journal's template override written
// against the model objects of the page (as before the page kinds had
// views) still renders: the views are added, the model objects stay.
func TestModelOverrides(t *testing.T) {
	tests := []struct {
		file, template, page, want string
	}{
		{"person.html", `{{.Person.Name}}: {{len .Timeline}} years`, "people/dana-okafor/index.html", "Dana Okafor: "},
		{"entry.html", `{{.Entry.Title}}`, "entries/2026-03-10-coffee-with-dana/index.html", "Coffee with Dana"},
		{"org.html", `{{.Org.Name}} has {{len .Org.People}}`, "", " has "},
		{"tag.html", `#{{.Tag.Name}}`, "", "#"},
		{"entries-year.html", `{{.Year.Year}}: {{len .Year.Entries}}`, "", ": "},
		{"event.html", `{{.Event.Name}} at {{with .Event.Location}}{{.}}{{end}}`, "", " at "},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			journal := sampleNotes(t)
			journal["templates/"+tt.file] = &fstest.MapFile{Data: []byte(`{{define "content"}}<p class="probe">` + tt.template + `</p>{{end}}`)}
			s, _, err := Load(context.Background(), options(journal))
			if err != nil {
				t.Fatal(err)
			}
			kind := strings.TrimSuffix(tt.file, ".html")
			pages := kindPages(t, s)[kind]
			if len(pages) == 0 {
				t.Fatalf("no %s pages", kind)
			}
			checked := 0
			for name, b := range pages {
				if tt.page != "" && name != tt.page {
					continue
				}
				checked++
				if !bytes.Contains(b, []byte(`<p class="probe">`)) || !bytes.Contains(b, []byte(tt.want)) {
					t.Errorf("%s: got no probe with %q in it", name, tt.want)
				}
			}
			if checked == 0 {
				t.Errorf("got no page %s", tt.page)
			}
		})
	}
}

// TestViewsBuiltOnRender checks that laying out a site (what the preview
// redoes after every save) builds no view of a page kind whose view is made
// when the page is rendered, and that rendering such a page makes it.
func TestViewsBuiltOnRender(t *testing.T) {
	s, _, err := Load(context.Background(), options(sampleNotes(t)))
	if err != nil {
		t.Fatal(err)
	}
	lazy := map[string]bool{"person": true, "entry": true, "event": true, "org": true, "tag": true, "entries-year": true, "people": true, "orgs": true, "tags": true}
	seen := map[string]bool{}
	for _, name := range s.Files() {
		p := s.Page(name)
		if p == nil || !lazy[p.Kind] {
			continue
		}
		seen[p.Kind] = true
		if p.View != nil || p.NewView == nil {
			t.Errorf("%s: got view %T, builder set %v, want no view and a builder", name, p.View, p.NewView != nil)
			continue
		}
		if v := p.NewView(p); v == nil {
			t.Errorf("%s: the builder made no view", name)
		}
	}
	for k := range lazy {
		if !seen[k] {
			t.Errorf("got no %s page in the sample journal", k)
		}
	}
}
