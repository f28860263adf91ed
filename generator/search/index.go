package search

import (
	"encoding/binary"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"kith/generator/batch"
	"kith/generator/content"
	"kith/generator/journal"
	"kith/generator/page"
)

// Field is a part of a document that words are found in.
type Field struct {
	Name   string // shown in snippets ("likes: Taiwanese oolong")
	Weight int    // how much a match in it counts
	Title  bool   // the document's own name: a snippet shows another field if it can
	Prose  bool   // free text, where StopWords are not indexed
}

// Fields lists every field, by id. Weights: a name counts most, then what
// a person is known for, then what was written about them.
var Fields = []Field{
	{"name", 10, true, false}, {"alias", 8, false, false}, {"title", 8, true, false}, {"org", 6, false, false},
	{"tag", 6, false, false}, {"expertise", 5, false, false}, {"likes", 5, false, false}, {"role", 4, false, false},
	{"location", 4, false, false}, {"met", 3, false, false}, {"people", 3, false, false}, {"event", 3, false, false},
	{"favours", 3, false, false},
	{"log", 2, false, true}, {"notes", 1, false, true}, {"text", 1, false, true},
}

// StopWords are the words (folded) that are not indexed where they are
// prose (Field.Prose: log lines, notes, entries' and events' text), and
// that a query leaves out when it asks for anything else (Query.Stop):
// "coffee with dana" finds the entries with coffee and Dana in them,
// whether or not "with" is. They are the commonest English words that
// carry no meaning alone, and none that is often a name, a month or an
// abbreviation too (an, do, it, may, us, will stay); a name, title, org,
// tag or any other field keeps every word, so "the" alone still finds
// "The Ocean Cleanup". A fifth of a large journal's postings were of
// these words in its text (docs/performance.md, eleventh session).
var StopWords = []string{
	"a", "about", "and", "are", "as", "at", "be", "but", "by", "for", "from", "had", "has", "have", "i", "in",
	"is", "my", "not", "of", "on", "or", "so", "than", "that", "the", "there", "this", "to", "was", "we",
	"were", "which", "with", "would",
}

// isStop says whether a folded word is one of StopWords.
var isStop = func() map[string]bool {
	m := make(map[string]bool, len(StopWords))
	for _, w := range StopWords {
		m[w] = true
	}
	return m
}()

// fieldID returns the id of the field called name.
func fieldID(name string) int {
	for i, f := range Fields {
		if f.Name == name {
			return i
		}
	}
	panic("search: no field " + name)
}

// Kinds of documents, in the order results are grouped.
var Kinds = []string{"person", "entry", "event", "org", "tag"}

// States a person can be looked up by with is:.
var States = []string{"owed", "overdue", "fading"}

// FadingDays is how long without contact makes a person fading.
const FadingDays = 365

// storedText bounds the text of one field kept for snippets, in code
// points; every word is indexed, but a snippet from a long note comes from
// its beginning. It is most of a document's bytes in a chunk. A field the
// site leaves on its page (OnPage) is kept whole, as the page shows it.
const storedText = 500

// Doc is one thing search finds: a person, entry, event, org or tag.
type Doc struct {
	Kind   string      `json:"k"`
	Slug   string      `json:"s"`
	Title  string      `json:"t"`
	Sub    string      `json:"b,omitempty"` // a line under the title: role and org, a date
	URL    string      `json:"u"`           // relative to the site root
	Fields []FieldText `json:"f"`
	// note is the SHA-256 of the file of the note whose body is a field
	// of the document (content.Body.Sum), or nil when not known: the
	// body is the same whenever it is (docKey).
	note *[32]byte
}

// FieldText is the text of one field of a document.
type FieldText struct {
	Field int
	Text  string
	words string // while the index is built: the text to index (a whole note body)
	raw   uint8  // what finish has to do to Text or words (rawText...); 0 once done
	date  int64  // a log line's day (rawLog), packDay
}

// What a field is before finish: a field's text is collected as written,
// and made into what is indexed and shown only when its document is
// tokenised (or its chunk written), so that a build that updates the
// index from a Cache pays for the documents that changed and no others.
const (
	rawText = iota + 1 // Text as written: finish makes it one line
	rawBody            // words is a note's body: finish makes Text its beginning, as plain text
	rawLog             // Text is a log line's text (Markdown) and date its day
	// bodyLater is a body finish left for writeDoc (Update's documents,
	// whose snippets are written once, into a chunk): words is still the
	// body, and the snippet is made as the chunk is written, into reused
	// memory. Made by finish and kept until then, the snippets of a large
	// journal (11 MB) were a fifth of making its index.
	bodyLater
)

// Posting says that a term is in a field of a document.
type Posting struct{ Doc, Field int32 }

// Index is the search index of one journal, seen from one day. Documents
// are numbered by kind (Kinds order), then in the journal's order; a tie
// in ranking is broken by that number.
type Index struct {
	Docs   []Doc
	Start  map[string]int     // kind → its first document; documents of a kind are consecutive
	States map[string][]int32 // state → people in it, ascending
	Terms  map[string][]Posting
	Keys   []string // shard keys, sorted (see shardKeys)

	groups map[string][]string // shard key → its terms, sorted
	lazy   *lazy               // set for an index read by FromFiles: Docs and Terms are empty
	bodies *Bodies             // snippets made while the journal loaded (Update), or nil
}

