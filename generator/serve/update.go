package serve

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"

	"kith/generator/content"
	"kith/generator/site"
)

// gather is how long the events of one save must pause before the changed
// files are read and linking starts. Editors finish a save within a
// millisecond or two; the debounce proper is enforced before publishing.
const gather = 5 * time.Millisecond

// change is what has been read since the last site was published.
type change struct {
	paths   map[string]bool // journal files read, for the report
	css     bool            // only style sheets changed so far
	since   time.Time       // the first event
	pending bool            // the model changed and is not published yet
}

// linked is the outcome of linking in the background.
type linked struct {
	site *site.Site
	err  error
}

// loop turns file events into published sites until ctx is done or the
// HTTP server stops on its own.
//
// Linking a large journal takes longer than the debounce, so the two
// overlap: the changed files are read as soon as the events pause for
// gather, and linking starts at once in the background. The result is
// published only when no event arrived since the files were read and the
// events have been quiet for the debounce; otherwise it is dropped and the
// files read again. A save is thus never shown half-written, and the
// debounce costs nothing on a journal big enough to notice it.
func (s *Server) loop(ctx context.Context, served chan error) error {
	batch := map[string]bool{} // paths with events since the last read
	var (
		ch                 = change{paths: map[string]bool{}, css: true}
		last, heldAt       time.Time // the last event; when a half-written file was held back
		rescan, dayChanged bool
		running, stale     bool    // a link runs; events came after its files were read
		ready              *linked // linked, waiting for the quiet time to pass
	)
	done := make(chan linked, 1)
	start := time.NewTimer(time.Hour) // read the batch and start linking
	start.Stop()
	publish := time.NewTimer(time.Hour) // publish ready
	publish.Stop()
	defer start.Stop()
	defer publish.Stop()
	defer func() {
		if running {
			<-done // the background link ends by itself; wait, so it does not outlive Serve
		}
	}()
	var day <-chan time.Time
	if s.opt.Day != nil {
		t := time.NewTicker(time.Minute)
		defer t.Stop()
		day = t.C
	}
	touch := func(now time.Time) {
		last, heldAt = now, time.Time{}
		if ch.since.IsZero() {
			ch.since = now
		}
		if running {
			stale = true
		}
		if ready != nil {
			ready = nil
			publish.Stop()
		}
		start.Reset(min(gather, s.opt.Debounce, max(0, ch.since.Add(maxWait).Sub(now))))
	}
	for {
		select {
		case <-ctx.Done():
			return nil

		case err := <-served:
			served <- err // Serve reads it again
			return fmt.Errorf("serving: %w", err)

		case ev, ok := <-s.w.events():
			if !ok {
				return errors.New("the file watcher stopped")
			}
			if s.note(ev, batch) {
				touch(time.Now())
			}

		case err, ok := <-s.w.errors():
			if !ok {
				return errors.New("the file watcher stopped")
			}
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				rescan = true
				touch(time.Now())
			}
			s.report(Report{Err: fmt.Errorf("watching the journal: %w", err), Pages: s.pages()})

		case <-day:
			if d := s.opt.Day(); d != s.sopt.Today {
				dayChanged = true
				touch(time.Now())
			}

		case now := <-start.C:
			if running {
				continue // started again when the running link ends
			}
			if rescan {
				if err := s.reload(ctx); err != nil {
					s.report(Report{Err: err, Pages: s.pages()})
				}
				ch.paths["."], ch.css, ch.pending = true, false, true
			} else {
				held, changed, css := s.apply(batch, !heldAt.IsZero(), ch.paths)
				if held {
					heldAt = now
					start.Reset(s.opt.Settle)
					continue
				}
				if changed {
					ch.css = ch.css && css
					ch.pending = true
				}
			}
			if dayChanged {
				s.sopt.Today = s.opt.Day()
				ch.css, ch.pending = false, true
			}
			clear(batch)
			rescan, dayChanged, heldAt = false, false, time.Time{}
			if !ch.pending {
				ch = change{paths: map[string]bool{}, css: true}
				continue
			}
			running, stale = true, false
			go func() { // ends when Link returns; done has room, and the loop always takes it
				st, err := s.linkSite()
				done <- linked{st, err}
			}()

		case res := <-done:
			running = false
			if stale && time.Since(ch.since) < maxWait {
				start.Reset(max(0, gather-time.Since(last)))
				continue // the files changed again while linking
			}
			stale = false
			if wait := s.opt.Debounce - time.Since(last); wait > 0 {
				ready = &res
				publish.Reset(wait)
				continue
			}
			s.publish(ch, res)
			ch = change{paths: map[string]bool{}, css: true}
			if len(batch) > 0 {
				start.Reset(0)
			}

		case <-publish.C:
			if ready == nil {
				continue
			}
			s.publish(ch, *ready)
			ready = nil
			ch = change{paths: map[string]bool{}, css: true}
		}
	}
}

