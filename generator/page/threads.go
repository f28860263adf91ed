package page

import (
	"fmt"

	"kith/generator/content"
	"kith/generator/journal"
)

// The rows the theme's shared partials print (_partials.html: "favor",
// "followup", "upcoming"): an open favour, a follow-up, a day coming up,
// each with its links already relative and its "3 weeks ago" already said,
// so that a partial only prints. Any page's view builds them with these
// functions; a template passes one to a partial as
// {{template "favor" (dict "Page" $ "Favor" .)}} (and "F" for a follow-up,
// "U" for a day coming up), where Page is only used to render Markdown.

// Span says how long a number of days is, in the largest sensible unit:
// "today", "1 day", "5 days", "3 weeks", "4 months", "2 years".
func Span(days int) string {
	if days < 0 {
		days = -days
	}
	switch {
	case days == 0:
		return "today"
	case days == 1:
		return "1 day"
	case days < 14:
		return fmt.Sprintf("%d days", days)
	case days < 60:
		return fmt.Sprintf("%d weeks", days/7)
	case days < 730:
		return fmt.Sprintf("%d months", days/30)
	}
	return fmt.Sprintf("%d years", days/365)
}

// Ago says how far a day is from today: "3 weeks ago", "in 5 days",
// "today", "yesterday", "tomorrow"; "never" for the zero day.
func Ago(today, d journal.Date) string {
	if d.IsZero() {
		return "never"
	}
	n := d.DaysUntil(today)
	switch {
	case n == 0:
		return "today"
	case n == 1:
		return "yesterday"
	case n == -1:
		return "tomorrow"
	case n > 0:
		return Span(n) + " ago"
	}
	return "in " + Span(n)
}

// FavorRow is a favour received and not yet thanked.
type FavorRow struct {
	Who, WhoLink string
	What         string // the favour, Markdown, without hashtags
	Date         journal.Date
	Waited       string // "3 weeks"
	EntryLink    string // the entry it was logged in; "" for a log line
}

// FavorRows returns the rows of open favours, in the given order; link
// turns a site address into a link from the page.
func FavorRows(favors []*journal.Favor, link func(string) string) []FavorRow {
	href := linker(link)
	out := make([]FavorRow, 0, len(favors))
	for _, f := range favors {
		r := FavorRow{Who: f.Person.Name, WhoLink: href(f.Person), What: content.Untag(f.What), Date: f.Date, Waited: Span(f.Waited)}
		if f.Entry != nil {
			r.EntryLink = href(f.Entry)
		}
		out = append(out, r)
	}
	return out
}

// FollowUpRow is an open follow-up: someone to get back to.
type FollowUpRow struct {
	Who, WhoLink string
	Reason       string // journal.ReasonFollowUp, ReasonCadence or ReasonFading (a CSS class)
	What         string // "follow up on", "keep in touch every 2 months", "new connection from X, no contact since meeting"
	EntryTitle   string // the entry that asked for it (a promised follow-up)
	EntryLink    string
	Overdue      bool   // due today or earlier
	When         string // "3 weeks overdue", "due today", "due in 5 days"
	Due          journal.Date
	LastContact  journal.Date // zero: never
	Hooks        []journal.Hook
}

// FollowUpRows returns the rows of follow-ups, in the given order.
func FollowUpRows(today journal.Date, fs []*journal.FollowUp, link func(string) string) []FollowUpRow {
	href := linker(link)
	out := make([]FollowUpRow, 0, len(fs))
	for _, f := range fs {
		r := FollowUpRow{Who: f.Person.Name, WhoLink: href(f.Person), Reason: f.Reason, Due: f.Due,
			LastContact: f.LastContact, Hooks: f.Hooks, Overdue: f.Overdue >= 0}
		switch {
		case f.Promised() && f.Entry != nil:
			r.What, r.EntryTitle, r.EntryLink = "follow up on", f.Entry.Title, href(f.Entry)
		case f.Promised():
			r.What = "follow up"
		case f.PastCadence():
			r.What = "keep in touch " + f.Person.Cadence.Words()
		default:
			r.What = "new connection"
			if w := f.Person.Met.Where; w != "" {
				r.What += " from " + w
			}
			r.What += ", no contact since meeting"
		}
		switch {
		case f.Overdue == 0:
			r.When = "due today"
		case f.Overdue > 0:
			r.When = Span(f.Overdue) + " overdue"
		default:
			r.When = "due " + Ago(today, f.Due)
		}
		out = append(out, r)
	}
	return out
}

// UpcomingRow is a day coming up: an event or a birthday.
type UpcomingRow struct {
	Kind     string // "event" or "birthday"
	Date     journal.Date
	In       string // "in 5 days", "tomorrow", "today"
	Name     string // the event's or the person's name
	Link     string
	Location string // an event's
	Expected int    // an event's expected attendees
	Age      int    // the age turned, for a birthday with a year
}

// UpcomingRows returns the rows of days coming up, in the given order.
func UpcomingRows(today journal.Date, us []journal.Upcoming, link func(string) string) []UpcomingRow {
	href := linker(link)
	out := make([]UpcomingRow, 0, len(us))
	for _, u := range us {
		r := UpcomingRow{Kind: u.Kind, Date: u.Date, In: Ago(today, u.Date), Age: u.Age}
		if u.Event != nil {
			r.Name, r.Link, r.Location, r.Expected = u.Event.Name, href(u.Event), u.Event.Location, len(u.Event.Attendees)
		} else if u.Person != nil {
			r.Name, r.Link = u.Person.Name, href(u.Person)
		}
		out = append(out, r)
	}
	return out
}
