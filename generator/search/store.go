package search

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"sync"
)

// storeMagic starts a stored index; its last digit is the version of the
// stored form, changed whenever it changes, so that an old stored index is
// rebuilt, not misread.
const storeMagic = "kith search index 4\n"

// Write stores the index with a stamp that says what it was built from.
// kith find keeps one to answer without reading the journal: the very
// files the site publishes, after a table of them, so that a query reads
// and parses only the shards and chunks it needs, as the browser does;
// its chunks keep the text the site's leave on pages (OnPage), from which
// kith find makes snippets.
//
// The form: storeMagic, the stamp's length (uvarint) and bytes, the number
// of files, then per file its name's length, name and data length, then
// every file's data in that order.
func (ix *Index) Write(w io.Writer, stamp string) error {
	files, _, _ := ix.encodeTo("", runtime.GOMAXPROCS(0), nil, nil, true)
	var head []byte
	head = append(head, storeMagic...)
	head = binary.AppendUvarint(head, uint64(len(stamp)))
	head = append(head, stamp...)
	head = binary.AppendUvarint(head, uint64(len(files)))
	for _, f := range files {
		head = binary.AppendUvarint(head, uint64(len(f.Name)))
		head = append(head, f.Name...)
		head = binary.AppendUvarint(head, uint64(len(f.Data)))
	}
	if _, err := w.Write(head); err != nil {
		return err
	}
	for _, f := range files {
		if _, err := w.Write(f.Data); err != nil {
			return err
		}
	}
	return nil
}

// errStore is returned for a stored index that cannot be used.
var errStore = errors.New("stored index is damaged or out of date")

// Read loads an index stored by Write in r (size bytes), reading only the
// table of files and the manifest now and each shard or chunk when a query
// first needs it; r must stay open while the index is used. It fails if
// the index was stored with another stamp or by another version of kith.
func Read(r io.ReaderAt, size int64, stamp string) (*Index, error) {
	headLen := min(size, 256<<10)
	for {
		head := make([]byte, headLen)
		if _, err := r.ReadAt(head, 0); err != nil && !errors.Is(err, io.EOF) {
			return nil, err
		}
		ix, err := readHead(r, head, size, stamp)
		if err == errShort && headLen < size {
			headLen = min(size, headLen*4)
			continue
		}
		return ix, err
	}
}

var errShort = errors.New("short")

// readHead reads the table of a stored index from head, its first bytes.
func readHead(r io.ReaderAt, head []byte, size int64, stamp string) (*Index, error) {
	rest, ok := bytes.CutPrefix(head, []byte(storeMagic))
	if !ok {
		return nil, errStore
	}
	short := false
	next := func() uint64 {
		n, k := binary.Uvarint(rest)
		if k <= 0 {
			short = true
			return 0
		}
		rest = rest[k:]
		return n
	}
	take := func(n uint64) []byte {
		if n > uint64(len(rest)) {
			short = true
			return nil
		}
		b := rest[:n]
		rest = rest[n:]
		return b
	}
	got := take(next())
	if short {
		return nil, errShort
	}
	if string(got) != stamp {
		return nil, errStore
	}
	count := next()
	if count > uint64(size) {
		return nil, errStore
	}
	files := make([]storedFile, 0, min(count, 1<<20))
	for i := uint64(0); i < count && !short; i++ {
		name := take(next())
		files = append(files, storedFile{name: string(name), size: int64(next())})
	}
	if short {
		return nil, errShort
	}
	off := int64(len(head) - len(rest))
	for i := range files {
		files[i].off = off
		off += files[i].size
	}
	if off != size || len(files) == 0 {
		return nil, errStore
	}
	return fromStore(r, files)
}

// storedFile is where a file of a stored index is.
type storedFile struct {
	name      string
	off, size int64
}

// lazy holds the files of an index read by FromFiles or Read, parsed on
// first use.
type lazy struct {
	mu     sync.Mutex
	docs   int
	read   func(f int) []byte     // file f's data; nil if it cannot be read
	shards map[string]int         // key → shard file
	chunks []int                  // chunk → its file
	first  []int                  // chunkStarts
	terms  map[string][]string    // key → terms, parsed
	enc    map[string][]string    // key → postings of each term, encoded
	posts  map[string][][]Posting // key → postings of each term, decoded when first asked
	parsed map[int][]Doc          // chunk → documents
}

