package build

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"kith/generator/content"
	"kith/generator/journal"
	"kith/generator/mapfile"
	"kith/generator/site"
)

// Loaded is what the load stage read: the journal's notes, and what it
// knows of the journal's files. A stage after it (rendering only what
// changed) starts from it.
type Loaded struct {
	// Set is every note, parsed; each Doc carries the SHA-256 of its
	// note's bytes (Doc.Sum), zero for a note that could not be read.
	Set *content.Set
	// Tree is every file of the journal (but .git/, kith's .NAME.kith-*
	// folders and the sites kith wrote in it), sorted by path, with the
	// SHA-256 of each regular file whose hash is known (File.Known): all
	// of them when Run worked out the digest of the inputs, else those the
	// cache of hashes vouched for (a note read since carries its hash in
	// Set instead). nil without Options.Cache or Options.Parsed.
	Tree *content.Tree
	// Changed lists the journal's files (paths, sorted) added, changed or
	// removed since the cache of hashes (Options.Cache) was written: since
	// the last build of this journal, whatever folder that build wrote
	// into, so a stage that compares with what it wrote at Dest must keep
	// its own record. It may list a file whose bytes did not change (one
	// whose hash was not worked out, a symbolic link), never leaves one
	// out. nil when not known: no cache, or an empty one.
	Changed []string
	// Stats says how many notes came from the cache of parsed notes.
	Stats content.LoadStats
}

// journalWalk is what Run's digest of the inputs found (buildInputs), kept
// for the load stage so that the journal is walked once.
type journalWalk struct {
	w     *walked
	tree  *content.Tree // w as the load stage takes it, made when needed
	gen   string        // the program's key ("" when unknown)
	cache *statCache    // the hashes as read, nil without Options.Cache
}

// parsedSlack is how many notes a cache of parsed notes may lack, or hold
// in vain, before a build writes it again: writing it costs about as much
// as parsing a few hundred notes, so a build after one edit leaves it
// alone and parses that note again next time.
const parsedSlack = 64

// Load runs the load stage alone: it reads and parses the journal
// (content.LoadWith), with the caches the options name. When Run worked
// out the digest of the inputs, the journal is not walked again.
func Load(ctx context.Context, opt Options) (Loaded, error) {
	ld, save, err := load(ctx, opt)
	if err == nil {
		save()
	}
	return ld, err
}

// load is Load that leaves the writing of the cache of parsed notes to
// the caller: save, which must not run at the same time as anything that
// changes the notes.
func load(ctx context.Context, opt Options) (ld Loaded, save func(), err error) {
	save = func() {}
	jw := opt.walked
	if jw == nil && opt.Cache == "" && opt.Parsed == "" {
		set, err := content.Load(ctx, opt.Site.Journal)
		return Loaded{Set: set}, save, err
	}
	now := time.Now
	if opt.Now != nil {
		now = opt.Now
	}
	start := now()
	fresh := jw == nil
	if fresh {
		jw = &journalWalk{}
		if opt.Cache != "" {
			jw.cache = openCache(opt.Cache)
		}
		w, err := walkTree(ctx, opt.Site.Journal, jw.cache != nil, nil)
		if err != nil {
			return Loaded{}, save, err
		}
		for _, f := range w.files {
			if jw.cache != nil && f.st.valid {
				f.sum, f.known = jw.cache.lookup(f.path, f.st)
				f.cached = f.known
			}
		}
		jw.w = w
		if opt.Parsed != "" && opt.Generator != nil {
			jw.gen = opt.Generator()
		}
	}
	parsed := openParsed(opt.Parsed, jw.gen)
	jw.tree = jw.w.contentTree()
	set, st, err := content.LoadWith(ctx, opt.Site.Journal, content.LoadOptions{Tree: jw.tree, Cache: parsed, Parsed: bodiesHook(opt.bodies)})
	if err != nil {
		return Loaded{}, save, err
	}
	// The notes' bytes the walk read were for the load only.
	for _, f := range jw.w.files {
		f.data = nil
	}
	for i := range jw.tree.Files {
		jw.tree.Files[i].Data = nil
	}
	ld = Loaded{Set: set, Tree: jw.tree, Stats: st}
	sumOf := func(f *walkedFile) ([sha256.Size]byte, bool) {
		if f.known {
			return f.sum, true
		}
		if d, ok := set.Docs[f.path]; ok && d.Sum != ([sha256.Size]byte{}) && f.typ.IsRegular() {
			return d.Sum, true
		}
		return [sha256.Size]byte{}, false
	}
	if c := jw.cache; c != nil {
		ld.Changed = changedSince(c, jw.w.files, sumOf)
		if fresh {
			// Keep what this load learnt (the hashes of the notes it
			// read) for the next build; other files not vouched for are
			// hashed when a build needs them.
			c.record(jw.w.files, sumOf)
			_ = c.save(start) // a cache not saved costs the next build a read
		}
	}
	if opt.Parsed != "" && jw.gen != "" && st.Uncached+parsed.Len()-st.Cached > min(parsedSlack, st.Notes/2) {
		save = func() { saveParsed(opt.Parsed, set, jw.gen) }
	}
	return ld, save, nil
}