// note adds one file event to the batch, and watches a new folder (and
// adds the files already in it). It reports whether the event matters.
func (s *Server) note(ev fsnotify.Event, batch map[string]bool) bool {
	rel, ok := s.rel(ev.Name)
	if !ok || !watched(rel) || ev.Op == fsnotify.Chmod {
		return false
	}
	dir := s.watch[ev.Name] // a folder that was there
	if ev.Has(fsnotify.Create) {
		if st, err := os.Lstat(ev.Name); err == nil && st.IsDir() {
			dir = true
			if err := s.watchTree(ev.Name, batch); err != nil {
				s.report(Report{Err: fmt.Errorf("watching %s: %w", rel, err), Pages: s.pages()})
			}
		}
	}
	if ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename) {
		s.unwatch(ev.Name)
	}
	if (rel == "content" || strings.HasPrefix(rel, "content/")) && !dir && content.KindOf(rel) == content.Other {
		return false // not a note: pictures, editors' files, a sync tool's state
	}
	batch[rel] = true
	return true
}

// apply reads the changed paths into the model and the theme. Unless
// forced, it reads nothing and reports held while a changed file looks
// half-written, waiting for the rest of the write. It adds the journal
// files it read to read, and reports whether anything changed and whether
// only style sheets did.
func (s *Server) apply(batch map[string]bool, force bool, read map[string]bool) (held, changed, cssOnly bool) {
	var notes, themeFiles []string
	config, theme := false, false
	cssOnly = true
	for p := range batch {
		switch {
		case p == content.ConfigPath:
			config, cssOnly = true, false
		case p == "templates" || strings.HasPrefix(p, "templates/"):
			theme = true
			if st, err := fs.Stat(s.fsys, p); err == nil && st.IsDir() {
				continue // a new folder: its files are in the batch too
			}
			themeFiles = append(themeFiles, p)
			if path.Ext(p) != ".css" {
				cssOnly = false
			}
		default:
			cssOnly = false
			if content.KindOf(p) != content.Other {
				notes = append(notes, p)
				continue
			}
			if st, err := fs.Stat(s.fsys, p); err == nil && st.IsDir() {
				continue // a new folder: its notes are in the batch too
			}
			// A folder that is gone or renamed: forget the notes in it.
			prefix := p + "/"
			for q := range s.set.Docs {
				if strings.HasPrefix(q, prefix) {
					notes = append(notes, q)
				}
			}
			for q := range s.readErrs {
				if strings.HasPrefix(q, prefix) {
					notes = append(notes, q)
				}
			}
		}
	}
	slices.Sort(notes)
	notes = slices.Compact(notes)

	if !force {
		check := slices.Clip(notes)
		if config {
			check = append(check, content.ConfigPath)
		}
		check = append(check, themeFiles...)
		for _, p := range check {
			if data, err := fs.ReadFile(s.fsys, p); err == nil && halfWritten(p, data) {
				return true, false, false
			}
		}
	}

	for _, p := range notes {
		ok, err := s.set.Update(s.fsys, p)
		_, hadErr := s.readErrs[p]
		if err != nil {
			s.readErrs[p] = err
			ok = true
		} else {
			delete(s.readErrs, p)
		}
		if ok || hadErr {
			changed = true
			read[p] = true
		}
	}
	if config {
		if _, err := s.set.Update(s.fsys, content.ConfigPath); err != nil {
			s.readErrs[content.ConfigPath] = err
		} else {
			delete(s.readErrs, content.ConfigPath)
		}
		changed = true
		read[content.ConfigPath] = true
	}
	if theme {
		th, err := site.Theme(s.sopt)
		if err != nil {
			s.themeErr = err
		} else {
			s.theme, s.themeErr = th, nil
		}
		changed = true
		for _, p := range themeFiles {
			read[p] = true
		}
	}
	return false, changed, theme && cssOnly
}

