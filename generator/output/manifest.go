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