// Build makes the index of a journal. Each document's URL is its page's
// address (page.URL, where every address rule lives), mapped by address
// to the one written (opaque names in an encrypted site); nil keeps it.
//
// The documents are tokenised on one goroutine per CPU, each taking the
// next of a few ranges of them (see tokenise); the index is the same for
// any number.
func Build(j *journal.Journal, address func(string) string) *Index {
	return build(j, address, runtime.GOMAXPROCS(0))
}

// build makes the index on up to workers goroutines.
func build(j *journal.Journal, address func(string) string, workers int) *Index {
	ix, _ := index(collect(j, address, workers), workers, false)
	return ix
}

// index tokenises the documents collect listed and makes the index. It
// also returns the terms in the order merge numbered them (a Cache keeps
// their postings by that number). With later set, the snippets of bodies
// are left for writeDoc (bodyLater).
func index(ix *Index, workers int, later bool) (*Index, []string) {
	// Four ranges a goroutine, each taking the next from a counter: a
	// goroutine whose CPU is busy with other work (or whose range is
	// slower to finish than its bytes say) takes fewer, and the others
	// do not wait for it at the end.
	ranges := split(ix.Docs, 4*workers)
	parts := make([]*tokens, len(ranges))
	batch.Run(len(ranges), min(workers, len(ranges)), 1, func(next func() (int, int, bool)) {
		for r, _, ok := next(); ok; r, _, ok = next() {
			parts[r] = tokenise(ix.Docs, ranges[r][0], ranges[r][1], later, ix.bodies)
		}
	})
	names := merge(ix, parts, workers)
	ix.Keys = shardKeys(ix.Terms)
	ix.group()
	return ix, names
}

