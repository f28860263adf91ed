package content

import "strings"

// Ref is a reference to a person (or an event) as written in the journal:
// a name, alias, file name, slug or "[[wikilink]]", with the line it is on.
type Ref struct {
	Text string
	Line int
}

// Link is a [[wikilink]] found in a Markdown body, or a Markdown link to
// a note ([Dana](Dana%20Okafor.md)).
type Link struct {
	Target   string // what is linked, without any #heading or |label
	Label    string // the text after |, if any
	Line     int
	Markdown bool // a Markdown link to a .md file, not a [[wikilink]]
}

// LogLine is a dated list item in a person note: "- 2026-03-10 Met for coffee #call".
type LogLine struct {
	Line  int
	Date  Date
	Text  string   // the text after the date, hashtags included
	Tags  []string // hashtags, lowercased, without '#'
	Links []Link
}

// Has reports whether the log line carries the hashtag tag.
func (l LogLine) Has(tag string) bool {
	for _, t := range l.Tags {
		if t == tag {
			return true
		}
	}
	return false
}

// Body is a file's Markdown after its front matter.
type Body struct {
	Markdown []byte
	Line     int     // the file line on which Markdown starts
	Links    []Link  // every [[wikilink]], in order
	Images   []Image // every image embedded, in order (see Attachments)
	// Sum is Doc.Sum, the SHA-256 of the bytes of the file Markdown was
	// read from, when they were hashed; zero if not (Parse). Markdown
	// is the same whenever Sum is (for the same program): the search
	// index's digest of a document uses Sum for its body, and does not
	// hash it again (a 2,000-person journal's bodies are 20 MB).
	Sum [32]byte
}

// Contact is how to reach a person.
type Contact struct {
	Email, Phone, LinkedIn, Website string
}

// Met is how and where you first met a person.
type Met struct {
	Date  Date
	Where string
	Via   Ref // the person who introduced you
}

// Person is one note in a people folder (content/people by default).
type Person struct {
	Path, Slug, Base string
	Name             string
	NameLine         int
	Aliases          []Ref
	Org, Role        string
	OrgLine          int
	Location         string
	Tags             []string
	Expertise        []string
	Likes            []string
	Needs            []Need // what they are looking for
	Met              Met
	Contact          Contact
	Birthday         Birthday
	KeepInTouch      Cadence
	Draft            bool
	Body             Body
	Logs             []LogLine
}

// Kinds lists the kinds of interaction an entry or log line may have.
func Kinds() []string {
	return []string{"call", "meeting", "email", "message", "event", "intro", "gift", "help", "note"}
}

// Entry is one dated journal entry in an entries folder.
type Entry struct {
	Path, Slug, Base string
	Date             Date
	Time             string // the time of day given with the date, HH:MM, or ""
	Title            string
	With             []Ref // absent: the people linked in the body
	HasWith          bool
	Kind             string
	Tags             []string
	Event            Ref
	Gave             string
	Received         string
	Thanked          Date // the day thanks were given
	ThankedSet       bool // thanked: true or a date
	FollowUp         Date
	FollowUpLine     int
	Draft            bool
	Body             Body
}

// Event is a conference, meetup or dinner in an events folder.
type Event struct {
	Path, Slug, Base  string
	Name              string
	Date, End         Date
	Time              string // the time of day given with the date, HH:MM, or ""
	Location, Website string
	People            []Ref
	Draft             bool
	Body              Body
}

// Config is kith.yaml.
type Config struct {
	Title              string
	Owner              string
	DefaultKeepInTouch Cadence
	Encrypt            bool
	Calendar           bool
	Folders            Folders  // where the notes are; DefaultFolders unless kith.yaml says
	OwnerExpertise     []string // what the journal's owner can help with
}

// Doc is one parsed journal file: exactly one of its pointers is set, or
// none when the file could not be read or is private.
type Doc struct {
	Person *Person
	Entry  *Entry
	Event  *Event
	// Private is true for a note marked private: true. Its pointers are then
	// nil: nothing of the note reaches the model, so no output can show it.
	Private bool
	// Sum is the SHA-256 of the file's bytes as read (Load and Update set
	// it; Parse leaves it zero): what a later build compares to tell that a
	// note is the same without parsing it again.
	Sum [32]byte
}

// setSum sets the document's Sum, and its record's Body.Sum.
func (d *Doc) setSum(sum [32]byte) {
	d.Sum = sum
	if b := d.Body(); b != nil {
		b.Sum = sum
	}
}

// Body returns the body of the document's record, or nil when it has none
// (a private note).
func (d Doc) Body() *Body {
	switch {
	case d.Person != nil:
		return &d.Person.Body
	case d.Entry != nil:
		return &d.Entry.Body
	case d.Event != nil:
		return &d.Event.Body
	}
	return nil
}

// Path returns the path of the file the document came from.
func (d Doc) Path() string {
	switch {
	case d.Person != nil:
		return d.Person.Path
	case d.Entry != nil:
		return d.Entry.Path
	case d.Event != nil:
		return d.Event.Path
	}
	return ""
}

// IsDraft reports whether the document is marked draft: true.
func (d Doc) IsDraft() bool {
	switch {
	case d.Person != nil:
		return d.Person.Draft
	case d.Entry != nil:
		return d.Entry.Draft
	case d.Event != nil:
		return d.Event.Draft
	}
	return false
}

// Unlabel drops from a log line's text the hashtags that kith shows as
// labels (#gave, #received, #thanked and the kinds), keeping other words
// and hashtags: "Reviewed my talk. #received #call" is "Reviewed my talk.".
func Unlabel(text string) string {
	words := strings.Fields(text)
	out := words[:0]
	for _, w := range words {
		if t, ok := strings.CutPrefix(w, "#"); ok {
			t = strings.ToLower(strings.TrimRight(t, ".,;:!?"))
			if t == "gave" || t == "received" || t == "thanked" || contains(Kinds(), t) {
				continue
			}
		}
		out = append(out, w)
	}
	return strings.Join(out, " ")
}

// Untag drops every hashtag from a log line's text, labels and others,
// keeping the other words: "Sent a card. #thanked #gift" is "Sent a card.".
// A page shows a log line's labels as badges and its other hashtags as
// links, never as raw text.
func Untag(text string) string {
	if !strings.Contains(text, "#") {
		return text
	}
	out := hashtagRe.ReplaceAllStringFunc(text, func(m string) string {
		if m[0] != '#' {
			return m[:1] // the space or "(" before the hashtag
		}
		return ""
	})
	return strings.Join(strings.Fields(out), " ")
}
