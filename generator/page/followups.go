package page

import (
	"html/template"

	"kith/generator/chart"
	"kith/generator/journal"
)

// FollowUpsShown is how many follow-ups a section of /follow-ups/ shows in
// full, the most overdue; the others are one line each (a name, a link and
// how overdue), so that the page stays under 250 KB on a journal of
// thousands (2,000 people: 586 past their cadence, 523 KB in full).
const FollowUpsShown = 50

// OverdueShown is how many relationships the follow-ups picture draws at
// most: the most overdue ones, so that the picture stays a glance on a
// journal of thousands.
const OverdueShown = 15

// FollowUpsView is what /follow-ups/ shows: the picture of how overdue
// each relationship is, then one list per section.
type FollowUpsView struct {
	Overdue  template.HTML   // the picture; "" when nothing is due
	Promised FollowUpSection // due, asked for by an entry
	Cadence  FollowUpSection // due, past the keep-in-touch cadence
	Fading   FollowUpSection // new connections with no contact since, due or not
	Pending  bool            // some follow-up is not due yet
	ComingUp FollowUpSection // not due yet, except the fading ones (listed above)
}

// FollowUpSection is one list of /follow-ups/: the first FollowUpsShown
// rows in full, the others one line each.
type FollowUpSection struct {
	Rows  []FollowUpRow
	Rest  []FollowUpRow // printed one line each
	Total int
}

func section(today journal.Date, fs []*journal.FollowUp, link func(string) string) FollowUpSection {
	rows := FollowUpRows(today, fs, link)
	n := min(FollowUpsShown, len(rows))
	return FollowUpSection{Rows: rows[:n], Rest: rows[n:], Total: len(rows)}
}

// NewFollowUps builds the view of /follow-ups/; link turns a site address
// into a link from the page.
func NewFollowUps(j *journal.Journal, link func(string) string) FollowUpsView {
	var v FollowUpsView
	var promised, cadence, fading, coming []*journal.FollowUp
	for _, f := range j.Due() {
		switch f.Reason {
		case journal.ReasonFollowUp:
			promised = append(promised, f)
		case journal.ReasonCadence:
			cadence = append(cadence, f)
		}
	}
	for _, f := range j.FollowUps {
		if f.Reason == journal.ReasonFading {
			fading = append(fading, f)
		}
	}
	v.Pending = len(j.Pending()) > 0
	for _, f := range j.Pending() {
		if f.Reason != journal.ReasonFading {
			coming = append(coming, f)
		}
	}
	v.Promised = section(j.Today, promised, link)
	v.Cadence = section(j.Today, cadence, link)
	v.Fading = section(j.Today, fading, link)
	v.ComingUp = section(j.Today, coming, link)
	due := j.Due()
	var bars []chart.Overdue
	for _, f := range due[:min(OverdueShown, len(due))] {
		words := Span(f.Overdue)
		if f.Overdue == 0 {
			words = "due today"
		}
		bars = append(bars, chart.Overdue{Name: f.Person.Name, Reason: f.Reason, Days: f.Overdue, Words: words})
	}
	v.Overdue = chart.OverdueBars("overdue", bars, len(due))
	return v
}

// Activity is the home page's year of activity: a calendar heatmap and the
// same numbers as text.
type Activity struct {
	Picture template.HTML // "" when nothing was logged in the year
	chart.HeatmapSummary
}

// NewActivity counts what was logged each day of the year to today, entries
// and log lines, and draws it.
func NewActivity(j *journal.Journal) Activity {
	start := j.Today.AddDays(-371)
	counts := map[journal.Date]int{}
	for _, e := range j.Entries {
		if !e.Date.Before(start) && !e.Date.After(j.Today) {
			counts[e.Date]++
		}
	}
	for _, p := range j.People {
		for _, l := range p.Logs {
			if !l.Date.Before(start) && !l.Date.After(j.Today) {
				counts[l.Date]++
			}
		}
	}
	pic, s := chart.Heatmap("activity", j.Today, counts)
	if s.Total == 0 {
		pic = ""
	}
	return Activity{Picture: pic, HeatmapSummary: s}
}
