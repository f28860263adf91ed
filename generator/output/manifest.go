package output

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unsafe"
)

// Manifest is the file, in every site kith writes, that lists the files it
// wrote there (itself included), one slash path a line, sorted. The next
// build replaces or deletes only those; every other file of the folder is
// carried into the new site. On an encrypted site the paths are the opaque
// ones the folder already shows.
const Manifest = Marker + "/written.txt"

// manifestHeader is the manifest's first line.
const manifestHeader = "# kith wrote these files; it replaces and deletes only these. See docs/publishing.md.\n"

// maxManifest bounds what is read of an old manifest.
const maxManifest = 64 << 20

// FormatManifest returns the manifest of a site made of files (slash
// paths), which need not be sorted nor name the manifest itself.
func FormatManifest(files []string) []byte {
	all := make([]string, 0, len(files)+1)
	all = append(all, files...)
	if !slices.IsSorted(all) {
		slices.Sort(all)
	}
	if i, found := slices.BinarySearch(all, Manifest); !found {
		all = slices.Insert(all, i, Manifest)
	}
	n := len(manifestHeader)
	for _, f := range all {
		n += len(f) + 1
	}
	b := make([]byte, 0, n)
	b = append(b, manifestHeader...)
	for i, f := range all {
		if i > 0 && f == all[i-1] {
			continue
		}
		b = append(b, f...)
		b = append(b, '\n')
	}
	return b
}

// ParseManifest reads a manifest: it returns the valid paths it lists and
// skips comments, blank lines and lines that are not paths inside a site.
func ParseManifest(r io.Reader) ([]string, error) {
	var out []string
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") || !fs.ValidPath(line) || line == "." {
			continue
		}
		out = append(out, line)
	}
	return out, sc.Err()
}

// readManifest reads the manifest of the site in the folder dest; ok is
// false when there is none (a site written before kith kept one). It never
// follows a symbolic link.
func readManifest(dest string) (files []string, ok bool, err error) {
	p := filepath.Join(dest, filepath.FromSlash(Manifest))
	st, err := os.Lstat(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	if !st.Mode().IsRegular() {
		return nil, false, fmt.Errorf("%s: not a plain file; kith cannot tell which files it wrote. Move it away and build again", p)
	}
	f, err := os.Open(p)
	if err != nil {
		return nil, false, err
	}
	defer f.Close()
	files, err = ParseManifest(io.LimitReader(f, maxManifest))
	if err != nil {
		return nil, false, fmt.Errorf("%s: %w", p, err)
	}
	return files, true, nil
}

// listing is the files an old manifest lists: most often the files of the
// old record, the manifest and the record (a site kith wrote whole or
// updated), which are then not listed again (rec); otherwise names.
type listing struct {
	rec   map[string]Sum
	names map[string]bool
}

// has reports whether the manifest lists name.
func (l listing) has(name string) bool {
	if l.rec != nil {
		_, ok := l.rec[name]
		return ok || name == Manifest || name == Sums
	}
	return l.names[name]
}

// len returns how many files the manifest lists.
func (l listing) len() int {
	if l.rec != nil {
		return len(l.rec) + 2
	}
	return len(l.names)
}

// each calls f with each file the manifest lists, in no order.
func (l listing) each(f func(name string)) {
	if l.rec == nil {
		for name := range l.names {
			f(name)
		}
		return
	}
	for name := range l.rec {
		f(name)
	}
	f(Manifest)
	f(Sums)
}

// readListing reads the manifest of the site in the folder dest as
// readManifest does, into a listing. When it lists the files of rec (read
// back sorted) with the manifest and the record, as a manifest kith wrote
// does, it is compared with them line by line: no path of its 26,000 is
// kept in memory twice.
func readListing(dest string, rec Record) (l listing, ok bool, err error) {
	if rec.sorted != nil {
		p := filepath.Join(dest, filepath.FromSlash(Manifest))
		if st, err := os.Lstat(p); err == nil && st.Mode().IsRegular() {
			if f, err := os.Open(p); err == nil {
				same := listsRecord(io.LimitReader(f, maxManifest), rec.sorted)
				f.Close()
				if same {
					return listing{rec: rec.Files}, true, nil
				}
			}
		}
	}
	files, ok, err := readManifest(dest)
	if err != nil || !ok {
		return listing{}, ok, err
	}
	l.names = make(map[string]bool, len(files))
	for _, f := range files {
		l.names[f] = true
	}
	return l, true, nil
}

// listsRecord reports whether the manifest r lists exactly the files
// sorted (in order), the manifest and the record, as ParseManifest reads
// it.
func listsRecord(r io.Reader, sorted []string) bool {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	i, man, sums := 0, false, false
	for sc.Scan() {
		line := sc.Bytes()
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		switch name := unsafe.String(&line[0], len(line)); { // no copy: only compared within this turn
		case !fs.ValidPath(name) || name == ".":
			return false // skipped by ParseManifest: read it that way
		case name == Manifest && !man:
			man = true
		case name == Sums && !sums:
			sums = true
		case i < len(sorted) && sorted[i] == name:
			i++
		default:
			return false
		}
	}
	return sc.Err() == nil && i == len(sorted) && man && sums
}
