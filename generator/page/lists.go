package page

import (
	"strings"

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

// OrgView is what an organisation's page shows.
type OrgView struct {
	Org    *journal.Org
	People []PersonRow // as the model orders them
}

// NewOrg builds the view of an organisation's page; link turns a site
// address into a link from the page.
func NewOrg(o *journal.Org, link func(string) string) OrgView {
	return OrgView{Org: o, People: personRows(o.People, linker(link))}
}

// TagView is what a tag's page shows.
type TagView struct {
	Tag     *journal.Tag
	People  []PersonRow      // people with the tag, as the model orders them
	Entries []*journal.Entry // entries with the tag, as the model orders them
}

// NewTag builds the view of a tag's page; link turns a site address into a
// link from the page.
func NewTag(t *journal.Tag, link func(string) string) TagView {
	return TagView{Tag: t, People: personRows(t.People, linker(link)), Entries: t.Entries}
}

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

// PeopleRow is one person on /people/: a PersonRow and the text the page's
// filter matches.
type PeopleRow struct {
	PersonRow
	Search string // lower-case name, aliases, org, role, tags, expertise and location
}

// PeopleView is what /people/ shows.
type PeopleView struct {
	Today  journal.Date // the day the site is seen from
	People []PeopleRow  // as the model orders them
}

// NewPeople builds the view of /people/; link turns a site address into a
// link from the page.
func NewPeople(j *journal.Journal, link func(string) string) PeopleView {
	v := PeopleView{Today: j.Today}
	for _, r := range personRows(j.People, linker(link)) {
		v.People = append(v.People, PeopleRow{PersonRow: r, Search: searchText(r.Person)})
	}
	return v
}

// searchText is what the /people/ filter matches a person by: every word
// lower-case, tags as written.
func searchText(p *journal.Person) string {
	var b strings.Builder
	word := func(s string) {
		b.WriteString(s)
		b.WriteByte(' ')
	}
	word(strings.ToLower(p.Name))
	for _, a := range p.Aliases {
		word(strings.ToLower(a.Text))
	}
	word(strings.ToLower(p.Person.Org))
	word(strings.ToLower(p.Role))
	for _, t := range p.Person.Tags {
		word(t)
	}
	for _, e := range p.Expertise {
		word(strings.ToLower(e))
	}
	b.WriteString(strings.ToLower(p.Location))
	return b.String()
}

// EntriesYearView is what a year's page of entries (/entries/<year>/) shows.
type EntriesYearView struct {
	Year    int
	Entries []*journal.Entry // newest first
}

// NewEntriesYear builds the view of a year's page of entries.
func NewEntriesYear(y *journal.EntryYear) EntriesYearView {
	return EntriesYearView{Year: y.Year, Entries: y.Entries}
}
