package search

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"hash"
	"hash/crc32"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"unsafe"
)

// Cache is a file where the index of one journal is kept between builds,
// so that a build after a few notes changed tokenises only those notes and
// encodes only the index files they change (Update).
//
// It holds, per document, a digest of everything the document's part of
// the index is made of (docKey) and its postings; per term its postings;
// and every file of the index as the site wrote it (sealed, in an
// encrypted site). So it holds the words of the journal's notes (never
// text marked private, which the parser drops) and must stay private: it
// is written 0600, in a folder made 0700. Deleting it costs one slower
// build.
type Cache struct {
	Path string // the file; its folder is made if missing
	// Stamp names the program that builds (a hash of its executable): a
	// cache another program wrote is never read. "" turns the cache off.
	Stamp string
}

// cacheMagic starts a cache file; its last number is the version of the
// cache's own form (the index's files have Version).
const cacheMagic = "kith search cache 1\n"

// cached is a Cache as read: the state of the index after the build that
// wrote it. Postings and files are slices of the file's bytes.
type cached struct {
	start []int               // first document of each kind, Kinds order
	keys  [][sha256.Size]byte // document → its docKey
	fwd   [][]byte            // document → its postings, in the order met (appendForward)
	terms []string            // term number → its text; a term may have no postings left
	count []int               // term number → how many postings
	posts [][]byte            // term number → its postings (appendPosting)
	shard []string            // the shard keys (Index.Keys)
	files []cachedFile        // Files' order
}

// cachedFile is a file of the index as the site wrote it, with the name
// Files gave it before names were made opaque (ShardPath, ChunkPath).
type cachedFile struct {
	plain string
	file  File
}

// appendForward appends a posting of a document: its term and field.
func appendForward(b []byte, term, field int32) []byte {
	return append(binary.AppendUvarint(b, uint64(term)), byte(field))
}

// appendPosting appends a posting of a term: the gap from the document of
// the one before it and the field.
func appendPosting(b []byte, gap, field int32) []byte {
	return append(binary.AppendUvarint(b, uint64(gap)), byte(field))
}

// eachForward calls fn with each posting appendForward wrote into b.
func eachForward(b []byte, fn func(term, field int32)) bool {
	for len(b) > 0 {
		t, n := binary.Uvarint(b)
		if n <= 0 || n >= len(b) || t >= 1<<31 {
			return false
		}
		fn(int32(t), int32(b[n]))
		b = b[n+1:]
	}
	return true
}

// readPosts decodes the postings appendPosting wrote into b.
func readPosts(b []byte, count int) ([]Posting, bool) {
	ps := make([]Posting, 0, count)
	doc := int32(0)
	for len(b) > 0 {
		g, n := binary.Uvarint(b)
		if n <= 0 || n >= len(b) || g >= 1<<31 || int(b[n]) >= len(Fields) {
			return nil, false
		}
		doc += int32(g)
		ps = append(ps, Posting{Doc: doc, Field: int32(b[n])})
		b = b[n+1:]
	}
	return ps, len(ps) == count
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
	b, err := readAll(path)
	if err != nil {
		return nil, err
	}
	rest, ok := bytes.CutPrefix(b, []byte(cacheMagic))
	if !ok {
		return nil, errCache
	}
	bad := false
	num := func() int {
		n, k := binary.Uvarint(rest)
		if k <= 0 || n > uint64(len(b)) {
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
	if string(take(num())) != stamp {
		return nil, errCache
	}
	c := &cached{}
	for range Kinds {
		c.start = append(c.start, num())
	}
	docs := num()
	if bad || docs > len(rest)/sha256.Size {
		return nil, errCache
	}
	c.keys = make([][sha256.Size]byte, docs)
	for i := range c.keys {
		copy(c.keys[i][:], take(sha256.Size))
	}
	fwdLen := make([]int, docs)
	for i := range fwdLen {
		fwdLen[i] = num()
	}
	terms := num()
	if bad || terms > len(rest) {
		return nil, errCache
	}
	c.terms, c.count = make([]string, terms), make([]int, terms)
	postLen := make([]int, terms)
	for i := range terms {
		c.terms[i] = string(take(num()))
		c.count[i] = num()
		postLen[i] = num()
	}
	shards := num()
	if bad || shards > len(rest) {
		return nil, errCache
	}
	c.shard = make([]string, shards)
	for i := range c.shard {
		c.shard[i] = string(take(num()))
	}
	files := num()
	if bad || files > len(rest) {
		return nil, errCache
	}
	c.files = make([]cachedFile, files)
	fileLen := make([]int, files)
	for i := range c.files {
		c.files[i].plain = string(take(num()))
		c.files[i].file.Name = string(take(num()))
		fileLen[i] = num()
	}
	// The table ends with its CRC-32C: damage to it would misplace
	// everything. The data after it is taken as it is, as Go's build
	// cache takes its outputs (a checksum of tens of megabytes cost a
	// tenth of an update): the rename that puts a cache in place means a
	// crash never leaves half of one.
	if end := len(b) - len(rest); bad || len(rest) < 4 || crc32.Checksum(b[:end], castagnoli) != binary.LittleEndian.Uint32(rest) {
		return nil, errCache
	}
	rest = rest[4:]
	c.fwd = make([][]byte, docs)
	for i, n := range fwdLen {
		c.fwd[i] = take(n)
	}
	c.posts = make([][]byte, terms)
	for i, n := range postLen {
		c.posts[i] = take(n)
	}
	for i, n := range fileLen {
		c.files[i].file.Data = take(n)
	}
	if bad || len(rest) != 0 {
		return nil, errCache
	}
	return c, nil
}

// write writes the cache to path with stamp: beside it first, then
// renamed over it, so that a reader sees the old cache or the new.
func (c *cached) write(path, stamp string) error {
	var head []byte
	num := func(n int) { head = binary.AppendUvarint(head, uint64(n)) }
	str := func(s string) { num(len(s)); head = append(head, s...) }
	head = append(head, cacheMagic...)
	str(stamp)
	for _, s := range c.start {
		num(s)
	}
	num(len(c.keys))
	for _, k := range c.keys {
		head = append(head, k[:]...)
	}
	for _, f := range c.fwd {
		num(len(f))
	}
	num(len(c.terms))
	for i, t := range c.terms {
		str(t)
		num(c.count[i])
		num(len(c.posts[i]))
	}
	num(len(c.shard))
	for _, k := range c.shard {
		str(k)
	}
	num(len(c.files))
	for _, f := range c.files {
		str(f.plain)
		str(f.file.Name)
		num(len(f.file.Data))
	}
	head = binary.LittleEndian.AppendUint32(head, crc32.Checksum(head, castagnoli))
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".search-*.tmp") // O_EXCL, 0600
	if err != nil {
		return err
	}
	bufs := make([][]byte, 0, 1+len(c.fwd)+len(c.posts)+len(c.files))
	bufs = append(bufs, head)
	bufs = append(bufs, c.fwd...)
	bufs = append(bufs, c.posts...)
	for _, f := range c.files {
		bufs = append(bufs, f.file.Data)
	}
	_, err = writeAll(tmp, bufs)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		_ = os.Remove(tmp.Name())
	}
	return err
}

