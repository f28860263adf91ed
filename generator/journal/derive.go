package journal

import (
	"slices"
	"sort"
	"strings"
)

// FadingWindow is how recent a first meeting must be for a person with no
// contact since to count as a fading new connection.
const FadingWindow = 90

// fadingGrace is how long after meeting someone a first follow-up is due.
const fadingGrace = 14

// UpcomingWindow is how many days ahead the home page and agenda look.
const UpcomingWindow = 30

// derive computes the views that depend on today: last contact, favours,
// thanks, follow-ups, connectors and upcoming dates.
func (b *builder) derive() {
	j := b.j
	for _, p := range j.People {
		b.derivePerson(p)
		if len(p.Introduced) > 0 {
			j.Connectors = append(j.Connectors, Connector{Person: p, Introduced: p.Introduced})
		}
	}
	sort.SliceStable(j.Connectors, func(a, c int) bool {
		x, y := j.Connectors[a], j.Connectors[c]
		if len(x.Introduced) != len(y.Introduced) {
			return len(x.Introduced) > len(y.Introduced)
		}
		return lessFold(x.Person.Name, y.Person.Name)
	})
	b.give()
	b.gather()
	for _, es := range EntriesByYear(j.Entries) {
		y := es[0].Date.Year
		j.EntryYears = append(j.EntryYears, &EntryYear{Year: y, Entries: es})
	}
}

// derivePerson works out p's last contact, cadence, open favours, thanks
// and follow-ups from their interactions.
func (b *builder) derivePerson(p *Person) {
	today := b.j.Today
	p.LastContact = Date{}
	for _, it := range p.Interactions {
		if !it.Date.After(today) && it.Contact() {
			p.LastContact = it.Date
			break // newest first
		}
	}
	// Their own keep_in_touch, else the journal's default, which is for
	// the people you are in touch with: someone with no interaction
	// logged yet (5,000 imported contacts, say) is not due for one.
	p.Cadence = p.KeepInTouch
	if p.Cadence.IsZero() && !p.LastContact.IsZero() {
		p.Cadence = b.j.Config.DefaultKeepInTouch
	}
	p.Favors, p.thanks, p.FollowUps = nil, nil, nil
	b.favors(p)
	b.followUps(p)
}

// gather makes the journal's lists of favours, thanks, follow-ups, needs,
// matches, help given and people to pay forward from everyone's own, and
// the upcoming dates.
func (b *builder) gather() {
	j := b.j
	j.Favors, j.Thanks, j.FollowUps = nil, nil, nil
	j.Needs, j.Help, j.Introduce, j.Given, j.PayForward = nil, nil, nil, nil, nil
	for _, p := range j.People {
		j.Favors = append(j.Favors, p.Favors...)
		j.Thanks = append(j.Thanks, p.thanks...)
		j.FollowUps = append(j.FollowUps, p.FollowUps...)
		j.Needs = append(j.Needs, p.Needs...)
		j.Given = append(j.Given, p.given...)
		if p.pay != nil {
			j.PayForward = append(j.PayForward, p.pay)
		}
	}
	sort.SliceStable(j.Favors, func(a, c int) bool { return olderFavor(j.Favors[a], j.Favors[c]) })
	sort.SliceStable(j.Thanks, func(a, c int) bool {
		if n := j.Thanks[a].Date.Compare(j.Thanks[c].Date); n != 0 {
			return n > 0
		}
		return j.Thanks[a].Source < j.Thanks[c].Source
	})
	sort.SliceStable(j.FollowUps, func(a, c int) bool { return moreOverdue(j.FollowUps[a], j.FollowUps[c]) })
	for _, n := range j.Needs {
		if n.You != nil {
			j.Help = append(j.Help, n.You)
		}
		j.Introduce = append(j.Introduce, n.Help...)
	}
	slices.SortStableFunc(j.Introduce, func(a, c *Match) int {
		if a.score != c.score {
			return c.score - a.score
		}
		return cmpNeed(a.Need, c.Need)
	})
	slices.SortStableFunc(j.Given, func(a, c *Interaction) int {
		if newer(a, c) {
			return -1
		}
		if newer(c, a) {
			return 1
		}
		return 0
	})
	slices.SortStableFunc(j.PayForward, func(a, c *PayForward) int {
		if n := a.Received.Compare(c.Received); n != 0 {
			return -n
		}
		return strings.Compare(a.Person.Slug, c.Person.Slug)
	})
	j.UpcomingAll = b.upcoming(365)
	j.split()
}

func olderFavor(a, c *Favor) bool {
	if n := a.Date.Compare(c.Date); n != 0 {
		return n < 0
	}
	return a.Source < c.Source
}

func moreOverdue(a, c *FollowUp) bool {
	if n := a.Due.Compare(c.Due); n != 0 {
		return n < 0
	}
	if a.Person.Slug != c.Person.Slug {
		return a.Person.Slug < c.Person.Slug
	}
	return a.Source < c.Source
}

