package search

import (
	"bytes"
	"encoding/json"
	"sync"

	"kith/generator/batch"
)

// encode returns the index's files, made on up to workers goroutines
// (Files is encode on one): the manifest, each shard followed by its
// title lines, then the chunks. Encoding them (JSON strings of every
// snippet, every shard's postings) was most of the index's CPU and ran on
// one CPU while the other waited. Each file's bytes depend on the index
// alone, never on the goroutine that writes them, so the result is the
// same for any number of goroutines (TestEncode), and the golden index
// pins the bytes.
func (ix *Index) encode(names string, workers int) []File {
	files, _, _ := ix.encodeTo(names, workers, nil, nil, false)
	return files
}

// encodeTo is encode that also publishes each file (pub: Update's
// publish, nil keeps it) on the goroutine that made it, as soon as its
// buffer is full, and, with sink set, writes what was published into the
// sink there and then and keeps neither (files and pub then have names
// and no bytes; the first error writing is returned). With full set, the
// chunks keep the fields OnPage leaves out of the site's (Write).
func (ix *Index) encodeTo(names string, workers int, publish Publish, sink Sink, full bool) (files, pub []File, err error) {
	name := fileNamer(names)
	first := chunkStarts(starts(ix), len(ix.Docs))
	chunks := len(first) - 1
	out := make([]File, 1+2*len(ix.Keys)+chunks)
	pub = out
	if publish != nil {
		pub = make([]File, len(out))
	}
	for i, k := range ix.Keys {
		out[1+2*i].Name = name(ShardPath(k))
		out[2+2*i].Name = name(HeadPath(k))
	}
	for c := range chunks {
		out[1+2*len(ix.Keys)+c].Name = name(ChunkPath(c))
	}
	// Jobs are taken in batches, in order, from a counter: a shard with
	// its title lines, or a chunk.
	jobs := len(ix.Keys) + chunks
	// The manifest is made meanwhile, on a goroutine of its own.
	manifest := make(chan []byte, 1)
	go func() { manifest <- ix.manifest(names) }() // ends when it is made
	const size = 32
	var mu sync.Mutex
	var errs []error
	batch.Run(jobs, min(workers, jobs/size), size, func(next func() (int, int, bool)) {
		a := newArena(out)
		a.pub, a.publish, a.sink = pub, publish, sink
		heads := ix.headFinder(ix.postings)
		x := texts{made: ix.bodies}
		for from, to, ok := next(); ok; from, to, ok = next() {
			for j := from; j < to; j++ {
				if j < len(ix.Keys) {
					k := ix.Keys[j]
					ix.writeShard(a.b, k, ix.postings)
					a.done(1 + 2*j)
					ix.writeHeads(a.b, heads(ix.groups[k]))
					a.done(2 + 2*j)
					continue
				}
				c := j - len(ix.Keys)
				ix.writeChunk(a.b, first[c], first[c+1], &x, full)
				a.done(1 + 2*len(ix.Keys) + c)
			}
		}
		a.flush()
		mu.Lock()
		errs = append(errs, a.err)
		mu.Unlock()
	})
	out[0] = File{Name: ManifestPath, Data: <-manifest}
	if publish != nil {
		pub[0] = publish(out[0], true)
	}
	if sink != nil {
		if err := sink.Write(pub[0].Name, pub[0].Data); err != nil {
			errs = append(errs, err)
		}
		out[0].Data, pub[0].Data = nil, nil
	}
	return out, pub, firstError(errs)
}

// manifest returns the manifest's bytes.
func (ix *Index) manifest(names string) []byte {
	m := manifest{V: Version, Kinds: Kinds, Docs: len(ix.Docs), States: ix.States, Shards: ix.Keys, Names: names, Stop: StopWords}
	m.Page = map[string]int{}
	for k, kind := range Kinds {
		m.Chunk = append(m.Chunk, ChunkDocs(k))
		for f := range Fields {
			if OnPage(kind, f) {
				m.Page[kind] = f
			}
		}
	}
	for _, f := range Fields {
		m.Fields = append(m.Fields, [3]any{f.Name, f.Weight, f.Title})
	}
	m.Start = starts(ix)
	for _, s := range States {
		if m.States[s] == nil {
			m.States[s] = []int32{}
		}
	}
	m.Heads = ix.manifestHeads()
	data, err := json.Marshal(m)
	if err != nil {
		panic(err)
	}
	return data
}

// writeChunk writes the chunk of documents from..to-1, finished: [doc,
// ...] (writeDoc, full as it says).
func (ix *Index) writeChunk(b *bytes.Buffer, from, to int, x *texts, full bool) {
	b.WriteByte('[')
	for i := from; i < to; i++ {
		if i > from {
			b.WriteByte(',')
		}
		writeDoc(b, &ix.Docs[i], x, full)
	}
	b.WriteByte(']')
}

// fileNamer returns what names the index's files: each keeps its plain
// name with names empty, else OpaquePath(names, plain name).
func fileNamer(names string) func(string) string {
	if names == "" {
		return func(s string) string { return s }
	}
	return func(s string) string { return OpaquePath(names, s) }
}

// arena is where one goroutine of encode writes files: buffers of about
// arenaBytes, each file a slice of one (a copy of each file cost a fifth
// of the encoding), given to out once its buffer is full, so that no
// buffer moves after a file was sliced from it. With a sink, the files
// of a full buffer are written into it and the buffer is used again: the
// index's files (21 MB on a large journal) are never all in memory.
type arena struct {
	out     []File
	b       *bytes.Buffer
	pending []int // the files in b, in order
	ends    []int // where each ends in b

	// As encodeTo asks: each file published into pub, and written into
	// sink, the first error doing so kept in err.
	pub     []File
	publish Publish
	sink    Sink
	err     error
}

const arenaBytes = 1 << 20

func newArena(out []File) *arena {
	return &arena{out: out, b: bytes.NewBuffer(make([]byte, 0, arenaBytes))}
}

// done says that file i was written, after the files before it in b.
func (a *arena) done(i int) {
	a.pending = append(a.pending, i)
	a.ends = append(a.ends, a.b.Len())
	if a.b.Len() >= arenaBytes-arenaBytes/8 {
		a.flush()
		if a.sink != nil {
			a.b.Reset()
		} else {
			a.b = bytes.NewBuffer(make([]byte, 0, arenaBytes))
		}
	}
}

// flush gives the files in b their data, or writes them into the sink.
func (a *arena) flush() {
	all, start := a.b.Bytes(), 0
	for k, i := range a.pending {
		end := a.ends[k]
		a.out[i].Data = all[start:end:end]
		start = end
		if a.publish != nil {
			a.pub[i] = a.publish(a.out[i], false)
		}
		if a.sink != nil {
			if err := a.sink.Write(a.pub[i].Name, a.pub[i].Data); err != nil && a.err == nil {
				a.err = err
			}
			a.out[i].Data, a.pub[i].Data = nil, nil
		}
	}
	a.pending, a.ends = a.pending[:0], a.ends[:0]
}

// firstError returns the least error of errs, by its text (the same one
// whatever order goroutines met them in), or nil.
func firstError(errs []error) error {
	var first error
	for _, err := range errs {
		if err != nil && (first == nil || err.Error() < first.Error()) {
			first = err
		}
	}
	return first
}
