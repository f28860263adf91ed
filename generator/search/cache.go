package search

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"hash"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"

	"unsafe"

	"kith/generator/batch"
	"kith/generator/mapfile"
	"kith/generator/output"
)

// Cache is a file where the index of one journal is kept between builds,
// so that a build after a few notes changed tokenises only those notes and
// encodes only the index files they change (Update).
//
// It holds, per document, a digest of everything the document's part of
// the index is made of (docKey) and one of its title line (lineKey); per
// term its postings (a document's own are found in them); and the name
// and sum of every file of the index as the site wrote it (sealed, in an
// encrypted site), whose bytes the site keeps (Sink): a file that did not
// change is kept there, one the site no longer holds is made again. So it
// holds the words of the journal's notes (never text marked private,
// which the parser drops) and must stay private: it is written 0600, in a
// folder made 0700. Deleting it costs one slower build.
type Cache struct {
	Path string // the file; its folder is made if missing
	// Stamp names the program that builds (a hash of its executable): a
	// cache another program wrote is never read. "" turns the cache off.
	Stamp string
}

// cacheMagic starts a cache file; its last number is the version of the
// cache's own form (the index's files have Version).
const cacheMagic = "kith search cache 5\n"

// A cache is a table (the file at Cache.Path) and data files beside it
// (Path-XXXX.data), which the table's pieces point into. A data file is
// written once and never changed: a build appends what changed as a new
// data file and writes a new table, so that an update after one note
// writes kilobytes, not the whole index again (a rewrite of 35 MB cost a
// quarter of an update's CPU). When the data files hold more than twice
// what the table uses, or there are maxData of them, the next write puts
// everything in one new file and removes the others.
const maxData = 8

// cached is a Cache as read: the state of the index after the build that
// wrote it. Pieces (postings) are slices of its data files.
type cached struct {
	start   []int               // first document of each kind, Kinds order
	keys    [][sha256.Size]byte // document → its docKey
	lines   []uint64            // document → its lineKey
	terms   []string            // term number → its text; a term may have no postings left
	count   []int               // term number → how many postings
	posts   [][]byte            // term number → its postings (appendPosting)
	postsAt []ref
	shard   []string     // the shard keys (Index.Keys)
	files   []cachedFile // Files' order
	data    []dataFile   // the data files the pieces are in
}

// ref is where a piece is in the data files: file is 1 + its number in
// cached.data, 0 for a piece not written yet.
type ref struct {
	file int
	off  int
}

// dataFile is a data file of a cache: its name, beside the table, and size.
type dataFile struct {
	name string
	size int
}

// cachedFile is a file of the index as the site wrote it: the name Files
// gave it before names were made opaque (ShardPath, ChunkPath), the name
// it has in the site, and the sum of its bytes there (output.SumOf).
type cachedFile struct {
	plain, name string
	sum         output.Sum
}

// appendPosting appends a posting of a term: the gap from the document of
// the one before it and the field.
func appendPosting(b []byte, gap, field int32) []byte {
	return append(binary.AppendUvarint(b, uint64(gap)), byte(field))
}

// readPosts decodes the postings appendPosting wrote into b.
func readPosts(b []byte, count int) ([]Posting, bool) {
	ps, ok := appendPosts(make([]Posting, 0, count), b)
	return ps, ok && len(ps) == count
}

// appendPosts appends the postings appendPosting wrote into b to ps; ok
// is false if b is not such postings.
func appendPosts(ps []Posting, b []byte) (_ []Posting, ok bool) {
	var p Posting
	for len(b) > 0 {
		if p, b, ok = nextPost(b, p.Doc); !ok {
			return ps, false
		}
		ps = append(ps, p)
	}
	return ps, true
}

// countPosts returns how many postings appendPosting wrote into b, or ok
// false if b is not such postings.
func countPosts(b []byte) (n int, ok bool) {
	var p Posting
	for ; len(b) > 0; n++ {
		if p, b, ok = nextPost(b, p.Doc); !ok {
			return n, false
		}
	}
	return n, true
}

// nextPost reads the posting b begins with, the one before it in
// document doc, and returns it and the rest of b.
func nextPost(b []byte, doc int32) (p Posting, rest []byte, ok bool) {
	g, n := binary.Uvarint(b)
	if n <= 0 || n >= len(b) || g >= 1<<31 || int(b[n]) >= len(Fields) {
		return p, b, false
	}
	return Posting{Doc: doc + int32(g), Field: int32(b[n])}, b[n+1:], true
}

// encodePosts encodes a term's postings as appendPosting does.
func encodePosts(b []byte, ps []Posting) []byte {
	prev := int32(0)
	for _, p := range ps {
		b = appendPosting(b, p.Doc-prev, p.Field)
		prev = p.Doc
	}
	return b
}

