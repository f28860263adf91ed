package search

import (
	"bytes"
	"encoding/binary"
	"maps"
	"math/bits"
	"os"
	"runtime"
	"slices"
	"sort"
	"sync"

	"kith/generator/batch"
	"kith/generator/journal"
	"kith/generator/output"
)

// Publish turns a file of the index as Files makes it into the file the
// site writes (an encrypted site renames the manifest and seals every
// file); manifest is set for the first.
type Publish func(f File, manifest bool) File

// Sink is the site a build writes (output.Dir): Update hands it the
// index's files as they are made, and keeps there those it holds already,
// instead of returning their bytes.
type Sink interface {
	// Write writes a file of the site.
	Write(name string, data []byte) error
	// Keep keeps the file the site holds already if its bytes are those
	// whose sum is sum, and reports whether it did; the file must be
	// written otherwise.
	Keep(name string, sum output.Sum) bool
	// Sum returns the sum of a file written or kept.
	Sum(name string) (output.Sum, bool)
}

// Update returns the files of the index of j as the site writes them
// (Files, then publish; names as in Files). With a sink it writes them
// into it instead, and returns them with their names alone. With a cache
// too, it reads the state of the index the last build left there and,
// when only some documents changed, tokenises those alone and makes
// again only the files they change, or that the sink no longer holds: the
// others are kept in the sink, where they are the bytes a whole build
// would make. It builds the whole index, and says why in whole, when
// there is no such cache (none yet, another program or site key), when
// documents were added or removed (every number after them would move),
// or when more than a quarter of them changed. Then, or when anything
// changed, it writes the cache again; an error doing so costs the next
// build its speed, not its result, and is dropped. Without a sink the
// cache is not used. The error is the sink's. made, if set, holds the
// snippets of the notes' bodies made while the journal loaded: Update
// waits for them (Bodies.Wait) and makes only the others.
func Update(j *journal.Journal, address func(string) string, names string, publish Publish, c *Cache, sink Sink, made *Bodies) (files []File, whole string, err error) {
	workers := runtime.GOMAXPROCS(0)
	made.Wait()
	defer made.drop() // 11 MB of snippets on a large journal, garbage once the chunks are written
	ix := collect(j, address, workers)
	ix.bodies = made
	if c == nil || c.Stamp == "" || sink == nil {
		ix, _ = index(ix, workers, true)
		_, out, err := ix.encodeTo(names, workers, publish, sink, false)
		return out, "", err
	}
	stamp := cacheStamp(c, names)
	keys, lines := docKeys(ix.Docs, workers)
	old, err := readCache(c.Path, stamp)
	switch {
	case err != nil:
		whole = "no search index cached for this journal, program and key"
	case !slices.Equal(old.start, starts(ix)) || len(old.keys) != len(keys):
		whole = "notes were added or removed, so the search index is numbered anew"
	}
	var changed []int32
	if whole == "" {
		for i := range keys {
			if keys[i] != old.keys[i] {
				changed = append(changed, int32(i))
			}
		}
		if len(changed) > len(keys)/4 {
			whole = "more than a quarter of the documents changed"
		}
	}
	if whole != "" {
		// The cache's data file is written as its pieces are made, by
		// the goroutines that make them (stream).
		w := newStream(c.Path)
		ix, terms := index(ix, workers, true)
		next := &cached{start: starts(ix), keys: keys, lines: lines, terms: terms, shard: ix.Keys}
		next.count = make([]int, len(terms))
		next.posts = make([][]byte, len(terms))
		next.postsAt = make([]ref, len(terms))
		// Every term's postings, a batch of terms at a time on every
		// CPU, each batch in one array sized once and put into w.
		// Batches are of terms, but a term can have any number of
		// postings (a large journal has a thousand terms and 2.4 million
		// postings), so there are eight for each goroutine.
		size := max(16, len(terms)/(8*workers))
		batch.Run(len(terms), min(workers, len(terms)/size), size, func(more func() (int, int, bool)) {
			for from, to, ok := more(); ok; from, to, ok = more() {
				n := 0
				for _, t := range terms[from:to] {
					n += postsSize(ix.Terms[t])
				}
				buf := make([]byte, 0, n)
				for i := from; i < to; i++ {
					ps := ix.Terms[terms[i]]
					next.count[i] = len(ps)
					start := len(buf)
					buf = encodePosts(buf, ps)
					next.posts[i] = buf[start:len(buf):len(buf)]
				}
				if w != nil {
					base := w.put(buf)
					for i := from; i < to; i++ {
						next.postsAt[i] = ref{file: 1, off: base}
						base += len(next.posts[i])
					}
				}
			}
		})
		// The postings go into the cache's data file (w) first, so that
		// its writer writes them while the files are encoded: put after
		// them, they were written at the end while one CPU waited.
		files, out, err := ix.encodeTo(names, workers, publish, sink, false)
		if err != nil {
			w.remove()
			return nil, whole, err
		}
		next.files = make([]cachedFile, len(out))
		for i := range out {
			next.files[i] = cachedFile{plain: plainName(files[i].Name, i, ix.Keys, names), name: out[i].Name}
			next.files[i].sum, _ = sink.Sum(out[i].Name)
		}
		_ = next.writeStream(c.Path, stamp, w)
		return out, whole, nil
	}
	next, out, ok, err := old.update(ix, changed, lines, names, publish, sink, workers)
	if err != nil {
		return nil, "", err
	}
	if !ok { // a damaged cache: build the whole index
		_ = os.Remove(c.Path)
		return Update(j, address, names, publish, c, sink, made)
	}
	if len(changed) > 0 || !slices.Equal(next.files, old.files) {
		next.keys = keys
		_ = next.write(c.Path, stamp)
	}
	return out, "", nil
}

