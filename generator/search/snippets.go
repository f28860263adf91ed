package search

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"hash/crc32"
	"io"
	"os"
	"slices"
	"unsafe"

	"kith/generator/mapfile"
)

// A snippet store keeps the snippets of notes' bodies between builds, in a
// file beside a Cache (snippetsPath), so that a build that writes every
// file of the index from a warm cache (into a new folder) takes them from
// there instead of making them again: 60 ms of CPU on the 2,000-person
// journal, most of what such a build spends on its chunks
// (docs/performance.md, twelfth session). A snippet depends on its body
// alone, and the body on its note's file, so the store is keyed by the
// file's SHA-256 (content.Body.Sum), like Bodies; a stale entry is never
// wrong, only unused. It holds text of the notes (never text marked
// private, which the parser drops): it is private like the cache (0600, in
// a 0700 folder; mapfile.Write), and deleting it costs one slower build.
//
// The file: snippetsMagic, the stamp (cacheStamp) as a uvarint length and
// bytes, the count n as 4 bytes, the n sums sorted, n+1 ends of the
// snippets in the text as 4 bytes each (the first 0), the text, and the
// CRC-32C of all that.
type snippetStore struct {
	sums []byte // n sums of sha256.Size bytes, sorted
	ends []byte // n+1 little-endian uint32
	text []byte
}

const snippetsMagic = "kith search snippets 1\n"

// snippetsPath is where the store of the cache at path is.
func snippetsPath(path string) string { return path + ".snippets" }

// readSnippets returns the store at path written with stamp, or nil if
// there is none that can be used.
func readSnippets(path, stamp string) *snippetStore {
	b, err := mapfile.Read(path, false)
	if err != nil || len(b) < len(snippetsMagic)+4 || string(b[:len(snippetsMagic)]) != snippetsMagic {
		return nil
	}
	if crc32.Checksum(b[:len(b)-4], castagnoli) != binary.LittleEndian.Uint32(b[len(b)-4:]) {
		return nil
	}
	rest := b[len(snippetsMagic) : len(b)-4]
	n, k := binary.Uvarint(rest)
	if k <= 0 || n != uint64(len(stamp)) || uint64(len(rest)-k) < n || string(rest[k:k+int(n)]) != stamp {
		return nil
	}
	rest = rest[k+int(n):]
	if len(rest) < 4 {
		return nil
	}
	count := uint64(binary.LittleEndian.Uint32(rest))
	rest = rest[4:]
	if uint64(len(rest)) < count*sha256.Size+(count+1)*4 {
		return nil
	}
	s := &snippetStore{sums: rest[:count*sha256.Size]}
	rest = rest[count*sha256.Size:]
	s.ends, s.text = rest[:(count+1)*4], rest[(count+1)*4:]
	prev := uint32(0)
	for i := range count + 1 {
		end := binary.LittleEndian.Uint32(s.ends[4*i:])
		if end < prev || uint64(end) > uint64(len(s.text)) || (i == 0 && end != 0) {
			return nil
		}
		prev = end
	}
	for i := uint64(1); i < count; i++ {
		if bytes.Compare(s.sums[(i-1)*sha256.Size:i*sha256.Size], s.sums[i*sha256.Size:(i+1)*sha256.Size]) >= 0 {
			return nil
		}
	}
	return s
}

// snippet returns the snippet of the body of the note whose file has the
// sum, if the store has it. The string is over the mapped file, which
// stays mapped as long as the process (mapfile).
func (s *snippetStore) snippet(sum *[sha256.Size]byte) (string, bool) {
	if s == nil {
		return "", false
	}
	n := len(s.sums) / sha256.Size
	lo, hi := 0, n
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if bytes.Compare(s.sums[m*sha256.Size:(m+1)*sha256.Size], sum[:]) < 0 {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo == n || !bytes.Equal(s.sums[lo*sha256.Size:(lo+1)*sha256.Size], sum[:]) {
		return "", false
	}
	from, to := binary.LittleEndian.Uint32(s.ends[4*lo:]), binary.LittleEndian.Uint32(s.ends[4*lo+4:])
	if from == to {
		return "", true
	}
	return unsafe.String(&s.text[from], int(to-from)), true
}

// writeSnippets writes the store of the documents' bodies' snippets that
// made has (made while the journal loaded, or read from the store before),
// if it made any the store did not hold: a build that made none (a warm
// one) or few (an update) leaves it as it is. The error is dropped by the
// caller: a store not written costs the next build its speed.
func writeSnippets(path, stamp string, docs []Doc, made *Bodies) error {
	if made == nil {
		return nil
	}
	type entry struct {
		sum  *[sha256.Size]byte
		text string
	}
	var all []entry
	fresh := 0
	for i := range docs {
		d := &docs[i]
		if d.note == nil {
			continue
		}
		if m, ok := made.inParts(d.note); ok {
			if _, old := made.store.snippet(d.note); !old {
				fresh++
			}
			all = append(all, entry{d.note, m})
		} else if s, ok := made.store.snippet(d.note); ok {
			all = append(all, entry{d.note, s})
		}
	}
	if fresh == 0 || (made.store != nil && 8*fresh < len(all)) {
		return nil
	}
	slices.SortFunc(all, func(a, b entry) int { return bytes.Compare(a.sum[:], b.sum[:]) })
	all = slices.CompactFunc(all, func(a, b entry) bool { return *a.sum == *b.sum })
	size := 0
	for _, e := range all {
		if size += len(e.text); size >= 1<<32 {
			return nil // no store of 4 GB of text
		}
	}
	return mapfile.Write(path, func(w io.Writer) error {
		h := crc32.New(castagnoli)
		var head []byte
		head = append(head, snippetsMagic...)
		head = binary.AppendUvarint(head, uint64(len(stamp)))
		head = append(head, stamp...)
		head = binary.LittleEndian.AppendUint32(head, uint32(len(all)))
		for _, e := range all {
			head = append(head, e.sum[:]...)
		}
		end := uint32(0)
		head = binary.LittleEndian.AppendUint32(head, 0)
		for _, e := range all {
			end += uint32(len(e.text))
			head = binary.LittleEndian.AppendUint32(head, end)
		}
		bufs := [][]byte{head}
		for _, e := range all {
			if e.text != "" {
				bufs = append(bufs, unsafe.Slice(unsafe.StringData(e.text), len(e.text)))
			}
		}
		for _, b := range bufs {
			h.Write(b)
		}
		bufs = append(bufs, binary.LittleEndian.AppendUint32(nil, h.Sum32()))
		if f, ok := w.(*os.File); ok {
			return writeAll(f, bufs) // one system call for many snippets
		}
		for _, b := range bufs {
			if _, err := w.Write(b); err != nil {
				return err
			}
		}
		return nil
	})
}
