// Package build is kith's pipeline, one stage after another:
//
//	load    reads and parses the journal's notes (fs.FS): from one walk of
//	        the journal, the unchanged notes from the cache of parsed
//	        notes (Options.Parsed), the others parsed (Load; content.LoadWith)
//	link    journal.Build makes the model; errors stop here
//	pages   site.Link lays out every page and its address (generator/page),
//	        the encrypted site's opaque names applied last (an address map)
//	render  every file rendered on a bounded pool (generator/render); on an
//	        encrypted site each page is then sealed (the sealing step). An
//	        update does not render a page whose fingerprint
//	        (site.Fingerprints) is the one the last update recorded
//	        (pages.go) and whose bytes the destination holds
//	        (output.Dir.Keep)
//	write   output writes a fresh folder and swaps it in whole, or (an
//	        update) writes beside the site only the files whose bytes
//	        differ from its record (output.Sums) and moves each into place
//
// A build whose inputs (Inputs: the journal's files, the theme, the
// program, the day and the options) are those recorded in the site at the
// destination stops before load: the site is up to date.
//
// What runs beside what, on two CPUs: the journal is walked while the
// destination's record is read; in an update of a plain site, once the
// walk finds a file changed, the journal as the cache of parsed notes
// holds it is loaded and linked while the walk goes on, then patched with
// the notes that changed (linkAhead, linkUpdate); the
// search index is made (from its cache, Options.Search), the pages that
// never have a fingerprint rendered and the last record read while the
// fingerprints are worked out; the pages with one are kept or rendered
// while the index's files are handed to the output; the record of pages
// is written while the site is committed. Each of those only reads what
// the others read.
//
// Run is its one entry point.
package build

import (
	"context"
	"fmt"
	"sync"
	"time"

	"kith/generator/content"
	"kith/generator/output"
	"kith/generator/search"
	"kith/generator/site"
)

// Options says what to build and where.
type Options struct {
	Site site.Options // the journal, theme, day, drafts and render workers

	// Key, if set, is asked once the journal's kith.yaml is read (before
	// its notes are loaded: a build of an unchanged encrypted journal needs
	// the key's identity and nothing more), for the site's encryption; it
	// returns nil for a plaintext site. It is where a passphrase may be
	// asked for.
	Key func(content.Config) (*site.Encryption, error)

	// Linked, if set, is a site already loaded and linked: Run only renders
	// and writes it.
	Linked *site.Site

	// Generator names the program that builds (its code: the command
	// gives the Go build ID of the executable, a hash of its contents, or
	// else the SHA-256 of it); it is called only when Dest holds a site to
	// update.
	// With it, and Output.Incremental, Run records a digest of the build's
	// inputs (Inputs) in the site it updates, and skips a build whose
	// inputs are those of the site at Dest: nothing is loaded, rendered or
	// written. nil, or "", never skips. A build into a new folder works the
	// digest out too (the load stage takes its notes from that walk of the
	// journal) and records it, so the build after it, of an unchanged
	// journal, is up to date.
	Generator func() string
	// Cache, if set, is a file, outside the journal and the site (the
	// command uses the user's cache folder), where the hashes of the
	// journal's files are kept between builds, so that telling the inputs
	// reads only the files that changed. It holds the journal's file names:
	// it is made private (0600 in a 0700 folder), and deleting it costs one
	// slower build.
	Cache string
	// Parsed, if set, is a file beside Cache where the journal's notes are
	// kept parsed between builds (content.Cache), under the program's key
	// (Generator), so that a build parses only the notes whose bytes
	// changed, and so that an update of a plain site links, while the
	// journal is walked, the journal it holds, then patches that with the
	// notes that changed (linkAhead). It holds the text of every note but the private ones (and
	// no text a note hides): it is made private like Cache, and deleting
	// it costs one slower build.
	Parsed string
	// Search, if set, is a file beside Cache where the search index is kept
	// between builds (search.Cache), under the program's key (Generator),
	// so that a build after a few notes changed indexes only their
	// documents. It holds the words of the journal's notes (never text a
	// note hides): it is made private like Cache.
	Search string
	// Now is the clock (the cache's notion of recent); nil means time.Now.
	Now func() time.Time

	// walked is the journal as Run's digest of the inputs found it, for
	// the load stage (set by buildInputs).
	walked *journalWalk
	// rendered, if set, is told the name of every file the render stage
	// renders (tests: which files an update did not render).
	rendered func(name string)
	// ahead is the cache's notes linked while the journal was walked, for
	// an update to patch (set by Run; linkUpdate).
	ahead *ahead
	// bodies makes the snippets of the notes' bodies for the search index
	// while they load, in a build that writes every file (set by Run).
	bodies *search.Bodies

	Dest   string         // the folder the new site replaces
	Output output.Options // what may never be replaced, spare, incremental

	// Prepared, if set, is called once every file is written and the
	// changes are known (output.Dir.Prepare), before anything changes at
	// Dest; an error aborts the build.
	Prepared func(d *output.Dir, kept []string) error
	// DryRun writes nothing at Dest: the build stops after Prepared.
	DryRun bool
}

