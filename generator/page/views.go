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
	HomeEvents     = 10 // events in "Coming up", which lists them before any birthday
	HomeBirthdays  = 20 // birthdays in "Coming up", folded under their count
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

// Rest returns how many items are not shown.
func (c Cut[T]) Rest() int { return c.Total - len(c.Shown) }

func cut[T any](list []T, n int) Cut[T] {
	return Cut[T]{Shown: list[:min(n, len(list))], Total: len(list)}
}

// HomeView is what the home page shows.
type HomeView struct {
	Title, Owner                  string       // kith.yaml's title and owner
	Today                         journal.Date // the day the site is seen from
	People, Entries, Events, Orgs int          // how many of each the journal has
	Thank                         Cut[FavorRow]
	Due                           Cut[FollowUpRow]
	UpcomingDays                  int
	Coming                        []UpcomingRow    // events within UpcomingDays, soonest first
	Birthdays                     Cut[UpcomingRow] // birthdays within UpcomingDays, soonest first
	Recent                        []*journal.Entry // the latest entries
	Activity                      Activity         // the year of activity, a calendar heatmap
}

// NewHome builds the home page's view; link turns a site address into a
// link from the page.
func NewHome(j *journal.Journal, link func(string) string) HomeView {
	thank, due := cut(j.Favors, HomeThanks), cut(j.Due(), HomeFollowUps)
	v := HomeView{
		Title: j.Config.Title, Owner: j.Config.Owner, Today: j.Today,
		People: len(j.People), Entries: len(j.Entries), Events: len(j.Events), Orgs: len(j.Orgs),
		Thank:        Cut[FavorRow]{Shown: FavorRows(thank.Shown, link), Total: thank.Total},
		Due:          Cut[FollowUpRow]{Shown: FollowUpRows(j.Today, due.Shown, link), Total: due.Total},
		UpcomingDays: UpcomingDays,
		Recent:       j.Entries[:min(HomeEntries, len(j.Entries))],
		Activity:     NewActivity(j),
	}
	var birthdays []UpcomingRow
	for _, u := range UpcomingRows(j.Today, j.Upcoming(UpcomingDays), link) {
		if u.Kind == "event" {
			v.Coming = append(v.Coming, u)
		} else {
			birthdays = append(birthdays, u)
		}
	}
	v.Coming = v.Coming[:min(HomeEvents, len(v.Coming))]
	v.Birthdays = cut(birthdays, HomeBirthdays)
	return v
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
	Today  journal.Date // for the example of a new entry's file name
	Total  int
	Years  []YearView // newest first
	All    bool       // few enough entries to list them all, by year
	Latest []*journal.Entry
}

// NewEntries builds the view of /entries/; link turns a site address
// into a link from the page.
func NewEntries(j *journal.Journal, link func(string) string) EntriesView {
	v := EntriesView{Today: j.Today, Total: len(j.Entries), All: len(j.Entries) <= EntriesListAll}
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
