package page

import (
	"kith/generator/content"
	"kith/generator/journal"
)

// ThanksRow is a thank-you given.
type ThanksRow struct {
	Who, Link string
	What      string // the entry's words as they are, or a log line's without kith's labels
	Markdown  bool   // What is a log line, Markdown
	Date      journal.Date
	Entry     Link // the entry it is on; empty for a log line
}

// ThanksView is what a page of /thanks/ shows: a page of the open favours,
// oldest first, and on the first page the connectors' count and the latest
// thanks given.
type ThanksView struct {
	Open       []FavorRow
	Pager      Pager
	First      bool   // the first page: it also shows Connectors and Recent
	Connectors int    // people who introduced you to others
	Connected  string // the link to their page
	Recent     []ThanksRow
}

// NewThanks builds the view of page n (from 1) of /thanks/; link turns a
// site address into a link from the page.
func NewThanks(j *journal.Journal, n int, link func(string) string) ThanksView {
	href := linker(link)
	v := ThanksView{
		Open:  FavorRows(pageOf(j.Favors, ThanksPerPage, n), link),
		Pager: newPager(len(j.Favors), ThanksPerPage, n, ThanksPage, link, nil),
		First: n == 1, Connectors: len(j.Connectors), Connected: link(Connectors),
	}
	if !v.First {
		return v
	}
	for _, t := range j.Thanks[:min(RecentThanks, len(j.Thanks))] {
		r := ThanksRow{Who: t.Person.Name, Link: href(t.Person), What: t.What, Date: t.Date}
		if t.Entry != nil {
			r.Entry = Link{Href: href(t.Entry), Text: t.Entry.Title}
		} else {
			r.What, r.Markdown = content.Untag(t.What), true
		}
		v.Recent = append(v.Recent, r)
	}
	return v
}

// ConnectorRow is one person who introduced you to others.
type ConnectorRow struct {
	Who, Link  string
	Introduced []Link
}

// ConnectorsView is what a page of /thanks/connectors/ shows.
type ConnectorsView struct {
	Rows  []ConnectorRow // as the model orders them
	Pager Pager
}

// NewConnectors builds the view of page n (from 1) of the connectors; link
// turns a site address into a link from the page.
func NewConnectors(j *journal.Journal, n int, link func(string) string) ConnectorsView {
	href := linker(link)
	v := ConnectorsView{Pager: newPager(len(j.Connectors), ConnectorsPerPage, n, ConnectorsPage, link, nil)}
	for _, c := range pageOf(j.Connectors, ConnectorsPerPage, n) {
		v.Rows = append(v.Rows, ConnectorRow{Who: c.Person.Name, Link: href(c.Person), Introduced: personLinks(c.Introduced, href)})
	}
	return v
}

// personLinks returns links to people's pages, in the given order.
func personLinks(people []*journal.Person, href func(any) string) []Link {
	out := make([]Link, 0, len(people))
	for _, p := range people {
		out = append(out, Link{Href: href(p), Text: p.Name})
	}
	return out
}