// Result tells what a build made.
type Result struct {
	Site  *site.Site // nil when Unchanged
	Files int        // files of the site (the manifest and the record left out)
	Bytes int64      // bytes of those files
	Kept  []string   // files at Dest that kith did not write, kept in the new site (output.Dir.Kept)

	// Unchanged is set when Dest held the site this build makes, so that
	// nothing was loaded or written.
	Unchanged bool
	// Updated is set when Dest was updated in place (output.Options.Incremental);
	// Changes then says what changed.
	Updated bool
	Changes output.Changes
	// Whole says why the whole site was written although an update was
	// asked for; "" when it was not, or when there was no site at Dest.
	Whole string
	// Unrendered counts the pages of an update that were not rendered:
	// their fingerprint (site.Fingerprints) was the one recorded and Dest
	// held their bytes.
	Unrendered int
	// Patched is set when an update linked no note from scratch: the
	// journal as the cache of parsed notes held it, linked while the
	// journal was walked, was patched with the notes that changed
	// (site.Patch). Relinked says why an update of a plain site linked
	// the journal from scratch instead; "" when it did not.
	Patched  bool
	Relinked string
	// RenderedAll says why an update rendered every page although it
	// could have rendered only those a change affects (a change of
	// kith.yaml, of the journal's shape, ...); "" when it did not.
	RenderedAll string
}

