package page

import (
	"testing"
	"testing/fstest"

	"kith/generator/content"
	"kith/generator/journal"
)

func TestNewChrome(t *testing.T) {
	j := viewJournal(t)
	tests := []struct {
		name, addr, root string
		wantCurrent      string // the label marked current, or ""
	}{
		{"home", Home, "./", ""},
		{"people index", People, "../", "People"},
		{"a person", "people/dana/", "../../", "People"},
		{"an entry year", Year(2026), "../../", "Entries"},
		{"give first", Help, "../", "Give"},
		{"search", Search, "../", ""},
		{"not found", NotFound, NotFoundRoot, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := NewChrome(j, tt.addr, tt.root, LinksFrom(tt.root, nil))
			if c.Title != "Test" || c.Root != tt.root || c.Home != tt.root {
				t.Errorf("got title %q root %q home %q, want Test, %q, %q", c.Title, c.Root, c.Home, tt.root, tt.root)
			}
			current := ""
			for _, n := range c.Nav {
				if n.Label == "" || n.Link == "" {
					t.Errorf("got an empty nav item %+v", n)
				}
				if n.Current {
					if current != "" {
						t.Errorf("got %s and %s both current", current, n.Label)
					}
					current = n.Label
				}
			}
			if current != tt.wantCurrent {
				t.Errorf("got current %q, want %q", current, tt.wantCurrent)
			}
			if got, want := c.Nav[0].Link, tt.root+People; got != want {
				t.Errorf("got people link %q, want %q", got, want)
			}
			if got, want := c.SearchScript, tt.root+"_kith/search.js"; got != want {
				t.Errorf("got search script %q, want %q", got, want)
			}
			if c.Foot != (Foot{SeenFrom: j.Today}) {
				t.Errorf("got foot %+v, want no owner and seen from %v", c.Foot, j.Today)
			}
		})
	}
}

// TestChromeCounts checks the badges: open thanks and follow-ups due, and
// that the chrome is a comparable value equal for pages that show the same.
func TestChromeCounts(t *testing.T) {
	fsys := fstest.MapFS{
		"kith.yaml":              {Data: []byte("title: T\nowner: Rosa\n")},
		"content/people/dana.md": {Data: []byte("---\nname: Dana\nkeep_in_touch: 1m\n---\n- 2026-01-05 Lent me a camera #received\n")},
	}
	j := linked(t, fsys)
	a := NewChrome(j, "people/dana/", "../../", LinksFrom("../../", nil))
	counts := map[string]int{}
	for _, n := range a.Nav {
		counts[n.Label] = n.Count
	}
	if counts["Thanks"] != len(j.Favors) || counts["Follow-ups"] != len(j.Due()) || len(j.Favors) != 1 || len(j.Due()) != 1 {
		t.Errorf("got counts %v, want Thanks 1 and Follow-ups 1 (favors %d, due %d)", counts, len(j.Favors), len(j.Due()))
	}
	if a.Foot.Owner != "Rosa" {
		t.Errorf("got owner %q, want Rosa", a.Foot.Owner)
	}
	if b := NewChrome(j, "people/lee/", "../../", LinksFrom("../../", nil)); a != b {
		t.Errorf("two pages of one section and depth: got chromes %+v and %+v, want them equal", a, b)
	}
	if b := NewChrome(j, "entries/lunch/", "../../", LinksFrom("../../", nil)); a == b {
		t.Error("pages of two sections: got equal chromes, want the current section to differ")
	}
}

func TestNewAttendee(t *testing.T) {
	p := &journal.Person{Person: &content.Person{
		Name: "Samira Haddad", Aliases: []content.Ref{{Text: "Sam"}, {Text: "Sami"}},
		Contact: content.Contact{Phone: "+45 1234", Email: "sam@example.org"},
	}}
	tests := []struct {
		name     string
		birthday content.Birthday
		want     string
	}{
		{"no birthday", content.Birthday{}, ""},
		{"day and month", content.Birthday{Month: 12, Day: 4}, "4 December"},
		{"with the year", content.Birthday{Year: 1990, Month: 2, Day: 29}, "29 February 1990"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p.Birthday = tt.birthday
			a := newAttendee(p, "../x/")
			if a.Birthday != tt.want || a.Aliases != "Sam, Sami" || a.Phone != "+45 1234" || a.Email != "sam@example.org" || a.Link != "../x/" {
				t.Errorf("got %+v, want birthday %q, aliases Sam, Sami, the phone, email and link", a, tt.want)
			}
		})
	}
}

func TestNewEvents(t *testing.T) {
	j := viewJournal(t)
	v := NewEvents(j, func(addr string) string { return "../" + addr })
	if len(v.Upcoming) != 0 || len(v.Past) != 1 || v.Past[0].Link != "../events/expo/" || v.Past[0].Name != "Expo" || v.Today != j.Today {
		t.Errorf("got %+v, want Expo past with link ../events/expo/", v)
	}
}