// collect lists every document of j, numbered by kind (Kinds order), then
// in the journal's order, and the people in each state. A body is kept
// whole (FieldText.body); finish makes its snippet. The documents are
// collected on up to workers goroutines, each taking the next batch of
// them from a counter, each document into its own place (one goroutine
// did it while the other CPUs waited: most of an update after one note).
func collect(j *journal.Journal, address func(string) string, workers int) *Index {
	url := func(x any) string {
		addr, _ := page.URL(x)
		if address != nil {
			addr = address(addr)
		}
		return addr
	}
	fName, fAlias, fTitle, fOrg, fTag, fExpertise, fLikes, fRole := fieldID("name"), fieldID("alias"), fieldID("title"), fieldID("org"), fieldID("tag"), fieldID("expertise"), fieldID("likes"), fieldID("role")
	fLocation, fMet, fPeople, fEvent, fFavours, fLog, fNotes, fText := fieldID("location"), fieldID("met"), fieldID("people"), fieldID("event"), fieldID("favours"), fieldID("log"), fieldID("notes"), fieldID("text")
	ix := &Index{Start: map[string]int{}, States: map[string][]int32{}, Terms: map[string][]Posting{}}
	people, entries, events, orgs := len(j.People), len(j.Entries), len(j.Events), len(j.Orgs)
	ix.Docs = make([]Doc, people+entries+events+orgs+len(j.Tags))
	ix.Start["person"] = 0
	ix.Start["entry"] = people
	ix.Start["event"] = people + entries
	ix.Start["org"] = people + entries + events
	ix.Start["tag"] = people + entries + events + orgs
	// Every document's fields are slices of one array, each as long as
	// its document can need (a slice per document was most of what an
	// update after one note allocated, and the collector's work with it):
	// document i's are at[i] to at[i+1].
	at := make([]int, len(ix.Docs)+1)
	for i := range ix.Docs {
		n := 1 // an org's or a tag's name
		switch {
		case i < people:
			n = personFields(j.People[i])
		case i < people+entries:
			n = entryFields(j.Entries[i-people])
		case i < people+entries+events:
			n = 3
		}
		at[i+1] = at[i] + n
	}
	all := make([]FieldText, at[len(ix.Docs)])
	fields := func(i int) []FieldText { return all[at[i]:at[i]:at[i+1]] }
	// The states of each person, as bits (owed, overdue, fading), listed
	// in order once every person is collected.
	const owed, overdue, fading = 1, 2, 4
	states := make([]uint8, people)
	person := func(id int, p *journal.Person) {
		f := fields(id)
		f = add(f, fName, p.Name)
		for _, a := range p.Aliases {
			f = add(f, fAlias, a.Text)
		}
		f = add(f, fOrg, p.Person.Org)
		f = add(f, fRole, p.Role)
		f = add(f, fLocation, p.Location)
		for _, t := range p.Tags {
			f = add(f, fTag, t.Name)
		}
		for _, t := range p.Expertise {
			f = add(f, fExpertise, t)
		}
		for _, t := range p.Likes {
			f = add(f, fLikes, t)
		}
		if m := p.Met; !m.Date.IsZero() || m.Where != "" || m.Via.Text != "" {
			parts := []string{}
			if !m.Date.IsZero() {
				parts = append(parts, day(m.Date))
			}
			if m.Where != "" {
				parts = append(parts, m.Where)
			}
			if m.Via.Text != "" {
				parts = append(parts, "via "+unlink(m.Via.Text))
			}
			f = add(f, fMet, strings.Join(parts, ", "))
		}
		f = addBody(f, fNotes, p.Body.Markdown)
		for _, l := range p.Logs {
			f = append(f, FieldText{Field: fLog, Text: l.Text, date: packDay(l.Date), raw: rawLog})
		}
		ix.Docs[id] = Doc{Kind: "person", Slug: p.Slug, Title: p.Name, Sub: join(", ", p.Role, p.Person.Org), URL: url(p), Fields: f, note: bodySum(&p.Body)}
		if len(p.Favors) > 0 {
			states[id] |= owed
		}
		for _, u := range p.FollowUps {
			if u.Overdue >= 0 {
				states[id] |= overdue
				break
			}
		}
		last := p.LastContact
		if last.IsZero() {
			last = p.Met.Date
		}
		if !last.IsZero() && last.DaysUntil(j.Today) > FadingDays {
			states[id] |= fading
		}
	}
	entry := func(id int, e *journal.Entry) {
		f := fields(id)
		f = add(f, fTitle, e.Title)
		for _, p := range e.People {
			f = add(f, fPeople, p.Name)
		}
		for _, t := range e.Tags {
			f = add(f, fTag, t.Name)
		}
		if e.Event != nil {
			f = add(f, fEvent, e.Event.Name)
		}
		f = add(f, fFavours, join("; ", e.Gave, e.Received))
		f = addBody(f, fText, e.Body.Markdown)
		ix.Docs[id] = Doc{Kind: "entry", Slug: e.Slug, Title: e.Title, Sub: day(e.Date), URL: url(e), Fields: f, note: bodySum(&e.Body)}
	}
	other := func(id int) {
		switch i := id - people - entries; {
		case i < events:
			e := j.Events[i]
			f := fields(id)
			f = add(f, fName, e.Name)
			f = add(f, fLocation, e.Location)
			f = addBody(f, fText, e.Body.Markdown)
			ix.Docs[id] = Doc{Kind: "event", Slug: e.Slug, Title: e.Name, Sub: join(", ", day(e.Date), e.Location), URL: url(e), Fields: f, note: bodySum(&e.Body)}
		case i < events+orgs:
			o := j.Orgs[i-events]
			ix.Docs[id] = Doc{Kind: "org", Slug: o.Slug, Title: o.Name, URL: url(o), Fields: add(fields(id), fName, o.Name)}
		default:
			t := j.Tags[i-events-orgs]
			ix.Docs[id] = Doc{Kind: "tag", Slug: t.Slug, Title: "#" + t.Name, URL: url(t), Fields: add(fields(id), fName, t.Name)}
		}
	}
	const size = 128
	batch.Run(len(ix.Docs), min(workers, len(ix.Docs)/(4*size)), size, func(next func() (int, int, bool)) {
		for from, to, ok := next(); ok; from, to, ok = next() {
			for id := from; id < to; id++ {
				switch {
				case id < people:
					person(id, j.People[id])
				case id < people+entries:
					entry(id, j.Entries[id-people])
				default:
					other(id)
				}
			}
		}
	})
	for id, st := range states {
		for _, s := range []struct {
			bit  uint8
			name string
		}{{owed, "owed"}, {overdue, "overdue"}, {fading, "fading"}} {
			if st&s.bit != 0 {
				ix.States[s.name] = append(ix.States[s.name], int32(id))
			}
		}
	}
	return ix
}

// bodySum returns the sum of b's note (for Doc.note), or nil.
func bodySum(b *content.Body) *[32]byte {
	if b.Sum == ([32]byte{}) {
		return nil
	}
	return &b.Sum
}

// personFields is the most fields collect makes of a person: name, org,
// role, location, met and notes, and one per alias, tag, expertise, like
// and log line.
func personFields(p *journal.Person) int {
	return 6 + len(p.Aliases) + len(p.Tags) + len(p.Expertise) + len(p.Likes) + len(p.Logs)
}

// entryFields is the most fields collect makes of an entry: title, event,
// favours and text, and one per person and tag.
func entryFields(e *journal.Entry) int { return 4 + len(e.People) + len(e.Tags) }

// split cuts docs into at most n ranges [from, to) of about the same
// amount of text, in order.
func split(docs []Doc, n int) [][2]int {
	total := 0
	for i := range docs {
		total += docBytes(&docs[i])
	}
	n = max(1, min(n, len(docs)/64))
	out := make([][2]int, 0, n)
	from, sum := 0, 0
	for i := range docs {
		sum += docBytes(&docs[i])
		if len(out) < n-1 && sum*n >= total*(len(out)+1) {
			out = append(out, [2]int{from, i + 1})
			from = i + 1
		}
	}
	return append(out, [2]int{from, len(docs)})
}