// favors finds the help p gave that is not yet thanked, and the thanks given.
// A favour is closed by thanked: on its own entry, or by any later (or
// same-day) #thanked log line or thanked entry for the same person.
func (b *builder) favors(p *Person) {
	j := b.j
	var thankDates []Date
	for _, it := range p.Interactions {
		if !it.Thanked {
			continue
		}
		d := it.Date
		what := ""
		if it.Entry != nil {
			if !it.Entry.Thanked.IsZero() {
				d = it.Entry.Thanked
			}
			what = it.Entry.Received
		} else {
			what = it.Log.Text
		}
		thankDates = append(thankDates, d)
		p.thanks = append(p.thanks, &Thanks{Person: p, Date: d, What: what, Entry: it.Entry, Source: it.Source})
	}
	for i := len(p.Interactions) - 1; i >= 0; i-- { // oldest first
		it := p.Interactions[i]
		if !it.Received || it.Date.After(j.Today) {
			continue
		}
		if it.Entry != nil && it.Entry.ThankedSet {
			continue
		}
		closed := false
		for _, d := range thankDates {
			if !d.Before(it.Date) {
				closed = true
				break
			}
		}
		if closed {
			continue
		}
		what := ""
		if it.Entry != nil {
			what = it.Entry.Received
		} else {
			what = it.Log.Text
		}
		f := &Favor{Person: p, What: what, Date: it.Date, Waited: it.Date.DaysUntil(j.Today), Entry: it.Entry, Source: it.Source}
		p.Favors = append(p.Favors, f)
	}
}

// followUps finds why p may need a message: an explicit follow-up still
// open, a keep-in-touch cadence that has run out, or a new connection fading.
func (b *builder) followUps(p *Person) {
	j := b.j
	today := j.Today
	add := func(f *FollowUp) {
		f.Person = p
		f.LastContact = p.LastContact
		f.Overdue = f.Due.DaysUntil(today)
		p.FollowUps = append(p.FollowUps, f)
	}
	// An explicit follow-up stays open until an interaction after its entry.
	for _, e := range p.Entries {
		if e.FollowUp.IsZero() {
			continue
		}
		if p.LastContact.After(e.Date) {
			continue
		}
		add(&FollowUp{Reason: ReasonFollowUp, Due: e.FollowUp, Entry: e, Source: source(e.Path, e.FollowUpLine)})
	}
	met := p.Met.Date
	if !met.IsZero() && !met.After(today) && met.DaysUntil(today) <= FadingWindow && !p.LastContact.After(met) {
		add(&FollowUp{Reason: ReasonFading, Due: met.AddDays(fadingGrace), Source: source(p.Path, p.NameLine)})
	} else if !p.Cadence.IsZero() {
		last := p.LastContact
		if last.IsZero() {
			last = met
		}
		due := today
		if !last.IsZero() {
			due = p.Cadence.After(last)
		}
		if !due.After(today) {
			add(&FollowUp{Reason: ReasonCadence, Due: due, Source: source(p.Path, p.NameLine)})
		}
	}
	sort.SliceStable(p.FollowUps, func(a, c int) bool { return moreOverdue(p.FollowUps[a], p.FollowUps[c]) })
}

// upcoming lists events that have not ended and birthdays within days.
func (b *builder) upcoming(days int) []Upcoming {
	j := b.j
	today := j.Today
	limit := today.AddDays(days)
	var out []Upcoming
	for _, e := range j.Events {
		if e.Last().Before(today) {
			continue
		}
		d := e.Date
		if d.Before(today) {
			d = today // under way
		}
		out = append(out, Upcoming{Kind: "event", Date: e.Date, In: today.DaysUntil(d), Event: e})
	}
	for _, p := range j.People {
		if p.Birthday.IsZero() {
			continue
		}
		next := p.Birthday.Next(today)
		if next.After(limit) {
			continue
		}
		u := Upcoming{Kind: "birthday", Date: next, In: today.DaysUntil(next), Person: p}
		if p.Birthday.Year > 0 {
			u.Age = next.Year - p.Birthday.Year
		}
		out = append(out, u)
	}
	sort.SliceStable(out, func(a, c int) bool {
		x, y := out[a], out[c]
		if n := x.Date.Compare(y.Date); n != 0 {
			return n < 0
		}
		if x.Kind != y.Kind {
			return x.Kind < y.Kind
		}
		return strings.ToLower(x.Name()) < strings.ToLower(y.Name())
	})
	return out
}

// Upcoming returns events and birthdays within the next days.
func (j *Journal) Upcoming(days int) []Upcoming {
	var out []Upcoming
	for _, u := range j.UpcomingAll {
		if u.In <= days {
			out = append(out, u)
		}
	}
	return out
}

// Due returns the follow-ups whose date has come, most overdue first.
func (j *Journal) Due() []*FollowUp { return j.due }

// Pending returns the open follow-ups whose date has not come yet.
func (j *Journal) Pending() []*FollowUp { return j.pending }

// split sorts follow-ups into due and pending once, since every page's
// navigation asks for the count.
func (j *Journal) split() {
	j.due, j.pending = nil, nil
	for _, f := range j.FollowUps {
		if f.Overdue >= 0 {
			j.due = append(j.due, f)
		} else {
			j.pending = append(j.pending, f)
		}
	}
}

// PastEvents returns the events that have ended, most recent first.
func (j *Journal) PastEvents() []*Event {
	var out []*Event
	for i := len(j.Events) - 1; i >= 0; i-- {
		if j.Events[i].Last().Before(j.Today) {
			out = append(out, j.Events[i])
		}
	}
	return out
}

// FutureEvents returns the events that have not ended, soonest first.
func (j *Journal) FutureEvents() []*Event {
	var out []*Event
	for _, e := range j.Events {
		if !e.Last().Before(j.Today) {
			out = append(out, e)
		}
	}
	return out
}
