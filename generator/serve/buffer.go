package serve

import (
	"bytes"
	"errors"
	"maps"
	"slices"
	"sync"

	"kith/generator/journal"
	"kith/generator/page"
	"kith/generator/site"
)

// buffer is one linked site that the update loop may patch in place. The
// preview keeps two: the one it serves and a spare. A change is linked by
// patching the spare (site.Patch: only what the change touches is linked
// again), which is then served, and the site it replaces becomes the spare
// for the next change. A site is patched only while no request reads it:
// requests hold mu for reading (Server.use), a patch takes it for writing
// without waiting (TryLock), and links the whole journal instead when a
// request still reads the spare.
type buffer struct {
	mu   sync.RWMutex
	site *site.Site
	ver  uint64 // bumped by each patch; a state serves one version

	// Owned by the update loop, or by the link that has the buffer.
	dirty map[string]bool // journal files read since the site was linked
	full  string          // why the next link must be whole, or ""
}

func newBuffer(st *site.Site) *buffer { return &buffer{site: st, dirty: map[string]bool{}} }

// changed notes files read into the set since b was linked, and why they
// need the whole journal linked again, if they do.
func (b *buffer) changed(paths map[string]bool, full string) {
	if b == nil {
		return
	}
	maps.Copy(b.dirty, paths)
	if b.full == "" {
		b.full = full
	}
}

// use returns the state to serve and holds its site for reading until
// release is called, so that the update loop does not patch it meanwhile.
// A state whose site was patched since it was published is no longer
// current: the current one is taken instead.
func (s *Server) use() (st *state, release func()) {
	for {
		st = s.cur.Load()
		b := st.buf
		if b == nil {
			return st, func() {}
		}
		b.mu.RLock()
		if b.ver == st.ver {
			return st, b.mu.RUnlock
		}
		b.mu.RUnlock()
	}
}

// relink links the set and the theme as they are: by patching spare when
// it can, else the whole journal. It may run on its own goroutine: while
// it runs, nothing changes the set or the theme, and spare is its own.
func (s *Server) relink(spare *buffer) linked {
	if s.theme == nil {
		return linked{} // the theme's error is reported instead
	}
	why := "no spare site yet"
	switch {
	case spare == nil:
	case spare.full != "":
		why = spare.full
	case !spare.mu.TryLock():
		why = "a request still reads the spare site"
	default:
		paths := slices.Sorted(maps.Keys(spare.dirty))
		err := spare.site.Patch(s.set, paths, s.sopt)
		var nb *journal.NeedsBuild
		if !errors.As(err, &nb) {
			spare.ver++
			clear(spare.dirty)
			var warm map[string][]byte
			if err == nil {
				warm = s.warm(spare.site, paths)
			}
			spare.mu.Unlock()
			return linked{site: spare.site, err: err, buf: spare, warm: warm}
		}
		spare.mu.Unlock()
		why = nb.Reason
	}
	st, err := site.LinkAll(s.set, s.sopt, s.theme)
	return linked{site: st, err: err, buf: newBuffer(st), full: why}
}

// maxWarm is how many pages of the notes a change touched are rendered
// before the site is published.
const maxWarm = 4

// warm renders the pages of the notes at paths (a person's or an entry's),
// a few at most, while the debounce runs anyway: the page the editor has
// open is asked for as soon as the reload event arrives.
func (s *Server) warm(st *site.Site, paths []string) map[string][]byte {
	out := map[string][]byte{}
	for _, p := range paths {
		if len(out) == maxWarm {
			break
		}
		var addr string
		switch doc := s.set.Docs[p]; {
		case doc.Person != nil && st.J.Person(doc.Person.Slug) != nil:
			addr = page.Person(st.J.Person(doc.Person.Slug))
		case doc.Entry != nil && st.J.Entry(doc.Entry.Slug) != nil:
			addr = page.Entry(st.J.Entry(doc.Entry.Slug))
		default:
			continue
		}
		var buf bytes.Buffer
		name := page.FileName(addr)
		if st.Render(&buf, name) == nil {
			out[name] = buf.Bytes()
		}
	}
	return out
}