// postsSize is how many bytes encodePosts writes for ps.
func postsSize(ps []Posting) int {
	n, prev := 0, int32(0)
	for _, p := range ps {
		n += uvarintSize(uint64(p.Doc-prev)) + 1
		prev = p.Doc
	}
	return n
}

// uvarintSize is how many bytes binary.AppendUvarint writes for x.
func uvarintSize(x uint64) int { return (bits.Len64(x|1) + 6) / 7 }

// starts returns the first document of each kind, in Kinds order.
func starts(ix *Index) []int {
	s := make([]int, len(Kinds))
	for i, k := range Kinds {
		s[i] = ix.Start[k]
	}
	return s
}

// plainName returns the name Files gives file i before names are made
// opaque: the manifest, each shard in Keys order followed by its title
// lines, then the chunks.
func plainName(name string, i int, keys []string, names string) string {
	if names == "" {
		return name
	}
	switch {
	case i == 0:
		return ManifestPath
	case i <= 2*len(keys) && i%2 == 1:
		return ShardPath(keys[(i-1)/2])
	case i <= 2*len(keys):
		return HeadPath(keys[(i-1)/2])
	default:
		return ChunkPath(i - 1 - 2*len(keys))
	}
}

// update makes the index's files after the documents changed (numbers,
// ascending) changed and nothing else did, writing them into sink: ix is
// collected (not tokenised). It returns the cache to write and the files
// (names alone); ok is false if the cache is damaged. A file that did not
// change is kept in the sink, or made again if the sink does not hold it.
//
// What a change touches, in the layout of Files: a shard holds the
// postings of its terms; its title lines (HeadPath) the title lines of
// the first documents of each kind of its terms, by their postings; a
// chunk the documents chunkStarts gives it; the manifest everything's
// numbers and the first title lines. So the files made again are the
// manifest, the chunks of changed documents, the shards of the terms
// whose postings changed or that moved to another shard (when a prefix is
// split into longer keys or joined again), and the title lines of those
// shards and of every shard holding a term of a changed document (its
// title line may have changed). The files are made on up to workers
// goroutines. TestUpdate proves the result the same as Files' byte for
// byte. lines are every document's lineKey (docKeys).
func (c *cached) update(ix *Index, changed []int32, lines []uint64, names string, publish Publish, sink Sink, workers int) (*cached, []File, bool, error) {
	next := *c
	next.terms = slices.Clone(c.terms)
	next.count = slices.Clone(c.count)
	next.posts, next.postsAt = slices.Clone(c.posts), slices.Clone(c.postsAt)
	next.data = slices.Clone(c.data)
	next.lines = slices.Clone(c.lines)
	number := make(map[string]int32, len(c.terms))
	for i, t := range c.terms {
		number[t] = int32(i)
	}
	// The changed documents' postings, old and new, by term number.
	type entry struct{ doc, field int32 }
	was, now := map[int32][]entry{}, map[int32][]entry{}
	isChanged := map[int32]bool{}
	t := &tokens{folded: map[string]*term{}}
	x := texts{made: ix.bodies}
	for _, d := range changed {
		isChanged[d] = true
		finish(&ix.Docs[d], &x, true)
		t.doc(d, &ix.Docs[d])
	}
	// The old ones are found in the terms' postings, each read up to the
	// last changed document: a term's postings are by document, and
	// within one in the order they were met, as a whole build lists them.
	// (The cache kept each document's postings for this until the eighth
	// session: a sixth of the first cache's bytes, and of the merge's
	// work, for a read of a few megabytes here.)
	if len(changed) > 0 {
		last := changed[len(changed)-1]
		mark := make([]bool, int(last)+1)
		for _, d := range changed {
			mark[d] = true
		}
		for g := range c.terms {
			b, doc := c.posts[g], int32(0)
			for len(b) > 0 {
				gap, n := binary.Uvarint(b)
				if n <= 0 || n >= len(b) || gap >= 1<<31 || int(b[n]) >= len(Fields) {
					return nil, nil, false, nil
				}
				if doc += int32(gap); doc > last {
					break
				}
				if mark[doc] {
					was[int32(g)] = append(was[int32(g)], entry{doc, int32(b[n])})
				}
				b = b[n+1:]
			}
		}
	}
	t.each(func(term, doc, field int32) {
		name := t.names[term]
		g, ok := number[name]
		if !ok {
			g = int32(len(next.terms))
			number[name] = g
			next.terms = append(next.terms, name)
			next.count = append(next.count, 0)
			next.posts = append(next.posts, nil)
			next.postsAt = append(next.postsAt, ref{})
		}
		now[g] = append(now[g], entry{doc, field})
	})
	// A term's postings change when a changed document's postings of it
	// did; the others are kept as they are, encoded.
	touched := map[int32]bool{}
	for g, e := range was {
		if !slices.Equal(e, now[g]) {
			touched[g] = true
		}
	}
	for g, e := range now {
		if !slices.Equal(e, was[g]) {
			touched[g] = true
		}
	}
	posts := map[int32][]Posting{} // decoded, the touched terms' new postings
	for g := range touched {
		ps, ok := readPosts(c.postsOf(g), c.countOf(g))
		if !ok {
			return nil, nil, false, nil
		}
		kept := ps[:0]
		for _, p := range ps {
			if !isChanged[p.Doc] {
				kept = append(kept, p)
			}
		}
		add := make([]Posting, len(now[g]))
		for i, e := range now[g] {
			add[i] = Posting{Doc: e.doc, Field: e.field}
		}
		merged := make([]Posting, 0, len(kept)+len(add))
		for len(kept) > 0 || len(add) > 0 {
			if len(add) == 0 || len(kept) > 0 && kept[0].Doc < add[0].Doc {
				merged = append(merged, kept[0])
				kept = kept[1:]
			} else {
				merged = append(merged, add[0])
				add = add[1:]
			}
		}
		posts[g] = merged
		next.count[g] = len(merged)
		next.posts[g], next.postsAt[g] = encodePosts(nil, merged), ref{}
	}
	// The shard keys, from every term's size as shardKeys works them out.
	live := make([]string, 0, len(next.terms))
	for g, name := range next.terms {
		if next.count[g] > 0 {
			live = append(live, name)
		}
	}
	sort.Strings(live)
	ix.Keys = keysBySize(live, func(name string) int {
		g := number[name]
		return len(name) + 8 + 2*next.count[g] // postingBytes
	})
	next.shard = ix.Keys
	redo := map[string]bool{}
	for g := range touched {
		redo[ix.shardOf(next.terms[g])] = true
	}
	if !slices.Equal(ix.Keys, c.shard) {
		// Some prefix was split into longer keys, or joined: the terms
		// that moved change their new shards.
		was := &Index{Keys: c.shard}
		for _, name := range live {
			if k := ix.shardOf(name); k != was.shardOf(name) {
				redo[k] = true
			}
		}
	}
	// A shard's title lines (HeadPath) change with its postings, and
	// with the title line of a document it may list: those of the
	// changed documents whose title line changed, in the shards of their
	// terms, old and new.
	redoHeads := maps.Clone(redo)
	for _, d := range changed {
		line := lines[d]
		if line == c.lines[d] {
			continue
		}
		next.lines[d] = line
		for _, e := range []map[int32][]entry{was, now} {
			for g, es := range e {
				if slices.ContainsFunc(es, func(x entry) bool { return x.doc == d }) {
					redoHeads[ix.shardOf(next.terms[g])] = true
				}
			}
		}
	}
	first := chunkStarts(starts(ix), len(ix.Docs)) // the same as the cache's: starts did not change
	redoChunk := map[int]bool{}
	for _, d := range changed {
		redoChunk[chunkOf(first, int(d))] = true
	}
	// The files no change touches are kept in the sink, or made again
	// if it does not hold them (a site built into a new folder).
	oldFiles := make(map[string]cachedFile, len(c.files))
	for _, f := range c.files {
		oldFiles[f.plain] = f
	}
	kept := map[string]cachedFile{}
	keep := func(plain string) bool {
		f, ok := oldFiles[plain]
		if ok && sink.Keep(f.name, f.sum) {
			kept[plain] = f
			return true
		}
		return false
	}
	for _, k := range ix.Keys {
		if !redo[k] && !keep(ShardPath(k)) {
			redo[k] = true
		}
		if !redoHeads[k] && !keep(HeadPath(k)) {
			redoHeads[k] = true
		}
	}
	chunks := len(first) - 1
	for ch := range chunks {
		if !redoChunk[ch] && !keep(ChunkPath(ch)) {
			redoChunk[ch] = true
		}
	}
	// Group the live terms into their shards (as Index.group), for the
	// shards and title lines made again. The postings not made above are
	// read from the cache where they are written, a shard at a time, into
	// memory each goroutine reuses: a site built into a new folder makes
	// every file again from every term's postings (2.4 million on a large
	// journal, 19 MB read at once, until the tenth session). They are
	// checked first, on every CPU, so that no file is written from a
	// damaged cache.
	groups := map[string][]string{}
	terms := map[string][]Posting{} // the touched terms'
	var read []int32
	for _, name := range live {
		k := ix.shardOf(name)
		if !redo[k] && !redoHeads[k] {
			continue
		}
		groups[k] = append(groups[k], name)
		if ps, ok := posts[number[name]]; ok {
			terms[name] = ps
		} else {
			read = append(read, number[name])
		}
	}
	damaged := make([]bool, len(read))
	batch.Run(len(read), min(workers, len(read)/64), 64, func(more func() (int, int, bool)) {
		for from, to, ok := more(); ok; from, to, ok = more() {
			for i := from; i < to; i++ {
				n, ok := countPosts(next.posts[read[i]])
				damaged[i] = !ok || n != next.count[read[i]]
			}
		}
	})
	if slices.Contains(damaged, true) {
		return nil, nil, false, nil
	}
	ix.Terms, ix.groups = terms, groups
	name := fileNamer(names)
	// Every file in Files' order; those to make are made on up to
	// workers goroutines, each into its own buffer, and written into
	// the sink there and then: a shard's postings and title lines, or a
	// chunk.
	files := make([]cachedFile, 1, 1+2*len(ix.Keys)+chunks)
	files[0] = cachedFile{plain: ManifestPath}
	type job struct {
		file  int    // the shard's or the chunk's, 0 if kept
		heads int    // the title lines', 0 if kept
		key   string // the shard's key; "" for a chunk
		chunk int
	}
	var jobs []job
	add := func(plain string) int {
		if f, ok := kept[plain]; ok {
			files = append(files, f)
			return 0
		}
		files = append(files, cachedFile{plain: plain, name: name(plain)})
		return len(files) - 1
	}
	for _, k := range ix.Keys {
		if j := (job{file: add(ShardPath(k)), heads: add(HeadPath(k)), key: k}); j.file != 0 || j.heads != 0 {
			jobs = append(jobs, j)
		}
	}
	for ch := range chunks {
		if f := add(ChunkPath(ch)); f != 0 {
			jobs = append(jobs, job{file: f, chunk: ch})
		}
	}
	var mu sync.Mutex
	var errs []error
	batch.Run(len(jobs), min(workers, len(jobs)/16), 16, func(more func() (int, int, bool)) {
		var b bytes.Buffer
		x := texts{made: ix.bodies}
		var arena []Posting             // the postings of the shard being made
		local := map[string][]Posting{} // its terms', over arena
		get := func(t string) []Posting {
			if ps, ok := ix.Terms[t]; ok {
				return ps
			}
			return local[t]
		}
		heads := ix.headFinder(get)
		var err error
		write := func(file int) {
			f := File{Name: files[file].name, Data: b.Bytes()}
			if publish != nil {
				f = publish(f, false)
			}
			if err == nil {
				err = sink.Write(f.Name, f.Data)
			}
		}
		for from, to, ok := more(); ok; from, to, ok = more() {
			for _, j := range jobs[from:to] {
				b.Reset()
				if j.key == "" { // its documents finished first (the changed ones are)
					for i := first[j.chunk]; i < first[j.chunk+1]; i++ {
						if !isChanged[int32(i)] {
							finish(&ix.Docs[i], &x, true)
						}
					}
					ix.writeChunk(&b, first[j.chunk], first[j.chunk+1], &x, false)
					write(j.file)
					continue
				}
				clear(local)
				n := 0
				for _, t := range groups[j.key] {
					if _, ok := ix.Terms[t]; !ok {
						n += next.count[number[t]]
					}
				}
				if cap(arena) < n {
					arena = make([]Posting, 0, n)
				}
				arena = arena[:0]
				for _, t := range groups[j.key] {
					if _, ok := ix.Terms[t]; !ok {
						from := len(arena)
						arena, _ = appendPosts(arena, next.posts[number[t]]) // checked above
						local[t] = arena[from:len(arena):len(arena)]
					}
				}
				if j.file != 0 {
					ix.writeShard(&b, j.key, get)
					write(j.file)
					b.Reset()
				}
				if j.heads != 0 {
					ix.writeHeads(&b, heads(groups[j.key]))
					write(j.heads)
				}
			}
		}
		mu.Lock()
		errs = append(errs, err)
		mu.Unlock()
	})
	if err := firstError(errs); err != nil {
		return nil, nil, true, err
	}
	m := File{Name: ManifestPath, Data: ix.manifest(names)}
	if publish != nil {
		m = publish(m, true)
	}
	if err := sink.Write(m.Name, m.Data); err != nil {
		return nil, nil, true, err
	}
	files[0].name = m.Name
	out := make([]File, len(files))
	for i := range files {
		if _, ok := kept[files[i].plain]; !ok {
			files[i].sum, _ = sink.Sum(files[i].name)
		}
		out[i] = File{Name: files[i].name}
	}
	next.files = files
	return &next, out, true, nil
}

// postsOf returns term g's encoded postings; a new term has none.
func (c *cached) postsOf(g int32) []byte {
	if int(g) < len(c.posts) {
		return c.posts[g]
	}
	return nil
}

// countOf returns how many postings term g had.
func (c *cached) countOf(g int32) int {
	if int(g) < len(c.count) {
		return c.count[g]
	}
	return 0
}

// keysBySize chooses the shard keys as shardKeys does, from each term's
// size in a shard file (postingBytes) instead of its postings; terms are
// sorted.
func keysBySize(terms []string, size func(string) int) []string {
	total := map[string]int{}
	for _, t := range terms {
		total[head(t, keyLen)] += size(t)
	}
	var out []string
	for _, t := range terms {
		k := head(t, keyLen)
		if total[k] > shardSplit && runes(t) > keyLen {
			k = head(t, keyLen+1)
		}
		if n := len(out); n == 0 || out[n-1] != k {
			out = append(out, k)
		}
	}
	// Terms are sorted, but a three-letter key can come after a longer
	// term of its two letters ("ab" < "abc..." and "abd" < ...): sort.
	sort.Strings(out)
	return slices.Compact(out)
}
