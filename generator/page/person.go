package page

import (
	"bytes"
	"fmt"
	"html/template"
	"strings"

	"kith/generator/chart"
	"kith/generator/content"
	"kith/generator/journal"
)

// Link is a link from a page: its relative address and its text.
type Link struct {
	Href, Text string
}

// linker turns anything with a page (URL) into a link from the page that
// link makes site addresses relative to; "" for nil or for what has no page.
func linker(link func(string) string) func(x any) string {
	return func(x any) string {
		u, ok := URL(x)
		if !ok {
			return ""
		}
		return link(u)
	}
}

// tagLinks returns the links to tags' pages, in the given order.
func tagLinks(tags []*journal.Tag, href func(any) string) []Link {
	if len(tags) == 0 {
		return nil
	}
	out := make([]Link, 0, len(tags)) // not grown: tens of thousands of rows list tags
	for _, t := range tags {
		out = append(out, Link{Href: href(t), Text: t.Name})
	}
	return out
}

// PersonView is what a person's page shows: the note's own facts (Person:
// name, role, aliases, likes, needs), what is open between you at a glance,
// the open threads, the notes without their log lines, the interactions
// over the years as a picture and a table, and the timeline, where each log
// line is shown once, without its hashtags. Every link is relative.
type PersonView struct {
	Person           *journal.Person
	OrgLink          string // the person's organisation's page; "" without one
	Tags             []Link // the person's tags, as in the note
	IntroducedByLink string // the page of who introduced them; "" without one
	IntroducedBy     []Chip // who introduced them (one at most)
	Introduced       []Chip // the people they introduced you to
	Intros           []IntroRow
	Glance           Glance
	Favors           []FavorRow    // favours they did you, not yet thanked, oldest first
	FollowUps        []FollowUpRow // open follow-ups, most overdue first
	Needs            []PersonNeed
	Cadence          string // how often to keep in touch: "every 2 months"; "" without one
	CadenceDefault   bool   // the cadence is the journal's default, not the note's
	Birthday         string // "17 March", "17 March 1980"; "" without one
	Notes            []byte // the note's Markdown without its log lines (they are in the timeline)
	Strip            template.HTML
	Tally            []chart.Tally // the strip's numbers, newest year first (its table)
	Timeline         []YearRows    // newest first
	Mentions         []MentionRow  // notes that link to the person, as the model orders them
	Empty            string        // the line to add to start a timeline: "- 2026-11-23 Coffee #meeting"
}

// Glance is the top of a person's page: what is open between you, how to
// reach them, when you last spoke.
type Glance struct {
	Open      []string // "You owe them thanks for 2 favours", ...; none: nothing open
	Last      journal.Date
	LastAgo   string   // "3 weeks ago"; "" when nothing is logged
	Email     []string // the address cut where a line may break (after "." and before "@")
	EmailLink string   // mailto:
	Phone     string
	PhoneLink string // tel:
	Links     []Link // LinkedIn, website
}

// Chip is a person shown as a small avatar and name, linked to their page.
type Chip struct {
	Name, Link string
}

// chips returns the chips of people, in the given order.
func chips(people []*journal.Person, href func(any) string) []Chip {
	out := make([]Chip, 0, len(people))
	for _, p := range people {
		out = append(out, Chip{Name: p.Name, Link: href(p)})
	}
	return out
}

// IntroRow is an introduction you made for a person: to whom, when, and
// what came of it.
type IntroRow struct {
	To          Chip
	Date        journal.Date
	Outcome     string // Markdown without hashtags; "" while open
	OutcomeDate journal.Date
}

// PersonNeed is something a person is looking for, with who could help.
type PersonNeed struct {
	Text  string
	Since journal.Date
	Open  bool
	You   string // why you could help; ""
	Help  []HelpRow
}

// HelpRow is someone who could help with a need.
type HelpRow struct {
	Who, Link, Because string
}

// YearRows is one year of a person's timeline.
type YearRows struct {
	Year    int
	Moments []MomentRow
}

