package page

import "kith/generator/journal"

// The view of the chrome: the header and footer around every page. It holds
// only what they show, every link already relative, so that a cached header
// is keyed by exactly its data (a Chrome is comparable) and a template that
// prints it cannot reach the model.

// NavLen is the number of sections in the navigation.
const NavLen = 9

// NavItem is one section in the navigation.
type NavItem struct {
	Label   string
	Link    string // relative to the page
	Count   int    // shown as a badge when not 0: open thanks, follow-ups due
	Current bool   // the page belongs to this section
}

// Foot is what the footer shows.
type Foot struct {
	Owner    string       // whose journal it is; "" when kith.yaml names no one
	SeenFrom journal.Date // the day the site is seen from
}

// Chrome is the header and footer of a page.
type Chrome struct {
	Title        string // the site's title
	Home         string // the home page, relative
	Root         string // the way back to the site root
	Nav          [NavLen]NavItem
	Search       string // the search page, relative
	SearchIndex  string // the search index's manifest, relative
	SearchScript string // search.js, relative
	Foot         Foot
}

// NewChrome builds the chrome of the page at the site address addr, whose
// way back to the site root is root and whose links to the fixed pages are
// links. The section a page belongs to is the first part of its address.
func NewChrome(j *journal.Journal, addr, root string, links Links) Chrome {
	section := Section(addr)
	item := func(label, link, sect string, count int) NavItem {
		return NavItem{Label: label, Link: link, Count: count, Current: section == sect}
	}
	return Chrome{
		Title: j.Config.Title,
		Home:  links.Home,
		Root:  root,
		Nav: [NavLen]NavItem{
			item("People", links.People, People, 0),
			item("Entries", links.Entries, Entries, 0),
			item("Events", links.Events, Events, 0),
			item("Thanks", links.Thanks, Thanks, len(j.Favors)),
			item("Follow-ups", links.FollowUps, FollowUps, len(j.Due())),
			item("Give", links.Help, Help, 0),
			item("Network", links.Network, Network, 0),
			item("Orgs", links.Orgs, Orgs, 0),
			item("Tags", links.Tags, Tags, 0),
		},
		Search:       links.Search,
		SearchIndex:  links.SearchIndex,
		SearchScript: root + Asset("search.js"),
		Foot:         Foot{Owner: j.Config.Owner, SeenFrom: j.Today},
	}
}
