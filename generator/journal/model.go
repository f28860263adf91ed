// Package journal is kith's model of a networking journal: people, entries,
// events, orgs and tags, linked to each other, and the views derived from
// them (timelines, thanks owed, follow-ups, introductions, upcoming dates).
//
// It is pure: it reads no files and asks no clock. Build takes parsed files
// from the content package and the day to treat as today.
package journal

import "kith/generator/content"

// Date is a calendar day.
type Date = content.Date

// Person is someone you know, with everything the journal says about them.
type Person struct {
	*content.Person
	Org          *Org
	Tags         []*Tag
	IntroducedBy *Person
	Introduced   []*Person      // people this person introduced you to, by name
	Interactions []*Interaction // newest first
	Entries      []*Entry       // entries with this person, newest first
	Events       []*Event       // events they attend, newest first
	Mentions     []Mention      // notes that link to this person
	LastContact  Date           // the latest interaction on or before today
	Favors       []*Favor       // favours received and still not thanked, oldest first
	FollowUps    []*FollowUp    // open follow-ups, most overdue first
	Cadence      content.Cadence
	Needs        []*Need  // what they are looking for: open ones newest first, then faded
	Threads      []*Intro // introductions you made for them, newest first

	// What the person adds to the journal's lists, kept so that Patch can
	// gather those lists again without deriving everyone anew.
	idx    int            // place in Journal.People
	thanks []*Thanks      // thanks given to them, in the order of Interactions
	given  []*Interaction // help you gave them that Journal.Given counts here
	pay    *PayForward    // their place in Journal.PayForward, or nil
}

// Interaction is a contact with a person: an entry with them or a log line
// in their note.
type Interaction struct {
	Date     Date
	Kind     string // call, meeting, ... or "" when not said
	Person   *Person
	Entry    *Entry           // set when the interaction is an entry
	Log      *content.LogLine // set when it is a log line
	Gave     bool             // I helped them
	Received bool             // they helped me
	Thanked  bool             // I thanked them
	Source   string           // path:line
}

// Title describes the interaction in a few words.
func (i *Interaction) Title() string {
	if i.Entry != nil {
		return i.Entry.Title
	}
	return i.Log.Text
}

// Entry is a dated journal entry.
type Entry struct {
	*content.Entry
	Title  string
	People []*Person
	Event  *Event
	Tags   []*Tag

	idx int // place in Journal.Entries
}

// Event is a conference, meetup or dinner, with the people expected there.
type Event struct {
	*content.Event
	Attendees []*Person
	Entries   []*Entry // entries logged at the event, oldest first

	idx int // place in Journal.Events
}

// Last returns the event's last day.
func (e *Event) Last() Date {
	if e.End.IsZero() {
		return e.Date
	}
	return e.End
}

// Org is an organisation that people in the journal belong to.
type Org struct {
	Name, Slug string
	People     []*Person
}

// Tag is a label on people or entries.
type Tag struct {
	Name, Slug string
	People     []*Person
	Entries    []*Entry
}

// Mention is a link to a person from the body of another note.
type Mention struct {
	Person *Person // set when the note is a person's
	Entry  *Entry  // set when the note is an entry
	Event  *Event  // set when the note is an event
	Line   int
}

// Favor is help received from a person that has not been thanked yet.
type Favor struct {
	Person *Person
	What   string
	Date   Date
	Waited int // days since Date
	Entry  *Entry
	Source string // path:line
}

// Thanks is a thank-you that was given.
type Thanks struct {
	Person *Person
	Date   Date
	What   string
	Entry  *Entry
	Source string
}

// Reasons a person is on the follow-up list.
const (
	ReasonFollowUp = "follow_up" // an entry asked for a follow-up by a date
	ReasonCadence  = "cadence"   // longer since last contact than keep_in_touch
	ReasonFading   = "fading"    // met recently, no contact since
)

// FollowUp is someone to get back to, and why.
type FollowUp struct {
	Person      *Person
	Reason      string
	Due         Date
	Overdue     int // days past Due; negative when Due is still ahead
	LastContact Date
	Entry       *Entry // for ReasonFollowUp
	Source      string
	Hooks       []Hook // up to MaxHooks reasons to reach out
}

// Promised reports whether an entry asked for this follow-up by a date.
func (f *FollowUp) Promised() bool { return f.Reason == ReasonFollowUp }

// PastCadence reports whether it has been longer than the person's
// keep-in-touch cadence.
func (f *FollowUp) PastCadence() bool { return f.Reason == ReasonCadence }

// Upcoming is an event or birthday in the coming days.
type Upcoming struct {
	Kind   string // "event" or "birthday"
	Date   Date
	In     int // days from today
	Event  *Event
	Person *Person
	Age    int // the age turned, for birthdays with a year
}

// Slug returns the slug of the event or person.
func (u Upcoming) Slug() string {
	if u.Event != nil {
		return u.Event.Slug
	}
	return u.Person.Slug
}

// Name returns the name of the event or person.
func (u Upcoming) Name() string {
	if u.Event != nil {
		return u.Event.Name
	}
	return u.Person.Name
}

// Connector is someone who introduced you to other people.
type Connector struct {
	Person     *Person
	Introduced []*Person
}

// EntryYear is the entries of one year, newest first.
type EntryYear struct {
	Year    int
	Entries []*Entry
}
