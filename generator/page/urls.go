// Package page decides which pages a journal's site has and where each one
// lives. Every address rule of the site is in this file: the sections, the
// address of each person, entry, event, org, tag and year, the entry-year
// clash, the file that holds an address, and the opaque names of the
// encrypted site, applied last. Other packages ask here; none makes a URL.
package page

import (
	"path"
	"strconv"
	"strings"

	"kith/generator/calendar"
	"kith/generator/content"
	"kith/generator/journal"
)

// Site addresses of the pages that are not about one thing. An address is
// relative to the site root; a page's address ends in "/" (its file is
// index.html in that folder), except NotFound.
const (
	Home       = ""
	People     = "people/"
	Entries    = "entries/"
	Events     = "events/"
	Orgs       = "orgs/"
	Tags       = "tags/"
	Thanks     = "thanks/"
	FollowUps  = "follow-ups/"
	Help       = "help/"    // give first: needs, introductions, what you gave
	Network    = "network/" // the introductions graph
	Search     = "search/"  // its index is SearchIndex in the page's folder
	NotFound   = "404.html" // served at any depth, so its links start at "/"
	RobotsFile = "robots.txt"
	Assets     = "_kith/" // the theme's static files
	Files      = "files/" // the images notes embed, copied from the journal
)

// NotFoundRoot is the way back to the site root from the 404 page, which a
// web server may serve at any address.
const NotFoundRoot = "/"

// Person returns the address of a person's page: "people/<slug>/".
func Person(p *journal.Person) string { return People + p.Slug + "/" }

// Entry returns the address of an entry's page: "entries/<slug>/".
func Entry(e *journal.Entry) string { return Entries + e.Slug + "/" }

// Event returns the address of an event's page: "events/<slug>/".
func Event(e *journal.Event) string { return Events + e.Slug + "/" }

// Org returns the address of an organisation's page: "orgs/<slug>/".
func Org(o *journal.Org) string { return Orgs + o.Slug + "/" }

// Tag returns the address of a tag's page: "tags/<slug>/".
func Tag(t *journal.Tag) string { return Tags + t.Slug + "/" }

// Year returns the address of the page of a year's entries:
// "entries/<year>/". Whether that page exists is YearHasPage's rule.
func Year(year int) string { return Entries + strconv.Itoa(year) + "/" }

// YearHasPage reports whether the entries of a year get a page of their
// own: not when an entry's file is named like the year, since that entry
// already has the address "entries/<year>/".
func YearHasPage(j *journal.Journal, year int) bool {
	return j.Entry(strconv.Itoa(year)) == nil
}

// Orders and views of the list of people: by name (People itself), by
// last contact, by organisation, and the people not in touch for a year.
const (
	ByName    = "name"
	ByContact = "contact"
	ByOrg     = "org"
	Quiet     = "quiet"
)

// PeopleOrders are the ways /people/ lists people, in the order its tabs show them.
var PeopleOrders = [...]string{ByName, ByContact, ByOrg, Quiet}

// PeoplePage returns the address of page n (from 1) of the people in an
// order: "people/" for the first page by name, "people/_contact/" and
// "people/_contact/2/" for the others. The folder starts with "_", which no
// person's slug has, so no person's page can take the address.
func PeoplePage(order string, n int) string {
	if order == ByName && n <= 1 {
		return People
	}
	return pageN(People+"_"+order+"/", n)
}

// PeopleFilter is the address of the compact list of every person that the
// filter on /people/ reads: a file in the folder of /people/ as written
// (address maps a page's address; nil keeps it), like SearchIndex.
func PeopleFilter(address func(string) string) string {
	addr := People
	if address != nil {
		addr = address(addr)
	}
	return addr + "people.json"
}

// YearPage returns the address of page n (from 1) of a year's entries:
// Year(year), then "entries/<year>/2/". No entry's page is two folders deep.
func YearPage(year, n int) string { return pageN(Year(year), n) }

// ThanksPage returns the address of page n (from 1) of the open thanks:
// "thanks/", then "thanks/2/".
func ThanksPage(n int) string { return pageN(Thanks, n) }

// Connectors is the page of the people who introduced you to others.
const Connectors = Thanks + "connectors/"

// ConnectorsPage returns the address of page n (from 1) of Connectors.
func ConnectorsPage(n int) string { return pageN(Connectors, n) }

// OrgPage returns the address of page n (from 1) of an organisation's
// people: Org(o), then "orgs/<slug>/2/".
func OrgPage(o *journal.Org, n int) string { return pageN(Org(o), n) }

// TagPage returns the address of page n (from 1) of a tag: Tag(t), then
// "tags/<slug>/2/".
func TagPage(t *journal.Tag, n int) string { return pageN(Tag(t), n) }

// pageN is the address of page n of a list whose first page is first:
// first itself, then first+"<n>/".
func pageN(first string, n int) string {
	if n <= 1 {
		return first
	}
	return first + strconv.Itoa(n) + "/"
}

