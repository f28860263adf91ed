package journal

import "sort"

// Moment is one item on a person's relationship timeline.
type Moment struct {
	Date        Date
	Interaction *Interaction // an entry or log line
	Event       *Event       // an event they attend
	Met         bool         // the first meeting
	Upcoming    bool         // dated after today
}

// Year is the moments of one year, newest first.
type Year struct {
	Year    int
	Moments []Moment
}

// Timeline returns every entry, log line, event attended and the first
// meeting with p, newest first, grouped by year.
func (j *Journal) Timeline(p *Person) []Year {
	var ms []Moment
	for _, it := range p.Interactions {
		ms = append(ms, Moment{Date: it.Date, Interaction: it})
	}
	for _, e := range p.Events {
		ms = append(ms, Moment{Date: e.Date, Event: e})
	}
	if !p.Met.Date.IsZero() {
		ms = append(ms, Moment{Date: p.Met.Date, Met: true})
	}
	for i := range ms {
		ms[i].Upcoming = ms[i].Date.After(j.Today)
	}
	// Newest first; on one day, the first meeting last, events before notes.
	rank := func(m Moment) int {
		switch {
		case m.Met:
			return 0
		case m.Event != nil:
			return 2
		}
		return 1
	}
	sort.SliceStable(ms, func(a, c int) bool {
		x, y := ms[a], ms[c]
		if n := x.Date.Compare(y.Date); n != 0 {
			return n > 0
		}
		return rank(x) > rank(y)
	})
	var years []Year
	for _, m := range ms {
		if len(years) == 0 || years[len(years)-1].Year != m.Date.Year {
			years = append(years, Year{Year: m.Date.Year})
		}
		y := &years[len(years)-1]
		y.Moments = append(y.Moments, m)
	}
	return years
}

// EntriesByYear groups entries (newest first) by year.
func EntriesByYear(entries []*Entry) [][]*Entry {
	var out [][]*Entry
	for _, e := range entries {
		if len(out) == 0 || out[len(out)-1][0].Date.Year != e.Date.Year {
			out = append(out, nil)
		}
		out[len(out)-1] = append(out[len(out)-1], e)
	}
	return out
}
