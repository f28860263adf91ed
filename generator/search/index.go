package search

import (
	"sort"
	"strings"
	"unicode"

	"kith/generator/journal"
)

// Field is a part of a document that words are found in.
type Field struct {
	Name   string // shown in snippets ("likes: Taiwanese oolong")
	Weight int    // how much a match in it counts
	Title  bool   // the document's own name: a snippet shows another field if it can
}

// Fields lists every field, by id. Weights: a name counts most, then what
// a person is known for, then what was written about them.
var Fields = []Field{
	{"name", 10, true}, {"alias", 8, false}, {"title", 8, true}, {"org", 6, false}, {"tag", 6, false},
	{"expertise", 5, false}, {"likes", 5, false}, {"role", 4, false}, {"location", 4, false},
	{"met", 3, false}, {"people", 3, false}, {"event", 3, false}, {"favours", 3, false},
	{"log", 2, false}, {"notes", 1, false}, {"text", 1, false},
}

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

// storedText bounds the text of one field kept for snippets; every word
// is indexed, but a snippet from a long note comes from its beginning.
const storedText = 1500

// Doc is one thing search finds: a person, entry, event, org or tag.
type Doc struct {
	Kind   string      `json:"k"`
	Slug   string      `json:"s"`
	Title  string      `json:"t"`
	Sub    string      `json:"b,omitempty"` // a line under the title: role and org, a date
	URL    string      `json:"u"`           // relative to the site root
	Fields []FieldText `json:"f"`
}

// FieldText is the text of one field of a document.
type FieldText struct {
	Field int
	Text  string
	words string // the text to index when it is not Text (a whole note body)
}

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
}

// Build makes the index of a journal. address maps a site address to the
// one written (opaque names in an encrypted site); nil keeps it.
func Build(j *journal.Journal, address func(string) string) *Index {
	if address == nil {
		address = func(s string) string { return s }
	}
	b := &builder{fold: folder{}, ix: &Index{Start: map[string]int{}, States: map[string][]int32{}, Terms: map[string][]Posting{}}}
	b.ix.Start["person"] = 0
	for _, p := range j.People {
		var f []FieldText
		f = add(f, "name", p.Name)
		for _, a := range p.Aliases {
			f = add(f, "alias", a.Text)
		}
		f = add(f, "org", p.Person.Org)
		f = add(f, "role", p.Role)
		f = add(f, "location", p.Location)
		for _, t := range p.Tags {
			f = add(f, "tag", t.Name)
		}
		for _, t := range p.Expertise {
			f = add(f, "expertise", t)
		}
		for _, t := range p.Likes {
			f = add(f, "likes", t)
		}
		if m := p.Met; !m.Date.IsZero() || m.Where != "" || m.Via.Text != "" {
			parts := []string{}
			if !m.Date.IsZero() {
				parts = append(parts, m.Date.String())
			}
			if m.Where != "" {
				parts = append(parts, m.Where)
			}
			if m.Via.Text != "" {
				parts = append(parts, "via "+unlink(m.Via.Text))
			}
			f = add(f, "met", strings.Join(parts, ", "))
		}
		f = addBody(f, "notes", p.Body.Markdown)
		for _, l := range p.Logs {
			f = add(f, "log", l.Date.String()+" "+plain(l.Text))
		}
		id := b.doc(Doc{Kind: "person", Slug: p.Slug, Title: p.Name, Sub: join(", ", p.Role, p.Person.Org), URL: address(p.URL()), Fields: f})
		if len(p.Favors) > 0 {
			b.ix.States["owed"] = append(b.ix.States["owed"], id)
		}
		for _, u := range p.FollowUps {
			if u.Overdue >= 0 {
				b.ix.States["overdue"] = append(b.ix.States["overdue"], id)
				break
			}
		}
		last := p.LastContact
		if last.IsZero() {
			last = p.Met.Date
		}
		if !last.IsZero() && last.DaysUntil(j.Today) > FadingDays {
			b.ix.States["fading"] = append(b.ix.States["fading"], id)
		}
	}
	b.ix.Start["entry"] = len(b.ix.Docs)
	for _, e := range j.Entries {
		var f []FieldText
		f = add(f, "title", e.Title)
		for _, p := range e.People {
			f = add(f, "people", p.Name)
		}
		for _, t := range e.Tags {
			f = add(f, "tag", t.Name)
		}
		if e.Event != nil {
			f = add(f, "event", e.Event.Name)
		}
		f = add(f, "favours", join("; ", e.Gave, e.Received))
		f = addBody(f, "text", e.Body.Markdown)
		b.doc(Doc{Kind: "entry", Slug: e.Slug, Title: e.Title, Sub: e.Date.String(), URL: address(e.URL()), Fields: f})
	}
	b.ix.Start["event"] = len(b.ix.Docs)
	for _, e := range j.Events {
		var f []FieldText
		f = add(f, "name", e.Name)
		f = add(f, "location", e.Location)
		f = addBody(f, "text", e.Body.Markdown)
		b.doc(Doc{Kind: "event", Slug: e.Slug, Title: e.Name, Sub: join(", ", e.Date.String(), e.Location), URL: address(e.URL()), Fields: f})
	}
	b.ix.Start["org"] = len(b.ix.Docs)
	for _, o := range j.Orgs {
		b.doc(Doc{Kind: "org", Slug: o.Slug, Title: o.Name, URL: address(o.URL()), Fields: add(nil, "name", o.Name)})
	}
	b.ix.Start["tag"] = len(b.ix.Docs)
	for _, t := range j.Tags {
		b.doc(Doc{Kind: "tag", Slug: t.Slug, Title: "#" + t.Name, URL: address(t.URL()), Fields: add(nil, "name", t.Name)})
	}
	b.ix.Keys = shardKeys(b.ix.Terms)
	b.ix.group()
	return b.ix
}

