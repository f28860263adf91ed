package content

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"io"
	"slices"
	"strings"
	"time"
	"unsafe"
)

// A Cache holds the parsed notes of an earlier Load, so that a later Load
// takes every note whose bytes are unchanged from it instead of reading and
// parsing the file again (LoadOptions.Cache). Parsing is a function of a
// note's path, its kind (which the journal's folders decide) and its bytes,
// and of nothing else but the program: so an entry is found by path, kind
// and the SHA-256 of the bytes, and a whole cache by the program's key. The
// set a Load gives with a cache is the one it gives without
// (reflect.DeepEqual), which TestCachedLoadEqualsLoad checks.
//
// A cache never holds a private note (private: true) nor any text the parser
// hides (%% comments, ```private blocks): a private note is parsed again on
// every load, and hidden text is gone before a note is parsed. It does hold
// every other note's text, so its file must be as private as the journal.
//
// The format (WriteCache) is kith's own: a header with the key and the
// size of each part, an index sorted by path (path, kind, hash and where
// the note's record, strings and body start), the records (numbers as
// varints), the strings of every record as one blob, the Markdown bodies as
// another, and a CRC-32C of it all. It is written part by part, straight
// to the file, and decoded without copying: the notes' strings are slices
// of the strings blob and their bodies slices of the bodies blob, each
// capped at its length. A truncated, corrupt or foreign cache decodes as an
// error, and costs only a slower load. (encoding/gob, measured on the same
// notes, decodes 20 times slower and does not keep nil and empty slices
// apart: docs/performance.md.)
type Cache struct {
	index  []cacheIndex
	recs   []byte
	strs   string
	bodies []byte
}

// cacheIndex is one note of a cache: where its record, strings and body
// bytes start.
type cacheIndex struct {
	path                   string
	kind                   Kind
	sum                    [32]byte
	recOff, strOff, bodOff int
}

// cacheMagic starts a cache file; cacheVersion is bumped when the format
// changes (the program's key changes too, but a test may keep its key).
const (
	cacheMagic   = "kith: parsed notes, to parse only what changed. Safe to delete.\n"
	cacheVersion = 2
)

var crcTable = crc32.MakeTable(crc32.Castagnoli)

// errCache is every way a cache can fail to decode.
var errCache = errors.New("not a usable cache of parsed notes")

// Len returns how many notes the cache holds.
func (c *Cache) Len() int {
	if c == nil {
		return 0
	}
	return len(c.index)
}

// DecodeCache reads a cache that WriteCache wrote with the same key. It
// returns an error, and no cache, for anything else: another program's
// cache, a truncated or damaged file, another format. The cache keeps data
// (the notes' strings and bodies are slices of it): the caller must not
// change it afterwards.
func DecodeCache(data []byte, key string) (*Cache, error) {
	if len(data) < len(cacheMagic)+1+4 || string(data[:len(cacheMagic)]) != cacheMagic {
		return nil, errCache
	}
	body, tail := data[:len(data)-4], data[len(data)-4:]
	if crc32.Checksum(body, crcTable) != binary.LittleEndian.Uint32(tail) {
		return nil, errCache
	}
	r := cacheReader{rec: body, ri: len(cacheMagic)}
	if r.byte() != cacheVersion {
		return nil, errCache
	}
	if string(r.fixed(r.length(len(body)))) != key || r.bad {
		return nil, errCache
	}
	n := r.count(1)
	var parts [4][]byte // the index, the records, the strings, the bodies
	var lens [4]int
	for i := range lens {
		lens[i] = r.length(len(body))
	}
	for i := range parts {
		parts[i] = r.fixed(lens[i])
	}
	if r.bad || r.ri != len(body) || n < 0 || n > len(parts[0]) {
		return nil, errCache
	}
	idx, recs, strs := parts[0], parts[1], parts[2]
	// The strings blob is never written to (the bodies, which callers may
	// change, are other bytes of data, each slice capped at its end), so
	// the notes' strings can be slices of it without a copy.
	c := &Cache{recs: recs, strs: unsafe.String(unsafe.SliceData(strs), len(strs)), bodies: parts[3]}
	c.index = make([]cacheIndex, n)
	ir := cacheReader{rec: idx, strs: c.strs}
	for i := range c.index {
		e := &c.index[i]
		e.path = ir.str()
		e.kind = Kind(ir.byte())
		copy(e.sum[:], ir.fixed(32))
		e.recOff, e.strOff, e.bodOff = ir.int(), ir.int(), ir.int()
		if ir.bad || e.recOff < 0 || e.recOff > len(recs) || e.strOff < 0 || e.strOff > len(c.strs) || e.bodOff < 0 || e.bodOff > len(c.bodies) ||
			(i > 0 && c.index[i-1].path >= e.path) {
			return nil, errCache
		}
	}
	if ir.ri != len(idx) {
		return nil, errCache
	}
	return c, nil
}