// cacheStamp is what a cache must have been written with to be read: the
// program, the versions of both forms and the secret that names the
// files of an encrypted site (its digest: the secret is never written).
func cacheStamp(c *Cache, names string) string {
	n := sha256.Sum256([]byte(names))
	return c.Stamp + " " + strconv.Itoa(Version) + " " + hex.EncodeToString(n[:])
}

// castagnoli is the CRC of a cache: the one most CPUs compute in hardware.
var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// errCache says that a cache cannot be used.
var errCache = errors.New("no usable cache")

// readCache reads the cache at path written with stamp.
func readCache(path, stamp string) (*cached, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	rest, ok := bytes.CutPrefix(b, []byte(cacheMagic))
	if !ok || len(rest) < 4 {
		return nil, errCache
	}
	// The table ends with its CRC-32C. The data files are taken as they
	// are, as Go's build cache takes its outputs (a checksum of tens of
	// megabytes cost a tenth of an update), but each must have the size
	// the table says: data files are written whole before a table names
	// them, so a crash never leaves half of one.
	if crc32.Checksum(b[:len(b)-4], castagnoli) != binary.LittleEndian.Uint32(b[len(b)-4:]) {
		return nil, errCache
	}
	rest = rest[:len(rest)-4]
	bad := false
	num := func() int {
		n, k := binary.Uvarint(rest)
		if k <= 0 || n > 1<<40 {
			bad = true
			return 0
		}
		rest = rest[k:]
		return int(n)
	}
	take := func(n int) []byte {
		if bad || n > len(rest) {
			bad = true
			return nil
		}
		x := rest[:n:n]
		rest = rest[n:]
		return x
	}
	count := func() int { // how many of something, each at least a byte
		n := num()
		if n > len(rest) {
			bad = true
			return 0
		}
		return n
	}
	// The table's texts (terms, names) are read in place: b is never
	// changed, and a string each was most of what reading it allocated.
	str := func(x []byte) string { return unsafe.String(unsafe.SliceData(x), len(x)) }
	if string(take(num())) != stamp {
		return nil, errCache
	}
	c := &cached{}
	for range Kinds {
		c.start = append(c.start, num())
	}
	datas := make([][]byte, count())
	c.data = make([]dataFile, len(datas))
	for i := range c.data {
		c.data[i] = dataFile{name: string(take(num())), size: num()}
		if bad || !isDataName(path, c.data[i].name) {
			return nil, errCache
		}
		d, err := mapfile.Read(filepath.Join(filepath.Dir(path), c.data[i].name), false)
		if err != nil || len(d) != c.data[i].size {
			return nil, errCache
		}
		datas[i] = d
	}
	piece := func() ([]byte, ref) {
		at := ref{file: num(), off: num()}
		n := num()
		if at == (ref{}) && n == 0 { // empty: in no data file
			return nil, at
		}
		if bad || at.file < 1 || at.file > len(datas) || at.off+n > len(datas[at.file-1]) {
			bad = true
			return nil, ref{}
		}
		return datas[at.file-1][at.off : at.off+n : at.off+n], at
	}
	docs := num()
	if bad || docs > len(rest)/(sha256.Size+8) {
		return nil, errCache
	}
	c.keys = make([][sha256.Size]byte, docs)
	for i := range c.keys {
		copy(c.keys[i][:], take(sha256.Size))
	}
	c.lines = make([]uint64, docs)
	for i := range c.lines {
		if b := take(8); b != nil {
			c.lines[i] = binary.LittleEndian.Uint64(b)
		}
	}
	terms := count()
	c.terms, c.count = make([]string, terms), make([]int, terms)
	c.posts, c.postsAt = make([][]byte, terms), make([]ref, terms)
	for i := range terms {
		c.terms[i] = str(take(num()))
		c.count[i] = num()
		c.posts[i], c.postsAt[i] = piece()
	}
	c.shard = make([]string, count())
	for i := range c.shard {
		c.shard[i] = str(take(num()))
	}
	c.files = make([]cachedFile, count())
	for i := range c.files {
		f := &c.files[i]
		f.plain = str(take(num()))
		f.name = str(take(num()))
		copy(f.sum.Hash[:], take(len(f.sum.Hash)))
		f.sum.Size = int64(num())
	}
	if bad || len(rest) != 0 {
		return nil, errCache
	}
	return c, nil
}

// dataPattern is the pattern of the names of a cache's data files.
func dataPattern(path string) string { return filepath.Base(path) + "-*.data" }

// isDataName reports whether name is the name of a data file of the
// cache at path: beside it, in no other folder.
func isDataName(path, name string) bool {
	ok, _ := filepath.Match(dataPattern(path), name)
	return ok && filepath.Base(name) == name
}

