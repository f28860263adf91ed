package site

import (
	"context"
	"io/fs"

	"kith/generator/content"
	"kith/generator/journal"
	"kith/generator/render"
)

// Options says what to build and how.
type Options struct {
	Journal fs.FS        // the journal folder: kith.yaml, content/, templates/
	Theme   fs.FS        // the default theme; the journal's templates/ override it
	Today   content.Date // the day the site is seen from
	Drafts  bool         // include notes marked draft: true
	Workers int          // render workers; 0 means one per CPU

	// Address, if set, maps each site address to the one written, such as
	// an opaque name on an encrypted site.
	Address func(string) string

	// Encrypt, if set, makes the site encrypted (see Encryption); its
	// opaque addresses then take the place of Address.
	Encrypt *Encryption
}

// Load reads and links a journal and parses its theme. When the journal has
// errors it returns them as content.Problems (use errors.As) and no site.
// Warnings are in the site's J.Problems.
func Load(ctx context.Context, opt Options) (*Site, *content.Set, error) {
	set, err := content.Load(ctx, opt.Journal)
	if err != nil {
		return nil, nil, err
	}
	theme, err := Theme(opt)
	if err != nil {
		return nil, nil, err
	}
	s, err := Link(set, opt, theme)
	return s, set, err
}

// Link builds the model of already parsed files and lays out their site.
// When the journal has errors it returns them as content.Problems and no
// site. The preview server keeps the set and the theme, updates the set file
// by file and links again.
func Link(set *content.Set, opt Options, theme *render.Theme) (*Site, error) {
	s, err := LinkAll(set, opt, theme)
	if err != nil {
		return nil, err
	}
	return s, nil
}

// LinkAll is Link that lays the site out even when the journal has errors
// (returned as content.Problems too): the preview keeps such a site to
// patch (Patch), and never shows it.
func LinkAll(set *content.Set, opt Options, theme *render.Theme) (*Site, error) {
	// The site is laid out while the journal's give-first lists are
	// derived on a second goroutine: no page's address or title depends
	// on them.
	address := opt.Address
	var n *namer
	if opt.Encrypt != nil {
		n = &namer{enc: opt.Encrypt, names: map[string]string{}}
		address = n.address
	}
	var s *Site
	j := journal.BuildWhile(set, journal.Options{Today: opt.Today, Drafts: opt.Drafts}, func(j *journal.Journal) {
		s = New(j, theme, address)
	})
	var err error
	if errs := j.Problems.Errors(); len(errs) > 0 {
		err = errs
	}
	s.docs, s.opt = set.Docs, opt
	if n != nil {
		s.addImages(opt.Journal, opt.Encrypt.Key.OpaqueName)
		n.frozen = true
		s.encrypt(opt.Encrypt)
		return s, err
	}
	s.addImages(opt.Journal, nil)
	return s, err
}

// Theme parses the default theme overlaid with the journal's templates/.
func Theme(opt Options) (*render.Theme, error) {
	var top fs.FS
	if st, err := fs.Stat(opt.Journal, "templates"); err == nil && st.IsDir() {
		if sub, err := fs.Sub(opt.Journal, "templates"); err == nil {
			top = sub
		}
	}
	return render.ParseTheme(render.Overlay(top, opt.Theme))
}