// docBytes is how much text a document has to tokenise.
func docBytes(d *Doc) int {
	n := 0
	for _, f := range d.Fields {
		n += len(f.Text) + len(f.words)
	}
	return n
}

// tokens is what one goroutine found in its range of documents.
type tokens struct {
	seen   wordTable // a word as written → its term
	terms  []*term   // in order of first use
	names  []string  // each term's folded text, by id
	folded map[string]*term
	all    [][]posting // every posting, in the order met, in blocks (none copied as they grow)
	docs   []docEnd    // the documents of all, in order
	count  int32       // how many postings all holds
}

// docEnd says that the postings of a document end before the count-th
// posting of tokens.all: postings are met document by document, so a
// posting need not carry its document.
type docEnd struct{ doc, end int32 }

// term is one folded word while the index is built.
type term struct {
	id    int32
	n     int    // postings
	doc   int32  // the last document it was met in
	field uint64 // the fields of doc it was met in, as bits
	stop  bool   // one of StopWords
}

// posting is a posting of a term while the index is built: its term's
// number and its field, in one number (its document is in tokens.docs).
// Four bytes, not twelve: the postings of a large journal were a fifth of
// what building the index allocated, all of it written and read once.
type posting uint32

// fieldBits is how many bits of a posting hold its field.
const fieldBits = 4

func newPosting(term, field int32) posting { return posting(term)<<fieldBits | posting(field) }
func (p posting) term() int32              { return int32(p >> fieldBits) }
func (p posting) field() int32             { return int32(p & (1<<fieldBits - 1)) }

// each calls fn with every posting of t, in the order met.
func (t *tokens) each(fn func(term, doc, field int32)) {
	d, at := 0, int32(0)
	for _, block := range t.all {
		for _, q := range block {
			for at >= t.docs[d].end {
				d++
			}
			fn(q.term(), t.docs[d].doc, q.field())
			at++
		}
	}
}

// tokenise finishes documents from..to-1 of docs (finish, later as it
// says) and finds their words.
func tokenise(docs []Doc, from, to int, later bool, made *Bodies) *tokens {
	t := &tokens{folded: map[string]*term{}}
	x := texts{made: made}
	for id := from; id < to; id++ {
		d := &docs[id]
		finish(d, &x, later)
		t.doc(int32(id), d)
	}
	return t
}

// finish makes a document's snippets, into x: a body's beginning as
// plain text (a body with none is dropped, words and all; with later set,
// the snippet is left for writeDoc: bodyLater) and each field's text cut
// to storedText, but a field the site leaves on its page (OnPage), kept
// whole, as the page has it; FieldText.words keeps what is to be indexed.
func finish(d *Doc, x *texts, later bool) {
	f := d.Fields[:0]
	for _, ft := range d.Fields {
		inScratch := false // ft.Text is over x.scratch, to be kept
		switch ft.raw {
		case 0, bodyLater:
			f = append(f, ft)
			continue
		case rawText:
			ft.Text = oneLine(ft.Text)
		case rawBody:
			if later {
				if x.hasBody(d.note, ft.words) {
					ft.raw = bodyLater
					f = append(f, ft)
				}
				continue
			}
			if OnPage(d.Kind, ft.Field) {
				ft.Text, inScratch = x.whole(ft.words), true
			} else {
				ft.Text, inScratch = x.snippet(ft.words), true
			}
		case rawLog:
			ft.Text, inScratch = oneLine(x.logText(ft.date, ft.Text)), true
		}
		ft.raw, ft.date = 0, 0
		if ft.Text == "" {
			continue
		}
		if ft.words == "" { // every word of the text is indexed
			if inScratch {
				ft.Text, inScratch = x.keep(ft.Text, ""), false
			}
			ft.words = ft.Text
		}
		if cut, long := cutText(ft.Text); long && !OnPage(d.Kind, ft.Field) {
			ft.Text = x.keep(cut, " …")
		} else if inScratch {
			ft.Text = x.keep(ft.Text, "")
		}
		f = append(f, ft)
	}
	clear(d.Fields[len(f):])
	d.Fields = f
}

// texts holds the snippets one goroutine makes (finish), each a string
// over a block of textBlock bytes, which is only ever appended to. Made
// one string each, by a builder sized for the whole beginning of a body
// and copied again to cut it, they were a quarter of what making the
// index allocated. scratch is reused for the text a snippet is cut from.
type texts struct {
	block   []byte
	scratch []byte
	out     []byte  // bodyText's
	made    *Bodies // snippets of bodies made while the journal loaded, or nil
}

const textBlock = 64 << 10

// keep returns a followed by b as a string over x's block.
func (x *texts) keep(a, b string) string {
	n := len(a) + len(b)
	if n == 0 {
		return ""
	}
	if n > cap(x.block)-len(x.block) {
		x.block = make([]byte, 0, max(textBlock, n))
	}
	start := len(x.block)
	x.block = append(append(x.block, a...), b...)
	return unsafe.String(&x.block[start], n)
}

