package page

import (
	"html/template"

	"kith/generator/chart"
	"kith/generator/journal"
)

// OverdueShown is how many relationships the follow-ups picture draws at
// most: the most overdue ones, so that the picture stays a glance on a
// journal of thousands.
const OverdueShown = 15

// FollowUpsView is what /follow-ups/ shows: the picture of how overdue
// each relationship is, then one list per section.
type FollowUpsView struct {
	Overdue  template.HTML // the picture; "" when nothing is due
	Promised []FollowUpRow // due, asked for by an entry
	Cadence  []FollowUpRow // due, past the keep-in-touch cadence
	Fading   []FollowUpRow // new connections with no contact since, due or not
	Pending  bool          // some follow-up is not due yet
	ComingUp []FollowUpRow // not due yet, except the fading ones (listed above)
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
	v.Promised = FollowUpRows(j.Today, promised, link)
	v.Cadence = FollowUpRows(j.Today, cadence, link)
	v.Fading = FollowUpRows(j.Today, fading, link)
	v.ComingUp = FollowUpRows(j.Today, coming, link)
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
