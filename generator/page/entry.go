package page

import "kith/generator/journal"

// EntryView is what an entry's page shows: the entry itself (date, kind,
// title, people, favours, body) and its links, relative.
type EntryView struct {
	Entry     *journal.Entry
	EventLink string // the page of the event it was logged at; "" without one
	Tags      []Link // the entry's tags, as in the note
	People    []Chip // the people it is with, as in the note
}

// NewEntry builds the view of an entry's page; link turns a site address
// into a link from the page.
func NewEntry(e *journal.Entry, link func(string) string) EntryView {
	href := linker(link)
	v := EntryView{Entry: e, Tags: tagLinks(e.Tags, href)}
	if len(e.People) > 0 {
		v.People = chips(e.People, href)
	}
	if e.Event != nil {
		v.EventLink = href(e.Event)
	}
	return v
}
