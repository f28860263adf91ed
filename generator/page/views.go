package page

import "kith/generator/journal"

// The views of the list pages: each is what one page kind shows, with every
// list already cut, sorted and counted, so that its template only prints.
// The rules (how many rows a card shows, when /entries/ stops listing every
// entry, which follow-ups go in which section) live here, once.

// Cuts of the home page and the thanks page.
const (
	HomeThanks     = 5  // open thanks on the home page
	HomeFollowUps  = 5  // follow-ups due on the home page
	HomeEntries    = 8  // recent entries on the home page
	UpcomingDays   = 30 // how far ahead the home page's "Coming up" looks
	RecentThanks   = 10 // thanks given, on the thanks page
	EntriesListAll = 300
	EntriesLatest  = 50 // entries on /entries/ when there are more than EntriesListAll
)

// Cut is the first items of a list and the length of the whole list.
type Cut[T any] struct {
	Shown []T
	Total int
}

// More reports whether the list has more items than are shown.
func (c Cut[T]) More() bool { return c.Total > len(c.Shown) }

func cut[T any](list []T, n int) Cut[T] {
	return Cut[T]{Shown: list[:min(n, len(list))], Total: len(list)}
}

// HomeView is what the home page shows.
type HomeView struct {
	People, Entries, Events, Orgs int // how many of each the journal has
	Thank                         Cut[*journal.Favor]
	Due                           Cut[*journal.FollowUp]
	UpcomingDays                  int
	Upcoming                      []journal.Upcoming // events and birthdays within UpcomingDays
	Recent                        []*journal.Entry   // the latest entries
}

// NewHome builds the home page's view.
func NewHome(j *journal.Journal) HomeView {
	return HomeView{
		People: len(j.People), Entries: len(j.Entries), Events: len(j.Events), Orgs: len(j.Orgs),
		Thank:        cut(j.Favors, HomeThanks),
		Due:          cut(j.Due(), HomeFollowUps),
		UpcomingDays: UpcomingDays,
		Upcoming:     j.Upcoming(UpcomingDays),
		Recent:       j.Entries[:min(HomeEntries, len(j.Entries))],
	}
}

// YearView is one year of entries as /entries/ lists it.
type YearView struct {
	Year    int
	Link    string // the year's page, relative; "" when the year has none (YearHasPage)
	Entries []*journal.Entry
}

// EntriesView is what /entries/ shows: every year, and either every entry
// grouped by year (All) or only the latest.
type EntriesView struct {
	Total  int
	Years  []YearView // newest first
	All    bool       // few enough entries to list them all, by year
	Latest []*journal.Entry
}

// NewEntries builds the view of /entries/; link turns a site address
// into a link from the page.
func NewEntries(j *journal.Journal, link func(string) string) EntriesView {
	v := EntriesView{Total: len(j.Entries), All: len(j.Entries) <= EntriesListAll}
	for _, y := range j.EntryYears {
		yv := YearView{Year: y.Year, Entries: y.Entries}
		if YearHasPage(j, y.Year) {
			yv.Link = link(Year(y.Year))
		}
		v.Years = append(v.Years, yv)
	}
	if !v.All {
		v.Latest = j.Entries[:min(EntriesLatest, len(j.Entries))]
	}
	return v
}

// FollowUpsView is what /follow-ups/ shows, one list per section.
type FollowUpsView struct {
	Promised []*journal.FollowUp // due, asked for by an entry
	Cadence  []*journal.FollowUp // due, past the keep-in-touch cadence
	Fading   []*journal.FollowUp // new connections with no contact since, due or not
	Pending  bool                // some follow-up is not due yet
	ComingUp []*journal.FollowUp // not due yet, except the fading ones (listed above)
}

// NewFollowUps builds the view of /follow-ups/.
func NewFollowUps(j *journal.Journal) FollowUpsView {
	var v FollowUpsView
	for _, f := range j.Due() {
		switch f.Reason {
		case journal.ReasonFollowUp:
			v.Promised = append(v.Promised, f)
		case journal.ReasonCadence:
			v.Cadence = append(v.Cadence, f)
		}
	}
	for _, f := range j.FollowUps {
		if f.Reason == journal.ReasonFading {
			v.Fading = append(v.Fading, f)
		}
	}
	v.Pending = len(j.Pending()) > 0
	for _, f := range j.Pending() {
		if f.Reason != journal.ReasonFading {
			v.ComingUp = append(v.ComingUp, f)
		}
	}
	return v
}

// ThanksView is what /thanks/ shows.
type ThanksView struct {
	Open       []*journal.Favor // oldest first
	Connectors []journal.Connector
	Recent     []*journal.Thanks // the latest thanks given
}

// NewThanks builds the view of /thanks/.
func NewThanks(j *journal.Journal) ThanksView {
	return ThanksView{Open: j.Favors, Connectors: j.Connectors, Recent: j.Thanks[:min(RecentThanks, len(j.Thanks))]}
}