// MomentRow is one thing on a person's timeline: an entry, a log line, an
// event attended or the first meeting.
type MomentRow struct {
	Date      journal.Date
	Met       bool   // the first meeting
	Kind      string // "event", or the interaction's kind ("call", ...); "" when not said
	Title     string // an entry's title or an event's name
	Link      string // the entry's or event's page; "" for a log line or the first meeting
	Text      string // a log line's text, Markdown without hashtags; the first meeting's place
	Where     string // an event's location
	Tags      []Link // a log line's hashtags that name a tag with a page
	Gave      string // what you gave, for an entry ("" for a log line: see Gave)
	Received  string // what they gave, for an entry
	Helped    bool   // you helped them
	HelpedYou bool   // they helped you
	Open      bool   // they helped you and you have not thanked them yet
	Thanked   bool   // you thanked them
	Upcoming  bool   // dated after today
	IntroBy   string // the first meeting: who introduced you
	IntroLink string
}

// MentionRow is one note that mentions a person.
type MentionRow struct {
	Note  bool         // a person's note (shown as "Name’s note")
	Date  journal.Date // the entry's date; zero for a person or an event
	Href  string       // the note's page; "" for a mention with no note
	Text  string       // the person's or event's name, or the entry's title
	Dated bool         // an entry: its date is shown
}

// StripYears is how many years the strip of interactions shows at most:
// the latest ones, so that a long friendship still fits a phone.
const StripYears = 12

// NewPerson builds the view of a person's page; link turns a site address
// into a link from the page.
func NewPerson(j *journal.Journal, p *journal.Person, link func(string) string) PersonView {
	href := linker(link)
	v := PersonView{
		Person:    p,
		Tags:      tagLinks(p.Tags, href),
		Favors:    own(FavorRows(p.Favors, link)),
		FollowUps: own(FollowUpRows(j.Today, p.FollowUps, link)),
		Notes:     withoutLogs(p.Body, p.Logs),
		Empty:     fmt.Sprintf("- %s Coffee #meeting", j.Today),
	}
	if p.Org != nil {
		v.OrgLink = href(p.Org)
	}
	if p.IntroducedBy != nil {
		v.IntroducedByLink = href(p.IntroducedBy)
		v.IntroducedBy = chips([]*journal.Person{p.IntroducedBy}, href)
	}
	if len(p.Introduced) > 0 {
		v.Introduced = chips(p.Introduced, href)
	}
	for _, in := range p.Threads {
		other := in.Other(p)
		v.Intros = append(v.Intros, IntroRow{To: Chip{Name: other.Name, Link: href(other)}, Date: in.Date,
			Outcome: content.Untag(in.Outcome), OutcomeDate: in.OutcomeDate})
	}
	if !p.Cadence.IsZero() {
		v.Cadence, v.CadenceDefault = p.Cadence.Words(), p.KeepInTouch.IsZero()
	}
	if b := p.Birthday; !b.IsZero() {
		v.Birthday = fmt.Sprintf("%d %s", b.Day, b.Month)
		if b.Year != 0 {
			v.Birthday += fmt.Sprintf(" %d", b.Year)
		}
	}
	for _, n := range p.Needs {
		r := PersonNeed{Text: n.Text, Since: n.Date, Open: n.Open}
		if n.You != nil {
			r.You = n.You.Because
		}
		for _, h := range n.Help {
			r.Help = append(r.Help, HelpRow{Who: h.Helper.Name, Link: href(h.Helper), Because: h.Because})
		}
		v.Needs = append(v.Needs, r)
	}
	v.Glance = glance(j, p, link)
	v.Timeline, v.Tally = timeline(j, p, href)
	if total(v.Tally) > 0 {
		oldest := make([]chart.Tally, len(v.Tally))
		for i, t := range v.Tally {
			oldest[len(v.Tally)-1-i] = t
		}
		v.Strip = chart.Strip("strip", p.Name, oldest)
	} else {
		v.Tally = nil
	}
	for _, m := range p.Mentions {
		var r MentionRow
		switch {
		case m.Person != nil:
			r = MentionRow{Note: true, Href: href(m.Person), Text: m.Person.Name}
		case m.Entry != nil:
			r = MentionRow{Dated: true, Date: m.Entry.Date, Href: href(m.Entry), Text: m.Entry.Title}
		case m.Event != nil:
			r = MentionRow{Href: href(m.Event), Text: m.Event.Name}
		}
		v.Mentions = append(v.Mentions, r)
	}
	return v
}

