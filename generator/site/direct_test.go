package site

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"kith/generator/synth"
)

// TestDirect renders every page of the test journals with the default
// theme's direct writers and again with its templates alone, and requires
// the same bytes (see render/direct.go).
func TestDirect(t *testing.T) {
	cases := map[string]Options{}
	for name, src := range goldenCases(t) {
		cases[name] = options(os.DirFS(src))
	}
	synthetic := options(synth.Generate(synth.Options{People: 150, Entries: 1500, Events: 6, Seed: 7,
		Today: time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)}))
	cases["synthetic"] = synthetic
	// Other addresses, as an encrypted site writes them, and odd characters.
	opaque := synthetic
	opaque.Address = func(u string) string { return "x/" + strings.ReplaceAll(u, "/", "+") + "&'\"" }
	cases["addresses"] = opaque
	for name, opt := range cases {
		t.Run(name, func(t *testing.T) {
			s, _, err := Load(context.Background(), opt)
			if err != nil {
				t.Fatal(err)
			}
			if !s.theme.Direct("entry") || !s.theme.Direct("person") {
				t.Fatal("the default theme writes no page directly")
			}
			// A site of its own, so that no fragment is shared.
			slow := New(s.J, s.theme.Interpreted(), opt.Address)
			pages := 0
			for _, name := range s.Files() {
				p := s.Page(name)
				if p == nil {
					continue
				}
				pages++
				var got, want bytes.Buffer
				if err := s.Render(&got, name); err != nil {
					t.Fatal(err)
				}
				if err := slow.Render(&want, name); err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(got.Bytes(), want.Bytes()) {
					t.Fatalf("%s: direct and template output differ:\n%s", name, firstDiff(got.Bytes(), want.Bytes()))
				}
			}
			if pages == 0 {
				t.Fatal("no page was written directly")
			}
		})
	}
}

// TestDirectOnlyForTheDefaultTheme checks that a journal overriding any
// template gets html/template for every page, and its own template shown.
func TestDirectOnlyForTheDefaultTheme(t *testing.T) {
	fsys := fstest.MapFS{
		"kith.yaml":                       {Data: []byte("title: T\n")},
		"content/people/Ann.md":           {Data: []byte("---\nname: Ann\n---\n")},
		"content/entries/2026-01-02-a.md": {Data: []byte("---\ndate: 2026-01-02\nwith: [Ann]\n---\nHi.\n")},
		"templates/entry.html":            {Data: []byte(`{{define "content"}}<p class="mine">{{.Entry.Title}}</p>{{end}}`)},
	}
	s, _, err := Load(context.Background(), options(fsys))
	if err != nil {
		t.Fatal(err)
	}
	for _, kind := range []string{"entry", "person"} {
		if s.theme.Direct(kind) {
			t.Errorf("%s pages: written directly under an overridden theme, want html/template", kind)
		}
	}
	page, err := s.File("entries/2026-01-02-a/index.html")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(page, []byte(`<p class="mine">`)) {
		t.Errorf("entry page: got %s, want the journal's own template", page)
	}
}