// write writes the cache to path with stamp: the pieces not written yet
// into a new data file, then the table beside path, renamed over it (a
// reader sees the old table or the new), then the data files no table
// names any more are removed.
func (c *cached) write(path, stamp string) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	// What the data files hold that the table uses.
	used := make([]int, len(c.data))
	fresh := 0
	each := c.each
	each(func(b *[]byte, at *ref) {
		if at.file == 0 {
			fresh += len(*b)
		} else {
			used[at.file-1] += len(*b)
		}
	})
	total, live := 0, 0
	for i, d := range c.data {
		total += d.size
		live += used[i]
	}
	if len(c.data) >= maxData || total > 2*live+1<<20 {
		each(func(_ *[]byte, at *ref) { *at = ref{} })
		c.data, fresh = nil, 1
	}
	// Keep only the data files still used.
	renumber := make([]int, len(c.data))
	var data []dataFile
	for i, d := range c.data {
		if used[i] > 0 {
			data = append(data, d)
			renumber[i] = len(data)
		}
	}
	each(func(_ *[]byte, at *ref) {
		if at.file > 0 {
			at.file = renumber[at.file-1]
		}
	})
	c.data = data
	if fresh > 0 {
		f, err := os.CreateTemp(dir, dataPattern(path)) // O_EXCL, 0600
		if err != nil {
			return err
		}
		var bufs [][]byte
		off, file := 0, len(c.data)+1
		each(func(b *[]byte, at *ref) {
			if at.file == 0 && len(*b) > 0 {
				*at = ref{file: file, off: off}
				bufs = append(bufs, *b)
				off += len(*b)
			}
		})
		err = writeAll(f, bufs)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			_ = os.Remove(f.Name())
			return err
		}
		c.data = append(c.data, dataFile{name: filepath.Base(f.Name()), size: off})
		// The pieces just written are read from now on where they were
		// written, mapped: they leave the heap while the site's pages
		// are rendered, and the collector, with a soft limit on memory,
		// runs less often (see docs/performance.md, seventh session).
		// Where files are not mapped the pieces stay where they are.
		if remapCache {
			if m, err := mapfile.Read(f.Name(), false); err == nil && len(m) == off {
				each(func(b *[]byte, at *ref) {
					if at.file == file {
						*b = m[at.off : at.off+len(*b) : at.off+len(*b)]
					}
				})
			}
		}
	}
	// The table's size, about, so that it is not copied as it grows (a
	// megabyte, a third of the time a write took).
	size := len(cacheMagic) + len(stamp) + 64 + len(c.keys)*(sha256.Size+8)
	for _, t := range c.terms {
		size += len(t) + 24
	}
	for _, k := range c.shard {
		size += len(k) + 2
	}
	for _, f := range c.files {
		size += len(f.plain) + len(f.name) + len(f.sum.Hash) + 12
	}
	head := make([]byte, 0, size)
	num := func(n int) { head = binary.AppendUvarint(head, uint64(n)) }
	str := func(s string) { num(len(s)); head = append(head, s...) }
	piece := func(b []byte, at ref) { num(at.file); num(at.off); num(len(b)) }
	head = append(head, cacheMagic...)
	str(stamp)
	for _, s := range c.start {
		num(s)
	}
	num(len(c.data))
	for _, d := range c.data {
		str(d.name)
		num(d.size)
	}
	num(len(c.keys))
	for _, k := range c.keys {
		head = append(head, k[:]...)
	}
	for _, l := range c.lines {
		head = binary.LittleEndian.AppendUint64(head, l)
	}
	num(len(c.terms))
	for i, t := range c.terms {
		str(t)
		num(c.count[i])
		piece(c.posts[i], c.postsAt[i])
	}
	num(len(c.shard))
	for _, k := range c.shard {
		str(k)
	}
	num(len(c.files))
	for _, f := range c.files {
		str(f.plain)
		str(f.name)
		head = append(head, f.sum.Hash[:]...)
		num(int(f.sum.Size))
	}
	head = binary.LittleEndian.AppendUint32(head, crc32.Checksum(head, castagnoli))
	if err := mapfile.Write(path, func(w io.Writer) error { _, err := w.Write(head); return err }); err != nil {
		return err
	}
	// Remove the data files this table does not name (a build writing
	// the same cache at the same time may lose its own: its next build
	// finds no cache and builds the whole index).
	old, _ := filepath.Glob(filepath.Join(dir, dataPattern(path)))
	for _, p := range old {
		if !slices.ContainsFunc(c.data, func(d dataFile) bool { return d.name == filepath.Base(p) }) {
			_ = os.Remove(p)
		}
	}
	return nil
}

// each calls fn with every piece of c and where it is.
func (c *cached) each(fn func(b *[]byte, at *ref)) {
	for i := range c.posts {
		fn(&c.posts[i], &c.postsAt[i])
	}
}

