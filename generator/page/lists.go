package page

import (
	"slices"
	"strconv"
	"strings"
	"unicode"

	"kith/generator/journal"
)

// PersonRow is one person in a list of people (an org's, a tag's, /people/),
// with the links the row shows, relative.
type PersonRow struct {
	Person  *journal.Person
	Link    string // the person's page
	OrgLink string // their organisation's page; "" without one
	Tags    []Link // their tags, as in the note
}

// personRows returns the rows of people, in the given order.
func personRows(people []*journal.Person, href func(any) string) []PersonRow {
	out := make([]PersonRow, 0, len(people))
	for _, p := range people {
		r := PersonRow{Person: p, Link: href(p), Tags: tagLinks(p.Tags, href)}
		if p.Org != nil {
			r.OrgLink = href(p.Org)
		}
		out = append(out, r)
	}
	return out
}

// OrgView is what a page of an organisation's people shows.
type OrgView struct {
	Org    *journal.Org
	People []PersonRow // this page's, as the model orders them
	Pager  Pager
}

// NewOrg builds the view of page n (from 1) of an organisation's people;
// link turns a site address into a link from the page.
func NewOrg(o *journal.Org, n int, link func(string) string) OrgView {
	return OrgView{Org: o, People: personRows(pageOf(o.People, OrgPerPage, n), linker(link)),
		Pager: newPager(len(o.People), OrgPerPage, n, func(i int) string { return OrgPage(o, i) }, link, nil)}
}

// TagView is what a page of a tag shows: its people, then its entries,
// paged as one list.
type TagView struct {
	Tag                   *journal.Tag
	People                []PersonRow      // this page's people with the tag, as the model orders them
	Entries               []*journal.Entry // this page's entries with the tag, as the model orders them
	AllPeople, AllEntries int
	Pager                 Pager
}

// NewTag builds the view of page n (from 1) of a tag: the people with it
// first, then its entries, TagPerPage rows a page; link turns a site
// address into a link from the page.
func NewTag(t *journal.Tag, n int, link func(string) string) TagView {
	people, entries := len(t.People), len(t.Entries)
	lo, hi := min((n-1)*TagPerPage, people+entries), min(n*TagPerPage, people+entries)
	return TagView{Tag: t, AllPeople: people, AllEntries: entries,
		People:  personRows(t.People[min(lo, people):min(hi, people)], linker(link)),
		Entries: t.Entries[max(lo-people, 0):max(hi-people, 0)],
		Pager:   newPager(people+entries, TagPerPage, n, func(i int) string { return TagPage(t, i) }, link, nil)}
}

// TagPages returns how many pages a tag has.
func TagPages(t *journal.Tag) int { return PageCount(len(t.People)+len(t.Entries), TagPerPage) }

// OrgRow is one organisation on /orgs/.
type OrgRow struct {
	Name   string
	Link   string
	People int // how many people belong to it
}

// OrgsView is what /orgs/ shows.
type OrgsView struct {
	Orgs []OrgRow // as the model orders them
}

// NewOrgs builds the view of /orgs/; link turns a site address into a link
// from the page.
func NewOrgs(j *journal.Journal, link func(string) string) OrgsView {
	href := linker(link)
	var v OrgsView
	for _, o := range j.Orgs {
		v.Orgs = append(v.Orgs, OrgRow{Name: o.Name, Link: href(o), People: len(o.People)})
	}
	return v
}

// TagRow is one tag on /tags/.
type TagRow struct {
	Name  string
	Link  string
	Notes int // how many people and entries have it
}

// TagsView is what /tags/ shows.
type TagsView struct {
	Tags []TagRow // as the model orders them
}

// NewTags builds the view of /tags/; link turns a site address into a link
// from the page.
func NewTags(j *journal.Journal, link func(string) string) TagsView {
	href := linker(link)
	var v TagsView
	for _, t := range j.Tags {
		v.Tags = append(v.Tags, TagRow{Name: t.Name, Link: href(t), Notes: len(t.People) + len(t.Entries)})
	}
	return v
}

// Page sizes of the paged lists. Each bounds a page's bytes: measured on the
// 2,000-person / 20,000-entry synthetic journal (docs/architecture.md,
// "Lists that scale"), a page holds about 250 bytes a person, 330 an entry
// row, 480 an open favour, so each page stays near 100 KB, far under the
// 250 KB bar, with room for long names and many people per entry.
const (
	PeoplePerPage     = 200
	EntriesPerPage    = 300
	ThanksPerPage     = 200
	ConnectorsPerPage = 200
	OrgPerPage        = 200 // people on a page of an organisation
	TagPerPage        = 200 // people and entries on a page of a tag
	QuietDays         = 365 // "not in 12 months": no contact in this many days
	pagerNear         = 2   // the pager links the pages this near the current one, and the first and last
)

// Pager is where a page sits in a paged list, with links to the others.
type Pager struct {
	N, Pages        int        // this page (from 1) and how many there are
	From, To, Total int        // the items shown (from 1, inclusive) and how many in all
	Prev, Next      string     // links to the pages before and after; "" at the ends
	Links           []PageLink // the first and last page and those near this one
}

