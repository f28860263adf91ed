package build

import (
	"bufio"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"hash/crc32"
	"io"
	"path/filepath"
	"strings"
	"unsafe"

	"kith/generator/mapfile"
	"kith/generator/output"
	"kith/generator/site"
)

// The record of what each page of the last update rendered: its
// fingerprint (site.Fingerprints) and the Sum of the bytes it rendered. An
// update renders a page again only when its fingerprint is not the one
// recorded, or when the destination does not hold those bytes (its record
// has another Sum for the file, or the file is not there at its size):
// the record ties a fingerprint to bytes, not to a folder, so it serves any
// destination of the journal. It lives in the user's cache beside the
// inputs cache (Options.Cache), never in the site: the fingerprints are
// digests of the notes, which a published encrypted site must not carry.

// pagesMagic starts the record: its format, version 2 (binary; version
// 1 was a text file of one line a page).
const pagesMagic = "kith pages 2\n"

// pagesFile returns where the record of a journal's pages is kept, given
// its inputs cache (Options.Cache); "" without one.
func pagesFile(cache string) string {
	if cache == "" {
		return ""
	}
	return filepath.Join(filepath.Dir(cache), "pages-"+filepath.Base(cache))
}

// siteFile returns the cache file path for the site s: path itself for a
// plain site, and for an encrypted one a name of its own (its identity's
// digest before the extension), so that a journal built both plain and
// encrypted keeps one record and one search index of each, rather than
// each build replacing the other's. "" stays "".
func siteFile(path string, s *site.Site) string {
	id := s.ID()
	if path == "" || id == (*site.Encryption)(nil).ID() {
		return path
	}
	sum := sha256.Sum256([]byte(id))
	ext := filepath.Ext(path)
	return strings.TrimSuffix(path, ext) + "-" + hex.EncodeToString(sum[:6]) + ext
}

// pageRecord is what the record holds.
type pageRecord struct {
	global []site.Part
	pages  map[string]pageSum
}

type pageSum struct {
	print site.Fingerprint
	sum   output.Sum
}

// The record's format (all numbers unsigned varints):
//
//	pagesMagic
//	the number of global parts; each: its Print (16 bytes), its name's
//	  length, its name
//	the number of pages, the length of all their names together
//	each page, by name in order: its fingerprint (16 bytes), the Sum's
//	  hash (16 bytes), the Sum's size, its name's length
//	every page's name, one after the other
//	a CRC-32C (Castagnoli) of all the above, 4 bytes little-endian
//
// The names are one block, so that reading the record makes one string of
// them, not one a page; the file is mapped, not read (generator/mapfile).

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// readPages reads the record; an empty one when there is none or it does
// not read whole (the update then renders every page).
func readPages(path string) pageRecord {
	data, err := mapfile.Read(path, false)
	if err != nil || len(data) < len(pagesMagic)+4 || string(data[:len(pagesMagic)]) != pagesMagic {
		return pageRecord{}
	}
	body := data[:len(data)-4]
	if crc32.Checksum(body, castagnoli) != binary.LittleEndian.Uint32(data[len(data)-4:]) {
		return pageRecord{}
	}
	r := recordReader{b: body[len(pagesMagic):]}
	var rec pageRecord
	nparts := r.count(17)
	for range nparts {
		var p site.Part
		copy(p.Print[:], r.bytes(len(p.Print)))
		p.Name = string(r.bytes(r.count(1)))
		rec.global = append(rec.global, p)
	}
	npages, namesLen := r.count(34), r.count(1)
	if r.bad || namesLen > len(r.b) {
		return pageRecord{}
	}
	// The names' block is the last namesLen bytes; the pages' fixed parts
	// come before it.
	blob := r.b[len(r.b)-namesLen:]
	r.b = r.b[:len(r.b)-namesLen]
	var names string
	if namesLen > 0 {
		names = unsafe.String(unsafe.SliceData(blob), namesLen) // the mapping lives as long as the process
	}
	rec.pages = make(map[string]pageSum, npages)
	at := 0
	for range npages {
		var ps pageSum
		copy(ps.print[:], r.bytes(len(ps.print)))
		copy(ps.sum.Hash[:], r.bytes(len(ps.sum.Hash)))
		size, n := r.uvarint(), r.uvarint() // n: the name's length, in the names' block
		if r.bad || size > 1<<62 || n > uint64(len(names)-at) {
			return pageRecord{}
		}
		ps.sum.Size = int64(size)
		rec.pages[names[at:at+int(n)]] = ps
		at += int(n)
	}
	if r.bad || len(r.b) != 0 || at != len(names) {
		return pageRecord{}
	}
	return rec
}