// changedSince lists the files whose hash differs from the one c read (or
// is not known), and those c had that are gone; nil when c had nothing.
func changedSince(c *statCache, files []*walkedFile, sumOf func(*walkedFile) ([sha256.Size]byte, bool)) []string {
	if len(c.old) == 0 {
		return nil
	}
	out := []string{}
	i := 0 // c.old and files are both sorted by path
	for _, f := range files {
		for i < len(c.old) && c.old[i].path < f.path {
			out = append(out, c.old[i].path) // gone
			i++
		}
		had, was := [sha256.Size]byte{}, false
		if i < len(c.old) && c.old[i].path == f.path {
			had, was = c.old[i].sum, true
			i++
		}
		if sum, ok := sumOf(f); !ok || !was || sum != had {
			out = append(out, f.path)
		}
	}
	for ; i < len(c.old); i++ {
		out = append(out, c.old[i].path)
	}
	return out // a merge of two sorted lists: sorted
}

// patchLimit is how many notes may have changed since the cache of parsed
// notes was written for an update to patch the journal linked from it
// (site.Patch) rather than link the journal again from scratch: patching
// costs about a hundredth of a link for a note that names few people, so
// past a few dozen notes the saving is small and the refusals likely.
const patchLimit = 64

// ahead is the journal as the cache of parsed notes holds it, loaded and
// linked while Run walks the journal (linkAhead). In an update Link then
// catches the set up with the walk (content.Set.CatchUp) and patches the
// site with the notes that changed (site.Patch), rather than load and link
// every note once the walk is done.
type ahead struct {
	set    chan *content.Set // the cache's notes and kith.yaml; nil when there is no cache
	linked chan linkedAhead  // the set linked, once set has been sent
	cancel context.CancelFunc
	parsed *content.Cache
	done   chan struct{} // closed when the goroutine ends
	start  chan struct{} // closed by changed
	once   sync.Once

	// What linkUpdate did, for Result: patched, or why not.
	patched bool
	why     string
}

// linkedAhead is what linkAhead linked: the site (kept even when the
// journal has errors: a patch may mend them), and link, which links a set
// from scratch with the same options and theme; no site when it was
// stopped or failed.
type linkedAhead struct {
	site *site.Site
	link func(*content.Set) (*site.Site, error)
}

// linkAhead starts loading the journal from the cache of parsed notes and
// linking it, on its own goroutine, for an update of a plain site (an
// encrypted site's opaque addresses are never patched), once the journal
// is known to have changed: when changed is closed (the walk's hint) or
// a.changed is called.
func linkAhead(ctx context.Context, opt Options, so site.Options, changed <-chan struct{}) *ahead {
	ctx, cancel := context.WithCancel(ctx)
	a := &ahead{set: make(chan *content.Set, 1), linked: make(chan linkedAhead, 1), cancel: cancel, done: make(chan struct{}), start: make(chan struct{})}
	go func() { // ends when the set is linked, or ctx is done
		defer close(a.done)
		var set *content.Set
		select {
		case <-changed:
		case <-a.start:
		case <-ctx.Done():
			a.set <- nil
			a.linked <- linkedAhead{}
			return
		}
		if gen := opt.Generator(); gen != "" {
			a.parsed = openParsed(opt.Parsed, gen)
		}
		if a.parsed != nil {
			set, _ = a.parsed.Set(ctx, so.Journal)
		}
		a.set <- set
		if set == nil {
			a.linked <- linkedAhead{}
			return
		}
		theme, err := site.Theme(so)
		if err != nil || ctx.Err() != nil {
			a.linked <- linkedAhead{}
			return
		}
		s, _ := site.LinkAll(set, so, theme) // errors: the site is kept to patch, never shown as it is
		a.linked <- linkedAhead{site: s, link: func(set *content.Set) (*site.Site, error) { return site.Link(set, so, theme) }}
	}()
	return a
}

