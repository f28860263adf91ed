// Package calendar turns a journal into an iCalendar feed (RFC 5545) that
// calendar apps can subscribe to: events, birthdays (repeating yearly),
// open follow-ups and the next keep-in-touch date of everyone with a
// cadence, each one an all-day VEVENT.
//
// The feed is deterministic: every VEVENT has a UID made from the stable
// identity of what it is about (an event's or person's slug, an entry's
// slug), so that apps update an event rather than add a copy; DTSTAMP is
// the journal's today, not the clock; and events are sorted by UID. The
// same journal seen from the same day gives the same bytes, and a changed
// note changes only its own VEVENTs.
package calendar

import (
	"bufio"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"io"
	"net/url"
	"sort"
	"strings"
	"time"
	"unicode"

	ics "github.com/arran4/golang-ical"

	"kith/generator/content"
	"kith/generator/journal"
)

// FileName is where a site publishes the feed.
const FileName = "calendar.ics"

// FeedProperty is the calendar property, with the value 1, that marks a feed
// kith wrote (beside its PRODID): `kith calendar -o` replaces only such a
// file.
const FeedProperty = "X-KITH-FEED"

// ProductPrefix starts the PRODID of every feed kith writes.
const ProductPrefix = "-//kith//kith"

// Options tunes the feed.
type Options struct {
	// Version is kith's version, written in PRODID; empty leaves it out.
	Version string
}

// vevent is one all-day event of the feed, before it is encoded.
type vevent struct {
	uid         string
	start, end  content.Date // end is exclusive; zero means one day
	summary     string
	location    string
	url         string
	description string
	rrule       string
	reminder    bool // a date to remember rather than time spent: shown as free
}

// Encode writes the feed of j to w.
func Encode(w io.Writer, j *journal.Journal, opt Options) error {
	return newFeed(j, opt, true).encode(w)
}

// feedData is everything a feed's bytes are made of: Encode writes these and
// nothing else, so two feeds with the same Digest have the same bytes
// (written by the same program).
type feedData struct {
	prod   string       // PRODID
	name   string       // X-WR-CALNAME, before text()
	stamp  content.Date // DTSTAMP of every VEVENT: the day the journal is seen from
	events []vevent     // sorted by UID
}

// newFeed returns the feed of j; sorted says whether its events are to be
// sorted by UID, as Encode writes them. Digest hashes them unsorted: a
// stable sort of the same list gives the same order, so the same unsorted
// list means the same feed.
func newFeed(j *journal.Journal, opt Options, sorted bool) feedData {
	f := feedData{prod: ProductPrefix + "//EN", name: j.Config.Title, stamp: j.Today, events: events(j)}
	if sorted {
		sortEvents(f.events)
	}
	if opt.Version != "" {
		f.prod = ProductPrefix + " " + opt.Version + "//EN"
	}
	if f.name == "" {
		f.name = "kith"
	}
	return f
}

func (f feedData) encode(w io.Writer) error {
	cal := ics.NewCalendar()
	cal.CalendarProperties = nil // PRODID and VERSION first, in this order
	cal.SetProductId(f.prod)
	cal.SetVersion("2.0")
	cal.SetCalscale("GREGORIAN")
	cal.SetMethod(ics.MethodPublish)
	cal.SetXWRCalName(text(f.name))
	cal.CalendarProperties = append(cal.CalendarProperties, ics.CalendarProperty{
		BaseProperty: ics.BaseProperty{IANAToken: FeedProperty, Value: "1"},
	})

	stamp := f.stamp.Time() // deterministic: the day the journal is seen from
	for _, v := range f.events {
		e := cal.AddEvent(v.uid)
		e.SetDtStampTime(stamp)
		e.SetAllDayStartAt(v.start.Time())
		end := v.end
		if end.IsZero() {
			end = v.start.AddDays(1)
		}
		e.SetAllDayEndAt(end.Time())
		e.SetSummary(text(v.summary))
		if v.location != "" {
			e.SetLocation(text(v.location))
		}
		if v.url != "" {
			e.SetURL(v.url)
		}
		if v.description != "" {
			e.SetDescription(text(v.description))
		}
		if v.rrule != "" {
			e.AddRrule(v.rrule)
		}
		if v.reminder {
			e.SetTimeTransparency(ics.TransparencyTransparent)
		}
	}
	return cal.SerializeTo(w, ics.WithNewLineWindows)
}

