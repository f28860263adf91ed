// Package build is kith's pipeline, one stage after another:
//
//	load    content.Load reads and parses the journal's files (fs.FS)
//	link    journal.Build makes the model; errors stop here
//	pages   site.Link lays out every page and its address (generator/page),
//	        the encrypted site's opaque names applied last (an address map)
//	render  every file rendered on a bounded pool (generator/render); on an
//	        encrypted site each page is then sealed (the sealing step)
//	write   output writes a fresh folder and swaps it in whole
//
// Run is its one entry point.
package build

import (
	"context"

	"kith/generator/content"
	"kith/generator/output"
	"kith/generator/site"
)

// Options says what to build and where.
type Options struct {
	Site site.Options // the journal, theme, day, drafts and render workers

	// Key, if set, is asked once the journal's kith.yaml is read, for the
	// site's encryption; it returns nil for a plaintext site. It is where a
	// passphrase may be asked for, after the journal is known to load.
	Key func(content.Config) (*site.Encryption, error)

	// Linked, if set, is a site already loaded and linked: Run only renders
	// and writes it.
	Linked *site.Site

	Dest   string         // the folder the new site replaces
	Output output.Options // what may never be replaced, whether to keep a spare
}

// Result tells what a build made.
type Result struct {
	Site  *site.Site
	Files int      // files written
	Bytes int64    // bytes written
	Kept  []string // files at Dest that kith did not write, kept in the new site (output.Dir.Kept)
}

// Run builds a site and swaps it in at opt.Dest. On any error nothing is
// changed at opt.Dest. When the journal has errors it returns them as
// content.Problems (use errors.As).
func Run(ctx context.Context, opt Options) (Result, error) {
	s := opt.Linked
	if s == nil {
		var err error
		if s, err = Link(ctx, opt); err != nil {
			return Result{}, err
		}
	}
	d, err := output.Open(opt.Dest, opt.Output)
	if err != nil {
		return Result{}, err
	}
	res, err := site.WriteDir(ctx, s, d, opt.Site.Workers)
	if err == nil {
		err = d.Commit()
	}
	if err != nil {
		_ = d.Abort()
		return Result{}, err
	}
	return Result{Site: res.Site, Files: res.Files, Bytes: res.Bytes, Kept: d.Kept()}, nil
}

// Link runs the first stages, load, link and pages, and returns the site
// ready to render; Warnings are in its J.Problems.
func Link(ctx context.Context, opt Options) (*site.Site, error) {
	set, err := content.Load(ctx, opt.Site.Journal)
	if err != nil {
		return nil, err
	}
	theme, err := site.Theme(opt.Site)
	if err != nil {
		return nil, err
	}
	so := opt.Site
	if opt.Key != nil {
		enc, err := opt.Key(set.Config)
		if err != nil {
			return nil, err
		}
		if enc != nil {
			so.Encrypt = enc
		}
	}
	return site.Link(set, so, theme)
}