// writeStream writes a new cache (c.data empty) whose pieces were written
// into w as they were made, where their refs say: what was not is
// written after them, the file is closed and mapped, the
// pieces are read from the mapping from now on (as write does), and the
// table is written. With w nil it is write. On an error the data file is
// removed and the pieces are left where they were made.
func (c *cached) writeStream(path, stamp string, w *stream) error {
	if w == nil {
		return c.write(path, stamp)
	}
	var rest [][]byte
	var refs []*ref
	c.each(func(b *[]byte, at *ref) {
		switch {
		case at.file != 0, len(*b) == 0: // written, or empty: in no data file
		default:
			rest = append(rest, *b)
			refs = append(refs, at)
		}
	})
	off := w.put(rest...)
	for i, at := range refs {
		*at = ref{file: 1, off: off}
		off += len(rest[i])
	}
	size, err := w.close()
	if err != nil {
		w.remove()
		return err
	}
	c.data = []dataFile{{name: filepath.Base(w.f.Name()), size: size}}
	if remapCache {
		if m, err := mapfile.Read(w.f.Name(), false); err == nil && len(m) == size {
			c.each(func(b *[]byte, at *ref) {
				*b = m[at.off : at.off+len(*b) : at.off+len(*b)]
			})
		}
	}
	if err := c.write(path, stamp); err != nil {
		w.remove()
		return err
	}
	return nil
}

// docKey is the digest of everything a document's part of the index is
// made of, before finish: its kind, slug, title, line, address and every
// field's number and text (a body whole, or the sum of its note's file:
// Doc.note). Two documents with the same key
// have the same postings and the same text in the index, whatever else
// changed in the journal (the program being the same: Cache.Stamp).
func docKey(h *keyHash, d *Doc) [sha256.Size]byte {
	h.h.Reset()
	b := h.buf[:0]
	str := func(s string) { b = append(binary.AppendUvarint(b, uint64(len(s))), s...) }
	num := func(n int) { b = binary.AppendUvarint(b, uint64(n)) }
	str(d.Kind)
	str(d.Slug)
	str(d.Title)
	str(d.Sub)
	str(d.URL)
	for _, f := range d.Fields {
		num(f.Field)
		num(int(f.raw))
		str(f.Text)
		if f.raw == rawLog {
			b = binary.AppendVarint(b, f.date)
		}
		num(len(f.words))
		switch {
		case f.raw == rawBody && d.note != nil:
			// The body is its note's, which is the same whenever the
			// note's file is: its sum, not the body, is hashed (a
			// tenth of the index's cost of a first build).
			b = append(append(b, 1), d.note[:]...)
		case len(f.words) > 256: // a body: hashed where it is
			b = append(b, 0)
			h.h.Write(b)
			h.h.Write(unsafe.Slice(unsafe.StringData(f.words), len(f.words))) // Write keeps no reference
			b = b[:0]
		default:
			b = append(append(b, 0), f.words...)
		}
	}
	h.h.Write(b)
	h.buf = b[:0]
	var k [sha256.Size]byte
	h.h.Sum(k[:0])
	return k
}

// lineKey is a digest of a document's title line (title, line under it,
// address): what the title lines of a shard (HeadPath) show of it. When
// it is the same after a document changed, only the shards whose
// postings changed need their title lines made again.
func lineKey(d *Doc) uint64 {
	h := uint64(fnvOffset)
	for _, s := range [...]string{d.Title, d.Sub, d.URL} {
		for k := range 8 { // its length first, in 8 bytes
			h = (h ^ uint64(len(s)>>(8*k)&0xff)) * fnvPrime
		}
		for i := 0; i < len(s); i++ {
			h = (h ^ uint64(s[i])) * fnvPrime
		}
	}
	return h
}

// keyHash is what docKey works with, reused from document to document.
type keyHash struct {
	h   hash.Hash
	buf []byte
}

func newKeyHash() *keyHash { return &keyHash{h: sha256.New(), buf: make([]byte, 0, 1024)} }

// docKeys returns every document's docKey and lineKey, on up to workers
// goroutines, each taking the next batch of documents from a counter (no
// pass over every document's text beforehand to share them out). The
// title lines' keys were one goroutine's pass at the end of a first build
// while the other CPUs waited.
func docKeys(docs []Doc, workers int) (keys [][sha256.Size]byte, lines []uint64) {
	keys = make([][sha256.Size]byte, len(docs))
	lines = make([]uint64, len(docs))
	batch.Run(len(docs), min(workers, len(docs)/256), 256, func(next func() (int, int, bool)) {
		h := newKeyHash()
		for from, to, ok := next(); ok; from, to, ok = next() {
			for i := from; i < to; i++ {
				keys[i] = docKey(h, &docs[i])
				lines[i] = lineKey(&docs[i])
			}
		}
	})
	return keys, lines
}
