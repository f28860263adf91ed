package output

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// ErrContainsJournal is returned (wrapped) for a destination that is, or
// contains, a folder it must not replace (the journal).
var ErrContainsJournal = errors.New("the output folder would contain the journal")

// ErrNotKithSite is returned (wrapped) for a destination that holds
// something other than a kith site.
var ErrNotKithSite = errors.New("exists and is not a kith site")

// Check tells whether dest may be replaced by a site: it must not be or
// contain any of protect (the journal), and it must not exist, be empty or
// hold a kith site. Open makes the same checks; callers use Check to refuse
// a destination before doing work that has effects, such as making a key.
func Check(dest string, protect ...string) error {
	abs, err := filepath.Abs(dest)
	if err != nil {
		return err
	}
	if err := guard(abs, dest, protect); err != nil {
		return err
	}
	return checkReplaceable(abs)
}

// guard refuses a dest that is, or is an ancestor of, one of protect. Paths
// are compared after resolving symbolic links, and by file identity on every
// ancestor of the protected folder, so that neither a link nor a second
// name for the same folder (a bind mount, a case-insensitive disk) lets a
// build replace the journal.
func guard(abs, dest string, protect []string) error {
	realDest, err := realPath(abs)
	if err != nil {
		return err
	}
	destInfo, statErr := os.Stat(abs) // a dest that does not exist contains nothing
	for _, p := range protect {
		pa, err := filepath.Abs(p)
		if err != nil {
			return err
		}
		realP, err := realPath(pa)
		if err != nil {
			return err
		}
		refuse := within(pa, abs) || within(realP, realDest)
		if !refuse && statErr == nil {
			for a := realP; ; a = filepath.Dir(a) {
				if st, err := os.Stat(a); err == nil && os.SameFile(st, destInfo) {
					refuse = true
					break
				}
				if filepath.Dir(a) == a {
					break
				}
			}
		}
		if refuse {
			return fmt.Errorf("%s: %w %s; choose another folder", dest, ErrContainsJournal, p)
		}
	}
	return nil
}

// within reports whether p is dir or inside it, comparing cleaned paths.
func within(p, dir string) bool {
	return p == dir || strings.HasPrefix(p, strings.TrimSuffix(dir, string(filepath.Separator))+string(filepath.Separator))
}

// realPath resolves the symbolic links of an absolute path. Where the path
// does not exist yet, its deepest existing ancestor is resolved and the
// rest appended.
func realPath(abs string) (string, error) {
	var rest []string
	for p := abs; ; p = filepath.Dir(p) {
		r, err := filepath.EvalSymlinks(p)
		if err == nil {
			for i := len(rest) - 1; i >= 0; i-- {
				r = filepath.Join(r, rest[i])
			}
			return r, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return "", err
		}
		if filepath.Dir(p) == p {
			return abs, nil
		}
		rest = append(rest, filepath.Base(p))
	}
}
