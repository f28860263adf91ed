package search

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Sharding, as Pagefind does it: terms are split into files by their first
// letters, so that a one-word query fetches one or two small files, not a
// second copy of the site. A shard holds the terms that start with its key
// (two letters); a shard bigger than shardSplit is split by three letters.
// A term belongs to the longest key it starts with.
const (
	keyLen     = 2
	shardSplit = 16 << 10
	// HeadDocs is how many documents of each kind a shard has the title
	// line of, per term (see headFinder, HeadPath): as many as the search
	// page shows of a kind before "Show more".
	HeadDocs = 10
)

// shardKeys chooses the shard keys for a set of terms.
func shardKeys(terms map[string][]Posting) []string {
	size := map[string]int{}
	for t, ps := range terms {
		size[head(t, keyLen)] += postingBytes(t, ps)
	}
	keys := map[string]bool{}
	for t := range terms {
		k := head(t, keyLen)
		if size[k] > shardSplit && runes(t) > keyLen {
			k = head(t, keyLen+1)
		}
		keys[k] = true
	}
	out := make([]string, 0, len(keys))
	for k := range keys {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// postingBytes estimates a term's bytes in a shard file.
func postingBytes(t string, ps []Posting) int { return len(t) + 8 + 2*len(ps) }

// shardOf returns the key of the shard that holds t, or "" if none could.
func (ix *Index) shardOf(t string) string {
	for n := keyLen + 1; n >= 1; n-- {
		k := head(t, n)
		if runes(k) < n {
			continue
		}
		i := sort.SearchStrings(ix.Keys, k)
		if i < len(ix.Keys) && ix.Keys[i] == k {
			return k
		}
	}
	return ""
}

// shardsFor returns the keys of the shards a word's matches can be in:
// its own shard (shardOf: its typos are there) and keys that start with
// it. A shorter key the word starts with holds no match: its terms are
// shorter than the word or differ from it, since a term is in the longest
// key it starts with (and every term of two letters or more has a key of
// two letters or more), and a typo is looked for only in the word's own
// shard.
func (ix *Index) shardsFor(w string) []string {
	home := ix.shardOf(w)
	var out []string
	for _, k := range ix.Keys {
		if k == home || strings.HasPrefix(k, w) {
			out = append(out, k)
		}
	}
	return out
}

// group sorts the terms into their shards, once per index.
func (ix *Index) group() {
	ix.groups = map[string][]string{}
	for _, t := range ix.sortedTerms() {
		k := ix.shardOf(t)
		ix.groups[k] = append(ix.groups[k], t)
	}
}

// File is one file of the index as the site publishes it.
type File struct {
	Name string // relative to the site root
	Data []byte
}

// IsOpaquePath reports whether p has the form of an OpaquePath.
func IsOpaquePath(p string) bool {
	if len(p) != 25 || p[0] != 's' {
		return false
	}
	for i := 1; i < len(p); i++ {
		if c := p[i]; !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// ManifestPath is where the site's index starts: the manifest that names
// every other file. An encrypted site renames it like every other file.
const ManifestPath = "search/index.json"

// Version is the version of the index's files, in the manifest: search.js
// and kith find read only their own.
const Version = 6

// manifest is the first file search.js fetches.
type manifest struct {
	V      int                `json:"v"`
	Fields [][3]any           `json:"fields"` // name, weight, title
	Kinds  []string           `json:"kinds"`
	Start  []int              `json:"start"` // first document of each kind, Kinds order
	Docs   int                `json:"docs"`
	States map[string][]int32 `json:"states"`
	Shards []string           `json:"shards"` // keys; key k is in ShardPath(k)
	Chunk  []int              `json:"chunk"`  // ChunkDocs of each kind, Kinds order (see chunkStarts)
	Page   map[string]int     `json:"page"`   // kind → the field its chunks leave on its pages (OnPage)
	Names  string             `json:"names,omitempty"`
	Stop   []string           `json:"stop"` // StopWords, for search.js's queries
	// Heads are the title lines of the results of a query of no words
	// (in:people, is:owed): the first HeadDocs documents of each kind and
	// people of each state, as [document, title, line, url], by document.
	Heads [][4]any `json:"d"`
}

// ShardPath returns the plain name of the shard with key k.
func ShardPath(k string) string { return "search/t/" + hex.EncodeToString([]byte(k)) + ".json" }

// HeadPath returns the plain name of the title lines of the shard with key
// k (see writeHeads).
func HeadPath(k string) string { return "search/h/" + hex.EncodeToString([]byte(k)) + ".json" }

// ChunkPath returns the plain name of the i-th chunk of documents.
func ChunkPath(i int) string { return "search/d/" + strconv.Itoa(i) + ".json" }

// ChunkDocs returns how many documents of kind k (its place in Kinds)
// share one chunk: a file of their titles and texts, fetched only for
// the snippets of the results shown. An entry's chunk leaves out its text
// (OnPage), so a chunk of 32 entries weighs about what one of 8 did with
// their text, and a build writes 625 files for 20,000 entries, not 2,500
// (docs/performance.md, fifteenth session).
func ChunkDocs(k int) int {
	if Kinds[k] == "entry" {
		return 32
	}
	return 8
}

// OnPage reports whether the text of field f of a document of kind is
// left out of the site's chunks, to be read from the document's own page
// (search.js reads the element marked data-kith-text there): an entry's
// text, the bulk of a journal's. The index stored for kith find keeps it
// (Write).
func OnPage(kind string, f int) bool { return f == textField && kind == "entry" }

// textField is the id of the field "text".
var textField = fieldID("text")

// chunkStarts returns where each chunk starts, for documents numbered by
// kind from start (the first document of each kind, Kinds order) up to
// docs: chunk c holds documents first[c] to first[c+1]-1, all of one kind
// and ChunkDocs of it at most; the last element is docs.
func chunkStarts(start []int, docs int) []int {
	var first []int
	for k := range start {
		end := docs
		if k+1 < len(start) {
			end = start[k+1]
		}
		for d := start[k]; d < end; d += ChunkDocs(k) {
			first = append(first, d)
		}
	}
	return append(first, docs)
}

// chunkOf returns the chunk that holds document d, of those first
// (chunkStarts) lists.
func chunkOf(first []int, d int) int {
	return sort.Search(len(first)-1, func(c int) bool { return first[c+1] > d })
}

// OpaquePath returns the name written for the plain name p in a site whose
// index names its files with the secret names (see Files): the first 24
// hex digits of HMAC-SHA256(names, p), as search.js computes it.
func OpaquePath(names, p string) string {
	h := hmac.New(sha256.New, []byte(names))
	h.Write([]byte(p))
	return "s" + hex.EncodeToString(h.Sum(nil))[:24]
}

// Files returns the index as site files: the manifest (first, at
// ManifestPath), the term shards, each followed by its title lines, and
// the document chunks. With names
// empty every file has its plain name; else every file but the manifest
// is written at OpaquePath(names, plain name), and names is in the
// manifest so that search.js finds them (an encrypted site seals the
// manifest, so names stays secret, and renames the manifest itself).
// Output is the same for the same index.
func (ix *Index) Files(names string) []File { return ix.encode(names, 1) }

// postings returns the postings of term t (for writeShard, headFinder).
func (ix *Index) postings(t string) []Posting { return ix.Terms[t] }

// writeShard writes the shard with key k: {term: postings}, each term's
// from terms (ix.postings, or postings read from a cache as needed).
func (ix *Index) writeShard(b *bytes.Buffer, k string, terms func(string) []Posting) {
	b.WriteByte('{')
	for i, t := range ix.groups[k] {
		if i > 0 {
			b.WriteByte(',')
		}
		writeString(b, t)
		b.WriteByte(':')
		writePostings(b, terms(t))
	}
	b.WriteByte('}')
}

// writeHeads writes the title lines of a shard's documents (see
// headFinder) as [[document, title, line under it, url, weight], ...].
// With them the search page draws the first results of a one-word query
// as soon as the word's shards and their title lines are in, fetched side
// by side, and fetches chunks only for their snippets. They are a file of
// their own so that a word of one letter, which would fetch every shard
// of that letter, fetches its title lines alone: weight, the document's
// best field weight in the shard's terms, ranks its first results (see
// headFinder) without a shard.
func (ix *Index) writeHeads(b *bytes.Buffer, hs []headDoc) {
	b.WriteByte('[')
	for i, h := range hs {
		if i > 0 {
			b.WriteByte(',')
		}
		d := &ix.Docs[h.doc]
		b.WriteByte('[')
		b.WriteString(strconv.Itoa(int(h.doc)))
		b.WriteByte(',')
		writeString(b, d.Title)
		b.WriteByte(',')
		writeString(b, d.Sub)
		b.WriteByte(',')
		writeString(b, d.URL)
		b.WriteByte(',')
		b.WriteString(strconv.Itoa(int(h.weight)))
		b.WriteByte(']')
	}
	b.WriteByte(']')
}

// headDoc is a document a shard has the title line of, with its best
// field weight in the shard's terms.
type headDoc struct{ doc, weight int32 }

// manifestHeads returns the title lines the manifest carries (see
// manifest.Heads).
func (ix *Index) manifestHeads() [][4]any {
	var ids []int32
	for i, k := range Kinds {
		end := len(ix.Docs)
		if i+1 < len(Kinds) {
			end = ix.Start[Kinds[i+1]]
		}
		for d := ix.Start[k]; d < min(end, ix.Start[k]+HeadDocs); d++ {
			ids = append(ids, int32(d))
		}
	}
	for _, s := range States {
		ids = append(ids, ix.States[s][:min(len(ix.States[s]), HeadDocs)]...)
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	out := make([][4]any, len(ids))
	for i, id := range ids {
		d := &ix.Docs[id]
		out[i] = [4]any{id, d.Title, d.Sub, d.URL}
	}
	return out
}

// headFinder returns a function that gives, for a shard's terms, the
// documents whose title lines the shard carries: for each term, the first
// HeadDocs of each kind in the term's own ranking (its best field weight
// in the document, then the document number), sorted, each with its best
// field weight in all of the shard's terms. The first HeadDocs results of
// each kind for a query of one word are among them: a document's score
// for the word is its best weight × match quality over the terms the word
// matches, the quality the same for all of a term's documents, so a
// document ranked after HeadDocs others of its kind for each of its terms
// is ranked after them for the word too.
//
// For a word of one letter the quality is the same for every term of a
// shard (exact for the shard of that letter alone, a beginning for the
// others), so the weights rank its first HeadDocs results of each kind
// from the title lines of its shards alone: a document among them gets
// its score from the shard of its best term, where it is listed; any
// other gets at most its score (TestLetterHeads).
//
// terms gives each term's postings, as for writeShard.
func (ix *Index) headFinder(terms func(string) []Posting) func([]string) []headDoc {
	// ends[r] is the first document after those of the r-th kind.
	ends := make([]int32, len(Kinds))
	for i := range Kinds {
		ends[i] = int32(len(ix.Docs))
		if i+1 < len(Kinds) {
			ends[i] = int32(ix.Start[Kinds[i+1]])
		}
	}
	var weight [1 << fieldBits]int32
	for i, f := range Fields {
		weight[i] = int32(f.Weight)
	}
	type ranked struct{ doc, weight int32 }
	top := make([][]ranked, len(Kinds))
	seen := map[int32]bool{}
	best := make([]int32, len(ix.Docs)) // a document's best weight in the shard, 0 between calls
	var met []int32                     // the documents best has a weight for
	var sorted []Posting
	return func(names []string) []headDoc {
		clear(seen)
		for _, t := range names {
			ps := terms(t)
			if !postingsByDoc(ps) {
				sorted = append(sorted[:0], ps...)
				sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Doc < sorted[j].Doc })
				ps = sorted
			}
			for r := range top {
				top[r] = top[r][:0]
			}
			r := 0 // the kind of the documents met: they come in order
			for i := 0; i < len(ps); {
				d, w := ps[i].Doc, int32(0)
				for ; i < len(ps) && ps[i].Doc == d; i++ {
					w = max(w, weight[ps[i].Field&(1<<fieldBits-1)])
				}
				if best[d] == 0 {
					met = append(met, d)
				}
				best[d] = max(best[d], w)
				for d >= ends[r] {
					r++
				}
				// Documents come in order, so one of the same weight
				// already listed stays before d.
				list := top[r]
				if len(list) == HeadDocs && list[HeadDocs-1].weight >= w {
					continue
				}
				at := len(list)
				for at > 0 && list[at-1].weight < w {
					at--
				}
				if len(list) < HeadDocs {
					list = append(list, ranked{})
				}
				copy(list[at+1:], list[at:])
				list[at] = ranked{d, w}
				top[r] = list
			}
			for _, list := range top {
				for _, x := range list {
					seen[x.doc] = true
				}
			}
		}
		out := make([]headDoc, 0, len(seen))
		for d := range seen {
			out = append(out, headDoc{d, best[d]})
		}
		for _, d := range met {
			best[d] = 0
		}
		met = met[:0]
		slices.SortFunc(out, func(a, b headDoc) int { return int(a.doc - b.doc) })
		return out
	}
}

// postingsByDoc reports whether ps is in document order.
func postingsByDoc(ps []Posting) bool {
	for i := 1; i < len(ps); i++ {
		if ps[i].Doc < ps[i-1].Doc {
			return false
		}
	}
	return true
}

// MarshalJSON writes a field's text as [field, text].
func (f FieldText) MarshalJSON() ([]byte, error) {
	return json.Marshal([2]any{f.Field, f.Text})
}

// UnmarshalJSON reads [field, text].
func (f *FieldText) UnmarshalJSON(data []byte) error {
	var v [2]json.RawMessage
	if err := json.Unmarshal(data, &v); err != nil {
		return err
	}
	if err := json.Unmarshal(v[0], &f.Field); err != nil {
		return err
	}
	return json.Unmarshal(v[1], &f.Text)
}

// digits spell the numbers of a term's postings in a shard: a number is
// written in base 32, most significant digit first, each digit but the
// last from the second half of digits and the last from the first half.
// Every one of them stands for itself in a JSON string.
const digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_"

// writePostings writes a term's postings as one JSON string of numbers
// (see digits), grouped by field: the field, how many documents, then
// each document as its gap from the one before. A number below 32 is one
// character; the browser decodes the postings of a term only when the
// term matches a query word.
func writePostings(b *bytes.Buffer, ps []Posting) {
	var count [64]int32 // by field
	for _, p := range ps {
		count[p.Field]++
	}
	// Appended to b's spare room, then written at once: a Write for each
	// number was a third of writing the shards.
	out := append(b.AvailableBuffer(), '"')
	for f, n := range count {
		if n == 0 {
			continue
		}
		out = appendNumber(appendNumber(out, uint32(f)), uint32(n))
		prev := int32(0)
		for _, p := range ps {
			if p.Field == int32(f) {
				out = appendNumber(out, uint32(p.Doc-prev))
				prev = p.Doc
			}
		}
	}
	b.Write(append(out, '"'))
}

// appendNumber appends n in digits.
func appendNumber(b []byte, n uint32) []byte {
	if n < 32 {
		return append(b, digits[n])
	}
	var buf [7]byte
	i := len(buf) - 1
	buf[i] = digits[n&31]
	for n >>= 5; n > 0; n >>= 5 {
		i--
		buf[i] = digits[32+n&31]
	}
	return append(b, buf[i:]...)
}

// readPostings decodes what writePostings wrote; ok is false if s is
// damaged.
func readPostings(s string) (ps []Posting, ok bool) {
	var nums []uint32
	n := uint32(0)
	for i := 0; i < len(s); i++ {
		d := strings.IndexByte(digits, s[i])
		if d < 0 || n > 1<<26 {
			return nil, false
		}
		if d >= 32 {
			n = n<<5 | uint32(d-32)
			continue
		}
		nums = append(nums, n<<5|uint32(d))
		n = 0
	}
	if n != 0 {
		return nil, false
	}
	for len(nums) >= 2 {
		f, count := nums[0], int(nums[1])
		if f >= uint32(len(Fields)) || count > len(nums)-2 {
			return nil, false
		}
		doc := int32(0)
		for _, gap := range nums[2 : 2+count] {
			doc += int32(gap)
			ps = append(ps, Posting{Doc: doc, Field: int32(f)})
		}
		nums = nums[2+count:]
	}
	return ps, len(nums) == 0
}

// writeDoc writes d as json.Marshal would, without reflection; the
// fields OnPage left out unless full.
func writeDoc(b *bytes.Buffer, d *Doc, x *texts, full bool) {
	b.WriteString(`{"k":`)
	writeString(b, d.Kind)
	b.WriteString(`,"s":`)
	writeString(b, d.Slug)
	b.WriteString(`,"t":`)
	writeString(b, d.Title)
	if d.Sub != "" {
		b.WriteString(`,"b":`)
		writeString(b, d.Sub)
	}
	b.WriteString(`,"u":`)
	writeString(b, d.URL)
	b.WriteString(`,"f":[`)
	first := true
	for _, f := range d.Fields {
		if !full && OnPage(d.Kind, f.Field) {
			continue
		}
		if !first {
			b.WriteByte(',')
		}
		first = false
		b.WriteByte('[')
		b.WriteString(strconv.Itoa(f.Field))
		b.WriteByte(',')
		if f.raw == bodyLater {
			writeString(b, x.bodyOf(d.note, f.words))
		} else {
			writeString(b, f.Text)
		}
		b.WriteByte(']')
	}
	b.WriteString("]}")
}

// jsonPlain marks the bytes writeString copies as they are: ASCII but
// control characters, '"', '\\' and the HTML characters json.Marshal
// escapes (one table lookup a byte, not six tests).
var jsonPlain = func() (m [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		m[c] = c != '"' && c != '\\' && c != '<' && c != '>' && c != '&'
	}
	return m
}()

// plainWord reports whether each of the eight bytes of w is jsonPlain:
// none is 0x80 or more, less than 0x20, or one of " \\ < > &.
func plainWord(w uint64) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	has := func(c uint64) uint64 { // a byte of w is c (w has no high bits)
		v := w ^ (c * ones)
		return (v - ones) &^ v & highs
	}
	if w&highs != 0 {
		return false
	}
	less := (w - 0x20*ones) &^ w & highs // a byte of w is less than 0x20
	return less|has('"')|has('\\')|has('<')|has('>')|has('&') == 0
}

// writeString writes s as a JSON string, as json.Marshal would (HTML
// characters escaped too).
func writeString(b *bytes.Buffer, s string) {
	b.WriteByte('"')
	start := 0
	for i := 0; i < len(s); {
		// Eight bytes at a time while they are all jsonPlain: most of
		// the index's 21 MB is snippets of plain text.
		for i+8 <= len(s) && plainWord(binary.LittleEndian.Uint64([]byte(s[i:i+8]))) {
			i += 8
		}
		if i == len(s) {
			break
		}
		c := s[i]
		if jsonPlain[c] {
			i++
			continue
		}
		if c >= utf8.RuneSelf {
			r, n := utf8.DecodeRuneInString(s[i:])
			if r != utf8.RuneError && r != '\u2028' && r != '\u2029' {
				i += n
				continue
			}
			data, _ := json.Marshal(s[i : i+n])
			b.WriteString(s[start:i])
			b.Write(data[1 : len(data)-1])
			i += n
			start = i
			continue
		}
		data, _ := json.Marshal(s[i : i+1])
		b.WriteString(s[start:i])
		b.Write(data[1 : len(data)-1])
		i++
		start = i
	}
	b.WriteString(s[start:])
	b.WriteByte('"')
}