// own drops the person's name from the rows of their own page's open
// threads: the page is theirs, so "who" would only repeat its title.
func own[R FavorRow | FollowUpRow](rows []R) []R {
	for i := range rows {
		switch r := any(&rows[i]).(type) {
		case *FavorRow:
			r.Who, r.WhoLink = "", ""
		case *FollowUpRow:
			r.Who, r.WhoLink = "", ""
		}
	}
	return rows
}

func total(ts []chart.Tally) int {
	n := 0
	for _, t := range ts {
		n += t.Total()
	}
	return n
}

// glance says what is open between you and p, how to reach them and when
// you last spoke.
func glance(j *journal.Journal, p *journal.Person, link func(string) string) Glance {
	g := Glance{Last: p.LastContact}
	if !p.LastContact.IsZero() {
		g.LastAgo = Ago(j.Today, p.LastContact)
	}
	if n := len(p.Favors); n > 0 {
		g.Open = append(g.Open, "You owe them thanks for "+plural(n, "favour", "favours"))
	}
	for _, f := range p.FollowUps {
		when := "due " + Ago(j.Today, f.Due)
		if f.Overdue == 0 {
			when = "due today"
		} else if f.Overdue > 0 {
			when = Span(f.Overdue) + " overdue"
		}
		switch f.Reason {
		case journal.ReasonFollowUp:
			if f.Overdue >= 0 {
				g.Open = append(g.Open, "They are waiting for a follow-up ("+when+")")
			} else {
				g.Open = append(g.Open, "You promised a follow-up ("+when+")")
			}
		case journal.ReasonCadence:
			g.Open = append(g.Open, "Time to get in touch: "+f.Person.Cadence.Words()+" ("+when+")")
		default:
			g.Open = append(g.Open, "A new connection who has not heard from you ("+when+")")
		}
	}
	c := p.Contact
	if c.Email != "" {
		g.Email, g.EmailLink = breakable(c.Email), "mailto:"+c.Email
	}
	if c.Phone != "" {
		g.Phone, g.PhoneLink = c.Phone, "tel:"+strings.ReplaceAll(c.Phone, " ", "")
	}
	if c.LinkedIn != "" {
		g.Links = append(g.Links, Link{Href: c.LinkedIn, Text: "LinkedIn"})
	}
	if c.Website != "" {
		g.Links = append(g.Links, Link{Href: c.Website, Text: strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(c.Website, "https://"), "http://"), "/")})
	}
	return g
}

