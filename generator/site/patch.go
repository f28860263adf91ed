package site

import (
	"sync"

	"kith/generator/content"
	"kith/generator/journal"
	"kith/generator/page"
	"kith/generator/render"
)

// Patch links a change to the notes at paths into the site in place
// (journal.Patch): the pages stay, their titles follow their entries, and
// the fragments and the search index, made from the old model, are made
// again when next asked for. set must be the set the site was linked from,
// updated; opt and the theme must be those it was linked with.
//
// For a change Patch does not take it returns a *journal.NeedsBuild; the
// site is then left as it was, or, when the patched journal would have
// other pages than the site has, patched and not to be used again; when the journal then has errors it returns
// them as content.Problems, and the site is patched but must not be shown.
// Nothing may read the site while Patch runs.
func (s *Site) Patch(set *content.Set, paths []string, opt Options) error {
	if s.enc != nil || opt.Encrypt != nil || opt.Address != nil || s.address != nil {
		return &journal.NeedsBuild{Reason: "the site has opaque addresses"}
	}
	if err := s.J.Patch(set, paths, journal.Options{Today: opt.Today, Drafts: opt.Drafts}); err != nil {
		return err
	}
	if !s.relaid() {
		return &journal.NeedsBuild{Reason: "the site's pages change"}
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

// relaid lays the patched journal out again, without making pages, and
// tells whether the site still has the same pages in the same order: a
// patch can change how many pages a paged list has (an open favour more),
// or which people a list shows (who has not been seen in a year). It
// refreshes what the pages read when rendered (the orders of /people/).
func (s *Site) relaid() bool {
	i, same := 0, true
	s.lay(func(addr, _, _ string, _ func(*render.Page)) {
		if i >= len(s.layout) || s.layout[i] != addr {
			same = false
		}
		i++
	})
	return same && i == len(s.layout)
}
