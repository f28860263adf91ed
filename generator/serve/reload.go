package serve

import (
	_ "embed"
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"time"

	"kith/generator/content"
)

// reloadJS is served at ReloadScript.
//
//go:embed reload.js
var reloadJS []byte

// keepAlive is how often an idle live-reload stream gets a comment, so that
// proxies and browsers keep it open and a closed tab is noticed.
const keepAlive = 15 * time.Second

// clientBuffer is how many events a slow page may fall behind before its
// stream is dropped; its browser reconnects and reloads.
const clientBuffer = 16

// hub hands every live-reload event to every open stream.
type hub struct {
	mu      sync.Mutex
	clients map[chan []byte]uint64 // each stream's queue, and when it opened
	opened  uint64                 // streams opened so far
	max     int                    // open streams at most
	done    chan struct{}          // closed on shutdown
	closed  bool
}

func newHub(max int) *hub {
	return &hub{clients: map[chan []byte]uint64{}, max: max, done: make(chan struct{})}
}

// subscribe opens a stream's queue, closing the oldest stream when max are
// open already; nil after shutdown.
func (h *hub) subscribe() chan []byte {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return nil
	}
	for len(h.clients) >= h.max {
		var oldest chan []byte
		for c, n := range h.clients {
			if oldest == nil || n < h.clients[oldest] {
				oldest = c
			}
		}
		delete(h.clients, oldest)
		close(oldest)
	}
	c := make(chan []byte, clientBuffer)
	h.opened++
	h.clients[c] = h.opened
	return c
}

func (h *hub) unsubscribe(c chan []byte) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if _, ok := h.clients[c]; ok {
		delete(h.clients, c)
		close(c)
	}
}

// broadcast queues msg for every stream without waiting; a stream whose
// queue is full is closed instead.
func (h *hub) broadcast(msg []byte) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for c := range h.clients {
		select {
		case c <- msg:
		default:
			delete(h.clients, c)
			close(c)
		}
	}
}

// close ends every stream, for shutdown.
func (h *hub) close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return
	}
	h.closed = true
	close(h.done)
	for c := range h.clients {
		delete(h.clients, c)
		close(c)
	}
}

// clients counts the open streams.
func (h *hub) count() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.clients)
}

// event formats one Server-Sent Event.
func event(name, data string) []byte {
	var b strings.Builder
	b.WriteString("event: " + name + "\n")
	for _, line := range strings.Split(data, "\n") {
		b.WriteString("data: " + line + "\n")
	}
	b.WriteString("\n")
	return []byte(b.String())
}

// problemsEvent lists the errors for the overlay; an empty list removes it.
func problemsEvent(ps content.Problems) []byte {
	list := make([]string, len(ps))
	for i, p := range ps {
		list[i] = p.Error()
	}
	data, _ := json.Marshal(struct {
		Problems []string `json:"problems"`
	}{list})
	return event("problems", string(data))
}

// events streams live-reload events to one page until the page goes away
// or the server shuts down. A page that was rendered from an older site
// than the current one (its token is in ?since=) is told to reload at once,
// or to swap its style sheets when only they changed since.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	fl, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	c := s.hub.subscribe()
	if c == nil {
		http.Error(w, "shutting down", http.StatusServiceUnavailable)
		return
	}
	defer s.hub.unsubscribe(c)
	st := s.cur.Load() // after subscribing, so that no change falls between
	h := w.Header()
	h.Set("Content-Type", "text/event-stream; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	var first []byte
	first = append(first, "retry: 1000\n\n"...)
	if since := r.URL.Query().Get("since"); since != "" && since != st.token {
		kind := "reload"
		if since == st.prev && st.cssOnly {
			kind = "css" // only style sheets changed since the page was made: swap them
		}
		first = append(first, event(kind, st.token)...)
	}
	first = append(first, problemsEvent(st.problems)...)
	if _, err := w.Write(first); err != nil {
		return
	}
	fl.Flush()
	tick := time.NewTicker(keepAlive)
	defer tick.Stop()
	for {
		var msg []byte
		select {
		case <-r.Context().Done():
			return
		case <-s.hub.done:
			return
		case m, ok := <-c:
			if !ok {
				return
			}
			msg = m
		case <-tick.C:
			msg = []byte(": keep-alive\n\n")
		}
		if _, err := w.Write(msg); err != nil {
			return
		}
		fl.Flush()
	}
}
