package site

import (
	"fmt"
	"io/fs"
	"slices"

	"kith/generator/content"
	"kith/generator/journal"
	"kith/generator/page"
	"kith/generator/render"
)

// imageTable is the images a site copies from its journal: which image
// each note's embed shows, and where each is written. It is filled once,
// while the site is laid out, and read-only after.
type imageTable struct {
	fsys   fs.FS
	shows  map[imageKey]string // what a note embeds → the file written
	paths  map[string]string   // the file written → its journal path
	sealed bool                // written sealed, for the unlock script to open

	problems content.Problems // images not found or not copied
}

func newImageTable() *imageTable {
	return &imageTable{shows: map[imageKey]string{}, paths: map[string]string{}}
}

type imageKey struct {
	note, target string
	wiki         bool
}

// addImages finds the images the site's notes embed in the journal fsys,
// warns about those it cannot find or will not copy, and adds the others to
// the site's files. seal, if not nil, names the file written for an image's
// address (the encrypted site's opaque names).
func (s *Site) addImages(fsys fs.FS, seal func(string) string) {
	if fsys == nil {
		return
	}
	s.img.problems = s.findImages(fsys, seal)
	s.J.Problems = append(s.J.Problems, s.img.problems...)
	s.J.Problems.Sort()
}

// ImageWarnings lists the warnings about the images the notes of j embed
// that the journal fsys does not have, or kith will not copy: what `kith
// check` adds to the journal's own problems, without laying out a site.
func ImageWarnings(fsys fs.FS, j *journal.Journal) content.Problems {
	s := &Site{J: j, img: newImageTable()}
	return s.findImages(fsys, nil)
}

// ImageProblems lists the warnings about the images the site's notes embed
// that it has no copy of; they are among J.Problems too.
func (s *Site) ImageProblems() content.Problems { return s.img.problems }

func (s *Site) findImages(fsys fs.FS, seal func(string) string) content.Problems {
	t := s.img
	t.fsys, t.sealed = fsys, seal != nil
	a := content.NewAttachments(fsys)
	var probs content.Problems
	var found []content.Found
	note := func(p string, b content.Body) {
		if len(b.Images) > 0 {
			f, ps := a.Resolve(p, b.Images)
			found = append(found, f...)
			probs = append(probs, ps...)
		}
	}
	for _, x := range s.J.People {
		note(x.Path, x.Body)
	}
	for _, x := range s.J.Entries {
		note(x.Path, x.Body)
	}
	for _, x := range s.J.Events {
		note(x.Path, x.Body)
	}
	if len(found) == 0 {
		return probs
	}
	// Addresses in journal path order, so that two names with one slug
	// get the same address every build.
	var paths []string
	for _, f := range found {
		paths = append(paths, f.Path)
	}
	slices.Sort(paths)
	paths = slices.Compact(paths)
	written := map[string]string{} // journal path → file written
	taken := map[string]bool{}
	for _, p := range paths {
		addr := page.Image(p, 1)
		for n := 2; taken[addr]; n++ {
			addr = page.Image(p, n)
		}
		taken[addr] = true
		name := addr
		if seal != nil {
			name = page.OpaqueFile(addr, seal)
		}
		written[p] = name
		t.paths[name] = p
		s.files = append(s.files, name)
	}
	slices.Sort(s.files)
	for _, f := range found {
		t.shows[imageKey{f.Note, f.Target, f.Wiki}] = written[f.Path]
	}
	return probs
}

// Image implements render.ImageResolver.
func (r resolver) Image(note string, im content.Image) (render.ImageSrc, bool) {
	if r.img == nil {
		return render.ImageSrc{}, false
	}
	name, ok := r.img.shows[imageKey{note, im.Target, im.Wiki}]
	if !ok {
		return render.ImageSrc{}, false
	}
	if r.img.sealed {
		return render.ImageSrc{Sealed: name}, true
	}
	return render.ImageSrc{Src: r.root + name}, true
}

// renderImage writes an image of the site, sealed on an encrypted site. It
// reports false for a file that is not one of the site's images.
func (s *Site) renderImage(dst []byte, name string) ([]byte, bool, error) {
	p, ok := s.img.paths[name]
	if !ok {
		return nil, false, nil
	}
	data, err := content.ReadAttachment(s.img.fsys, p)
	if err != nil {
		return nil, true, fmt.Errorf("%s: %w", p, err)
	}
	if s.enc != nil {
		return s.enc.Key.AppendSeal(dst, name, data), true, nil
	}
	return append(dst, data...), true, nil
}