// PageLink is one page of a paged list.
type PageLink struct {
	N       int
	Label   string // "2", or a range of names ("Ad–Br")
	Link    string
	Current bool
	Gap     bool // pages are left out before this one
}

// More reports whether the list has more than one page.
func (p Pager) More() bool { return p.Pages > 1 }

// PageCount returns how many pages a list of total items takes at size a
// page: at least one, so that an empty list still has its page.
func PageCount(total, size int) int { return max(1, (total+size-1)/size) }

// pageOf returns the items of page n (from 1) of list.
func pageOf[T any](list []T, size, n int) []T {
	lo := min((n-1)*size, len(list))
	return list[lo:min(lo+size, len(list))]
}

// newPager returns the pager of page n of a list of total items at size a
// page; addr is the address of each page, link makes it relative, label
// names the page of items from..to (indexes, inclusive; nil numbers it).
func newPager(total, size, n int, addr func(int) string, link func(string) string, label func(from, to int) string) Pager {
	p := Pager{N: n, Pages: PageCount(total, size), Total: total}
	if total > 0 {
		p.From, p.To = (n-1)*size+1, min(n*size, total)
	}
	if n > 1 {
		p.Prev = link(addr(n - 1))
	}
	if n < p.Pages {
		p.Next = link(addr(n + 1))
	}
	if p.Pages == 1 {
		return p
	}
	last := 0
	for i := 1; i <= p.Pages; i++ {
		if i != 1 && i != p.Pages && (i < n-pagerNear || i > n+pagerNear) {
			continue
		}
		l := PageLink{N: i, Label: strconv.Itoa(i), Link: link(addr(i)), Current: i == n, Gap: last > 0 && i > last+1}
		if label != nil {
			l.Label = label((i-1)*size, min(i*size, total)-1)
		}
		p.Links = append(p.Links, l)
		last = i
	}
	return p
}

// PeopleRow is one line of /people/: a person, their organisation and when
// you last spoke.
type PeopleRow struct {
	Name, Link string
	Org        string       // "" without one
	Last       journal.Date // zero: no contact yet
}

// PeopleGroup is a run of rows under one heading: the organisation when
// /people/ is ordered by it, else one group without a heading.
type PeopleGroup struct {
	Name, Link string // the heading and its link; "" for none
	Rows       []PeopleRow
}

// PeopleTab is one order or view of /people/.
type PeopleTab struct {
	Label, Link string
	Current     bool
	Count       int // people it lists
}

// PeopleView is what a page of /people/ shows: one order or view, one page
// of it.
type PeopleView struct {
	Order  string      // ByName, ByContact, ByOrg or Quiet
	Tabs   []PeopleTab // every order, the current one marked
	Lede   string      // what the order is, in words
	All    int         // people in the journal
	Groups []PeopleGroup
	Pager  Pager
	Filter string // the link to the filter's list of every person (PeopleFilter)
	Home   string // the link to the site root, which the filter's addresses start from
}

// peopleLabels are the tabs of /people/ and what each lists.
var peopleLabels = map[string][2]string{
	ByName:    {"Name", "Everyone, by name."},
	ByContact: {"Last contact", "Everyone, the most recent contact first."},
	ByOrg:     {"Organisation", "Everyone, by organisation."},
	Quiet:     {"Not in 12 months", "People you have not been in touch with for a year or more, the longest first."},
}

// PeopleIn returns the people of the journal in an order of /people/
// (PeopleOrders): by name (the model's order), by last contact (latest
// first, no contact last), by organisation (by its name, no organisation
// last), or only those quiet for QuietDays (longest first, no contact last).
// Ties keep the order by name.
func PeopleIn(j *journal.Journal, order string) []*journal.Person {
	people := slices.Clone(j.People)
	switch order {
	case ByContact:
		slices.SortStableFunc(people, func(a, b *journal.Person) int { return b.LastContact.Compare(a.LastContact) })
	case ByOrg:
		slices.SortStableFunc(people, func(a, b *journal.Person) int {
			switch {
			case a.Org == nil && b.Org == nil:
				return 0
			case a.Org == nil:
				return 1
			case b.Org == nil:
				return -1
			}
			if n := strings.Compare(strings.ToLower(a.Org.Name), strings.ToLower(b.Org.Name)); n != 0 {
				return n
			}
			return strings.Compare(a.Org.Slug, b.Org.Slug)
		})
	case Quiet:
		since := j.Today.AddDays(-QuietDays)
		people = slices.DeleteFunc(people, func(p *journal.Person) bool { return p.LastContact.After(since) })
		slices.SortStableFunc(people, func(a, b *journal.Person) int {
			switch {
			case a.LastContact.IsZero() && b.LastContact.IsZero():
				return 0
			case a.LastContact.IsZero():
				return 1
			case b.LastContact.IsZero():
				return -1
			}
			return a.LastContact.Compare(b.LastContact)
		})
	}
	return people
}