// lookup returns the parsed note at p of kind k whose bytes hash to sum.
func (c *Cache) lookup(p string, k Kind, sum [32]byte) (Doc, Problems, bool) {
	if c == nil {
		return Doc{}, nil, false
	}
	i, ok := slices.BinarySearchFunc(c.index, p, func(e cacheIndex, p string) int { return strings.Compare(e.path, p) })
	if !ok || c.index[i].kind != k || c.index[i].sum != sum {
		return Doc{}, nil, false
	}
	return c.at(i)
}

// cacheable reports whether a document may go into a cache: it was
// read (it has a hash) and it is not private.
func cacheable(d Doc) bool { return !d.Private && d.Sum != [32]byte{} }

// EncodeCache returns the cache WriteCache writes.
func (s *Set) EncodeCache(key string) []byte {
	var b bytes.Buffer
	_ = s.WriteCache(&b, key) // a bytes.Buffer does not fail
	return b.Bytes()
}

// WriteCache writes every note of the set that was read and is not private
// (with its problems) to out as a cache under key, for DecodeCache. It
// makes no copy of the notes in memory: it goes over them once to measure
// each part of the cache, then once per part to write it.
func (s *Set) WriteCache(out io.Writer, key string) error {
	paths := make([]string, 0, len(s.Docs))
	pathBytes := 0
	for p, d := range s.Docs {
		if cacheable(d) {
			paths = append(paths, p)
			pathBytes += len(p)
		}
	}
	slices.Sort(paths)
	// Measure: where each note's record, strings and body start.
	offs := make([][3]int, len(paths))
	m := cacheWriter{part: partNone, nstr: pathBytes} // the paths open the strings
	for i, p := range paths {
		offs[i] = [3]int{m.nrec, m.nstr, m.nbody}
		m.doc(s.Docs[p], s.Problems[p])
	}
	var idx []byte
	for i, p := range paths {
		d := s.Docs[p]
		idx = binary.AppendUvarint(idx, uint64(len(p)))
		idx = append(idx, byte(s.Config.Folders.KindOf(p)))
		idx = append(idx, d.Sum[:]...)
		for _, o := range offs[i] {
			idx = binary.AppendVarint(idx, int64(o))
		}
	}
	w := cacheWriter{out: out, buf: make([]byte, 0, 64<<10)}
	w.rawString(cacheMagic)
	w.raw([]byte{cacheVersion})
	w.raw(binary.AppendUvarint(nil, uint64(len(key))))
	w.rawString(key)
	for _, n := range []int{len(paths) + 1, len(idx), m.nrec, m.nstr, m.nbody} {
		w.raw(binary.AppendUvarint(nil, uint64(n)))
	}
	w.raw(idx)
	for _, part := range []int{partRecs, partStrs, partBody} {
		w.part = part
		if part == partStrs {
			for _, p := range paths {
				w.rawString(p)
			}
		}
		for _, p := range paths {
			w.doc(s.Docs[p], s.Problems[p])
		}
	}
	w.flush()
	w.raw(binary.LittleEndian.AppendUint32(nil, w.crc))
	w.flush()
	return w.err
}

// The parts of a cache a cacheWriter writes in one pass over the notes.
const (
	partNone = iota // measure only
	partRecs        // the numbers
	partStrs        // the strings' bytes
	partBody        // the bodies' bytes
)

// cacheWriter goes over notes writing one part of their records: their
// numbers (and the lengths of their strings and bodies), their strings'
// bytes or their bodies' bytes, counting the size of each as it goes. It
// buffers what it writes, and keeps the CRC of everything written.
type cacheWriter struct {
	part              int
	nrec, nstr, nbody int
	out               io.Writer
	buf               []byte
	crc               uint32
	err               error
	tmp               [binary.MaxVarintLen64]byte
}