// recordReader reads the record's parts; bad is set once one does not read.
type recordReader struct {
	b   []byte
	bad bool
}

func (r *recordReader) uvarint() uint64 {
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.bad = true
		return 0
	}
	r.b = r.b[n:]
	return v
}

// count reads a number of things that take at least each bytes each.
func (r *recordReader) count(each int) int {
	v := r.uvarint()
	if r.bad || v > uint64(len(r.b)/each) {
		r.bad = true
		return 0
	}
	return int(v)
}

func (r *recordReader) bytes(n int) []byte {
	if r.bad || n > len(r.b) {
		r.bad = true
		return make([]byte, n)
	}
	b := r.b[:n]
	r.b = r.b[n:]
	return b
}

// writePages writes a record to w: the global parts, then the pages of
// names (sorted) that page gives a fingerprint and a Sum.
func writePages(w io.Writer, global []site.Part, names []string, page func(name string) (pageSum, bool)) error {
	crc := crc32.New(castagnoli)
	bw := bufio.NewWriterSize(io.MultiWriter(w, crc), 64<<10)
	bw.WriteString(pagesMagic)
	var b []byte
	b = binary.AppendUvarint(b, uint64(len(global)))
	for _, p := range global {
		b = append(b, p.Print[:]...)
		b = binary.AppendUvarint(b, uint64(len(p.Name)))
		b = append(b, p.Name...)
	}
	bw.Write(b)
	// page is asked once a name.
	type recorded struct {
		name string
		ps   pageSum
	}
	pages := make([]recorded, 0, len(names))
	namesLen := 0
	for _, name := range names {
		if ps, ok := page(name); ok {
			pages = append(pages, recorded{name, ps})
			namesLen += len(name)
		}
	}
	b = binary.AppendUvarint(b[:0], uint64(len(pages)))
	b = binary.AppendUvarint(b, uint64(namesLen))
	bw.Write(b)
	var line [64]byte
	for _, p := range pages {
		b := append(line[:0], p.ps.print[:]...)
		b = append(b, p.ps.sum.Hash[:]...)
		b = binary.AppendUvarint(b, uint64(p.ps.sum.Size))
		b = binary.AppendUvarint(b, uint64(len(p.name)))
		bw.Write(b)
	}
	for _, p := range pages {
		bw.WriteString(p.name)
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	var sum [4]byte
	binary.LittleEndian.PutUint32(sum[:], crc.Sum32())
	_, err := w.Write(sum[:])
	return err
}

// savePages writes the record (writePages) with mapfile.Write: 0600 in a
// 0700 folder, whole or not at all.
func savePages(path string, global []site.Part, names []string, page func(name string) (pageSum, bool)) error {
	return mapfile.Write(path, func(w io.Writer) error { return writePages(w, global, names, page) })
}

// changedPart names the first global part of a site's fingerprints that
// differs from the record's, or says that there is no record; "" when
// they are all the same.
func changedPart(prev pageRecord, now []site.Part) string {
	if len(prev.pages) == 0 {
		return "there is no record of the pages the last update rendered"
	}
	for i, p := range now {
		if i >= len(prev.global) || prev.global[i] != p {
			return p.Name + " changed"
		}
	}
	if len(prev.global) != len(now) {
		return "the record of the pages is of another kith"
	}
	return ""
}