// Image returns the address of the image at the journal path p, as a plain
// site writes it: under Files, each folder and the name made a slug, the
// extension kept in lower case ("People/Card Photo.JPG" is
// "files/people/card-photo.jpg"). n > 1 tells apart images whose paths make
// the same address: "files/people/card-photo-2.jpg". An encrypted site
// writes the image at an opaque name instead (OpaqueFile).
func Image(p string, n int) string {
	parts := strings.Split(p, "/")
	for i, part := range parts[:len(parts)-1] {
		parts[i] = content.Slug(part)
	}
	name := parts[len(parts)-1]
	ext := path.Ext(name)
	stem := content.Slug(strings.TrimSuffix(name, ext))
	if n > 1 {
		stem += "-" + strconv.Itoa(n)
	}
	parts[len(parts)-1] = stem + strings.ToLower(ext)
	return Files + strings.Join(parts, "/")
}

// Asset returns the address of a theme file, such as "_kith/style.css".
func Asset(name string) string { return Assets + name }

// URL returns the address of anything that has a page: a person, entry,
// event, org, tag, entry year, wikilink target, or an address itself (a
// string). ok is false for something without a page, such as a broken
// wikilink.
func URL(x any) (addr string, ok bool) {
	switch v := x.(type) {
	case string:
		return v, true
	case *journal.Person:
		return Person(v), v != nil
	case *journal.Entry:
		return Entry(v), v != nil
	case *journal.Event:
		return Event(v), v != nil
	case *journal.Org:
		return Org(v), v != nil
	case *journal.Tag:
		return Tag(v), v != nil
	case *journal.EntryYear:
		return Year(v.Year), v != nil
	case journal.LinkTarget:
		switch {
		case v.Person != nil:
			return Person(v.Person), true
		case v.Event != nil:
			return Event(v.Event), true
		case v.Entry != nil:
			return Entry(v.Entry), true
		}
	}
	return "", false
}

// FileName returns the file that holds the page at a site address:
// "people/dana/" is "people/dana/index.html".
func FileName(addr string) string {
	if addr == "" || strings.HasSuffix(addr, "/") {
		return addr + "index.html"
	}
	return addr
}

// Root returns the way back to the site root from the page written at
// addr: "./" for the home page, "../../" for "people/dana/".
func Root(addr string) string {
	n := strings.Count(addr, "/")
	switch {
	case n == 0:
		return "./"
	case 3*n <= len(roots):
		return roots[:3*n] // no string made a page
	}
	return strings.Repeat("../", n)
}

// roots is the way back to the site root from the deepest page of the
// default layout and beyond: Root slices it.
const roots = "../../../../../../"

// Section returns the first part of an address, like "people/", or "" for
// the home page.
func Section(addr string) string {
	if i := strings.IndexByte(addr, '/'); i >= 0 {
		return addr[:i+1]
	}
	return ""
}

// Opaque returns the address an encrypted site writes a page at, applied
// last, after every other rule: the home page stays "" (index.html), every
// other page becomes a folder named by name, a keyed hash of its address,
// such as "people/dana-okafor/" → "k3v9…/".
func Opaque(addr string, name func(string) string) string {
	if addr == "" {
		return ""
	}
	return name(addr) + "/"
}

// SearchIndex returns the file the search index starts at (its manifest):
// index.json in the search page's folder, as written (address maps the
// page's address; nil keeps it), so that the page finds it from its own
// address, opaque or not.
func SearchIndex(address func(string) string) string {
	addr := Search
	if address != nil {
		addr = address(addr)
	}
	return addr + "index.json"
}

// OpaqueFile returns the name an encrypted site writes a file that is not
// a page at (a sealed image): name, a keyed hash of its address, at the
// site root, without the folder and extension that would tell what it is.
func OpaqueFile(addr string, name func(string) string) string { return name(addr) }

// Calendar is the address of the calendar feed.
const Calendar = calendar.FileName

// Links are the addresses of the site's fixed pages as a page links to
// them: relative to its root and through the site's address map (opaque
// names on an encrypted site), so templates print them as they are.
type Links struct {
	Home, People, Entries, Events, Orgs, Tags, Thanks, FollowUps, Help, Network, Calendar string
	Search, SearchIndex                                                                   string
}

// LinksFrom returns the Links of a page whose way back to the site root is
// root. address maps a site address to the one written; nil keeps it.
func LinksFrom(root string, address func(string) string) Links {
	rel := func(addr string) string {
		if address != nil {
			addr = address(addr)
		}
		return root + addr
	}
	return Links{
		Home: rel(Home), People: rel(People), Entries: rel(Entries), Events: rel(Events), Orgs: rel(Orgs),
		Tags: rel(Tags), Thanks: rel(Thanks), FollowUps: rel(FollowUps), Help: rel(Help), Network: rel(Network),
		Calendar: rel(Calendar), Search: rel(Search), SearchIndex: root + SearchIndex(address),
	}
}