// Run builds a site and puts it at opt.Dest: whole, or (with
// opt.Output.Incremental) only the files that differ. When the build fails
// nothing is changed at opt.Dest. When the journal has errors it returns
// them as content.Problems (use errors.As).
func Run(ctx context.Context, opt Options) (Result, error) {
	if opt.Generator != nil {
		opt.Generator = sync.OnceValue(opt.Generator) // the inputs and the fingerprints both ask
	}
	so := opt.Site
	s := opt.Linked
	oo := opt.Output
	if s == nil && opt.Key != nil {
		var set content.Set
		if set.ReloadConfig(so.Journal) == nil {
			enc, err := opt.Key(set.Config)
			if err != nil {
				return Result{}, err
			}
			if enc != nil {
				so.Encrypt = enc
			}
			opt.Key = nil
		} else {
			// kith.yaml does not read: Link reports why.
			var err error
			if s, err = Link(ctx, Options{Site: so, Key: opt.Key}); err != nil {
				return Result{}, err
			}
		}
	}
	if s != nil {
		oo.Site = s.ID()
	} else {
		oo.Site = so.Encrypt.ID()
	}
	type told struct {
		in     string
		walked *journalWalk
		err    error
	}
	var inputs chan told
	var ah *ahead
	if s == nil && opt.Generator != nil && so.Address == nil {
		var hint *walkHint
		if opt.Parsed != "" && opt.Cache != "" && so.Encrypt == nil && oo.Incremental && isDir(opt.Dest) {
			// Likely an update: once the walk finds a file changed, the
			// journal as the cache of parsed notes has it is loaded and
			// linked while the walk goes on, to be patched with the
			// notes the walk finds changed.
			hint = newWalkHint()
			ah = linkAhead(ctx, opt, so, hint.changed)
		}
		// The journal is walked and hashed while the site at Dest is
		// opened: an update compares the digest, and the load stage of
		// any build takes its notes from the walk.
		inputs = make(chan told, 1)
		o := opt
		go func() { // ends when the journal is walked
			in, err := buildInputs(ctx, &o, so, hint)
			inputs <- told{in, o.walked, err}
		}()
	}
	d, err := output.Open(opt.Dest, oo)
	if err == nil && ah != nil && !d.Updating() {
		ah.stop() // not an update after all
		ah = nil
	}
	if err != nil {
		if inputs != nil {
			<-inputs
		}
		if ah != nil {
			ah.stop()
		}
		return Result{}, err
	}
	if inputs != nil {
		w := <-inputs
		if w.err != nil {
			if ah != nil {
				ah.stop()
			}
			_ = d.Abort()
			return Result{}, w.err
		}
		opt.walked = w.walked
		// Recorded in any site it writes, so that the next build of an
		// unchanged journal into that folder is told up to date.
		d.SetInputs(w.in)
		if d.Updating() {
			if d.SameInputs() {
				if ah != nil {
					ah.stop() // nothing to link
					ah = nil
				}
				if d.UpToDate(d.Intact() && !opt.DryRun) {
					return Result{Unchanged: true}, d.Abort()
				}
			} else {
				if ah != nil {
					ah.changed() // even if the walk did not tell early
				}
				// Not up to date whatever the site holds: the update
				// takes the site's record's word for the files it keeps
				// (output.Dir.Intact does not look at them; Keep trusts
				// it) and looks at those it replaces or removes.
				d.Intact()
			}
		}
	}
	opt.ahead = ah
	if s == nil && !d.Updating() {
		// Every file is written, the search index's chunks too: the
		// snippets of the bodies of the notes parsed are made while the
		// journal loads, on CPU the load leaves idle while it reads
		// files. (An update writes only the chunks of the notes that
		// changed.)
		opt.bodies = search.NewBodies()
		defer opt.bodies.Wait() // ends its goroutine if the build stops before the index
	}
	res, err := run(ctx, opt, so, s, d)
	if err != nil {
		_ = d.Abort()
		return Result{}, err
	}
	if ah != nil {
		res.Patched, res.Relinked = ah.patched, ah.why
	}
	return res, nil
}

// buildInputs works out the digest of a build's inputs (Inputs), with the
// cache of the journal's files' hashes when there is one, and keeps the
// walk of the journal in opt for the load stage (Load).
//
// hint, if set, is told of the files the walk finds.
func buildInputs(ctx context.Context, opt *Options, so site.Options, hint *walkHint) (string, error) {
	var keyFile []byte
	if so.Encrypt != nil {
		keyFile = so.Encrypt.KeyFile
	}
	now := time.Now
	if opt.Now != nil {
		now = opt.Now
	}
	start := now()
	// The journal is walked while the cache is read and the program hashed.
	type opened struct {
		cache *statCache
		gen   string
	}
	ready := make(chan opened, 1)
	go func() { // ends when both are done
		var o opened
		if opt.Cache != "" {
			o.cache = openCache(opt.Cache)
		}
		hint.read(o.cache)
		o.gen = opt.Generator()
		ready <- o
	}()
	w, err := walkTree(ctx, so.Journal, opt.Cache != "", hint)
	o := <-ready
	cache, gen := o.cache, o.gen
	if err != nil || gen == "" {
		return "", err
	}
	in, tree, err := inputsTree(ctx, so.Journal, so.Theme, cache, []string{gen, so.Encrypt.ID(), string(keyFile),
		so.Today.String(), fmt.Sprint(so.Drafts)}, w)
	if err != nil {
		return "", err
	}
	if tree != nil {
		opt.walked = &journalWalk{w: tree, gen: gen, cache: cache}
	}
	if cache != nil && in != "" {
		_ = cache.save(start) // a cache not saved costs the next build a read
	}
	return in, nil
}

