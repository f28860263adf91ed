package output

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unsafe"
)

// Sums is the file, beside the Manifest, where a site records what the
// build that wrote it read (a digest of its inputs), which site it is (its
// key, when encrypted), and the hash and size of every file kith wrote
// there. The next build into the folder writes only the files whose bytes
// differ from it (see Options.Incremental). It is deterministic: the same
// site always has the same record, whether it was written whole or
// updated, so two builds of the same journal give the same folder.
const Sums = Marker + "/sums.txt"

// sumsHeader is the record's first line.
const sumsHeader = "# kith: what each file it wrote holds, so the next build writes only what changed. See docs/architecture.md.\n"

// Sum is a file's hash (the first 16 bytes of its SHA-256) and size.
type Sum struct {
	Hash [16]byte
	Size int64
}

// SumOf returns the Sum of a file's bytes.
func SumOf(data []byte) Sum {
	h := sha256.Sum256(data)
	var s Sum
	copy(s.Hash[:], h[:16])
	s.Size = int64(len(data))
	return s
}

// Record is what Sums holds.
type Record struct {
	// Inputs is a digest of everything the build read and of its options
	// (see build.Inputs); "" when not known, and then never equal to
	// another record's.
	Inputs string
	// Site names the site: "plain", or an encrypted site's key identity.
	// A record of another site is not used: every file would change.
	Site string
	// Files holds the Sum of every file kith wrote, by slash path; the
	// manifest and the record itself are not in it.
	Files map[string]Sum

	// sorted, when known, is the names of Files in order: a record read
	// back lists them sorted (parseRecord), which saves an update sorting
	// 26,000 names twice (sortedWritten).
	sorted []string
}

// FormatRecord returns the text of a record: two header lines, then one
// line a file, "HASH SIZE PATH", sorted by path.
func FormatRecord(r Record) []byte {
	var b bytes.Buffer
	b.Grow(len(sumsHeader) + 64 + len(r.Files)*72)
	_ = WriteRecord(&b, r) // a bytes.Buffer does not fail
	return b.Bytes()
}

// WriteRecord writes the text of FormatRecord to w, through a small
// buffer: a record of 26,000 files is 2 MB, and fresh memory for it cost
// more than writing it.
func WriteRecord(w io.Writer, r Record) error {
	names := make([]string, 0, len(r.Files))
	for n := range r.Files {
		names = append(names, n)
	}
	sort.Strings(names)
	return writeRecord(w, r, names)
}

// writeRecord is WriteRecord given the names of r.Files, sorted.
func writeRecord(w io.Writer, r Record, names []string) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	bw.WriteString(sumsHeader)
	fmt.Fprintf(bw, "inputs %s\nsite %s\n", orDash(r.Inputs), orDash(r.Site))
	var line [64]byte
	for _, n := range names {
		s := r.Files[n]
		b := hex.AppendEncode(line[:0], s.Hash[:])
		b = append(b, ' ')
		b = strconv.AppendInt(b, s.Size, 10)
		b = append(b, ' ')
		bw.Write(b)
		bw.WriteString(n)
		bw.WriteByte('\n')
	}
	return bw.Flush()
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// ParseRecord reads a record written by FormatRecord. A line it does not
// understand makes the whole record invalid: a build then writes the whole
// site rather than trust it.
func ParseRecord(r io.Reader) (Record, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return Record{}, err
	}
	return parseRecord(data, 0)
}

// parseRecord is ParseRecord of the record's bytes, with room for about n
// files. The paths are slices of one string made of data (one allocation,
// not one a line), so data must not change after.
func parseRecord(data []byte, n int) (Record, error) {
	rec := Record{Files: make(map[string]Sum, n), sorted: make([]string, 0, n)}
	var text string
	if len(data) > 0 {
		text = unsafe.String(unsafe.SliceData(data), len(data))
	}
	line := 0
	for len(text) > 0 {
		line++
		t, rest, _ := strings.Cut(text, "\n")
		text = rest
		switch {
		case t == "" || strings.HasPrefix(t, "#"):
			continue
		case strings.HasPrefix(t, "inputs "):
			rec.Inputs = strings.TrimPrefix(t, "inputs ")
			continue
		case strings.HasPrefix(t, "site "):
			rec.Site = strings.TrimPrefix(t, "site ")
			continue
		}
		hx, rest, ok1 := strings.Cut(t, " ")
		size, name, ok2 := strings.Cut(rest, " ")
		n, err := strconv.ParseInt(size, 10, 64)
		var s Sum
		if _, herr := hex.Decode(s.Hash[:], unsafe.Slice(unsafe.StringData(hx), len(hx))); !ok1 || !ok2 || err != nil || herr != nil || len(hx) != 32 || n < 0 || !fs.ValidPath(name) || name == "." {
			return Record{}, fmt.Errorf("line %d: not a file's hash, size and path", line)
		}
		s.Size = n
		rec.Files[name] = s
		if rec.sorted != nil {
			if k := len(rec.sorted); k > 0 && rec.sorted[k-1] >= name {
				rec.sorted = nil // not in order (written by hand?): sorted when needed
			} else {
				rec.sorted = append(rec.sorted, name)
			}
		}
	}
	if len(rec.sorted) != len(rec.Files) {
		rec.sorted = nil
	}
	if rec.Inputs == "-" {
		rec.Inputs = ""
	}
	if rec.Site == "-" {
		rec.Site = ""
	}
	return rec, nil
}

// readRecord reads the record of the site in the folder dest; ok is false
// when there is none or it cannot be trusted. It never follows a symbolic
// link.
func readRecord(dest string) (rec Record, ok bool) {
	p := filepath.Join(dest, filepath.FromSlash(Sums))
	st, err := os.Lstat(p)
	if err != nil || !st.Mode().IsRegular() {
		return Record{}, false
	}
	f, err := os.Open(p)
	if err != nil {
		return Record{}, false
	}
	defer f.Close()
	if st.Size() > maxManifest {
		return Record{}, false
	}
	data := make([]byte, st.Size()) // read whole, in one piece
	if _, err := io.ReadFull(f, data); err != nil {
		return Record{}, false
	}
	rec, err = parseRecord(data, bytes.Count(data, []byte{'\n'})) // a line a file, and three more
	if err != nil {
		return Record{}, false
	}
	return rec, true
}

// errUpdate marks an error met while moving an update's files into place:
// the destination may then be partly updated (each file whole), and holds
// no record, so the next build writes it whole.
var errUpdate = errors.New("the site is partly updated (every file whole); the next build writes it whole")