// reload reads the whole journal again, after the watcher lost events.
func (s *Server) reload(ctx context.Context) error {
	if err := s.watchTree(s.root, nil); err != nil {
		return fmt.Errorf("watching the journal: %w", err)
	}
	set, err := content.Load(ctx, s.fsys)
	if err != nil {
		return err
	}
	s.set = set
	clear(s.readErrs)
	s.theme, s.themeErr = site.Theme(s.sopt)
	return nil
}

// halfWritten reports whether a file looks like a save caught in the
// middle: empty (VS Code truncates, then writes), or a note whose front
// matter is opened and not yet closed.
func halfWritten(p string, data []byte) bool {
	if len(bytes.TrimSpace(data)) == 0 {
		return true
	}
	if content.KindOf(p) == content.Other {
		return false
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	first, rest, _ := bytes.Cut(data, []byte("\n"))
	if string(bytes.TrimRight(first, " \t\r")) != "---" {
		return false
	}
	for len(rest) > 0 {
		var line []byte
		line, rest, _ = bytes.Cut(rest, []byte("\n"))
		if l := string(bytes.TrimRight(line, " \t\r")); l == "---" || l == "..." {
			return false
		}
	}
	return true
}

// linkSite links the model and the theme as they are. It may run on its
// own goroutine: while it runs, nothing changes the set or the theme.
func (s *Server) linkSite() (*site.Site, error) {
	if s.theme == nil {
		return nil, nil // the theme's error is reported instead
	}
	return site.Link(s.set, s.sopt, s.theme)
}

// publish serves a newly linked site, or with errors keeps the last good
// one and shows the errors, and tells the open pages and the command layer.
func (s *Server) publish(ch change, res linked) {
	var problems content.Problems
	for p, err := range s.readErrs {
		problems = append(problems, content.Errorf(p, 0, "cannot read the file: %v", unwrapPath(err)))
	}
	if s.themeErr != nil {
		problems = append(problems, content.Errorf("templates", 0, "%s", strings.TrimPrefix(s.themeErr.Error(), "theme: ")))
	}
	var ps content.Problems
	switch {
	case errors.As(res.err, &ps):
		problems = append(problems, ps...)
	case res.err != nil:
		problems = append(problems, content.Errorf(".", 0, "%v", res.err))
	}
	next := res.site
	if len(problems) > 0 {
		next = nil
	}
	problems.Sort()

	old := s.cur.Load()
	var st *state
	if next == nil {
		st = &state{problems: problems, token: s.startID + ".0", cache: &pageCache{}}
		if old != nil {
			st.site, st.token, st.cache = old.site, old.token, old.cache
		}
	} else {
		s.gen++
		st = &state{site: next, token: fmt.Sprintf("%s.%d", s.startID, s.gen), cache: &pageCache{}}
	}
	s.cur.Store(st)

	css := ch.css && ch.pending && next != nil
	if old == nil || !sameProblems(old.problems, st.problems) {
		s.hub.broadcast(problemsEvent(st.problems))
	}
	if old != nil && st.token != old.token {
		kind := "reload"
		if css {
			kind = "css"
		}
		s.hub.broadcast(event(kind, st.token))
	}

	r := Report{Took: time.Since(ch.since), Problems: problems, Pages: s.pages(), Fixed: s.failing && len(problems) == 0, CSS: css}
	if old != nil {
		r.Paths = make([]string, 0, len(ch.paths))
		for p := range ch.paths {
			r.Paths = append(r.Paths, p)
		}
		slices.Sort(r.Paths)
	}
	s.failing = len(problems) > 0
	if next != nil {
		ws := next.J.Problems.Warnings()
		seen := make(map[string]bool, len(ws))
		for _, w := range ws {
			k := w.Error()
			seen[k] = true
			if !s.warned[k] {
				r.Warnings = append(r.Warnings, w)
			}
		}
		s.warned = seen
	}
	s.report(r)
}

// unwrapPath drops the *fs.PathError wrapping, whose path the problem
// already names.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func sameProblems(a, b content.Problems) bool {
	return slices.EqualFunc(a, b, func(x, y content.Problem) bool { return x == y })
}

// pages counts the pages of the site being served.
func (s *Server) pages() int {
	if st := s.cur.Load(); st != nil && st.site != nil {
		return st.site.Pages()
	}
	return 0
}