// breakable cuts an e-mail address where a line may break without
// breaking a word: after each "." and before the "@".
func breakable(addr string) []string {
	var out []string
	start := 0
	for i := 0; i < len(addr); i++ {
		switch {
		case addr[i] == '@' && i > start:
			out = append(out, addr[start:i])
			start = i
		case addr[i] == '.' && i+1 < len(addr):
			out = append(out, addr[start:i+1])
			start = i + 1
		}
	}
	return append(out, addr[start:])
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// timeline returns p's timeline as rows, newest first by year, and what
// happened each year up to today for the strip, newest first, from the
// year of the first thing to today's year (at most StripYears).
func timeline(j *journal.Journal, p *journal.Person, href func(any) string) ([]YearRows, []chart.Tally) {
	open := map[string]bool{}
	for _, f := range p.Favors {
		open[f.Source] = true
	}
	var years []YearRows
	var tally []chart.Tally
	count := func(y int, add func(*chart.Tally)) {
		if y > j.Today.Year {
			return
		}
		if len(tally) == 0 {
			tally = append(tally, chart.Tally{Year: j.Today.Year})
		}
		for tally[len(tally)-1].Year > y && len(tally) < StripYears {
			tally = append(tally, chart.Tally{Year: tally[len(tally)-1].Year - 1})
		}
		if t := &tally[len(tally)-1]; t.Year == y {
			add(t)
		}
	}
	for _, y := range j.Timeline(p) {
		yr := YearRows{Year: y.Year}
		for _, m := range y.Moments {
			r := MomentRow{Date: m.Date, Upcoming: m.Upcoming}
			switch {
			case m.Met:
				r.Met, r.Text = true, p.Met.Where
				if p.IntroducedBy != nil {
					r.IntroBy, r.IntroLink = p.IntroducedBy.Name, href(p.IntroducedBy)
				}
				if !m.Upcoming {
					count(m.Date.Year, func(t *chart.Tally) { t.Met++ })
				}
			case m.Event != nil:
				e := m.Event
				r.Kind, r.Title, r.Link, r.Where = "event", e.Name, href(e), e.Location
				if !m.Upcoming {
					count(m.Date.Year, func(t *chart.Tally) { t.Events++ })
				}
			case m.Interaction != nil:
				it := m.Interaction
				r.Kind, r.Helped, r.HelpedYou, r.Thanked = it.Kind, it.Gave, it.Received, it.Thanked
				r.Open = it.Received && open[it.Source]
				if e := it.Entry; e != nil {
					r.Title, r.Link, r.Gave, r.Received = e.Title, href(e), e.Gave, e.Received
					r.Helped, r.HelpedYou = e.Gave != "", e.Received != ""
					r.Thanked = e.ThankedSet
				} else if l := it.Log; l != nil {
					r.Text = content.Untag(l.Text)
					for _, t := range l.Tags {
						if isLabel(t) {
							continue
						}
						if tg := j.Tag(content.Slug(t)); tg != nil {
							r.Tags = append(r.Tags, Link{Href: href(tg), Text: tg.Name})
						}
					}
				}
				if !m.Upcoming {
					count(m.Date.Year, func(t *chart.Tally) {
						switch {
						case r.Helped:
							t.Gave++
						case r.HelpedYou:
							t.Received++
						default:
							t.Met++
						}
					})
				}
			}
			yr.Moments = append(yr.Moments, r)
		}
		years = append(years, yr)
	}
	return years, tally
}

// isLabel reports whether a log line's hashtag is shown as a label (a
// badge or the kind) rather than as a tag.
func isLabel(tag string) bool {
	if tag == "gave" || tag == "received" || tag == "thanked" {
		return true
	}
	for _, k := range content.Kinds() {
		if tag == k {
			return true
		}
	}
	return false
}

// withoutLogs returns a note's Markdown without its log lines, which the
// timeline shows, and without a heading left with nothing under it (the
// "## Log" above them). nil when nothing else is left.
func withoutLogs(b content.Body, logs []content.LogLine) []byte {
	if len(logs) == 0 {
		if len(bytes.TrimSpace(b.Markdown)) == 0 {
			return nil
		}
		return b.Markdown
	}
	drop := make(map[int]bool, len(logs))
	for _, l := range logs {
		drop[l.Line-b.Line] = true
	}
	var lines []string
	for i, l := range strings.Split(string(b.Markdown), "\n") {
		if !drop[i] {
			lines = append(lines, l)
		}
	}
	// Drop headings whose section is now empty, deepest first: a heading
	// is empty when only blank lines come before the next heading of the
	// same or a higher level.
	level := func(l string) int {
		n := 0
		for n < len(l) && l[n] == '#' {
			n++
		}
		if n == 0 || n > 6 || n < len(l) && l[n] != ' ' {
			return 0
		}
		return n
	}
	keep := make([]bool, len(lines))
	fenced := make([]bool, len(lines)) // inside a code block: never a heading
	in := false
	for i, l := range lines {
		keep[i] = true
		if t := strings.TrimLeft(l, " "); strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
			in = !in
			fenced[i] = true
		}
		fenced[i] = fenced[i] || in
	}
	for i := len(lines) - 1; i >= 0; i-- {
		if fenced[i] {
			continue
		}
		h := level(lines[i])
		if h == 0 {
			continue
		}
		empty := true
		for k := i + 1; k < len(lines); k++ {
			if !keep[k] {
				continue
			}
			if n := level(lines[k]); n > 0 && n <= h && !fenced[k] {
				break
			}
			if strings.TrimSpace(lines[k]) != "" {
				empty = false
				break
			}
		}
		if empty {
			keep[i] = false
		}
	}
	var out []string
	for i, l := range lines {
		if keep[i] {
			out = append(out, l)
		}
	}
	s := strings.Join(out, "\n")
	if strings.TrimSpace(s) == "" {
		return nil
	}
	return []byte(s)
}
