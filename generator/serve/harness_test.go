package serve

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"kith/generator/content"
	"kith/templates"
)

// today is the day every test sees its journal from.
var today = content.Date{Year: 2026, Month: 11, Day: 23}

// wait bounds how long a test waits for the server to react.
const wait = 10 * time.Second

// fixture is a small journal with every kind of note and reference.
var fixture = map[string]string{
	"kith.yaml": "title: Test journal\nowner: Sam\n",
	"content/people/Dana Okafor.md": "---\nname: Dana Okafor\naliases: [Dana]\norg: Acme\n---\n" +
		"Dana runs the robotics meetup.\n\n- 2026-03-10 Pointed her to the registration desk. #gave\n",
	"content/people/Lee Park.md": "---\nname: Lee Park\nmet:\n  date: 2026-01-05\n  via: Dana Okafor\n---\nLee builds boats.\n",
	"content/entries/2026/2026-03-12-coffee.md": "---\ndate: 2026-03-12\ntitle: Coffee with Dana\nwith: [Dana Okafor]\n---\n" +
		"Talked about [[Lee Park]].\n",
	"content/events/Robotics Meetup.md": "---\nname: Robotics Meetup\ndate: 2026-12-01\npeople: [Dana]\n---\nGoals.\n",
}

// with returns a copy of files with some replaced (an empty value removes).
func with(files map[string]string, changes map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range files {
		out[k] = v
	}
	for k, v := range changes {
		if v == "" {
			delete(out, k)
		} else {
			out[k] = v
		}
	}
	return out
}

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for p, data := range files {
		writeFile(t, dir, p, data)
	}
}

func writeFile(t *testing.T, dir, p, data string) {
	t.Helper()
	full := filepath.Join(dir, filepath.FromSlash(p))
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(full, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// harness is one server running in-process on a free port.
type harness struct {
	t       *testing.T
	dir     string
	srv     *Server
	base    string // like "http://127.0.0.1:43121/"
	client  *http.Client
	streams *http.Client // no timeout: live-reload streams stay open
	tr      *http.Transport
	reports chan Report
	stop    func()
}

// start writes files into a temporary journal and serves it until the test
// ends or stop is called.
func start(t *testing.T, files map[string]string, change func(*Options)) *harness {
	t.Helper()
	dir := t.TempDir()
	writeFiles(t, dir, files)
	h := &harness{t: t, dir: dir, reports: make(chan Report, 100)}
	opt := Options{Journal: dir, Theme: templates.FS(), Today: today, Report: func(r Report) {
		select {
		case h.reports <- r:
		default:
		}
	}}
	if change != nil {
		change(&opt)
	}
	ctx, cancel := context.WithCancel(context.Background())
	srv, err := New(ctx, opt)
	if err != nil {
		cancel()
		t.Fatalf("New: %v", err)
	}
	h.srv, h.base = srv, srv.URL()
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx) }() // ends when stop cancels ctx
	h.tr = &http.Transport{}
	noRedirect := func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	h.client = &http.Client{Transport: h.tr, Timeout: wait, CheckRedirect: noRedirect}
	h.streams = &http.Client{Transport: h.tr}
	var once sync.Once
	h.stop = func() {
		once.Do(func() {
			cancel()
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("Serve returned %v, want nil", err)
				}
			case <-time.After(wait):
				t.Errorf("Serve did not return within %s of cancel", wait)
			}
			h.tr.CloseIdleConnections()
		})
	}
	t.Cleanup(h.stop)
	return h
}

func (h *harness) write(p, data string) {
	h.t.Helper()
	writeFile(h.t, h.dir, p, data)
}

func (h *harness) path(p string) string { return filepath.Join(h.dir, filepath.FromSlash(p)) }

// get fetches a URL path and returns its status, body and content type.
func (h *harness) get(p string) (int, string, string) {
	h.t.Helper()
	resp, err := h.client.Get(h.base + strings.TrimPrefix(p, "/"))
	if err != nil {
		h.t.Fatalf("GET %s: %v", p, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		h.t.Fatalf("GET %s: reading: %v", p, err)
	}
	return resp.StatusCode, string(body), resp.Header.Get("Content-Type")
}

// page fetches a page that must exist.
func (h *harness) page(p string) string {
	h.t.Helper()
	code, body, _ := h.get(p)
	if code != http.StatusOK {
		h.t.Fatalf("GET %s: got status %d, want 200", p, code)
	}
	return body
}

// sse is one Server-Sent Event.
type sse struct{ name, data string }

// stream is an open live-reload stream whose events arrive on events.
type stream struct {
	t      *testing.T
	events chan sse
	seen   []sse
	cancel context.CancelFunc
}

// subscribe opens the live-reload stream and waits for its first event
// (the current problems), so the stream is live when it returns.
func (h *harness) subscribe(since string) *stream {
	h.t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, h.base+"_kith/reload?since="+since, nil)
	if err != nil {
		h.t.Fatal(err)
	}
	resp, err := h.streams.Do(req)
	if err != nil {
		cancel()
		h.t.Fatalf("GET %s: %v", ReloadPath, err)
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/event-stream") {
		h.t.Fatalf("GET %s: got Content-Type %q, want text/event-stream", ReloadPath, ct)
	}
	s := &stream{t: h.t, events: make(chan sse, 256), cancel: cancel}
	go func() { // ends when the server ends the stream or cancel is called
		defer close(s.events)
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		var ev sse
		for sc.Scan() {
			line := sc.Text()
			switch {
			case line == "":
				if ev.name != "" {
					s.events <- ev
				}
				ev = sse{}
			case strings.HasPrefix(line, "event: "):
				ev.name = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				ev.data += strings.TrimPrefix(line, "data: ")
			}
		}
	}()
	h.t.Cleanup(cancel)
	s.next()
	return s
}

// next returns the next event, failing the test after wait.
func (s *stream) next() sse {
	s.t.Helper()
	select {
	case ev, ok := <-s.events:
		if !ok {
			s.t.Fatal("the live-reload stream ended, want another event")
		}
		s.seen = append(s.seen, ev)
		return ev
	case <-time.After(wait):
		s.t.Fatalf("no live-reload event within %s (seen so far: %v)", wait, s.seen)
	}
	return sse{}
}

// until returns the first event with the name, skipping others.
func (s *stream) until(name string) sse {
	s.t.Helper()
	for {
		if ev := s.next(); ev.name == name {
			return ev
		}
	}
}

// quiet asserts that no event arrives for d.
func (s *stream) quiet(d time.Duration) {
	s.t.Helper()
	select {
	case ev, ok := <-s.events:
		if ok {
			s.t.Errorf("got event %v, want none for %s", ev, d)
		}
	case <-time.After(d):
	}
}

// settle takes events until none arrives for d.
func (s *stream) settle(d time.Duration) {
	s.t.Helper()
	for {
		select {
		case ev, ok := <-s.events:
			if !ok {
				return
			}
			s.seen = append(s.seen, ev)
		case <-time.After(d):
			return
		}
	}
}

// closed waits for the server to end the stream.
func (s *stream) closed() {
	s.t.Helper()
	timeout := time.After(wait)
	for {
		select {
		case _, ok := <-s.events:
			if !ok {
				return
			}
		case <-timeout:
			s.t.Fatalf("the live-reload stream is still open %s after shutdown", wait)
		}
	}
}
