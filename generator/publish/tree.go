package publish

import (
	"crypto/sha256"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
)

// fileSum is a file's size and SHA-256.
type fileSum struct {
	size int64
	sum  [sha256.Size]byte
}

// hashTree returns every regular file under dir by slash path, leaving
// out the paths in skip (a folder there ends in "/"). A dir that does not
// exist is empty.
func hashTree(dir string, skip map[string]bool) (map[string]fileSum, error) {
	out := map[string]fileSum{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == dir && errors.Is(err, fs.ErrNotExist) {
				return fs.SkipAll
			}
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		if d.IsDir() && skip[filepath.ToSlash(rel)+"/"] {
			return fs.SkipDir
		}
		if !d.Type().IsRegular() || skip[filepath.ToSlash(rel)] {
			return nil
		}
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		h := sha256.New()
		n, err := io.Copy(h, f)
		if err != nil {
			return err
		}
		var fsum fileSum
		fsum.size = n
		h.Sum(fsum.sum[:0])
		out[filepath.ToSlash(rel)] = fsum
		return nil
	})
	return out, err
}

// compareTrees lists the files added, changed and removed going from the
// tree at old to the one at new, and the bytes of those added and changed.
// The paths in kept (files of old that kith did not write, carried into
// new) are left out.
func compareTrees(old, new string, kept []string) (Summary, error) {
	skip := map[string]bool{}
	for _, k := range kept {
		skip[k] = true
	}
	before, err := hashTree(old, skip)
	if err != nil {
		return Summary{}, err
	}
	after, err := hashTree(new, skip)
	if err != nil {
		return Summary{}, err
	}
	var s Summary
	for p, a := range after {
		b, ok := before[p]
		switch {
		case !ok:
			s.Added = append(s.Added, p)
			s.Bytes += a.size
		case a != b:
			s.Changed = append(s.Changed, p)
			s.Bytes += a.size
		}
	}
	for p := range before {
		if _, ok := after[p]; !ok {
			s.Removed = append(s.Removed, p)
		}
	}
	sort.Strings(s.Added)
	sort.Strings(s.Changed)
	sort.Strings(s.Removed)
	return s, nil
}