// NewPeople builds the view of page n (from 1) of /people/ in an order
// (PeopleOrders), listing people, which PeopleIn returned for it; counts
// has the length of each order's list. link turns a site address into a
// link from the page; address maps a site address to the one written (nil
// keeps it).
func NewPeople(j *journal.Journal, order string, people []*journal.Person, counts map[string]int, n int, link, address func(string) string) PeopleView {
	href := linker(link)
	v := PeopleView{Order: order, Lede: peopleLabels[order][1], All: len(j.People), Home: link(Home)}
	v.Filter = v.Home + PeopleFilter(address)
	for _, o := range PeopleOrders {
		v.Tabs = append(v.Tabs, PeopleTab{Label: peopleLabels[o][0], Link: link(PeoplePage(o, 1)), Current: o == order, Count: counts[o]})
	}
	var label func(from, to int) string
	if order == ByName {
		label = func(from, to int) string { return nameRange(people[from].Name, people[to].Name) }
	}
	v.Pager = newPager(len(people), PeoplePerPage, n, func(i int) string { return PeoplePage(order, i) }, link, label)
	var g *PeopleGroup
	for _, p := range pageOf(people, PeoplePerPage, n) {
		r := PeopleRow{Name: p.Name, Link: href(p), Last: p.LastContact}
		if p.Org != nil && order != ByOrg { // by organisation, the heading names it
			r.Org = p.Org.Name
		}
		if g == nil || order == ByOrg && g.Name != groupName(p) {
			v.Groups = append(v.Groups, PeopleGroup{})
			g = &v.Groups[len(v.Groups)-1]
			if order == ByOrg {
				g.Name = groupName(p)
				if p.Org != nil {
					g.Link = href(p.Org)
				}
			}
		}
		g.Rows = append(g.Rows, r)
	}
	return v
}

// groupName is the heading a person is listed under when /people/ is
// ordered by organisation.
func groupName(p *journal.Person) string {
	if p.Org == nil {
		return "No organisation"
	}
	return p.Org.Name
}

// nameRange labels a page of people by name: the first letters of its first
// and last names, as many as tell them apart ("A–C", "Ma–Mo").
func nameRange(first, last string) string {
	a, b := []rune(first), []rune(last)
	n := 1
	for n < len(a) && n < len(b) && unicode.ToLower(a[n-1]) == unicode.ToLower(b[n-1]) {
		n++
	}
	head := func(r []rune) string { return string(r[:min(n, len(r))]) }
	if head(a) == head(b) {
		return head(a)
	}
	return head(a) + "–" + head(b)
}

// PeopleFilterRow is one person in the filter's list (PeopleFilter): what
// the row shows, the address of their page from the site root, and the
// text the filter matches, folded.
type PeopleFilterRow struct {
	Name, Address, Org string
	Last               journal.Date
	Search             string
}

// NewPeopleFilter returns the filter's list of every person, by name.
// fold folds a text as the search does (lower case, accents removed); the
// filter folds what is typed the same way. address maps a site address to
// the one written (nil keeps it).
func NewPeopleFilter(j *journal.Journal, fold func(string) string, address func(string) string) []PeopleFilterRow {
	out := make([]PeopleFilterRow, 0, len(j.People))
	for _, p := range j.People {
		r := PeopleFilterRow{Name: p.Name, Address: Person(p), Last: p.LastContact, Search: fold(searchText(p))}
		if address != nil {
			r.Address = address(r.Address)
		}
		if p.Org != nil {
			r.Org = p.Org.Name
		}
		out = append(out, r)
	}
	return out
}

// searchText is what the /people/ filter matches a person by: name,
// aliases, org, role, tags, expertise and location.
func searchText(p *journal.Person) string {
	var b strings.Builder
	word := func(s string) {
		b.WriteString(s)
		b.WriteByte(' ')
	}
	word(p.Name)
	for _, a := range p.Aliases {
		word(a.Text)
	}
	word(p.Person.Org)
	word(p.Role)
	for _, t := range p.Person.Tags {
		word(t)
	}
	for _, e := range p.Expertise {
		word(e)
	}
	b.WriteString(p.Location)
	return b.String()
}

// EntriesYearView is what a page of a year's entries (/entries/<year>/)
// shows.
type EntriesYearView struct {
	Year    int
	Total   int              // entries in the year
	Entries []*journal.Entry // this page's, newest first
	Pager   Pager
}

// NewEntriesYear builds the view of page n (from 1) of a year's entries;
// link turns a site address into a link from the page.
func NewEntriesYear(y *journal.EntryYear, n int, link func(string) string) EntriesYearView {
	return EntriesYearView{Year: y.Year, Total: len(y.Entries), Entries: pageOf(y.Entries, EntriesPerPage, n),
		Pager: newPager(len(y.Entries), EntriesPerPage, n, func(i int) string { return YearPage(y.Year, i) }, link, nil)}
}
