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

// deriveDated computes the views that depend on today that give's results
// do not enter: everyone's last contact, cadence, favours, thanks and follow-ups, the
// connectors, the journal's lists of these and of upcoming dates, and the
// entries by year.
func (b *builder) deriveDated() {
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
	b.gatherDated(nil, nil)
	for _, es := range EntriesByYear(j.Entries) {
		y := es[0].Date.Year
		j.EntryYears = append(j.EntryYears, &EntryYear{Year: y, Entries: es})
	}
}

// deriveGiving computes the views that depend on today that give derives
// (it runs after deriveDated: give needs the follow-ups): give, then the journal's lists of
// needs, matches, help given and people to pay forward. It writes only
// what BuildWhile lists, so it may run while another goroutine reads the
// rest of the model.
func (b *builder) deriveGiving() {
	b.give()
	b.gatherGiving(nil, nil)
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
// matches, help given, people to pay forward and upcoming dates from
// everyone's own. With touched set (Patch), it replaces only the items of
// the people touched, merging theirs into the sorted lists in linear time.
// Each list is sorted by a total order (its sort key, then the person's
// place), which gives what a stable sort of everyone's items in the
// journal's order gives.
func (b *builder) gather(touched []*Person) {
	is := map[*Person]bool{}
	for _, p := range touched {
		is[p] = true
	}
	b.gatherDated(is, touched)
	b.gatherGiving(is, touched)
}

// gatherDated is the part of gather that does not depend on give: the
// lists of favours, thanks, follow-ups and upcoming dates. is holds the
// people of touched.
func (b *builder) gatherDated(is map[*Person]bool, touched []*Person) {
	j := b.j
	if touched == nil {
		touched = j.People
		j.Favors, j.Thanks, j.FollowUps, j.UpcomingAll = nil, nil, nil, nil
	}
	j.Favors = regather(j.Favors, is, touched, func(f *Favor) *Person { return f.Person },
		func(p *Person) []*Favor { return p.Favors }, func(a, c *Favor) int {
			if n := a.Date.Compare(c.Date); n != 0 {
				return n
			}
			return cmpThen(strings.Compare(a.Source, c.Source), a.Person, c.Person)
		})
	j.Thanks = regather(j.Thanks, is, touched, func(t *Thanks) *Person { return t.Person },
		func(p *Person) []*Thanks { return p.thanks }, func(a, c *Thanks) int {
			if n := a.Date.Compare(c.Date); n != 0 {
				return -n
			}
			return cmpThen(strings.Compare(a.Source, c.Source), a.Person, c.Person)
		})
	j.FollowUps = regather(j.FollowUps, is, touched, func(f *FollowUp) *Person { return f.Person },
		func(p *Person) []*FollowUp { return p.FollowUps }, func(a, c *FollowUp) int {
			switch {
			case moreOverdue(a, c):
				return -1
			case moreOverdue(c, a):
				return 1
			}
			return 0
		})
	if j.UpcomingAll == nil {
		j.UpcomingAll = b.upcomingEvents(365)
	}
	j.UpcomingAll = regather(j.UpcomingAll, is, touched, func(u Upcoming) *Person { return u.Person },
		func(p *Person) []Upcoming { return b.birthday(p, 365) }, cmpUpcoming)
	j.split()
}

// gatherGiving is the part of gather that give's results enter: the lists
// of needs, matches, help given and people to pay forward. is holds the
// people of touched.
func (b *builder) gatherGiving(is map[*Person]bool, touched []*Person) {
	j := b.j
	if touched == nil {
		touched = j.People
		j.Needs, j.Given, j.PayForward = nil, nil, nil
	}
	j.Needs = regather(j.Needs, is, touched, func(n *Need) *Person { return n.Person },
		func(p *Person) []*Need { return p.Needs }, func(a, c *Need) int { return a.Person.idx - c.Person.idx })
	j.Given = regather(j.Given, is, touched, func(it *Interaction) *Person { return it.Person },
		func(p *Person) []*Interaction { return p.given }, func(a, c *Interaction) int {
			switch {
			case newer(a, c):
				return -1
			case newer(c, a):
				return 1
			}
			return 0
		})
	j.PayForward = regather(j.PayForward, is, touched, func(pf *PayForward) *Person { return pf.Person },
		func(p *Person) []*PayForward {
			if p.pay == nil {
				return nil
			}
			return []*PayForward{p.pay}
		}, func(a, c *PayForward) int {
			if n := a.Received.Compare(c.Received); n != 0 {
				return -n
			}
			return strings.Compare(a.Person.Slug, c.Person.Slug)
		})
	j.Help, j.Introduce = nil, nil
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
}

// cmpThen is n, or when it is 0 the order of two people in the journal.
func cmpThen(n int, a, c *Person) int {
	if n != 0 {
		return n
	}
	return a.idx - c.idx
}

// regather returns list (sorted by the total order cmp) with the items of
// the people in is (touched, in the journal's order) replaced by items(p):
// when is is empty, the items of all of touched, sorted.
func regather[T any](list []T, is map[*Person]bool, touched []*Person, owner func(T) *Person, items func(*Person) []T, cmp func(a, c T) int) []T {
	var add []T
	for _, p := range touched {
		add = append(add, items(p)...)
	}
	slices.SortStableFunc(add, cmp)
	if len(list) == 0 {
		return add
	}
	out := make([]T, 0, len(list)+len(add))
	for _, x := range list {
		if p := owner(x); p != nil && is[p] {
			continue
		}
		for len(add) > 0 && cmp(add[0], x) < 0 {
			out = append(out, add[0])
			add = add[1:]
		}
		out = append(out, x)
	}
	return append(out, add...)
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

// upcomingEvents lists the events that have not ended, soonest first.
func (b *builder) upcomingEvents(days int) []Upcoming {
	today := b.j.Today
	var out []Upcoming
	for _, e := range b.j.Events {
		if e.Last().Before(today) {
			continue
		}
		d := e.Date
		if d.Before(today) {
			d = today // under way
		}
		out = append(out, Upcoming{Kind: "event", Date: e.Date, In: today.DaysUntil(d), Event: e})
	}
	slices.SortStableFunc(out, cmpUpcoming)
	return out
}

// birthday lists p's next birthday if it is within days.
func (b *builder) birthday(p *Person, days int) []Upcoming {
	today := b.j.Today
	if p.Birthday.IsZero() {
		return nil
	}
	next := p.Birthday.Next(today)
	if next.After(today.AddDays(days)) {
		return nil
	}
	u := Upcoming{Kind: "birthday", Date: next, In: today.DaysUntil(next), Person: p}
	if p.Birthday.Year > 0 {
		u.Age = next.Year - p.Birthday.Year
	}
	return []Upcoming{u}
}

// cmpUpcoming orders upcoming dates soonest first, then events before
// birthdays, then by name, then in the journal's order.
func cmpUpcoming(x, y Upcoming) int {
	if n := x.Date.Compare(y.Date); n != 0 {
		return n
	}
	if x.Kind != y.Kind {
		return strings.Compare(x.Kind, y.Kind)
	}
	if n := strings.Compare(strings.ToLower(x.Name()), strings.ToLower(y.Name())); n != 0 {
		return n
	}
	if x.Event != nil {
		return x.Event.idx - y.Event.idx
	}
	return x.Person.idx - y.Person.idx
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