// FromFiles reads an index from the files Files("") made. Shards and
// chunks are parsed when a query first needs them.
func FromFiles(files []File) (*Index, error) {
	names := make([]string, len(files))
	for i, f := range files {
		names[i] = f.Name
	}
	return fromFiles(names, func(i int) []byte { return files[i].Data })
}

// fromStore reads an index from the files of a stored index.
func fromStore(r io.ReaderAt, files []storedFile) (*Index, error) {
	names := make([]string, len(files))
	for i, f := range files {
		names[i] = f.name
	}
	return fromFiles(names, func(i int) []byte {
		b := make([]byte, files[i].size)
		if _, err := r.ReadAt(b, files[i].off); err != nil {
			return nil
		}
		return b
	})
}

func fromFiles(names []string, read func(int) []byte) (*Index, error) {
	if len(names) == 0 || names[0] != ManifestPath {
		return nil, fmt.Errorf("no %s", ManifestPath)
	}
	var m manifest
	if err := json.Unmarshal(read(0), &m); err != nil {
		return nil, fmt.Errorf("%s: %w", ManifestPath, err)
	}
	if m.V != Version || len(m.Fields) != len(Fields) || len(m.Start) != len(Kinds) || len(m.Chunk) != len(Kinds) {
		return nil, fmt.Errorf("%s: made by another version of kith", ManifestPath)
	}
	ix := &Index{Start: map[string]int{}, States: m.States, Keys: m.Shards,
		lazy: &lazy{docs: m.Docs, read: read, shards: map[string]int{}, terms: map[string][]string{}, enc: map[string][]string{}, posts: map[string][][]Posting{}, parsed: map[int][]Doc{}}}
	for i, k := range Kinds {
		ix.Start[k] = m.Start[i]
	}
	ix.lazy.first = chunkStarts(m.Start, m.Docs)
	byName := map[string]string{}
	for _, k := range m.Shards {
		byName[ShardPath(k)] = k
	}
	for i, name := range names {
		if k, ok := byName[name]; ok {
			ix.lazy.shards[k] = i
		} else if strings.HasPrefix(name, "search/d/") {
			ix.lazy.chunks = append(ix.lazy.chunks, i)
		}
	}
	return ix, nil
}

// docs returns how many documents the index has.
func (ix *Index) docs() int {
	if ix.lazy != nil {
		return ix.lazy.docs
	}
	return len(ix.Docs)
}

// Doc returns document id.
func (ix *Index) Doc(id int32) *Doc {
	if ix.lazy == nil {
		return &ix.Docs[id]
	}
	l := ix.lazy
	l.mu.Lock()
	defer l.mu.Unlock()
	c := chunkOf(l.first, int(id))
	docs, ok := l.parsed[c]
	if !ok {
		if c < len(l.chunks) {
			// A damaged store gives empty documents; the next build rewrites it.
			_ = json.Unmarshal(l.read(l.chunks[c]), &docs)
		}
		l.parsed[c] = docs
	}
	if i := int(id) - l.first[c]; i < len(docs) {
		return &docs[i]
	}
	return &Doc{}
}

// shard returns the terms of shard k, sorted, and a function that
// returns the postings of the i-th; an index read from files decodes a
// term's postings only when asked.
func (ix *Index) shard(k string) ([]string, func(i int) []Posting) {
	if ix.lazy == nil {
		ts := ix.groups[k]
		return ts, func(i int) []Posting { return ix.Terms[ts[i]] }
	}
	l := ix.lazy
	l.mu.Lock()
	defer l.mu.Unlock()
	ts, ok := l.terms[k]
	if !ok {
		var raw map[string]string
		if f, ok := l.shards[k]; ok {
			_ = json.Unmarshal(l.read(f), &raw) // as in Doc
		}
		ts = make([]string, 0, len(raw))
		for t := range raw {
			ts = append(ts, t)
		}
		sortStrings(ts)
		enc := make([]string, len(ts))
		for i, t := range ts {
			enc[i] = raw[t]
		}
		l.terms[k], l.enc[k], l.posts[k] = ts, enc, make([][]Posting, len(ts))
	}
	return ts, func(i int) []Posting {
		l.mu.Lock()
		defer l.mu.Unlock()
		ps := l.posts[k]
		if ps[i] == nil {
			ps[i], _ = readPostings(l.enc[k][i]) // a damaged shard finds nothing
			if ps[i] == nil {
				ps[i] = []Posting{}
			}
		}
		return ps[i]
	}
}