// raw writes b, whatever the part.
func (w *cacheWriter) raw(b []byte) {
	if len(w.buf)+len(b) > cap(w.buf) {
		w.flush()
	}
	if len(b) > cap(w.buf) {
		w.send(b)
		return
	}
	w.buf = append(w.buf, b...)
}

func (w *cacheWriter) flush() {
	w.send(w.buf)
	w.buf = w.buf[:0]
}

func (w *cacheWriter) send(b []byte) {
	if w.err != nil || len(b) == 0 {
		return
	}
	w.crc = crc32.Update(w.crc, crcTable, b)
	_, w.err = w.out.Write(b)
}

func (w *cacheWriter) uint(v uint64) {
	n := binary.PutUvarint(w.tmp[:], v)
	w.nrec += n
	if w.part == partRecs {
		w.raw(w.tmp[:n])
	}
}

func (w *cacheWriter) int(v int) {
	n := binary.PutVarint(w.tmp[:], int64(v))
	w.nrec += n
	if w.part == partRecs {
		w.raw(w.tmp[:n])
	}
}

func (w *cacheWriter) byte(b byte) {
	w.nrec++
	if w.part == partRecs {
		if len(w.buf) == cap(w.buf) {
			w.flush()
		}
		w.buf = append(w.buf, b)
	}
}

func (w *cacheWriter) bool(v bool) {
	if v {
		w.byte(1)
	} else {
		w.byte(0)
	}
}

func (w *cacheWriter) str(s string) {
	w.uint(uint64(len(s)))
	w.nstr += len(s)
	if w.part == partStrs {
		w.rawString(s)
	}
}

// rawString writes s, whatever the part.
func (w *cacheWriter) rawString(s string) {
	for len(s) > 0 {
		if len(w.buf) == cap(w.buf) {
			w.flush()
		}
		n := min(len(s), cap(w.buf)-len(w.buf))
		w.buf = append(w.buf, s[:n]...)
		s = s[n:]
	}
}

func (w *cacheWriter) count(n int, isNil bool) {
	if isNil {
		w.uint(0)
		return
	}
	w.uint(uint64(n) + 1)
}

func (w *cacheWriter) bytes(b []byte) {
	w.count(len(b), b == nil)
	w.nbody += len(b)
	if w.part == partBody {
		w.raw(b)
	}
}

func (w *cacheWriter) strings(ss []string) {
	w.count(len(ss), ss == nil)
	for _, s := range ss {
		w.str(s)
	}
}

func (w *cacheWriter) date(d Date) {
	w.int(d.Year)
	w.int(int(d.Month))
	w.int(d.Day)
}

func (w *cacheWriter) ref(r Ref) {
	w.str(r.Text)
	w.int(r.Line)
}

func (w *cacheWriter) refs(rs []Ref) {
	w.count(len(rs), rs == nil)
	for _, r := range rs {
		w.ref(r)
	}
}

func (w *cacheWriter) links(ls []Link) {
	w.count(len(ls), ls == nil)
	for _, l := range ls {
		w.str(l.Target)
		w.str(l.Label)
		w.int(l.Line)
		w.bool(l.Markdown)
	}
}

func (w *cacheWriter) body2(b Body) {
	w.bytes(b.Markdown)
	w.int(b.Line)
	w.links(b.Links)
	w.count(len(b.Images), b.Images == nil)
	for _, im := range b.Images {
		w.str(im.Target)
		w.int(im.Line)
		w.bool(im.Wiki)
	}
}

func (w *cacheWriter) doc(d Doc, probs Problems) {
	switch {
	case d.Person != nil:
		w.byte(1)
		w.person(d.Person)
	case d.Entry != nil:
		w.byte(2)
		w.entry(d.Entry)
	case d.Event != nil:
		w.byte(3)
		w.event(d.Event)
	default:
		w.byte(0)
	}
	w.count(len(probs), probs == nil)
	for _, p := range probs {
		w.str(p.Path)
		w.int(p.Line)
		w.int(int(p.Severity))
		w.str(p.Message)
	}
}