// writeAll writes bufs one after another, gathered into large writes.
func writeAll(f *os.File, bufs [][]byte) (int64, error) {
	const chunk = 1 << 20
	var n int64
	out := make([]byte, 0, chunk)
	for _, b := range bufs {
		if len(out)+len(b) > chunk && len(out) > 0 {
			k, err := f.Write(out)
			n += int64(k)
			if err != nil {
				return n, err
			}
			out = out[:0]
		}
		if len(b) >= chunk {
			k, err := f.Write(b)
			n += int64(k)
			if err != nil {
				return n, err
			}
			continue
		}
		out = append(out, b...)
	}
	k, err := f.Write(out)
	return n + int64(k), err
}

// docKey is the digest of everything a document's part of the index is
// made of, before finish: its kind, slug, title, line, address and every
// field's number and text (a body whole). Two documents with the same key
// have the same postings and the same text in the index, whatever else
// changed in the journal (the program being the same: Cache.Stamp).
func docKey(h *keyHash, d *Doc) [sha256.Size]byte {
	h.reset()
	h.str(d.Kind)
	h.str(d.Slug)
	h.str(d.Title)
	h.str(d.Sub)
	h.str(d.URL)
	for _, f := range d.Fields {
		h.num(f.Field)
		h.num(int(f.raw))
		h.str(f.Text)
		h.str(f.words)
		if f.raw == rawLog {
			h.num(f.date.Year)
			h.num(int(f.date.Month))
			h.num(f.date.Day)
		}
	}
	return h.sum()
}

// keyHash hashes length-prefixed strings without allocating.
type keyHash struct {
	h   hash.Hash
	buf [binary.MaxVarintLen64]byte
	out []byte
}

func newKeyHash() *keyHash { return &keyHash{h: sha256.New(), out: make([]byte, 0, sha256.Size)} }

func (h *keyHash) reset() { h.h.Reset() }

func (h *keyHash) num(n int) {
	h.h.Write(h.buf[:binary.PutUvarint(h.buf[:], uint64(n))])
}

func (h *keyHash) str(s string) {
	h.num(len(s))
	h.h.Write(unsafe.Slice(unsafe.StringData(s), len(s))) // Write keeps no reference
}

func (h *keyHash) sum() (k [sha256.Size]byte) {
	h.out = h.h.Sum(h.out[:0])
	copy(k[:], h.out)
	return k
}

// docKeys returns every document's docKey, on up to workers goroutines.
func docKeys(docs []Doc, workers int) [][sha256.Size]byte {
	keys := make([][sha256.Size]byte, len(docs))
	ranges := split(docs, workers)
	var wg sync.WaitGroup
	for _, r := range ranges {
		wg.Add(1)
		go func() { // ends when its range is hashed
			defer wg.Done()
			h := newKeyHash()
			for i := r[0]; i < r[1]; i++ {
				keys[i] = docKey(h, &docs[i])
			}
		}()
	}
	wg.Wait()
	return keys
}
