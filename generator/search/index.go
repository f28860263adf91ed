package search

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"kith/generator/journal"
	"kith/generator/page"
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

// storedText bounds the text of one field kept for snippets, in code
// points; every word is indexed, but a snippet from a long note comes from
// its beginning. It is most of a document's bytes in a chunk.
const storedText = 500

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

// Build makes the index of a journal. Each document's URL is its page's
// address (page.URL, where every address rule lives), mapped by address
// to the one written (opaque names in an encrypted site); nil keeps it.
func Build(j *journal.Journal, address func(string) string) *Index {
	url := func(x any) string {
		addr, _ := page.URL(x)
		if address != nil {
			addr = address(addr)
		}
		return addr
	}
	b := &builder{words: map[string]*term{}, folded: map[string]*term{}, ix: &Index{Start: map[string]int{}, States: map[string][]int32{}, Terms: map[string][]Posting{}}}
	b.ix.Docs = make([]Doc, 0, len(j.People)+len(j.Entries)+len(j.Events)+len(j.Orgs)+len(j.Tags))
	b.ix.Start["person"] = 0
	for _, p := range j.People {
		f := make([]FieldText, 0, 16)
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
		id := b.doc(Doc{Kind: "person", Slug: p.Slug, Title: p.Name, Sub: join(", ", p.Role, p.Person.Org), URL: url(p), Fields: f})
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
		f := make([]FieldText, 0, 4+len(e.People)+len(e.Tags))
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
		b.doc(Doc{Kind: "entry", Slug: e.Slug, Title: e.Title, Sub: e.Date.String(), URL: url(e), Fields: f})
	}
	b.ix.Start["event"] = len(b.ix.Docs)
	for _, e := range j.Events {
		var f []FieldText
		f = add(f, "name", e.Name)
		f = add(f, "location", e.Location)
		f = addBody(f, "text", e.Body.Markdown)
		b.doc(Doc{Kind: "event", Slug: e.Slug, Title: e.Name, Sub: join(", ", e.Date.String(), e.Location), URL: url(e), Fields: f})
	}
	b.ix.Start["org"] = len(b.ix.Docs)
	for _, o := range j.Orgs {
		b.doc(Doc{Kind: "org", Slug: o.Slug, Title: o.Name, URL: url(o), Fields: add(nil, "name", o.Name)})
	}
	b.ix.Start["tag"] = len(b.ix.Docs)
	for _, t := range j.Tags {
		b.doc(Doc{Kind: "tag", Slug: t.Slug, Title: "#" + t.Name, URL: url(t), Fields: add(nil, "name", t.Name)})
	}
	b.postings()
	b.ix.Keys = shardKeys(b.ix.Terms)
	b.ix.group()
	return b.ix
}

type builder struct {
	ix     *Index
	words  map[string]*term // a word as written → its term
	terms  []*term          // in order of first use
	names  []string         // each term's folded text, by id
	folded map[string]*term
	all    [][]posting // every posting, in the order met, in blocks (none copied as they grow)
}

// term is one folded word while the index is built.
type term struct {
	id    int32
	n     int    // postings
	doc   int32  // the last document it was met in
	field uint64 // the fields of doc it was met in, as bits
}

// posting is a posting of a term while the index is built.
type posting struct{ term, doc, field int32 }

// doc adds a document and its terms; it returns the document's number.
func (b *builder) doc(d Doc) int32 {
	id := int32(len(b.ix.Docs))
	for i, ft := range d.Fields {
		words := ft.Text
		if ft.words != "" {
			words = ft.words
			d.Fields[i].words = ""
		}
		field := int32(ft.Field)
		eachWord(words, func(w string) {
			x := b.words[w]
			if x == nil {
				x = b.term(w)
				if x == nil {
					return
				}
			}
			bit := uint64(1) << field
			if x.doc == id && x.n > 0 {
				if x.field&bit != 0 {
					return
				}
				x.field |= bit
			} else {
				x.doc, x.field = id, bit
			}
			x.n++
			if n := len(b.all); n == 0 || len(b.all[n-1]) == cap(b.all[n-1]) {
				b.all = append(b.all, make([]posting, 0, 1<<16))
			}
			last := &b.all[len(b.all)-1]
			*last = append(*last, posting{term: x.id, doc: id, field: field})
		})
		if cut, ok := cutRunes(ft.Text, storedText); ok {
			if k := strings.LastIndexByte(cut, ' '); k > storedText/2 {
				cut = cut[:k]
			}
			d.Fields[i].Text = cut + " …"
		}
	}
	b.ix.Docs = append(b.ix.Docs, d)
	return id
}