// cutText cuts a field's text to storedText letters, at a space if one
// is in the second half: long says it was cut (and is shown followed by
// " …").
func cutText(s string) (cut string, long bool) {
	cut, long = cutRunes(s, storedText)
	if long {
		if k := strings.LastIndexByte(cut, ' '); k > storedText/2 {
			cut = cut[:k]
		}
	}
	return cut, long
}

// hasText reports whether a body's snippet has any text: whether the
// beginning of its plain text has anything but white space (oneLine
// leaves nothing of white space), made up to the first few words.
func (x *texts) hasText(body string) bool {
	head := bodyHead(body)
	var whole bool
	x.scratch, whole = plainTo(x.scratch[:0], head, 64)
	if strings.TrimSpace(x.scratchString()) != "" {
		return true
	}
	if whole {
		return false
	}
	x.scratch, _ = plainTo(x.scratch[:0], head, 0)
	return strings.TrimSpace(x.scratchString()) != ""
}

// hasBody is hasText of the body of the note whose file has the sum note:
// whether the snippet made of it while the journal loaded (Bodies) has
// text, if one was.
func (x *texts) hasBody(note *[32]byte, body string) bool {
	if s, ok := x.made.snippet(note); ok {
		return s != ""
	}
	return x.hasText(body)
}

// bodyOf is bodyText of the body of the note whose file has the sum note:
// the snippet made of it while the journal loaded (Bodies), if one was.
func (x *texts) bodyOf(note *[32]byte, body string) string {
	if s, ok := x.made.snippet(note); ok {
		return s
	}
	return x.bodyText(body)
}

// bodyText returns the text of a field finish left as bodyLater, as
// finish would have made it: over x's scratch memory, good until x makes
// the next.
func (x *texts) bodyText(body string) string {
	cut, long := cutText(x.snippet(body))
	if !long {
		return cut
	}
	x.out = append(append(x.out[:0], cut...), " …"...)
	return unsafe.String(unsafe.SliceData(x.out), len(x.out))
}

// scratchString returns x.scratch as a string, good until x.scratch is
// written again.
func (x *texts) scratchString() string {
	return unsafe.String(unsafe.SliceData(x.scratch), len(x.scratch))
}

// packDay packs a day into one number, for FieldText.date.
func packDay(d content.Date) int64 { return int64(d.Year)*10000 + int64(d.Month)*100 + int64(d.Day) }

// unpackDay undoes packDay.
func unpackDay(n int64) content.Date {
	y, md := n/10000, n%10000
	if md < 0 {
		y, md = y-1, md+10000
	}
	return content.Date{Year: int(y), Month: time.Month(md / 100), Day: int(md % 100)}
}

// day writes a date as content.Date.String does, without fmt.
func day(d content.Date) string {
	if d.IsZero() || d.Year < 0 || d.Year > 9999 {
		return d.String()
	}
	b := make([]byte, 0, 10)
	b = append(b, byte('0'+d.Year/1000), byte('0'+d.Year/100%10), byte('0'+d.Year/10%10), byte('0'+d.Year%10), '-')
	b = append(b, byte('0'+int(d.Month)/10%10), byte('0'+int(d.Month)%10), '-', byte('0'+d.Day/10%10), byte('0'+d.Day%10))
	return string(b)
}

// doc adds the words of document id, finished. It reads words as
// eachWord does, hashing each as it goes, to find it in t.seen.
func (t *tokens) doc(id int32, d *Doc) {
	for i := range d.Fields {
		ft := &d.Fields[i]
		s := ft.words
		if ft.raw != bodyLater { // a body is read again by writeDoc
			ft.words = ""
		}
		field := int32(ft.Field)
		bit := uint64(1) << field
		prose := Fields[field].Prose
		for k := 0; k < len(s); {
			if c := s[k]; c < utf8.RuneSelf {
				if !asciiWord[c] {
					k++
					continue
				}
			} else if r, n := utf8.DecodeRuneInString(s[k:]); !isWord(r) {
				k += n
				continue
			}
			start, h := k, uint64(fnvOffset)
			for k < len(s) {
				c := s[k]
				if c < utf8.RuneSelf {
					if !asciiWord[c] {
						break
					}
					h = (h ^ uint64(c)) * fnvPrime
					k++
					continue
				}
				r, n := utf8.DecodeRuneInString(s[k:])
				if !isWord(r) {
					break
				}
				for _, c := range []byte(s[k : k+n]) {
					h = (h ^ uint64(c)) * fnvPrime
				}
				k += n
			}
			x := t.seen.find(h, wordHead(s, start, k), s[start:k])
			if x == nil {
				if x = t.term(h, s[start:k]); x == nil {
					continue
				}
			}
			if x.stop && prose {
				continue
			}
			if x.doc == id && x.n > 0 {
				if x.field&bit != 0 {
					continue
				}
				x.field |= bit
			} else {
				x.doc, x.field = id, bit
			}
			x.n++
			if n := len(t.all); n == 0 || len(t.all[n-1]) == cap(t.all[n-1]) {
				t.all = append(t.all, make([]posting, 0, 1<<16))
			}
			last := &t.all[len(t.all)-1]
			*last = append(*last, newPosting(x.id, field))
			t.count++
		}
	}
	if n := len(t.docs); n > 0 && t.docs[n-1].doc == id {
		t.docs[n-1].end = t.count
	} else if n == 0 || t.docs[n-1].end < t.count {
		t.docs = append(t.docs, docEnd{doc: id, end: t.count})
	}
}