func (w *cacheWriter) person(x *Person) {
	w.str(x.Path)
	w.str(x.Slug)
	w.str(x.Base)
	w.str(x.Name)
	w.int(x.NameLine)
	w.refs(x.Aliases)
	w.str(x.Org)
	w.str(x.Role)
	w.int(x.OrgLine)
	w.str(x.Location)
	w.strings(x.Tags)
	w.strings(x.Expertise)
	w.strings(x.Likes)
	w.count(len(x.Needs), x.Needs == nil)
	for _, n := range x.Needs {
		w.str(n.Text)
		w.date(n.Date)
		w.int(n.Line)
	}
	w.date(x.Met.Date)
	w.str(x.Met.Where)
	w.ref(x.Met.Via)
	w.str(x.Contact.Email)
	w.str(x.Contact.Phone)
	w.str(x.Contact.LinkedIn)
	w.str(x.Contact.Website)
	w.int(x.Birthday.Year)
	w.int(int(x.Birthday.Month))
	w.int(x.Birthday.Day)
	w.int(x.KeepInTouch.N)
	w.byte(x.KeepInTouch.Unit)
	w.bool(x.Draft)
	w.body2(x.Body)
	w.count(len(x.Logs), x.Logs == nil)
	for _, l := range x.Logs {
		w.int(l.Line)
		w.date(l.Date)
		w.str(l.Text)
		w.strings(l.Tags)
		w.links(l.Links)
	}
}

func (w *cacheWriter) entry(x *Entry) {
	w.str(x.Path)
	w.str(x.Slug)
	w.str(x.Base)
	w.date(x.Date)
	w.str(x.Time)
	w.str(x.Title)
	w.refs(x.With)
	w.bool(x.HasWith)
	w.str(x.Kind)
	w.strings(x.Tags)
	w.ref(x.Event)
	w.str(x.Gave)
	w.str(x.Received)
	w.date(x.Thanked)
	w.bool(x.ThankedSet)
	w.date(x.FollowUp)
	w.int(x.FollowUpLine)
	w.bool(x.Draft)
	w.body2(x.Body)
}

func (w *cacheWriter) event(x *Event) {
	w.str(x.Path)
	w.str(x.Slug)
	w.str(x.Base)
	w.str(x.Name)
	w.date(x.Date)
	w.date(x.End)
	w.str(x.Time)
	w.str(x.Location)
	w.str(x.Website)
	w.refs(x.People)
	w.bool(x.Draft)
	w.body2(x.Body)
}

// cacheReader reads what cacheWriter wrote. Every read is bounds-checked;
// the first that fails sets bad, and every read after it gives zero values.
type cacheReader struct {
	rec  []byte
	ri   int
	strs string
	si   int
	body []byte
	bi   int
	bad  bool
}

func (r *cacheReader) uint() uint64 {
	if r.bad {
		return 0
	}
	v, n := binary.Uvarint(r.rec[r.ri:])
	if n <= 0 {
		r.bad = true
		return 0
	}
	r.ri += n
	return v
}

func (r *cacheReader) int() int {
	if r.bad {
		return 0
	}
	v, n := binary.Varint(r.rec[r.ri:])
	if n <= 0 || int64(int(v)) != v {
		r.bad = true
		return 0
	}
	r.ri += n
	return int(v)
}

func (r *cacheReader) byte() byte {
	if r.bad || r.ri >= len(r.rec) {
		r.bad = true
		return 0
	}
	r.ri++
	return r.rec[r.ri-1]
}

func (r *cacheReader) bool() bool {
	switch r.byte() {
	case 0:
		return false
	case 1:
		return true
	}
	r.bad = true
	return false
}

// fixed reads n bytes of rec.
func (r *cacheReader) fixed(n int) []byte {
	if r.bad || len(r.rec)-r.ri < n {
		r.bad = true
		return make([]byte, n)
	}
	r.ri += n
	return r.rec[r.ri-n : r.ri]
}

// length reads a length no greater than limit.
func (r *cacheReader) length(limit int) int {
	v := r.uint()
	if v > uint64(limit) {
		r.bad = true
		return 0
	}
	return int(v)
}

func (r *cacheReader) str() string {
	n := r.length(len(r.strs) - r.si)
	if r.bad {
		return ""
	}
	r.si += n
	return r.strs[r.si-n : r.si]
}

// count reads a slice's length; -1 is nil. Every element takes at least
// size bytes of rec, which bounds what a damaged count can make us allocate.
func (r *cacheReader) count(size int) int {
	v := r.length((len(r.rec)-r.ri)/size + 1)
	return v - 1
}