// term returns the term of a word as written, or nil if it folds to
// nothing, and remembers it.
func (b *builder) term(w string) *term {
	t := Fold(w)
	if t == "" {
		return nil
	}
	x := b.folded[t]
	if x == nil {
		x = &term{id: int32(len(b.terms))}
		b.terms = append(b.terms, x)
		b.names = append(b.names, t)
		b.folded[t] = x
	}
	b.words[strings.Clone(w)] = x
	return x
}

// postings sorts every posting into its term's list, in one array.
func (b *builder) postings() {
	start := make([]int, len(b.terms)+1)
	for i, x := range b.terms {
		start[i+1] = start[i] + x.n
	}
	flat := make([]Posting, start[len(b.terms)])
	next := append([]int(nil), start[:len(b.terms)]...)
	for _, block := range b.all {
		for _, p := range block {
			flat[next[p.term]] = Posting{Doc: p.doc, Field: p.field}
			next[p.term]++
		}
	}
	for i, t := range b.names {
		b.ix.Terms[t] = flat[start[i]:start[i+1]:start[i+1]]
	}
	b.all = nil
}

// addBody appends a note's body: every word of it is indexed, and the
// beginning of it, as plain text, is kept for snippets.
func addBody(f []FieldText, field string, md []byte) []FieldText {
	// Markdown's own marks are not words, so the body is indexed as it is.
	//
	// Read in place: the body is not changed after it is parsed, and a
	// copy of every body was a tenth of the index's cost. Words kept as
	// keys are cloned (builder.term); plain copies what it keeps.
	n := len(f)
	body := unsafe.String(unsafe.SliceData(md), len(md))
	cut := body
	if len(cut) > storedText*2 {
		j := storedText * 2
		for j > 0 && !utf8.RuneStart(body[j]) { // no half letter
			j--
		}
		cut = body[:j]
	}
	f = add(f, field, plain(cut))
	if len(f) > n {
		f[n].words = body
	}
	return f
}

// cutRunes returns the first n code points of s and true when s has more,
// without converting s to runes.
func cutRunes(s string, n int) (string, bool) {
	if len(s) <= n {
		return s, false
	}
	i := 0
	for j := range s {
		if i == n {
			return s[:j], true
		}
		i++
	}
	return s, false
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
	for i := 0; i < len(s) && clean; i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			r, n := utf8.DecodeRuneInString(s[i:])
			clean = !unicode.IsSpace(r)
			i += n - 1
		} else if c == '\n' || c == '\t' || c == '\r' || c == '\v' || c == '\f' || (c == ' ' && s[i+1] == ' ') {
			clean = false
		}
	}
	if clean {
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
		if !plainMark[c] { // most of a note: copied a run at a time
			j := i + 1
			for j < len(md) && !plainMark[md[j]] {
				j++
			}
			b.WriteString(md[i:j])
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
		case c == '\n' || c == '\r' || c == '\t':
			space(&b)
			i++
			lineStart = c != '\t'
			continue
		case lineStart && (c == '-' || c == '+') && i+1 < len(md) && md[i+1] == ' ':
			i += 2
		case c == ' ':
			space(&b)
			i++
			continue
		default:
			lineStart = false
			b.WriteByte(c)
			i++
		}
		if c != ' ' {
			lineStart = false
		}
	}
	return b.String()
}

// plainMark marks the bytes plain looks at; it copies every other byte.
var plainMark = func() (m [256]bool) {
	for _, c := range []byte("![]*_`~#>\n\r\t-+ ") {
		m[c] = true
	}
	return m
}()

// space writes one space unless the text is empty or ends with one.
func space(b *strings.Builder) {
	if n := b.Len(); n > 0 && b.String()[n-1] != ' ' {
		b.WriteByte(' ')
	}
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