// Digest returns a SHA-256 of everything the feed Encode(w, j, opt) writes
// is made of (its name, the day, and every field of every VEVENT before it
// is encoded), without encoding it: the same program gives two journals
// with the same Digest the same feed, byte for byte. Working out the
// VEVENTs is a small part of encoding them, so a site can tell that its
// feed did not change for a fraction of what rendering it costs.
func Digest(j *journal.Journal, opt Options) [32]byte {
	return newFeed(j, opt, false).digest()
}

func (f feedData) digest() [32]byte {
	var b []byte
	str := func(s string) {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	date := func(d content.Date) {
		b = binary.AppendVarint(b, int64(d.Year))
		b = binary.AppendVarint(b, int64(d.Month))
		b = binary.AppendVarint(b, int64(d.Day))
	}
	b = make([]byte, 0, 256+len(f.events)*160)
	str("kith calendar digest 1")
	str(f.prod)
	str(f.name)
	date(f.stamp)
	b = binary.AppendUvarint(b, uint64(len(f.events)))
	for _, v := range f.events {
		v.digest(str, date)
		if v.reminder {
			b = append(b, 1)
		} else {
			b = append(b, 0)
		}
	}
	return sha256.Sum256(b)
}

// digest writes every field of v but reminder (a bool, which Digest
// writes) through str and date; TestDigestCoversEvent fails when vevent
// gains a field this does not write.
func (v vevent) digest(str func(string), date func(content.Date)) {
	str(v.uid)
	date(v.start)
	date(v.end)
	str(v.summary)
	str(v.location)
	str(v.url)
	str(v.description)
	str(v.rrule)
}

// headLimit bounds how much of a file IsOwnFeed reads before deciding.
const headLimit = 64 << 10

// IsOwnFeed reports whether r holds a feed kith wrote: it starts with
// BEGIN:VCALENDAR, and before its first component it has a PRODID starting
// with ProductPrefix and the property FeedProperty with the value 1. A
// calendar of the user's own (or an older kith feed without the mark) is
// not one, so `kith calendar -o` never replaces it.
func IsOwnFeed(r io.Reader) bool {
	sc := bufio.NewScanner(io.LimitReader(r, headLimit))
	sc.Buffer(make([]byte, 0, 4096), headLimit)
	first, prod, mark := true, false, false
	for sc.Scan() {
		line := strings.TrimRight(sc.Text(), "\r")
		if first {
			if !strings.EqualFold(strings.TrimPrefix(line, "\uFEFF"), "BEGIN:VCALENDAR") {
				return false
			}
			first = false
			continue
		}
		name, value, _ := strings.Cut(line, ":")
		switch strings.ToUpper(name) {
		case "PRODID":
			prod = strings.HasPrefix(value, ProductPrefix+" ") || strings.HasPrefix(value, ProductPrefix+"//")
		case FeedProperty:
			mark = value == "1"
		case "BEGIN", "END":
			return prod && mark
		}
	}
	return prod && mark && sc.Err() == nil
}

// Bytes returns the feed of j.
func Bytes(j *journal.Journal, opt Options) ([]byte, error) {
	var b strings.Builder
	if err := Encode(&b, j, opt); err != nil {
		return nil, err
	}
	return []byte(b.String()), nil
}

// events lists the VEVENTs of a journal, in the journal's order (events,
// people, follow-ups); the feed sorts them by UID (sortEvents).
func events(j *journal.Journal) []vevent {
	out := make([]vevent, 0, len(j.Events)+2*len(j.People)+len(j.FollowUps)) // at most
	for _, e := range j.Events {
		v := vevent{
			uid:      "event-" + e.Slug + "@kith",
			start:    e.Date,
			end:      e.Last().AddDays(1),
			summary:  e.Name,
			location: e.Location,
			url:      webURL(e.Website),
		}
		if !v.end.After(v.start) { // an end before the start: one day
			v.end = v.start.AddDays(1)
		}
		if len(e.Attendees) > 0 {
			v.description = "Expected: " + names(e.Attendees)
		}
		out = append(out, v)
	}
	for _, p := range j.People {
		if !p.Birthday.IsZero() {
			out = append(out, birthday(j.Today, p))
		}
		if !p.Cadence.IsZero() {
			v := keepInTouch(j.Today, p)
			v.description += hookLines(j.Hooks(p))
			out = append(out, v)
		}
	}
	for _, f := range j.FollowUps {
		if f.Reason == journal.ReasonCadence {
			continue // the keep-in-touch date says it, under its own UID
		}
		v := followUp(j.Today, f)
		v.description += hookLines(f.Hooks)
		out = append(out, v)
	}
	return out
}

// sortEvents sorts VEVENTs by UID, stably: the same list in the same order
// always sorts the same way.
func sortEvents(out []vevent) {
	sort.SliceStable(out, func(a, b int) bool { return out[a].uid < out[b].uid })
}

// hookLines lists a follow-up's reasons to reach out, one a line, after
// the description.
func hookLines(hooks []journal.Hook) string {
	var b strings.Builder
	for _, h := range hooks {
		b.WriteString("\n- " + h.Text)
	}
	return b.String()
}

// birthday repeats yearly from the year of birth when known, else from the
// next birthday. A 29 February birthday falls on the last day of February.
func birthday(today content.Date, p *journal.Person) vevent {
	b := p.Birthday
	start := b.Next(today)
	if b.Year > 0 {
		start = content.Date{Year: b.Year, Month: b.Month, Day: b.Day}
	}
	rule := "FREQ=YEARLY"
	if b.Month == time.February && b.Day == 29 {
		rule = "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1"
	}
	v := vevent{
		uid:      "birthday-" + p.Slug + "@kith",
		start:    start,
		summary:  p.Name + "’s birthday",
		rrule:    rule,
		reminder: true,
	}
	if b.Year > 0 {
		v.description = fmt.Sprintf("Born %d.", b.Year)
	}
	return v
}

// keepInTouch is the day one cadence after the last contact (else the day
// met), or today when that day has passed or neither is known.
func keepInTouch(today content.Date, p *journal.Person) vevent {
	last := p.LastContact
	if last.IsZero() {
		last = p.Met.Date
	}
	due := today
	desc := "Keep in touch " + p.Cadence.Words() + "; no contact logged yet."
	if !last.IsZero() {
		due = p.Cadence.After(last)
		desc = fmt.Sprintf("Keep in touch %s; last contact %s.", p.Cadence.Words(), last)
		if p.LastContact.IsZero() {
			desc = fmt.Sprintf("Keep in touch %s; met %s, no contact logged since.", p.Cadence.Words(), last)
		}
		if due.Before(today) {
			due = today
		}
	}
	return vevent{uid: "cadence-" + p.Slug + "@kith", start: due, summary: "Keep in touch with " + p.Name, description: desc, reminder: true}
}

// followUp is an open follow-up on its due day, or today once overdue.
func followUp(today content.Date, f *journal.FollowUp) vevent {
	day := f.Due
	if day.Before(today) {
		day = today
	}
	v := vevent{start: day, summary: "Follow up with " + f.Person.Name, reminder: true}
	switch {
	case f.Entry != nil:
		v.uid = "followup-" + f.Entry.Slug + "-" + f.Person.Slug + "@kith"
		v.description = fmt.Sprintf("From “%s” (%s); due %s.", f.Entry.Title, f.Entry.Date, f.Due)
	default: // a new connection fading
		v.uid = "fading-" + f.Person.Slug + "@kith"
		v.description = fmt.Sprintf("Met %s and no contact since; due %s.", f.Person.Met.Date, f.Due)
	}
	return v
}

// webURL returns u when it is an http or https address, else "": a
// calendar app may make URL a link, and javascript: must not be one.
func webURL(u string) string {
	x, err := url.Parse(strings.TrimSpace(u))
	if err != nil || x.Host == "" || (!strings.EqualFold(x.Scheme, "http") && !strings.EqualFold(x.Scheme, "https")) {
		return ""
	}
	return x.String()
}

// text makes s safe as an iCalendar TEXT value: the library escapes
// backslashes, commas, semicolons and "\n", but RFC 5545 allows no other
// line break and no control character but tab, so a carriage return (alone
// or before "\n") becomes "\n" and other control characters are dropped.
// Without this a bare CR from YAML ("\r") would end the line for a parser
// that splits on CR and inject properties.
func text(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\r':
			return '\n'
		case r == '\n' || r == '\t':
			return r
		case unicode.IsControl(r):
			return -1
		}
		return r
	}, s)
}

func names(ps []*journal.Person) string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Name
	}
	return strings.Join(out, ", ")
}