// asciiWord marks the ASCII bytes that are letters or digits (isWord).
var asciiWord = func() (m [utf8.RuneSelf]bool) {
	for c := range utf8.RuneSelf {
		m[c] = 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
	}
	return m
}()

// FNV-1a, 64 bits: the hash of a word as written in a wordTable.
const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// wordTable maps a word as written to its term, by open addressing on
// the hash tokens.doc works out as it reads the word: a map looked each
// word up again, a sixth of the time tokenising took.
type wordTable struct {
	slots []wordSlot // a power of two of them, at most half used
	n     int
}

type wordSlot struct {
	hash uint64
	head uint64 // the word's first eight bytes (wordHead)
	word string
	term *term
}

// wordHead returns the first eight bytes of the word s[start:end] as a
// number, little-endian, with zeros after its end: compared with a
// slot's, it settles a word of eight bytes or fewer without comparing
// strings (a sixth of looking words up was in the comparison).
func wordHead(s string, start, end int) uint64 {
	if start+8 > len(s) {
		return headOf(s[start:end])
	}
	v := binary.LittleEndian.Uint64([]byte(s[start : start+8]))
	if n := end - start; n < 8 {
		v &= 1<<(8*n) - 1
	}
	return v
}

// headOf is wordHead of the whole of w.
func headOf(w string) uint64 {
	var v uint64
	for i := min(len(w), 8) - 1; i >= 0; i-- {
		v = v<<8 | uint64(w[i])
	}
	return v
}

