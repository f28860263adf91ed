package site

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"gopkg.in/yaml.v3"

	"kith/generator/synth"
)

// TestDirect renders every page of the test journals with the default
// theme's direct writers and again with its templates alone, and requires
// the same bytes (see render/generated.go).
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
			slow.findImages(opt.Journal, nil) // the images, without warning twice
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

// TestOverrideChangesOnlyItsPages checks that a journal overriding one
// template gets its own template shown on the pages that use it, and every
// other page as before (still written directly where it was).
func TestOverrideChangesOnlyItsPages(t *testing.T) {
	fsys := fstest.MapFS{
		"kith.yaml":                       {Data: []byte("title: T\n")},
		"content/people/Ann.md":           {Data: []byte("---\nname: Ann\n---\n")},
		"content/entries/2026-01-02-a.md": {Data: []byte("---\ndate: 2026-01-02\nwith: [Ann]\n---\nHi.\n")},
	}
	plain, _, err := Load(context.Background(), options(fsys))
	if err != nil {
		t.Fatal(err)
	}
	fsys["templates/entry.html"] = &fstest.MapFile{Data: []byte(`{{define "content"}}<p class="mine">{{.Entry.Title}}</p>{{end}}`)}
	s, _, err := Load(context.Background(), options(fsys))
	if err != nil {
		t.Fatal(err)
	}
	if s.theme.Direct("entry") {
		t.Error("entry pages: written directly under an overridden entry.html, want html/template")
	}
	if !s.theme.Direct("person") {
		t.Error("person pages: not written directly, want the direct writer (person.html is the default)")
	}
	for _, name := range s.Files() {
		got, err := s.File(name)
		if err != nil {
			t.Fatal(err)
		}
		was, err := plain.File(name)
		if err != nil {
			t.Fatal(err)
		}
		isEntry := name == "entries/2026-01-02-a/index.html"
		if isEntry != !bytes.Equal(got, was) {
			t.Errorf("%s: changed %v, want %v", name, !bytes.Equal(got, was), isEntry)
		}
		if isEntry && !bytes.Contains(got, []byte(`<p class="mine">`)) {
			t.Errorf("entry page: got %s, want the journal's own template", got)
		}
	}
}

// FuzzDirect fills a person and an entry with arbitrary text and requires
// the direct writers and the templates to render every page the same.
func FuzzDirect(f *testing.F) {
	f.Add("Zoë <O'Neil> & co", "+1 (555) 01", "javascript:alert(1)", "mailto:x@y", "a\"b'c+d", "2026-03-04")
	f.Add("", "", "", "", "", "")
	f.Add("李雷", "tel:+44", "https://x.example/a b?c=d&e=ü#f", "%41%zz", "\x00\x7f", "x")
	f.Fuzz(func(t *testing.T, name, phone, website, email, text, title string) {
		person := map[string]any{
			"name": "Ann " + name, "org": text, "role": title, "location": name,
			"tags": []string{text, name}, "expertise": []string{text}, "likes": []string{title},
			"met":     map[string]any{"date": "2026-01-02", "where": text},
			"contact": map[string]any{"email": email, "phone": phone, "website": website, "linkedin": website},
		}
		entry := map[string]any{
			"date": "2026-03-04", "title": title, "with": []string{"Ann " + name}, "kind": "meeting",
			"gave": text, "received": name, "follow_up": "2026-12-01",
		}
		fm := func(v any) []byte {
			b, err := yaml.Marshal(v)
			if err != nil {
				t.Skip(err)
			}
			return append(append([]byte("---\n"), b...), "---\n- 2026-02-03 "+text+" #call\n"...)
		}
		fsys := fstest.MapFS{
			"kith.yaml":                     {Data: []byte("title: T\n")},
			"content/people/ann.md":         {Data: fm(person)},
			"content/entries/2026-03-04.md": {Data: fm(entry)},
		}
		s, _, err := Load(context.Background(), options(fsys))
		if err != nil {
			return // a journal with errors has no site
		}
		slow := New(s.J, s.theme.Interpreted(), nil)
		for _, name := range s.Files() {
			if s.Page(name) == nil {
				continue
			}
			var got, want bytes.Buffer
			errGot, errWant := s.Render(&got, name), slow.Render(&want, name)
			if (errGot == nil) != (errWant == nil) {
				t.Fatalf("%s: direct error %v, template error %v", name, errGot, errWant)
			}
			if !bytes.Equal(got.Bytes(), want.Bytes()) {
				t.Fatalf("%s: direct and template output differ:\n%s", name, firstDiff(got.Bytes(), want.Bytes()))
			}
		}
	})
}
