package page

import "kith/generator/journal"

// EventView is what an event's page (its prep brief) shows: the event
// itself (dates, place, body, entries logged at it) and who will be there,
// each with a relative link.
type EventView struct {
	Event     *journal.Event
	Past      bool         // the event's last day is before today
	Today     journal.Date // the day the site is seen from
	Attendees []Attendee   // as the event lists them
}

// Attendee is one person expected at an event, with the link to their page.
type Attendee struct {
	Person *journal.Person
	Link   string
}

// NewEvent builds the view of an event's page; link turns a site address
// into a link from the page.
func NewEvent(j *journal.Journal, e *journal.Event, link func(string) string) EventView {
	href := linker(link)
	v := EventView{Event: e, Past: e.Last().Before(j.Today), Today: j.Today}
	for _, p := range e.Attendees {
		v.Attendees = append(v.Attendees, Attendee{Person: p, Link: href(p)})
	}
	return v
}
