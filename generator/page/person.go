package page

import "kith/generator/journal"

// Link is a link from a page: its relative address and its text.
type Link struct {
	Href, Text string
}

// linker turns anything with a page (URL) into a link from the page that
// link makes site addresses relative to; "" for nil or for what has no page.
func linker(link func(string) string) func(x any) string {
	return func(x any) string {
		u, ok := URL(x)
		if !ok {
			return ""
		}
		return link(u)
	}
}

// tagLinks returns the links to tags' pages, in the given order.
func tagLinks(tags []*journal.Tag, href func(any) string) []Link {
	var out []Link
	for _, t := range tags {
		out = append(out, Link{Href: href(t), Text: t.Name})
	}
	return out
}

// PersonView is what a person's page shows: the note itself (Person: name,
// role, facts, contact, open threads, body) and what the page derives from
// it, with every link relative.
type PersonView struct {
	Person           *journal.Person
	Today            journal.Date   // the day the site is seen from
	OrgLink          string         // the person's organisation's page; "" without one
	Tags             []Link         // the person's tags, as in the note
	IntroducedByLink string         // the page of who introduced them; "" without one
	Timeline         []journal.Year // newest first, by year
	Mentions         []MentionRow   // notes that link to the person, as the model orders them
}

// MentionRow is one note that mentions a person.
type MentionRow struct {
	Note  bool         // a person's note (shown as "Name’s note")
	Date  journal.Date // the entry's date; zero for a person or an event
	Href  string       // the note's page; "" for a mention with no note
	Text  string       // the person's or event's name, or the entry's title
	Dated bool         // an entry: its date is shown
}

// NewPerson builds the view of a person's page; link turns a site address
// into a link from the page.
func NewPerson(j *journal.Journal, p *journal.Person, link func(string) string) PersonView {
	href := linker(link)
	v := PersonView{
		Person:   p,
		Today:    j.Today,
		Tags:     tagLinks(p.Tags, href),
		Timeline: j.Timeline(p),
	}
	if p.Org != nil {
		v.OrgLink = href(p.Org)
	}
	if p.IntroducedBy != nil {
		v.IntroducedByLink = href(p.IntroducedBy)
	}
	for _, m := range p.Mentions {
		var r MentionRow
		switch {
		case m.Person != nil:
			r = MentionRow{Note: true, Href: href(m.Person), Text: m.Person.Name}
		case m.Entry != nil:
			r = MentionRow{Dated: true, Date: m.Entry.Date, Href: href(m.Entry), Text: m.Entry.Title}
		case m.Event != nil:
			r = MentionRow{Href: href(m.Event), Text: m.Event.Name}
		}
		v.Mentions = append(v.Mentions, r)
	}
	return v
}
