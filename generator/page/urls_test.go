package page

import (
	"context"
	"testing"
	"testing/fstest"

	"kith/generator/content"
	"kith/generator/journal"
)

func TestURL(t *testing.T) {
	dana := &journal.Person{Person: &content.Person{Slug: "dana-okafor"}}
	entry := &journal.Entry{Entry: &content.Entry{Slug: "2026-03-10-coffee"}}
	event := &journal.Event{Event: &content.Event{Slug: "productcamp"}}
	tests := []struct {
		name string
		x    any
		want string
		ok   bool
	}{
		{"address", "thanks/", "thanks/", true},
		{"home", Home, "", true},
		{"person", dana, "people/dana-okafor/", true},
		{"entry", entry, "entries/2026-03-10-coffee/", true},
		{"event", event, "events/productcamp/", true},
		{"org", &journal.Org{Slug: "lumen"}, "orgs/lumen/", true},
		{"tag", &journal.Tag{Slug: "mentor"}, "tags/mentor/", true},
		{"year", &journal.EntryYear{Year: 2026}, "entries/2026/", true},
		{"wikilink to a person", journal.LinkTarget{Person: dana}, "people/dana-okafor/", true},
		{"wikilink to an event", journal.LinkTarget{Event: event}, "events/productcamp/", true},
		{"wikilink to an entry", journal.LinkTarget{Entry: entry}, "entries/2026-03-10-coffee/", true},
		{"broken wikilink", journal.LinkTarget{}, "", false},
		{"no page", 42, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := URL(tt.x)
			if got != tt.want || ok != tt.ok {
				t.Errorf("got %q, %v, want %q, %v", got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestFileNameAndRoot(t *testing.T) {
	tests := []struct{ addr, file, root, section string }{
		{"", "index.html", "./", ""},
		{"people/", "people/index.html", "../", "people/"},
		{"people/dana/", "people/dana/index.html", "../../", "people/"},
		{"404.html", "404.html", "./", ""},
		{"k3v9/", "k3v9/index.html", "../", "k3v9/"},
	}
	for _, tt := range tests {
		t.Run(tt.addr, func(t *testing.T) {
			if got := FileName(tt.addr); got != tt.file {
				t.Errorf("FileName: got %q, want %q", got, tt.file)
			}
			if got := Root(tt.addr); got != tt.root {
				t.Errorf("Root: got %q, want %q", got, tt.root)
			}
			if got := Section(tt.addr); got != tt.section {
				t.Errorf("Section: got %q, want %q", got, tt.section)
			}
		})
	}
}

func TestYearHasPage(t *testing.T) {
	set, err := content.Load(context.Background(), fstest.MapFS{
		"kith.yaml":                               {Data: []byte("title: Test\n")},
		"content/entries/2025.md":                 {Data: []byte("---\ndate: 2025-06-01\n---\nAn entry named like its year.\n")},
		"content/entries/2026/2026-01-02-call.md": {Data: []byte("---\ndate: 2026-01-02\n---\nCall.\n")},
	})
	if err != nil {
		t.Fatal(err)
	}
	j := journal.Build(set, journal.Options{Today: content.Date{Year: 2026, Month: 11, Day: 23}})
	if errs := j.Problems.Errors(); len(errs) > 0 {
		t.Fatal(errs)
	}
	tests := []struct {
		year int
		want bool
	}{{2025, false}, {2026, true}}
	for _, tt := range tests {
		t.Run(Year(tt.year), func(t *testing.T) {
			if got := YearHasPage(j, tt.year); got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestOpaqueAndLinks(t *testing.T) {
	name := func(addr string) string { return "h" + addr[:2] }
	if got := Opaque(Home, name); got != "" {
		t.Errorf("home: got %q, want \"\"", got)
	}
	if got, want := Opaque("people/dana/", name), "hpe/"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	l := LinksFrom("../", func(a string) string { return Opaque(a, name) })
	if l.Home != "../" || l.People != "../hpe/" || l.Calendar != "../hca/" {
		t.Errorf("got %+v", l)
	}
	if l := LinksFrom("../../", nil); l.FollowUps != "../../follow-ups/" || l.Home != "../../" {
		t.Errorf("got %+v", l)
	}
}

func TestImage(t *testing.T) {
	tests := []struct {
		path string
		n    int
		want string
	}{
		{"Attachments/amara-card.png", 1, "files/attachments/amara-card.png"},
		{"People/Card Photo.JPG", 1, "files/people/card-photo.jpg"},
		{"People/Card Photo.JPG", 2, "files/people/card-photo-2.jpg"},
		{"card.webp", 1, "files/card.webp"},
		{"Notizen/Zoë's Café/Bild 1.jpeg", 1, "files/notizen/zoe-s-cafe/bild-1.jpeg"},
	}
	for _, tc := range tests {
		t.Run(tc.path, func(t *testing.T) {
			if got := Image(tc.path, tc.n); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
	if got := OpaqueFile("files/card.webp", func(s string) string { return "k3v9" }); got != "k3v9" {
		t.Errorf("got %q, want the opaque name alone", got)
	}
}

// TestRoot: the way back to the root is one "../" a folder, whatever the
// depth, "./" at the top.
func TestRoot(t *testing.T) {
	tests := []struct{ addr, want string }{
		{"", "./"},
		{"404.html", "./"},
		{"people/", "../"},
		{"people/dana/", "../../"},
		{"entries/2024/page/2/", "../../../../"},
		{"a/b/c/d/e/f/", "../../../../../../"},
		{"a/b/c/d/e/f/g/h/", "../../../../../../../../"},
	}
	for _, tt := range tests {
		t.Run(tt.addr, func(t *testing.T) {
			if got := Root(tt.addr); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
