package search

import (
	"crypto/sha256"
	"sync"
	"unsafe"
)

// Bodies makes the snippets of notes' bodies, and finds their terms,
// while the journal loads, on a goroutine of its own (two slowed the
// load), so that the index, made once the journal is linked, finds them
// made. The load stage leaves about a third of two CPUs idle (its
// goroutines wait on the files); the snippets, a fifth of the index's
// work in a build that writes every file, and reading the bodies' words,
// half of tokenising, are done in that time instead of after it
// (docs/performance.md, twelfth and fourteenth sessions).
//
// A snippet and a body's terms are functions of the body alone, and a
// body of its note's file (content.Body.Sum), so they are looked up by
// that sum: a body still queued when the index starts (Wait) is read by
// the index as before. The index's files, and the cache's terms in their
// order, are the same with or without Bodies (TestBodiesSame).
type Bodies struct {
	mu     sync.Mutex
	more   *sync.Cond                   // signalled when a body is queued, or Wait is called
	queue  []bodyJob                    // bodies added and not yet taken
	closed bool                         // Wait was called: nothing more is taken
	made   map[[sha256.Size]byte]string // by note; read only once the goroutine ended
	done   chan struct{}                // closed when the goroutine ends
	// words holds each body's terms, by note (bodyWords.add), and names
	// each term's folded text, by number; read only once the goroutine
	// ended.
	words map[[sha256.Size]byte][]int32
	names []string
}

type bodyJob struct {
	sum [sha256.Size]byte
	md  []byte
}

// bodyBatch is how many queued bodies the goroutine takes at a time: few
// enough that Wait, which takes no more, waits for little.
const bodyBatch = 64

// NewBodies starts the goroutine making the snippets of the bodies
// added. It ends when Wait is called.
func NewBodies() *Bodies {
	b := &Bodies{made: map[[sha256.Size]byte]string{}, words: map[[sha256.Size]byte][]int32{}, done: make(chan struct{})}
	b.more = sync.NewCond(&b.mu)
	go func() { // ends when Wait is called
		defer close(b.done)
		var x texts
		var jobs []bodyJob
		w := bodyWords{t: tokens{folded: map[string]*term{}}}
		defer func() { b.names = w.t.names }()
		for {
			b.mu.Lock()
			for len(b.queue) == 0 && !b.closed {
				b.more.Wait()
			}
			if b.closed {
				b.mu.Unlock()
				return
			}
			n := min(len(b.queue), bodyBatch)
			jobs = append(jobs[:0], b.queue[:n]...)
			b.queue = b.queue[n:]
			b.mu.Unlock()
			for _, j := range jobs {
				if _, ok := b.made[j.sum]; !ok {
					b.made[j.sum] = x.madeAhead(j.md)
					b.words[j.sum] = w.add(unsafe.String(unsafe.SliceData(j.md), len(j.md)))
				}
			}
		}
	}()
	return b
}

// Add asks for the snippet of a note's body, md, read from a file whose
// bytes have the SHA-256 sum; md must not change afterwards. It never
// waits for a snippet to be made. A zero sum (a note not hashed) is left
// to the index. Add may be called from any goroutine; after Wait it does
// nothing.
func (b *Bodies) Add(sum [sha256.Size]byte, md []byte) {
	if b == nil || len(md) == 0 || sum == ([sha256.Size]byte{}) {
		return
	}
	b.mu.Lock()
	if !b.closed {
		b.queue = append(b.queue, bodyJob{sum, md})
		b.more.Signal()
	}
	b.mu.Unlock()
}

// Wait ends the goroutine once it has made the snippets it took; the
// bodies still queued are left to the index, which makes them on every
// CPU. It may be called more than once, and on nil.
func (b *Bodies) Wait() {
	if b == nil {
		return
	}
	b.mu.Lock()
	b.closed = true
	b.queue = nil
	b.more.Signal()
	b.mu.Unlock()
	<-b.done
}

// madeAhead returns the snippet of a body as Bodies keeps it: bodyText's,
// kept over x's blocks of text (texts.keep), with no allocation of its
// own.
func (x *texts) madeAhead(md []byte) string {
	return x.keep(x.bodyText(unsafe.String(unsafe.SliceData(md), len(md))), "")
}

// bodyWords finds the terms of bodies as tokens.doc would: each body's
// terms, each once, in the order it first meets them, stop words and all
// (tokens.bodyTerms).
type bodyWords struct {
	t     tokens // its words and terms; term.doc is the number of the last body a term was met in
	n     int32  // bodies read
	block []int32
}

// add returns the numbers of the terms of body md (in w.t), over w's
// blocks.
func (w *bodyWords) add(md string) []int32 {
	w.n++
	if cap(w.block)-len(w.block) < len(md)/2+1 { // a body has at most one word in two bytes
		w.block = make([]int32, 0, max(1<<16, len(md)/2+1))
	}
	start := len(w.block)
	for k := 0; ; {
		from, to, h := nextWord(md, k)
		if from == len(md) {
			break
		}
		k = to
		x := w.t.seen.find(h, md[from:to])
		if x == nil {
			if x = w.t.term(h, md[from:to]); x == nil {
				continue
			}
		}
		if x.doc != w.n {
			x.doc = w.n
			w.block = append(w.block, x.id)
		}
	}
	return w.block[start:len(w.block):len(w.block)]
}

// drop lets the snippets go: Update calls it once it has written the
// chunks, so that they are not kept while the pages render.
func (b *Bodies) drop() {
	if b != nil {
		b.made = nil
		b.dropTerms()
	}
}

// dropTerms lets the bodies' terms go, once the documents are tokenised.
func (b *Bodies) dropTerms() {
	if b != nil {
		b.words, b.names = nil, nil
	}
}

// terms returns the numbers of the terms of the body of the note whose
// file has the sum, as bodyWords.add found them, if it did (names gives
// their text). Only after Wait.
func (b *Bodies) terms(sum *[sha256.Size]byte) ([]int32, bool) {
	if b == nil || sum == nil {
		return nil, false
	}
	ws, ok := b.words[*sum]
	return ws, ok
}

// snippet returns the snippet made of the body of the note whose file has
// the sum, as texts.bodyText makes it, if it was made. Only after Wait.
func (b *Bodies) snippet(sum *[sha256.Size]byte) (string, bool) {
	if b == nil || sum == nil {
		return "", false
	}
	s, ok := b.made[*sum]
	return s, ok
}