// run loads and links the site unless it is given, renders it into d and
// commits d.
func run(ctx context.Context, opt Options, so site.Options, s *site.Site, d *output.Dir) (Result, error) {
	if s == nil {
		var err error
		if s, err = Link(ctx, opt.forLink(so)); err != nil {
			return Result{}, err
		}
		// The search index's files go straight into d as they are made
		// (with the cache, those d holds already are kept there): made
		// first and written with the pages, they were 21 MB in memory,
		// and 21 MB more in the cache, on a large journal. A site given
		// (Options.Linked) may be written again, and keeps them.
		s.SetSearchSink(d)
		s.SetSearchBodies(opt.bodies)
	}
	if opt.Search != "" && opt.Generator != nil {
		if gen := opt.Generator(); gen != "" {
			s.SetSearchCache(&search.Cache{Path: siteFile(opt.Search, s), Stamp: gen})
		}
	}
	st, err := renderStage(ctx, opt, s, d)
	if err != nil {
		return Result{}, err
	}
	kept, err := d.Prepare()
	if err != nil {
		return Result{}, err
	}
	if opt.Prepared != nil {
		if err := opt.Prepared(d, kept); err != nil {
			return Result{}, err
		}
	}
	res := Result{Site: s, Files: st.files, Bytes: st.size, Kept: d.Kept(), Updated: d.Updating(), Changes: d.Changes(), Whole: d.Why(),
		Unrendered: st.unrendered, RenderedAll: st.why}
	if opt.DryRun {
		return res, d.Abort()
	}
	saved := make(chan struct{})
	go func() { // ends when the record is written, or not
		defer close(saved)
		if st.prints.Pages == nil {
			return
		}
		// Written while the site is committed: a record whose sums the
		// site does not hold (the commit failed) only makes the next
		// update render those pages (output.Dir.Keep).
		page := func(name string) (pageSum, bool) {
			p, ok := st.prints.Pages[name]
			if !ok {
				return pageSum{}, false
			}
			sum, ok := d.Sum(name)
			return pageSum{print: p, sum: sum}, ok
		}
		_ = savePages(siteFile(pagesFile(opt.Cache), s), st.prints.Global, s.OwnFiles(), page) // a record not saved costs the next update a render of every page
	}()
	err = d.Commit()
	<-saved
	if err != nil {
		return Result{}, err
	}
	return res, nil
}

// stage is what the render stage did.
type stage struct {
	files, unrendered int
	size              int64
	prints            site.Prints // the fingerprints of the pages, in an update
	why               string      // why an update rendered every page; ""
}

