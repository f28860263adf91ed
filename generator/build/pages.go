package build

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

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

// pagesHeader is the record's first line.
const pagesHeader = "# kith: the fingerprint of each page the last update of this journal rendered, and what it rendered. See docs/architecture.md.\n"

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

// readPages reads the record; an empty one when there is none or a line
// does not read (the update then renders every page).
func readPages(path string) pageRecord {
	f, err := os.Open(path)
	if err != nil {
		return pageRecord{}
	}
	defer f.Close()
	rec := pageRecord{pages: map[string]pageSum{}}
	sc := bufio.NewScanner(io.LimitReader(f, 1<<30))
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for sc.Scan() {
		t := sc.Text()
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		if rest, ok := strings.CutPrefix(t, "part "); ok {
			hx, name, ok := strings.Cut(rest, " ")
			var p site.Part
			if _, err := hex.Decode(p.Print[:], []byte(hx)); !ok || err != nil || len(hx) != 2*len(p.Print) {
				return pageRecord{}
			}
			p.Name = name
			rec.global = append(rec.global, p)
			continue
		}
		fields := strings.SplitN(t, " ", 4)
		var ps pageSum
		if len(fields) != 4 || len(fields[0]) != 2*len(ps.print) || len(fields[1]) != 2*len(ps.sum.Hash) {
			return pageRecord{}
		}
		_, err1 := hex.Decode(ps.print[:], []byte(fields[0]))
		_, err2 := hex.Decode(ps.sum.Hash[:], []byte(fields[1]))
		n, err3 := strconv.ParseInt(fields[2], 10, 64)
		if err1 != nil || err2 != nil || err3 != nil || n < 0 {
			return pageRecord{}
		}
		ps.sum.Size = n
		rec.pages[fields[3]] = ps
	}
	if sc.Err() != nil {
		return pageRecord{}
	}
	return rec
}

// formatPages returns the text of a record: the global parts, then one
// line a page, "PRINT HASH SIZE NAME", sorted by name.
func formatPages(rec pageRecord) []byte {
	names := make([]string, 0, len(rec.pages))
	for n := range rec.pages {
		names = append(names, n)
	}
	sort.Strings(names)
	var b bytes.Buffer
	b.Grow(len(pagesHeader) + len(names)*100)
	b.WriteString(pagesHeader)
	for _, p := range rec.global {
		b.WriteString("part ")
		b.WriteString(hex.EncodeToString(p.Print[:]))
		b.WriteByte(' ')
		b.WriteString(p.Name)
		b.WriteByte('\n')
	}
	var hx [32]byte
	for _, n := range names {
		ps := rec.pages[n]
		hex.Encode(hx[:], ps.print[:])
		b.Write(hx[:])
		b.WriteByte(' ')
		hex.Encode(hx[:], ps.sum.Hash[:])
		b.Write(hx[:])
		b.WriteByte(' ')
		b.WriteString(strconv.FormatInt(ps.sum.Size, 10))
		b.WriteByte(' ')
		b.WriteString(n)
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// savePages writes the record, private (0600 in a 0700 folder), whole or
// not at all.
func savePages(path string, rec pageRecord) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, ".pages-*") // 0600
	if err != nil {
		return err
	}
	_, err = f.Write(formatPages(rec))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		_ = os.Remove(f.Name())
	}
	return err
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
