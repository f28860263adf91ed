package page

import (
	"context"
	"fmt"
	"io/fs"
	"testing"
	"testing/fstest"

	"kith/generator/content"
	"kith/generator/journal"
)

// linked loads the notes of fsys and links them into a journal seen from
// 2026-11-23; a problem of the journal's fails the test.
func linked(t testing.TB, fsys fs.FS) *journal.Journal {
	t.Helper()
	set, err := content.Load(context.Background(), fsys)
	if err != nil {
		t.Fatal(err)
	}
	j := journal.Build(set, journal.Options{Today: content.Date{Year: 2026, Month: 11, Day: 23}})
	if errs := j.Problems.Errors(); len(errs) > 0 {
		t.Fatal(errs)
	}
	return j
}

// entriesJournal returns a journal with n entries, one a day from 2020-01-01.
func entriesJournal(t *testing.T, n int) *journal.Journal {
	t.Helper()
	fsys := fstest.MapFS{"kith.yaml": {Data: []byte("title: Test\n")}}
	d := content.Date{Year: 2020, Month: 1, Day: 1}
	for i := range n {
		day := d.AddDays(i)
		fsys[fmt.Sprintf("content/entries/%d/%s-call-%d.md", day.Year, day, i)] = &fstest.MapFile{Data: []byte(fmt.Sprintf("---\ndate: %s\n---\nCall.\n", day))}
	}
	return linked(t, fsys)
}

func TestCut(t *testing.T) {
	tests := []struct {
		name      string
		list      []int
		n, shown  int
		wantMore  bool
		wantTotal int
	}{
		{"empty", nil, 5, 0, false, 0},
		{"shorter", []int{1, 2}, 5, 2, false, 2},
		{"exact", []int{1, 2, 3, 4, 5}, 5, 5, false, 5},
		{"longer", []int{1, 2, 3, 4, 5, 6}, 5, 5, true, 6},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := cut(tt.list, tt.n)
			if len(c.Shown) != tt.shown || c.Total != tt.wantTotal || c.More() != tt.wantMore {
				t.Errorf("got %d shown of %d, more %v, want %d of %d, more %v", len(c.Shown), c.Total, c.More(), tt.shown, tt.wantTotal, tt.wantMore)
			}
		})
	}
}

func TestNewEntries(t *testing.T) {
	link := func(addr string) string { return "../" + addr }
	tests := []struct {
		name       string
		entries    int
		wantAll    bool
		wantLatest int
	}{
		{"few lists all", 12, true, 0},
		{"at the limit lists all", EntriesListAll, true, 0},
		{"past the limit lists the latest", EntriesListAll + 1, false, EntriesLatest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := NewEntries(entriesJournal(t, tt.entries), link)
			if v.All != tt.wantAll || len(v.Latest) != tt.wantLatest || v.Total != tt.entries {
				t.Errorf("got all %v, %d latest, total %d, want %v, %d, %d", v.All, len(v.Latest), v.Total, tt.wantAll, tt.wantLatest, tt.entries)
			}
			if len(v.Years) == 0 || v.Years[0].Link != "../"+Year(v.Years[0].Year) {
				t.Errorf("got years %+v, want the newest first with its link", v.Years)
			}
		})
	}
}

func TestNewHomeCuts(t *testing.T) {
	j := entriesJournal(t, 20)
	v := NewHome(j, func(addr string) string { return addr })
	if len(v.Recent) != HomeEntries || v.Entries != 20 || v.UpcomingDays != UpcomingDays {
		t.Errorf("got %d recent of %d, %d days, want %d of 20, %d days", len(v.Recent), v.Entries, v.UpcomingDays, HomeEntries, UpcomingDays)
	}
	if v.Recent[0] != j.Entries[0] {
		t.Errorf("got %s first, want the newest entry %s", v.Recent[0].Slug, j.Entries[0].Slug)
	}
}

// viewJournal returns a small journal with a person who has an org, a tag,
// an introducer and mentions, and an entry at an event with a tag.
func viewJournal(t *testing.T) *journal.Journal {
	t.Helper()
	fsys := fstest.MapFS{
		"kith.yaml":                     {Data: []byte("title: Test\n")},
		"content/people/dana.md":        {Data: []byte("---\nname: Dana Okafor\norg: Acme\ntags: [design]\nmet:\n  via: Lee Park\n---\n- 2026-01-05 Coffee #meeting\n")},
		"content/events/expo.md":        {Data: []byte("---\nname: Expo\ndate: 2026-02-01\npeople: [Dana Okafor]\n---\n")},
		"content/people/lee.md":         {Data: []byte("---\nname: Lee Park\n---\nKnows [[Dana Okafor]].\n")},
		"content/entries/2026/lunch.md": {Data: []byte("---\ntitle: Lunch\ndate: 2026-02-01\nevent: Expo\ntags: [food]\npeople: [Dana Okafor]\n---\nLunch with [[Dana Okafor]].\n")},
	}
	return linked(t, fsys)
}