// find returns the term of word w with hash h, or nil.
func (t *wordTable) find(h, head uint64, w string) *term {
	if len(t.slots) == 0 {
		return nil
	}
	mask := uint64(len(t.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		s := &t.slots[i]
		if s.term == nil {
			return nil
		}
		if s.hash == h && s.head == head && len(s.word) == len(w) && (len(w) <= 8 || s.word[8:] == w[8:]) {
			return s.term
		}
	}
}

// add remembers the term of a word not in the table.
func (t *wordTable) add(h uint64, w string, x *term) {
	if 2*(t.n+1) > len(t.slots) {
		old := t.slots
		t.slots = make([]wordSlot, max(1024, 2*len(old)))
		t.n = 0
		for _, s := range old {
			if s.term != nil {
				t.add(s.hash, s.word, s.term)
			}
		}
	}
	mask := uint64(len(t.slots) - 1)
	i := h & mask
	for t.slots[i].term != nil {
		i = (i + 1) & mask
	}
	t.slots[i] = wordSlot{hash: h, head: headOf(w), word: w, term: x}
	t.n++
}

// term returns the term of a word as written, with hash h, or nil if it
// folds to nothing, and remembers it.
func (t *tokens) term(h uint64, w string) *term {
	f := Fold(w)
	if f == "" {
		return nil
	}
	x := t.folded[f]
	if x == nil {
		if len(t.terms) >= 1<<(32-fieldBits) { // a posting could not hold its number
			panic("search: more than 268 million distinct words")
		}
		x = &term{id: int32(len(t.terms)), stop: isStop[f]}
		t.terms = append(t.terms, x)
		t.names = append(t.names, f)
		t.folded[f] = x
	}
	t.seen.add(h, strings.Clone(w), x)
	return x
}

// merge sorts every posting of parts (in order of their ranges) into its
// term's list, in one array, the parts on up to workers goroutines, and
// returns the terms, numbered in the order the parts met them.
func merge(ix *Index, parts []*tokens, workers int) []string {
	var names []string
	global := map[string]int32{}
	ids := make([][]int32, len(parts)) // part → its term → global term
	for p, part := range parts {
		ids[p] = make([]int32, len(part.names))
		for i, name := range part.names {
			if part.terms[i].n == 0 { // met only where it is not indexed (a stop word in prose)
				ids[p][i] = -1
				continue
			}
			g, ok := global[name]
			if !ok {
				g = int32(len(names))
				names = append(names, name)
				global[name] = g
			}
			ids[p][i] = g
		}
	}
	// Part p's postings of term g go at next[p][g], after those of every
	// part before it: each part fills its own places.
	next := make([][]int, len(parts))
	at := make([]int, len(names)+1)
	for p, part := range parts {
		next[p] = make([]int, len(names))
		for i, x := range part.terms {
			if g := ids[p][i]; g >= 0 {
				next[p][g] = x.n
			}
		}
	}
	for g := range names {
		n := 0
		for p := range parts {
			c := next[p][g]
			next[p][g] = at[g] + n
			n += c
		}
		at[g+1] = at[g] + n
	}
	flat := make([]Posting, at[len(names)])
	var wg sync.WaitGroup
	sem := make(chan struct{}, max(1, workers))
	for p, part := range parts {
		wg.Add(1)
		sem <- struct{}{}
		go func() { // ends when part p's postings are in place
			defer func() { <-sem; wg.Done() }()
			id, place := ids[p], next[p]
			d, at := 0, int32(0) // part.docs[d] is the document of the posting at
			for _, block := range part.all {
				for _, q := range block {
					for at >= part.docs[d].end {
						d++
					}
					at++
					g := id[q.term()]
					flat[place[g]] = Posting{Doc: part.docs[d].doc, Field: q.field()}
					place[g]++
				}
			}
			part.all, part.docs = nil, nil
		}()
	}
	wg.Wait()
	for g, name := range names {
		ix.Terms[name] = flat[at[g]:at[g+1]:at[g+1]]
	}
	return names
}

// addBody appends a note's body, whole: every word of it is indexed, and
// its beginning, as plain text, is kept for snippets (finish).
func addBody(f []FieldText, field int, md []byte) []FieldText {
	if len(md) == 0 {
		return f
	}
	// Markdown's own marks are not words, so the body is indexed as it is.
	//
	// Read in place: the body is not changed after it is parsed, and a
	// copy of every body was a tenth of the index's cost. Words kept as
	// keys are cloned (tokens.term); plain copies what it keeps.
	return append(f, FieldText{Field: field, words: unsafe.String(unsafe.SliceData(md), len(md)), raw: rawBody})
}

// bodyHead returns the beginning of a body that its snippet is made of.
func bodyHead(body string) string {
	if len(body) <= storedText*2 {
		return body
	}
	j := storedText * 2
	for j > 0 && !utf8.RuneStart(body[j]) { // no half letter
		j--
	}
	return body[:j]
}

// cutRunes returns the first n code points of s and true when s has more,
// without converting s to runes.
func cutRunes(s string, n int) (string, bool) {
	if len(s) <= n {
		return s, false
	}
	// Letters of one byte (most text) are counted without decoding.
	i := 0
	for i < n && s[i] < utf8.RuneSelf {
		i++
	}
	if i == n {
		return s[:n], true
	}
	k := i // letters before s[i:]
	for j := range s[i:] {
		if k == n {
			return s[:i+j], true
		}
		k++
	}
	return s, false
}

// add appends a field's text, as written, when there is any (finish
// drops it if it is all white space).
func add(f []FieldText, field int, text string) []FieldText {
	if text == "" {
		return f
	}
	return append(f, FieldText{Field: field, Text: text, raw: rawText})
}

// oneLine trims text and turns each run of white space in it into one
// space, copying only when it must.
func oneLine(s string) string {
	s = strings.TrimSpace(s)
	if oneLineAlready(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for i := 0; i < len(s); {
		r, n := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, n = utf8.DecodeRuneInString(s[i:])
		}
		i += n
		if r == ' ' || r == '\n' || r == '\t' || r == '\r' || r == '\v' || r == '\f' || (r >= utf8.RuneSelf && unicode.IsSpace(r)) {
			space = true
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteString(s[i-n : i])
	}
	return b.String()
}

// oneLineAlready reports whether s, trimmed, is one line already: no two
// spaces in a row and no other white space. Most text is, and this was a
// tenth of tokenising: two spaces are looked for with strings.Contains, and
// a table marks the other bytes that can be or start white space (the ASCII
// ones, and the first bytes of U+0085, U+00A0, U+1680, U+2000-U+205F and
// U+3000).
func oneLineAlready(s string) bool {
	if strings.Contains(s, "  ") {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !spaceStart[s[i]] {
			continue
		}
		if s[i] < utf8.RuneSelf {
			return false
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			return false
		}
		i += n - 1
	}
	return true
}

// spaceStart marks the bytes oneLineAlready looks at.
var spaceStart = func() (m [256]bool) {
	for _, c := range []byte("\t\n\v\f\r\xc2\xe1\xe2\xe3") {
		m[c] = true
	}
	return m
}()

// join joins a and b with sep between them, or returns the one that is
// not empty (no copy).
func join(sep, a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + sep + b
}

// plain turns Markdown into text for snippets: a [[wikilink]] is its label
// (or target), a [link](url) its text, and the marks of emphasis, code,
// headings, quotes and lists are dropped.
func plain(md string) string {
	s, _ := plainUpTo(md, 0)
	return s
}

// snippetBytes is how many bytes of plain text a body's snippet is first
// made from: enough for storedText letters of most text.
const snippetBytes = storedText * 5 / 4

// snippet returns the beginning of a body as one line of plain text,
// oneLine(plain(bodyHead(body))) cut as finish cuts it: made from the
// first snippetBytes bytes of plain text when they are more than
// storedText letters (plain's text begins as its whole text does, and
// so does oneLine's, but for a trailing space), else from all of it.
// It is over x.scratch.
func (x *texts) snippet(body string) string {
	head := bodyHead(body)
	var whole bool
	x.scratch, whole = plainTo(x.scratch[:0], head, snippetBytes)
	text := x.scratchString()
	if whole {
		return oneLine(text)
	}
	if line := oneLine(text); runes(line) > storedText {
		return line
	}
	x.scratch, _ = plainTo(x.scratch[:0], head, 0)
	return oneLine(x.scratchString())
}

// whole returns a body's whole plain text as one line, over x.scratch
// until x makes the next: the text of a field the site leaves on its
// page (OnPage), which the page shows whole, so that kith find's snippets
// come from all of it too.
func (x *texts) whole(body string) string {
	x.scratch, _ = plainTo(x.scratch[:0], body, 0)
	return oneLine(x.scratchString())
}

// logText is a log line as its snippet begins, before oneLine: its day,
// a space and its text as plain text, written into x.scratch (made as
// day + " " + plain(md), the second copy was a sixth of tokenising's
// samples in a first build: docs/performance.md, eighth session).
func (x *texts) logText(date int64, md string) string {
	x.scratch = append(append(x.scratch[:0], day(unpackDay(date))...), ' ')
	x.scratch, _ = plainTo(x.scratch, md, 0)
	return x.scratchString()
}

// plainUpTo is plain, stopping once it has written stop bytes or more
// (stop > 0); whole is false if it stopped before the end of md.
func plainUpTo(md string, stop int) (text string, whole bool) {
	b, whole := plainTo(make([]byte, 0, len(md)), md, stop)
	return string(b), whole
}

// plainTo is plainUpTo appending to b (stop counts what b holds too).
func plainTo(b []byte, md string, stop int) (_ []byte, whole bool) {
	lineStart := true
	for i := 0; i < len(md); {
		if stop > 0 && len(b) >= stop {
			return b, false
		}
		c := md[i]
		if c == ' ' { // between most words: what the last case does, first
			b = space(b)
			i++
			continue
		}
		if !plainMark[c] { // most of a note: copied a run at a time
			// A run goes on over a single space between words: space
			// would write it as it is, the text ending with no space.
			j := i + 1
			for j < len(md) && (!plainMark[md[j]] || md[j] == ' ' && md[j-1] != ' ') {
				j++
			}
			b = append(b, md[i:j]...)
			lineStart = false
			i = j
			continue
		}
		switch {
		case strings.HasPrefix(md[i:], "![["), strings.HasPrefix(md[i:], "[!"):
			// An embed (an image, another note) or a callout's [!type]:
			// nothing to read in a snippet.
			end := strings.Index(md[i:], "]")
			if end < 0 {
				end = len(md) - i - 1
			}
			if md[i] == '!' {
				if e := strings.Index(md[i:], "]]"); e >= 0 {
					end = e + 1
				}
			}
			i += end + 1
		case strings.HasPrefix(md[i:], "[["):
			end := strings.Index(md[i:], "]]")
			if end < 0 {
				b = append(b, md[i:]...)
				i = len(md)
				continue
			}
			link := md[i+2 : i+end]
			if k := strings.IndexByte(link, '|'); k >= 0 {
				link = link[k+1:]
			} else if k := strings.IndexByte(link, '#'); k >= 0 {
				link = link[:k]
			}
			b = append(b, link...)
			i += end + 2
		case c == ']' && strings.HasPrefix(md[i:], "]("):
			end := strings.IndexByte(md[i:], ')')
			if end < 0 {
				end = 1
			}
			i += end + 1
		case c == '*' || c == '_' || c == '`' || c == '~' || c == '[' || (lineStart && (c == '#' || c == '>')):
			i++
			continue // still at the line's start for "## " and "> "
		case c == '\n' || c == '\r' || c == '\t':
			b = space(b)
			i++
			lineStart = c != '\t'
			continue
		case lineStart && (c == '-' || c == '+') && i+1 < len(md) && md[i+1] == ' ':
			i += 2
		case c == ' ':
			b = space(b)
			i++
			continue
		default:
			lineStart = false
			b = append(b, c)
			i++
		}
		if c != ' ' {
			lineStart = false
		}
	}
	return b, true
}

// plainMark marks the bytes plain looks at; it copies every other byte.
var plainMark = func() (m [256]bool) {
	for _, c := range []byte("![]*_`~#>\n\r\t-+ ") {
		m[c] = true
	}
	return m
}()

// space writes one space unless the text is empty or ends with one.
func space(b []byte) []byte {
	if n := len(b); n > 0 && b[n-1] != ' ' {
		return append(b, ' ')
	}
	return b
}

// unlink drops the brackets of a "[[wikilink]]".
func unlink(s string) string { return plain(s) }

// Kind returns the kind of document id, without reading the document.
func (ix *Index) Kind(id int32) string { return ix.kindOf(id) }

// kindOf returns the kind of document id.
func (ix *Index) kindOf(id int32) string {
	k := ""
	for _, kind := range Kinds {
		if s, ok := ix.Start[kind]; ok && int(id) >= s {
			k = kind
		}
	}
	return k
}

func sortStrings(s []string) { sort.Strings(s) }

// sortedTerms returns the index's terms in order.
func (ix *Index) sortedTerms() []string {
	ts := make([]string, 0, len(ix.Terms))
	for t := range ix.Terms {
		ts = append(ts, t)
	}
	sort.Strings(ts)
	return ts
}
