package search

import (
	"crypto/sha256"
	"sync"
	"unsafe"

	"kith/generator/content"
)

// Bodies makes the snippets of notes' bodies while the journal loads, on
// a goroutine of its own (two slowed the load), so that the index, made
// once the journal is linked, finds them made. The load stage leaves
// about a third of two CPUs idle (its goroutines wait on the files); the
// snippets, a fifth of the index's work in a build that writes every
// file, are made in that time instead of after it (docs/performance.md,
// twelfth session). Only the bodies whose snippets the site's chunks
// show are taken (AddNote): an entry's text is read from its page.
//
// A snippet is a function of the body alone, and a body of its note's
// file (content.Body.Sum), so one is looked up by that sum: a body still
// queued when the index starts (Wait) is made by the index as before.
// The index's files are the same with or without Bodies
// (TestBodiesSame).
type Bodies struct {
	mu     sync.Mutex
	more   *sync.Cond                   // signalled when a body is queued, or Wait is called
	queue  []bodyJob                    // bodies added and not yet taken
	closed bool                         // Wait was called: nothing more is taken
	made   map[[sha256.Size]byte]string // by note; read only once the goroutine ended
	done   chan struct{}                // closed when the goroutine ends
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
	b := &Bodies{made: map[[sha256.Size]byte]string{}, done: make(chan struct{})}
	b.more = sync.NewCond(&b.mu)
	go func() { // ends when Wait is called
		defer close(b.done)
		var x texts
		var jobs []bodyJob
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

// AddNote is Add for the body of note d, if the site's chunks show it:
// an entry's text is read from its page instead (OnPage), so its snippet
// is never made in a build.
func (b *Bodies) AddNote(d content.Doc) {
	body := d.Body()
	if body == nil || d.Entry != nil && OnPage("entry", textField) {
		return
	}
	b.Add(body.Sum, body.Markdown)
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

// drop lets the snippets go: Update calls it once it has written the
// chunks, so that they are not kept while the pages render.
func (b *Bodies) drop() {
	if b != nil {
		b.made = nil
	}
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
