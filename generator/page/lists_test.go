package page

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
)

func TestPager(t *testing.T) {
	addr := func(n int) string { return fmt.Sprintf("p%d/", n) }
	link := func(a string) string { return "../" + a }
	tests := []struct {
		name                string
		total, size, n      int
		wantPages, from, to int
		wantPrev, wantNext  string
		wantLinks           string // the labels, "*" on the current one, "…" for a gap
	}{
		{"empty", 0, 10, 1, 1, 0, 0, "", "", ""},
		{"one page", 7, 10, 1, 1, 1, 7, "", "", ""},
		{"exactly one page", 10, 10, 1, 1, 1, 10, "", "", ""},
		{"first of two", 11, 10, 1, 2, 1, 10, "", "../p2/", "1* 2"},
		{"last of two", 11, 10, 2, 2, 11, 11, "../p1/", "", "1 2*"},
		{"middle of many", 100, 10, 5, 10, 41, 50, "../p4/", "../p6/", "1 … 3 4 5* 6 7 … 10"},
		{"start of many", 100, 10, 1, 10, 1, 10, "", "../p2/", "1* 2 3 … 10"},
		{"end of many", 100, 10, 10, 10, 91, 100, "../p9/", "", "1 … 8 9 10*"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newPager(tt.total, tt.size, tt.n, addr, link, nil)
			var labels []string
			for _, l := range p.Links {
				s := l.Label
				if l.Gap {
					s = "… " + s
				}
				if l.Current {
					s += "*"
				}
				if l.Link != link(addr(l.N)) {
					t.Errorf("page %d: got link %q, want %q", l.N, l.Link, link(addr(l.N)))
				}
				labels = append(labels, s)
			}
			got := fmt.Sprintf("%d pages, %d-%d, prev %q next %q, [%s]", p.Pages, p.From, p.To, p.Prev, p.Next, strings.Join(labels, " "))
			want := fmt.Sprintf("%d pages, %d-%d, prev %q next %q, [%s]", tt.wantPages, tt.from, tt.to, tt.wantPrev, tt.wantNext, tt.wantLinks)
			if got != want {
				t.Errorf("got %s, want %s", got, want)
			}
			if p.More() != (tt.wantPages > 1) {
				t.Errorf("got More %v with %d pages", p.More(), tt.wantPages)
			}
		})
	}
}

func TestPageOf(t *testing.T) {
	list := []int{1, 2, 3, 4, 5}
	tests := []struct {
		n    int
		want string
	}{{1, "[1 2]"}, {2, "[3 4]"}, {3, "[5]"}, {4, "[]"}}
	for _, tt := range tests {
		if got := fmt.Sprint(pageOf(list, 2, tt.n)); got != tt.want {
			t.Errorf("page %d: got %s, want %s", tt.n, got, tt.want)
		}
	}
	if got := PageCount(0, 10); got != 1 {
		t.Errorf("PageCount(0, 10): got %d, want 1 (an empty list still has its page)", got)
	}
}

func TestNameRange(t *testing.T) {
	tests := []struct{ first, last, want string }{
		{"Ada", "Cy", "A–C"},
		{"Mara", "Moss", "Ma–Mo"},
		{"Ana", "Ana Lee", "Ana"},
		{"Ana", "Anb", "Ana–Anb"},
		{"Émile", "Zoë", "É–Z"},
	}
	for _, tt := range tests {
		if got := nameRange(tt.first, tt.last); got != tt.want {
			t.Errorf("nameRange(%q, %q): got %q, want %q", tt.first, tt.last, got, tt.want)
		}
	}
}

// peopleJournal returns people with and without orgs and contact, seen
// from 2026-11-29.
func peopleJournal(t *testing.T) fstest.MapFS {
	t.Helper()
	return fstest.MapFS{
		"content/people/ana.md": {Data: []byte("---\nname: Ana Reyes\norg: Zeta\n---\n- 2026-11-01 Coffee #meeting\n")},
		"content/people/ben.md": {Data: []byte("---\nname: Ben Okoro\norg: Acme\n---\n- 2024-03-01 Call #call\n")},
		"content/people/cy.md":  {Data: []byte("---\nname: Cy Tan\n---\n")},
		"content/people/di.md":  {Data: []byte("---\nname: Di Park\norg: Acme\ntags: [design]\nexpertise: [Café culture]\n---\n- 2025-06-01 Lunch #meeting\n")},
	}
}