func TestNewPerson(t *testing.T) {
	j := viewJournal(t)
	dana := j.People[0]
	if dana.Name != "Dana Okafor" {
		t.Fatalf("got first person %q, want Dana Okafor", dana.Name)
	}
	v := NewPerson(j, dana, func(addr string) string { return "../../" + addr })
	if got, want := v.OrgLink, "../../orgs/acme/"; got != want {
		t.Errorf("got org link %q, want %q", got, want)
	}
	if got, want := v.IntroducedByLink, "../../people/lee/"; got != want {
		t.Errorf("got introduced-by link %q, want %q", got, want)
	}
	if len(v.Tags) != 1 || v.Tags[0] != (Link{Href: "../../tags/design/", Text: "design"}) {
		t.Errorf("got tags %+v, want one link to design", v.Tags)
	}
	if got, want := len(v.Timeline), len(j.Timeline(dana)); got != want {
		t.Errorf("got %d timeline years, want %d", got, want)
	}
	var got []MentionRow
	for _, m := range v.Mentions {
		m.Date = content.Date{}
		got = append(got, m)
	}
	want := []MentionRow{
		{Note: true, Href: "../../people/lee/", Text: "Lee Park"},
		{Dated: true, Href: "../../entries/lunch/", Text: "Lunch"},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("got mentions %+v, want %+v", got, want)
	}
}

func TestNewEntry(t *testing.T) {
	j := viewJournal(t)
	v := NewEntry(j.Entries[0], func(addr string) string { return "../" + addr })
	if v.Entry != j.Entries[0] {
		t.Errorf("got entry %v, want %v", v.Entry, j.Entries[0])
	}
	if got, want := v.EventLink, "../events/expo/"; got != want {
		t.Errorf("got event link %q, want %q", got, want)
	}
	if got, want := fmt.Sprint(v.Tags), fmt.Sprint([]Link{{Href: "../tags/food/", Text: "food"}}); got != want {
		t.Errorf("got tags %s, want %s", got, want)
	}
	if v := NewEntry(&journal.Entry{Entry: &content.Entry{}}, func(a string) string { return a }); v.EventLink != "" || v.Tags != nil {
		t.Errorf("got %+v for an entry without event or tags, want no links", v)
	}
}

func TestNewEvent(t *testing.T) {
	j := viewJournal(t)
	ev := j.Events[0]
	v := NewEvent(j, ev, func(addr string) string { return "../../" + addr })
	if got, want := fmt.Sprint(v.Attendees), fmt.Sprint([]Attendee{{Person: j.People[0], Link: "../../people/dana/"}}); got != want {
		t.Errorf("got attendees %s, want %s", got, want)
	}
	if !v.Past || v.Today != j.Today {
		t.Errorf("got past %v today %v, want past (2026-02-01 before %v)", v.Past, v.Today, j.Today)
	}
	tests := []struct {
		name      string
		date, end content.Date
		today     content.Date
		wantPast  bool
	}{
		{"before", content.Date{Year: 2026, Month: 1, Day: 1}, content.Date{}, content.Date{Year: 2026, Month: 1, Day: 2}, true},
		{"today", content.Date{Year: 2026, Month: 1, Day: 2}, content.Date{}, content.Date{Year: 2026, Month: 1, Day: 2}, false},
		{"ends today", content.Date{Year: 2026, Month: 1, Day: 1}, content.Date{Year: 2026, Month: 1, Day: 2}, content.Date{Year: 2026, Month: 1, Day: 2}, false},
		{"ended", content.Date{Year: 2025, Month: 12, Day: 30}, content.Date{Year: 2026, Month: 1, Day: 1}, content.Date{Year: 2026, Month: 1, Day: 2}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := &journal.Event{Event: &content.Event{Date: tt.date, End: tt.end}}
			v := NewEvent(&journal.Journal{Today: tt.today}, e, func(a string) string { return a })
			if v.Past != tt.wantPast {
				t.Errorf("got past %v, want %v", v.Past, tt.wantPast)
			}
		})
	}
}

func TestListViews(t *testing.T) {
	j := viewJournal(t)
	link := func(addr string) string { return "../" + addr }
	dana := j.People[0]
	danaRow := PersonRow{Person: dana, Link: "../people/dana/", OrgLink: "../orgs/acme/", Tags: []Link{{Href: "../tags/design/", Text: "design"}}}
	tests := []struct {
		name      string
		got, want any
	}{
		{"org", NewOrg(j.Orgs[0], 1, link), OrgView{Org: j.Orgs[0], People: []PersonRow{danaRow}, Pager: Pager{N: 1, Pages: 1, From: 1, To: 1, Total: 1}}},
		{"orgs", NewOrgs(j, link), OrgsView{Orgs: []OrgRow{{Name: "Acme", Link: "../orgs/acme/", People: 1}}}},
		{"tags", NewTags(j, link), TagsView{Tags: []TagRow{{Name: "design", Link: "../tags/design/", Notes: 1}, {Name: "food", Link: "../tags/food/", Notes: 1}}}},
		{"year", NewEntriesYear(j.EntryYears[0], 1, link), EntriesYearView{Year: 2026, Total: 1, Entries: j.Entries, Pager: Pager{N: 1, Pages: 1, From: 1, To: 1, Total: 1}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, want := fmt.Sprintf("%+v", tt.got), fmt.Sprintf("%+v", tt.want); got != want {
				t.Errorf("got %s, want %s", got, want)
			}
		})
	}
	tag := NewTag(j.Tags[1], 1, link)
	if tag.Tag != j.Tags[1] || len(tag.People) != 0 || len(tag.Entries) != 1 || tag.Entries[0] != j.Entries[0] {
		t.Errorf("got tag view %+v, want food with one entry and no people", tag)
	}
}

func TestSearchText(t *testing.T) {
	p := &journal.Person{Person: &content.Person{
		Name: "José ÁLVAREZ", Aliases: []content.Ref{{Text: "Pepe"}}, Org: "ACME", Role: "CTO",
		Tags: []string{"Design"}, Expertise: []string{"Go", "SQL"}, Location: "Madrid",
	}}
	if got, want := searchText(p), "José ÁLVAREZ Pepe ACME CTO Design Go SQL Madrid"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