type builder struct {
	ix   *Index
	fold folder
}

// doc adds a document and its terms; it returns the document's number.
func (b *builder) doc(d Doc) int32 {
	id := int32(len(b.ix.Docs))
	for i, ft := range d.Fields {
		words := ft.Text
		if ft.words != "" {
			words = ft.words
			d.Fields[i].words = ""
		}
		eachWord(words, func(w string) {
			t := b.fold.fold(w)
			if t == "" {
				return
			}
			ps := b.ix.Terms[t]
			p := Posting{Doc: id, Field: int32(ft.Field)}
			if n := len(ps); n > 0 && ps[n-1].Doc == id {
				// Postings of one document come in field order; skip a
				// field already listed.
				dup := false
				for k := n - 1; k >= 0 && ps[k].Doc == id; k-- {
					if ps[k].Field == p.Field {
						dup = true
						break
					}
				}
				if dup {
					return
				}
			}
			b.ix.Terms[t] = append(ps, p)
		})
		if len(ft.Text) > storedText && runes(ft.Text) > storedText {
			d.Fields[i].Text = string([]rune(ft.Text)[:storedText]) + "…"
		}
	}
	b.ix.Docs = append(b.ix.Docs, d)
	return id
}

// addBody appends a note's body: every word of it is indexed, and the
// beginning of it, as plain text, is kept for snippets.
func addBody(f []FieldText, field string, md []byte) []FieldText {
	// Markdown's own marks are not words, so the body is indexed as it is.
	n := len(f)
	cut := md[:min(len(md), storedText*2)]
	f = add(f, field, plain(string(cut)))
	if len(f) > n {
		f[n].words = string(md)
	}
	return f
}

// add appends a field's text when there is any.
func add(f []FieldText, field, text string) []FieldText {
	text = oneLine(text)
	if text == "" {
		return f
	}
	return append(f, FieldText{Field: fieldID(field), Text: text})
}

// oneLine trims text and turns each run of white space in it into one
// space, copying only when it must.
func oneLine(s string) string {
	s = strings.TrimSpace(s)
	clean := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == '\n' || c == '\t' || c == '\r' || c == '\v' || c == '\f' || c == 0x85 || c == 0xA0 || (c == ' ' && s[i+1] == ' ') {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			space = true
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

func join(sep string, parts ...string) string {
	var out []string
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, sep)
}

// plain turns Markdown into text for snippets: a [[wikilink]] is its label
// (or target), a [link](url) its text, and the marks of emphasis, code,
// headings, quotes and lists are dropped.
func plain(md string) string {
	var b strings.Builder
	b.Grow(len(md))
	lineStart := true
	for i := 0; i < len(md); {
		c := md[i]
		switch {
		case strings.HasPrefix(md[i:], "[["):
			end := strings.Index(md[i:], "]]")
			if end < 0 {
				b.WriteString(md[i:])
				i = len(md)
				continue
			}
			link := md[i+2 : i+end]
			if k := strings.IndexByte(link, '|'); k >= 0 {
				link = link[k+1:]
			} else if k := strings.IndexByte(link, '#'); k >= 0 {
				link = link[:k]
			}
			b.WriteString(link)
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
		case c == '\n':
			b.WriteByte(' ')
			i++
			lineStart = true
			continue
		case lineStart && (c == '-' || c == '+') && i+1 < len(md) && md[i+1] == ' ':
			i += 2
		default:
			if c != ' ' && c != '\t' {
				lineStart = false
			}
			b.WriteByte(c)
			i++
		}
		if c != ' ' {
			lineStart = false
		}
	}
	return b.String()
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
