package page

import (
	"fmt"
	"strings"

	"kith/generator/journal"
)

// EventView is what an event's page (its prep brief) shows: the event
// itself (dates, place, body, entries logged at it) and who will be there,
// each with a relative link and what a printed card needs to recognise and
// reach them.
type EventView struct {
	Event     *journal.Event
	Past      bool         // the event's last day is before today
	Today     journal.Date // the day the site is seen from
	Attendees []Attendee   // as the event lists them
}

// Attendee is one person expected at an event, with the link to their page.
type Attendee struct {
	Person   *journal.Person
	Link     string
	Aliases  string // the names they also go by, joined with ", "; "" when none
	Birthday string // "4 December" or "4 December 1990"; "" when not known
	Phone    string
	Email    string
}

// NewEvent builds the view of an event's page; link turns a site address
// into a link from the page.
func NewEvent(j *journal.Journal, e *journal.Event, link func(string) string) EventView {
	href := linker(link)
	v := EventView{Event: e, Past: e.Last().Before(j.Today), Today: j.Today}
	for _, p := range e.Attendees {
		v.Attendees = append(v.Attendees, newAttendee(p, href(p)))
	}
	return v
}

func newAttendee(p *journal.Person, link string) Attendee {
	a := Attendee{Person: p, Link: link, Phone: p.Contact.Phone, Email: p.Contact.Email}
	var aliases []string
	for _, r := range p.Aliases {
		aliases = append(aliases, r.Text)
	}
	a.Aliases = strings.Join(aliases, ", ")
	if b := p.Birthday; !b.IsZero() {
		a.Birthday = fmt.Sprintf("%d %s", b.Day, b.Month)
		if b.Year != 0 {
			a.Birthday += fmt.Sprintf(" %d", b.Year)
		}
	}
	return a
}

// EventsView is what /events/ shows.
type EventsView struct {
	Today    journal.Date // the day the site is seen from
	Upcoming []EventRow   // not ended, soonest first
	Past     []EventRow   // ended, latest first
}

// EventRow is one event in a list, with the link to its page.
type EventRow struct {
	*journal.Event
	Link string
}

// NewEvents builds the view of /events/; link turns a site address into a
// link from the page.
func NewEvents(j *journal.Journal, link func(string) string) EventsView {
	href := linker(link)
	rows := func(events []*journal.Event) []EventRow {
		out := make([]EventRow, 0, len(events))
		for _, e := range events {
			out = append(out, EventRow{Event: e, Link: href(e)})
		}
		return out
	}
	return EventsView{Today: j.Today, Upcoming: rows(j.FutureEvents()), Past: rows(j.PastEvents())}
}