func TestPeopleIn(t *testing.T) {
	j := giveJournal(t, peopleJournal(t))
	tests := []struct{ order, want string }{
		{ByName, "Ana Reyes, Ben Okoro, Cy Tan, Di Park"},
		{ByContact, "Ana Reyes, Di Park, Ben Okoro, Cy Tan"},
		{ByOrg, "Ben Okoro, Di Park, Ana Reyes, Cy Tan"},
		{Quiet, "Ben Okoro, Di Park, Cy Tan"},
	}
	for _, tt := range tests {
		t.Run(tt.order, func(t *testing.T) {
			var names []string
			for _, p := range PeopleIn(j, tt.order) {
				names = append(names, p.Name)
			}
			if got := strings.Join(names, ", "); got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}

func TestNewPeople(t *testing.T) {
	j := giveJournal(t, peopleJournal(t))
	link := func(a string) string { return "../" + a }
	counts := map[string]int{}
	for _, o := range PeopleOrders {
		counts[o] = len(PeopleIn(j, o))
	}
	v := NewPeople(j, ByOrg, PeopleIn(j, ByOrg), counts, 1, link, nil)
	var groups []string
	for _, g := range v.Groups {
		groups = append(groups, fmt.Sprintf("%s(%s)%d", g.Name, g.Link, len(g.Rows)))
	}
	if got, want := strings.Join(groups, " "), "Acme(../orgs/acme/)2 Zeta(../orgs/zeta/)1 No organisation()1"; got != want {
		t.Errorf("by org: got groups %s, want %s", got, want)
	}
	if v.All != 4 || v.Order != ByOrg || v.Filter != "../people/people.json" || v.Home != "../" {
		t.Errorf("got all %d, order %q, filter %q, home %q", v.All, v.Order, v.Filter, v.Home)
	}
	var tabs []string
	for _, tab := range v.Tabs {
		tabs = append(tabs, fmt.Sprintf("%s %s %d %v", tab.Label, tab.Link, tab.Count, tab.Current))
	}
	want := "Name ../people/ 4 false; Last contact ../people/_contact/ 4 false; Organisation ../people/_org/ 4 true; Not in 12 months ../people/_quiet/ 3 false"
	if got := strings.Join(tabs, "; "); got != want {
		t.Errorf("got tabs %s, want %s", got, want)
	}
	row := NewPeople(j, ByName, j.People, counts, 1, link, nil).Groups[0].Rows[1]
	if row.Name != "Ben Okoro" || row.Link != "../people/ben/" || row.Org != "Acme" || row.Last.String() != "2024-03-01" {
		t.Errorf("got row %+v, want Ben Okoro of Acme, last contact 2024-03-01", row)
	}
	opaque := func(a string) string { return "x" + strings.ReplaceAll(a, "/", "") + "/" }
	if got := NewPeople(j, ByName, j.People, counts, 1, link, opaque).Filter; got != "../xpeople/people.json" {
		t.Errorf("encrypted: got filter %q, want ../xpeople/people.json", got)
	}
}

func TestNewPeoplePaged(t *testing.T) {
	fsys := fstest.MapFS{}
	n := 2*PeoplePerPage + 5
	for i := range n {
		fsys[fmt.Sprintf("content/people/p%04d.md", i)] = note(fmt.Sprintf("P%04d", i))
	}
	j := giveJournal(t, fsys)
	link := func(a string) string { return a }
	tests := []struct {
		n, rows int
		label   string
	}{{1, PeoplePerPage, "P0–P0299"}, {3, 5, "P06–P06"}}
	for _, tt := range tests {
		v := NewPeople(j, ByName, j.People, nil, tt.n, link, nil)
		if got := len(v.Groups[0].Rows); got != tt.rows || v.Pager.Pages != 3 || v.Pager.Total != n {
			t.Errorf("page %d: got %d rows of %d pages, %d in all, want %d of 3, %d", tt.n, got, v.Pager.Pages, v.Pager.Total, tt.rows, n)
		}
		if v.Pager.Links[0].Link != People || v.Pager.Links[1].Link != "people/_name/2/" {
			t.Errorf("got page links %+v, want people/ and people/_name/2/", v.Pager.Links)
		}
	}
}

func TestNewThanksPaged(t *testing.T) {
	fsys := fstest.MapFS{}
	var log strings.Builder
	for i := range ThanksPerPage + 3 {
		fmt.Fprintf(&log, "- 2026-01-%02d Lent me a book %d #received\n", i%28+1, i)
	}
	fsys["content/people/ana.md"] = &fstest.MapFile{Data: []byte("---\nname: Ana\nmet: {via: Ben}\n---\n" + log.String())}
	fsys["content/people/ben.md"] = note("Ben")
	j := giveJournal(t, fsys)
	link := func(a string) string { return "../" + a }
	first, second := NewThanks(j, 1, link), NewThanks(j, 2, link)
	if len(first.Open) != ThanksPerPage || len(second.Open) != 3 || !first.First || second.First {
		t.Errorf("got %d and %d open on pages 1 and 2 (first %v, %v), want %d and 3", len(first.Open), len(second.Open), first.First, second.First, ThanksPerPage)
	}
	if first.Pager.Next != "../thanks/2/" || second.Pager.Prev != "../thanks/" {
		t.Errorf("got next %q and prev %q, want ../thanks/2/ and ../thanks/", first.Pager.Next, second.Pager.Prev)
	}
	if first.Connectors != 1 || first.Connected != "../thanks/connectors/" {
		t.Errorf("got %d connectors at %q, want 1 at ../thanks/connectors/", first.Connectors, first.Connected)
	}
	c := NewConnectors(j, 1, link)
	if len(c.Rows) != 1 || c.Rows[0].Who != "Ben" || fmt.Sprint(c.Rows[0].Introduced) != "[{../people/ana/ Ana}]" {
		t.Errorf("got connectors %+v, want Ben who introduced Ana", c.Rows)
	}
}

func TestNewHomeComingUp(t *testing.T) {
	fsys := fstest.MapFS{
		"kith.yaml":              {Data: []byte("title: Mine\nowner: Sam\n")},
		"content/events/expo.md": {Data: []byte("---\nname: Expo\ndate: 2026-12-20\nlocation: Oslo\npeople: [Ana]\n---\n")},
		"content/events/fair.md": {Data: []byte("---\nname: Fair\ndate: 2026-12-02\n---\n")},
	}
	for i := range HomeBirthdays + 2 {
		fsys[fmt.Sprintf("content/people/p%02d.md", i)] = note(fmt.Sprintf("P%02d", i), fmt.Sprintf("birthday: 1990-12-%02d", i%28+1))
	}
	fsys["content/people/ana.md"] = note("Ana")
	j := giveJournal(t, fsys)
	v := NewHome(j, func(a string) string { return a })
	var events []string
	for _, e := range v.Coming {
		events = append(events, e.Name+" "+e.Link+" "+e.Location)
	}
	if got, want := strings.Join(events, "; "), "Fair events/fair/ ; Expo events/expo/ Oslo"; got != want {
		t.Errorf("got events %q, want %q (soonest first, apart from birthdays)", got, want)
	}
	if v.Birthdays.Total != HomeBirthdays+2 || len(v.Birthdays.Shown) != HomeBirthdays || v.Birthdays.Rest() != 2 {
		t.Errorf("got %d of %d birthdays (%d more), want %d of %d", len(v.Birthdays.Shown), v.Birthdays.Total, v.Birthdays.Rest(), HomeBirthdays, HomeBirthdays+2)
	}
	for _, b := range v.Birthdays.Shown {
		if b.Kind != "birthday" {
			t.Errorf("got %+v among the birthdays", b)
		}
	}
	if v.Title != "Mine" || v.Owner != "Sam" || v.Today != j.Today {
		t.Errorf("got title %q owner %q today %v", v.Title, v.Owner, v.Today)
	}
}

func TestNewPeopleFilter(t *testing.T) {
	j := giveJournal(t, peopleJournal(t))
	rows := NewPeopleFilter(j, strings.ToLower, nil)
	if len(rows) != 4 {
		t.Fatalf("got %d rows, want 4", len(rows))
	}
	di := rows[3]
	if di.Name != "Di Park" || di.Address != "people/di/" || di.Org != "Acme" || di.Last.String() != "2025-06-01" || di.Search != "di park acme  design café culture " {
		t.Errorf("got %+v", di)
	}
}

func TestNewOrgAndTagPaged(t *testing.T) {
	fsys := fstest.MapFS{}
	people, entries := OrgPerPage+3, TagPerPage
	for i := range people {
		fsys[fmt.Sprintf("content/people/p%04d.md", i)] = note(fmt.Sprintf("P%04d", i), "org: Acme", "tags: [x]")
	}
	for i := range entries {
		fsys[fmt.Sprintf("content/entries/e%04d.md", i)] = &fstest.MapFile{Data: []byte(fmt.Sprintf("---\ndate: 2026-01-01\ntitle: E%04d\ntags: [x]\n---\n", i))}
	}
	j := giveJournal(t, fsys)
	link := func(a string) string { return a }
	o1, o2 := NewOrg(j.Orgs[0], 1, link), NewOrg(j.Orgs[0], 2, link)
	if len(o1.People) != OrgPerPage || len(o2.People) != 3 || o2.Pager.Prev != "orgs/acme/" || o1.Pager.Next != "orgs/acme/2/" {
		t.Errorf("org: got %d and %d people, prev %q, next %q", len(o1.People), len(o2.People), o2.Pager.Prev, o1.Pager.Next)
	}
	tag := j.Tags[0]
	if got := TagPages(tag); got != 3 {
		t.Fatalf("tag: got %d pages, want 3", got)
	}
	tests := []struct{ n, people, entries int }{{1, TagPerPage, 0}, {2, 3, TagPerPage - 3}, {3, 0, 3}}
	for _, tt := range tests {
		v := NewTag(tag, tt.n, link)
		if len(v.People) != tt.people || len(v.Entries) != tt.entries || v.AllPeople != people || v.AllEntries != entries {
			t.Errorf("tag page %d: got %d people and %d entries (of %d, %d), want %d and %d", tt.n, len(v.People), len(v.Entries), v.AllPeople, v.AllEntries, tt.people, tt.entries)
		}
	}
}
