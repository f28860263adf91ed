package site

import (
	"sync"

	"kith/generator/content"
	"kith/generator/journal"
	"kith/generator/page"
)

// Patch links a change to the notes at paths into the site in place
// (journal.Patch): the pages stay, their titles follow their entries, and
// the fragments and the search index, made from the old model, are made
// again when next asked for. set must be the set the site was linked from,
// updated; opt and the theme must be those it was linked with.
//
// For a change Patch does not take it returns a *journal.NeedsBuild and
// leaves the site as it was; when the journal then has errors it returns
// them as content.Problems, and the site is patched but must not be shown.
// Nothing may read the site while Patch runs.
func (s *Site) Patch(set *content.Set, paths []string, opt Options) error {
	if s.enc != nil || opt.Encrypt != nil || opt.Address != nil || s.address != nil {
		return &journal.NeedsBuild{Reason: "the site has opaque addresses"}
	}
	if err := s.J.Patch(set, paths, journal.Options{Today: opt.Today, Drafts: opt.Drafts}); err != nil {
		return err
	}
	s.frags.Reset()
	for _, path := range paths {
		if x := set.Docs[path].Entry; x != nil {
			if e := s.J.Entry(x.Slug); e != nil {
				if p := s.pages[page.FileName(page.Entry(e))]; p != nil {
					p.Title = e.Title
				}
			}
		}
	}
	s.searchOnce, s.search, s.allFiles = sync.Once{}, nil, nil
	s.J.Problems = append(s.J.Problems, s.img.problems...)
	s.J.Problems.Sort()
	if errs := s.J.Problems.Errors(); len(errs) > 0 {
		return errs
	}
	return nil
}