// renderStage renders the site's files into d. In an update, a page whose
// fingerprint is the one recorded (pages.go), and whose bytes the
// destination holds, is not rendered.
func renderStage(ctx context.Context, opt Options, s *site.Site, d *output.Dir) (stage, error) {
	var st stage
	record := siteFile(pagesFile(opt.Cache), s)
	if !d.Updating() || record == "" || opt.Generator == nil {
		var err error
		files, err := siteFiles(s)
		if err != nil {
			return st, err
		}
		st.files, st.size, _, err = render(ctx, s, d, opt.Site.Workers, renderOrder(files, s), nil, opt.rendered)
		return st, err
	}
	// An update. The pages that never have a fingerprint are rendered, the
	// search index made (when the site's files are first listed) and its
	// files written, and the record read while the fingerprints are worked
	// out: all of them only read the model.
	printable := s.Printable()
	var first []string
	for _, f := range s.OwnFiles() {
		if !printable(f) {
			first = append(first, f)
		}
	}
	type done struct {
		files int
		size  int64
		err   error
	}
	rendered := make(chan done, 1)
	go func() { // ends when the pages are rendered
		n, size, _, err := render(ctx, s, d, opt.Site.Workers, renderOrder(first, s), nil, opt.rendered)
		rendered <- done{n, size, err}
	}()
	// The search index's files are never fingerprinted: each is handed to
	// d (which writes it only if its bytes changed) as soon as the index
	// is made, beside the fingerprints rather than after them.
	listed := make(chan done, 1)
	go func() { // ends when the index is made and its files handed to d
		files, err := siteFiles(s)
		if err != nil {
			listed <- done{err: err}
			return
		}
		n, size, _, err := render(ctx, s, d, opt.Site.Workers, notIn(files, s.OwnFiles()), nil, opt.rendered)
		listed <- done{n, size, err}
	}()
	read := make(chan pageRecord, 1)
	go func() { read <- readPages(record) }() // ends when the record is read
	st.prints = s.Fingerprints(opt.Generator())
	prev := <-read
	var keep func(string) (int64, bool)
	if st.why = changedPart(prev, st.prints.Global); st.why == "" {
		keep = func(name string) (int64, bool) {
			now, ok := st.prints.Pages[name]
			if !ok {
				return 0, false
			}
			was, ok := prev.pages[name]
			if !ok || was.print != now || !d.Keep(name, was.sum) {
				return 0, false
			}
			return was.sum.Size, true
		}
	}
	if st.prints.Pages == nil {
		st.why = ""
	}
	rest := notIn(s.OwnFiles(), first)
	if keep == nil {
		// Every page is rendered: the list pages first (renderOrder). When
		// most are kept the order does not matter.
		rest = renderOrder(rest, s)
	}
	// Rendered while the search index's files are handed to d, if they
	// are not yet: both only read the model.
	n, size, unrendered, err := render(ctx, s, d, opt.Site.Workers, rest, keep, opt.rendered)
	idx := <-listed
	a := <-rendered
	if a.err != nil {
		return st, a.err
	}
	if idx.err != nil {
		return st, idx.err
	}
	st.files, st.size, st.unrendered = a.files+idx.files+n, a.size+idx.size+size, unrendered
	return st, err
}

// Link runs the first stages, load, link and pages, and returns the site
// ready to render; Warnings are in its J.Problems.
func Link(ctx context.Context, opt Options) (*site.Site, error) {
	s, _, err := LinkLoaded(ctx, opt)
	return s, err
}

// LinkLoaded is Link that also returns what the load stage read (Loaded):
// the notes with their hashes, and what changed since the last build.
func LinkLoaded(ctx context.Context, opt Options) (*site.Site, Loaded, error) {
	if opt.ahead != nil {
		if opt.walked != nil {
			s, ld, ok, err := linkUpdate(ctx, opt, opt.ahead)
			if ok || err != nil {
				return s, ld, err
			}
		}
		opt.ahead.stop()
		opt.ahead = nil
	}
	ld, save, err := load(ctx, opt)
	if err != nil {
		return nil, Loaded{}, err
	}
	// The cache of parsed notes is written while the journal is linked,
	// which only reads the notes.
	saved := make(chan struct{})
	go func() { // ends when the cache is written, or not
		defer close(saved)
		save()
	}()
	defer func() { <-saved }()
	theme, err := site.Theme(opt.Site)
	if err != nil {
		return nil, Loaded{}, err
	}
	so := opt.Site
	if opt.Key != nil {
		enc, err := opt.Key(ld.Set.Config)
		if err != nil {
			return nil, Loaded{}, err
		}
		if enc != nil {
			so.Encrypt = enc
		}
	}
	s, err := site.Link(ld.Set, so, theme)
	return s, ld, err
}

// forLink is opt for Link once Run has the site's options (the key asked
// for): the caches, and the walk of the journal buildInputs made.
func (opt Options) forLink(so site.Options) Options {
	return Options{Site: so, Generator: opt.Generator, Cache: opt.Cache, Parsed: opt.Parsed, Now: opt.Now, walked: opt.walked, ahead: opt.ahead, bodies: opt.bodies}
}

// bodiesHook returns the load stage's hook (content.LoadOptions.Parsed)
// that hands each note parsed to b (Bodies.AddNote, which keeps the
// bodies whose snippets the index writes), or nil if b is nil. The
// notes taken from the cache of parsed notes are not handed over: that
// load is quick and keeps both CPUs busy, and a goroutine making their
// snippets beside it only slowed it (docs/performance.md, twelfth
// session).
func bodiesHook(b *search.Bodies) func(content.Doc) {
	if b == nil {
		return nil
	}
	return b.AddNote
}