// changed tells a that the journal changed: it may link.
func (a *ahead) changed() { a.once.Do(func() { close(a.start) }) }

// stop ends a's goroutine and waits for it.
func (a *ahead) stop() {
	a.cancel()
	<-a.done
}

// linkUpdate is LinkLoaded for an update whose journal Run walked while
// linkAhead linked the cache's notes: the set is caught up with the walk
// and the site patched with the notes that changed, or, when Patch
// refuses the change or too many notes changed, the caught-up set linked
// from scratch. ok is false when neither can be done (no cache, kith.yaml
// changed, a tree that does not tell the notes): the caller loads and
// links as without a.
func linkUpdate(ctx context.Context, opt Options, a *ahead) (s *site.Site, ld Loaded, ok bool, err error) {
	defer a.stop()
	set := <-a.set
	if set == nil {
		a.why = "no cache of parsed notes"
		return nil, Loaded{}, false, nil
	}
	jw := opt.walked
	tree := jw.w.contentTree()
	// Caught up while the cache's notes link: both only read the set.
	delta, ok, err := set.CatchUp(ctx, opt.Site.Journal, tree)
	if err != nil || !ok {
		a.why = content.ConfigPath + " changed, or the walk cannot tell the notes"
		return nil, Loaded{}, false, err
	}
	linked := <-a.linked
	if linked.site == nil {
		a.why = "the theme does not parse"
		return nil, Loaded{}, false, ctx.Err()
	}
	for _, f := range jw.w.files {
		f.data = nil // read for the load only
	}
	for i := range tree.Files {
		tree.Files[i].Data = nil
	}
	jw.tree = tree
	var paths []string
	for _, p := range delta.Notes {
		if !delta.Quiet(p) {
			paths = append(paths, p)
		}
	}
	delta.Apply()
	ld = Loaded{Set: set, Tree: tree, Stats: delta.Stats}
	st := delta.Stats
	save := opt.Parsed != "" && jw.gen != "" && st.Uncached+a.parsed.Len()-st.Cached > min(parsedSlack, st.Notes/2)
	if len(paths) <= patchLimit {
		err = linked.site.Patch(set, paths, opt.Site)
		var nb *journal.NeedsBuild
		if !errors.As(err, &nb) {
			a.patched = true
			if err != nil {
				return nil, Loaded{}, true, err
			}
			if save {
				saveParsed(opt.Parsed, set, jw.gen)
			}
			return linked.site, ld, true, nil
		}
		a.why = nb.Reason
	} else {
		a.why = fmt.Sprintf("%d notes changed since the cache of parsed notes was written", len(paths))
	}
	// Linked from scratch; the cache is written meanwhile so that the
	// next update starts from this journal (a change Patch refuses, such
	// as a note added, would otherwise be refused again).
	saved := make(chan struct{})
	go func() { // ends when the cache is written, or not
		defer close(saved)
		if opt.Parsed != "" && jw.gen != "" {
			saveParsed(opt.Parsed, set, jw.gen)
		}
	}()
	defer func() { <-saved }()
	s, err = linked.link(set)
	return s, ld, true, err
}

// saveParsed writes the cache of parsed notes; not saved, it costs the
// next build more parsing.
func saveParsed(name string, set *content.Set, gen string) {
	_ = mapfile.Write(name, func(w io.Writer) error { return set.WriteCache(w, gen) })
}

// isDir reports whether name is a folder (a build into it may be an
// update).
func isDir(name string) bool {
	st, err := os.Stat(name)
	return name != "" && err == nil && st.IsDir()
}
