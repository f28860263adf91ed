package output

import (
	"errors"
	"fmt"
	"path"
	"sort"
	"strings"
)

// Entry is one name in a folder of a site being replaced.
type Entry struct {
	Name string
	Dir  bool // a folder (a symbolic link to one is not)
}

// Plan is what replacing an old site with a new one does to the files of
// the old one.
type Plan struct {
	// Keep lists what kith did not write, to be carried into the new site
	// untouched: slash paths, sorted; a folder kept whole ends in "/".
	Keep []string
	// Own lists the files and folders (ending in "/") of the old site that
	// kith wrote, found while looking for the others. Only these may be
	// deleted or replaced.
	Own []string
}

// PlanKeep works out which files of an old site kith did not write.
// list returns the entries of a folder of the old site ("." for its top);
// manifest lists the files kith wrote there (see Manifest), and hasManifest
// is false for a site written before kith kept one; site lists the files
// of the new site. A folder that holds nothing kith wrote and that the new
// site does not have is kept whole, without looking inside: a .git folder
// of any size is one rename. A file kith did not write where the new site
// has one (or a folder where it has a file, and the other way round) is an
// error: kith never replaces it, and the user is told to move it.
func PlanKeep(list func(dir string) ([]Entry, error), manifest []string, hasManifest bool, site []string) (Plan, error) {
	newFiles, newDirs := fileSet(site)
	oldFiles, oldDirs := fileSet(manifest)
	own := func(p string) bool { return oldFiles[p] || p == Manifest }
	ownDir := func(p string) bool { return oldDirs[p] }
	if !hasManifest {
		own = func(p string) bool { return newFiles[p] || legacyOwn(p) }
		ownDir = func(p string) bool { return !hasDotElem(p) }
	}
	// underFile: a folder above p is a file of the new site.
	underFile := func(p string) bool {
		for d := path.Dir(p); d != "."; d = path.Dir(d) {
			if newFiles[d] {
				return true
			}
		}
		return false
	}
	var plan Plan
	var errs []string
	var visit func(dir string) error
	visit = func(dir string) error {
		entries, err := list(dir)
		if err != nil {
			return err
		}
		sort.Slice(entries, func(a, b int) bool { return entries[a].Name < entries[b].Name })
		for _, e := range entries {
			p := path.Join(dir, e.Name)
			switch {
			case e.Dir && (ownDir(p) || newDirs[p]):
				plan.Own = append(plan.Own, p+"/")
				if err := visit(p); err != nil {
					return err
				}
			case e.Dir && (newFiles[p] || underFile(p)):
				errs = append(errs, fmt.Sprintf("%s/: kith did not write this folder, and the new site has a file there", p))
			case e.Dir:
				plan.Keep = append(plan.Keep, p+"/")
			case own(p):
				plan.Own = append(plan.Own, p)
			case newFiles[p] || newDirs[p] || underFile(p):
				errs = append(errs, fmt.Sprintf("%s: kith did not write this file, and the new site has one there", p))
			default:
				plan.Keep = append(plan.Keep, p)
			}
		}
		return nil
	}
	if err := visit("."); err != nil {
		return Plan{}, err
	}
	sort.Strings(plan.Keep)
	sort.Strings(plan.Own)
	if len(errs) > 0 {
		sort.Strings(errs)
		return Plan{}, &ConflictError{Paths: errs}
	}
	return plan, nil
}

// ErrConflict is wrapped by a ConflictError.
var ErrConflict = errors.New("files kith did not write are in the way of the new site")

// ConflictError lists files of a destination that kith did not write and
// that the new site would replace. Nothing is changed.
type ConflictError struct {
	Dest  string   // the destination, as given; set by the caller that knows it
	Paths []string // one line each: "path: what is in the way"
}

func (e *ConflictError) Error() string {
	var b strings.Builder
	for i, p := range e.Paths {
		if i > 0 {
			b.WriteString("\n")
		}
		if e.Dest != "" {
			b.WriteString(strings.TrimSuffix(e.Dest, "/") + "/")
		}
		b.WriteString(p)
		b.WriteString("; move it out of the folder and run again (kith never replaces what it did not write)")
	}
	return b.String()
}

func (e *ConflictError) Unwrap() error { return ErrConflict }

// fileSet returns the set of files and the set of folders holding them.
func fileSet(files []string) (set, dirs map[string]bool) {
	set, dirs = make(map[string]bool, len(files)), map[string]bool{}
	for _, f := range files {
		set[f] = true
		for d := path.Dir(f); d != "." && !dirs[d]; d = path.Dir(d) {
			dirs[d] = true
		}
	}
	return set, dirs
}

// legacyOwn tells the files that kith wrote in a site made before it kept
// a manifest: pages (index.html in any folder, .html at the top), robots.txt,
// a calendar feed at the top and everything under _kith/; never a name
// starting with a dot. Anything else is kept.
func legacyOwn(p string) bool {
	if hasDotElem(p) {
		return false
	}
	if strings.HasPrefix(p, Marker+"/") || path.Base(p) == "index.html" {
		return true
	}
	return !strings.Contains(p, "/") && (strings.HasSuffix(p, ".html") || strings.HasSuffix(p, ".ics") || p == "robots.txt")
}

// hasDotElem reports whether an element of the slash path p starts with a
// dot: kith never writes such a name.
func hasDotElem(p string) bool {
	for e := range strings.SplitSeq(p, "/") {
		if strings.HasPrefix(e, ".") {
			return true
		}
	}
	return false
}