func (r *cacheReader) bytes() []byte {
	v := r.uint()
	if v == 0 || r.bad {
		return nil
	}
	if v-1 > uint64(len(r.body)-r.bi) {
		r.bad = true
		return nil
	}
	n := int(v - 1)
	r.bi += n
	return r.body[r.bi-n : r.bi : r.bi]
}

func (r *cacheReader) strings() []string {
	n := r.count(1)
	if n < 0 {
		return nil
	}
	out := make([]string, n)
	for i := range out {
		out[i] = r.str()
	}
	return out
}

func (r *cacheReader) date() Date {
	return Date{Year: r.int(), Month: time.Month(r.int()), Day: r.int()}
}

func (r *cacheReader) ref() Ref { return Ref{Text: r.str(), Line: r.int()} }

func (r *cacheReader) refs() []Ref {
	n := r.count(2)
	if n < 0 {
		return nil
	}
	out := make([]Ref, n)
	for i := range out {
		out[i] = r.ref()
	}
	return out
}

func (r *cacheReader) links() []Link {
	n := r.count(4)
	if n < 0 {
		return nil
	}
	out := make([]Link, n)
	for i := range out {
		out[i] = Link{Target: r.str(), Label: r.str(), Line: r.int(), Markdown: r.bool()}
	}
	return out
}

func (r *cacheReader) body2() Body {
	b := Body{Markdown: r.bytes(), Line: r.int(), Links: r.links()}
	if n := r.count(3); n >= 0 {
		b.Images = make([]Image, n)
		for i := range b.Images {
			b.Images[i] = Image{Target: r.str(), Line: r.int(), Wiki: r.bool()}
		}
	}
	return b
}

func (r *cacheReader) doc() (Doc, Problems) {
	var d Doc
	switch r.byte() {
	case 0:
	case 1:
		d.Person = r.person()
	case 2:
		d.Entry = r.entry()
	case 3:
		d.Event = r.event()
	default:
		r.bad = true
	}
	var probs Problems
	if n := r.count(4); n >= 0 {
		probs = make(Problems, n)
		for i := range probs {
			probs[i] = Problem{Path: r.str(), Line: r.int(), Severity: Severity(r.int()), Message: r.str()}
		}
	}
	return d, probs
}

func (r *cacheReader) person() *Person {
	x := &Person{Path: r.str(), Slug: r.str(), Base: r.str(), Name: r.str(), NameLine: r.int(), Aliases: r.refs(),
		Org: r.str(), Role: r.str(), OrgLine: r.int(), Location: r.str(), Tags: r.strings(), Expertise: r.strings(),
		Likes: r.strings()}
	if n := r.count(5); n >= 0 {
		x.Needs = make([]Need, n)
		for i := range x.Needs {
			x.Needs[i] = Need{Text: r.str(), Date: r.date(), Line: r.int()}
		}
	}
	x.Met = Met{Date: r.date(), Where: r.str(), Via: r.ref()}
	x.Contact = Contact{Email: r.str(), Phone: r.str(), LinkedIn: r.str(), Website: r.str()}
	x.Birthday = Birthday{Year: r.int(), Month: time.Month(r.int()), Day: r.int()}
	x.KeepInTouch = Cadence{N: r.int(), Unit: r.byte()}
	x.Draft = r.bool()
	x.Body = r.body2()
	if n := r.count(7); n >= 0 {
		x.Logs = make([]LogLine, n)
		for i := range x.Logs {
			x.Logs[i] = LogLine{Line: r.int(), Date: r.date(), Text: r.str(), Tags: r.strings(), Links: r.links()}
		}
	}
	return x
}

func (r *cacheReader) entry() *Entry {
	return &Entry{Path: r.str(), Slug: r.str(), Base: r.str(), Date: r.date(), Time: r.str(), Title: r.str(),
		With: r.refs(), HasWith: r.bool(), Kind: r.str(), Tags: r.strings(), Event: r.ref(), Gave: r.str(),
		Received: r.str(), Thanked: r.date(), ThankedSet: r.bool(), FollowUp: r.date(), FollowUpLine: r.int(),
		Draft: r.bool(), Body: r.body2()}
}

func (r *cacheReader) event() *Event {
	return &Event{Path: r.str(), Slug: r.str(), Base: r.str(), Name: r.str(), Date: r.date(), End: r.date(),
		Time: r.str(), Location: r.str(), Website: r.str(), People: r.refs(), Draft: r.bool(), Body: r.body2()}
}
