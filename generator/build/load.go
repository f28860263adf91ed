package build

import (
	"context"
	"crypto/sha256"
	"io"
	"time"

	"kith/generator/content"
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
		w, err := walkTree(ctx, opt.Site.Journal, jw.cache != nil)
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
	set, st, err := content.LoadWith(ctx, opt.Site.Journal, content.LoadOptions{Tree: jw.tree, Cache: parsed})
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
		save = func() {
			// Not saved, the cache costs the next build more parsing.
			_ = writePrivate(opt.Parsed, func(w io.Writer) error { return set.WriteCache(w, jw.gen) })
		}
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
