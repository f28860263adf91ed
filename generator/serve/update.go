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

// loop collects file events into a batch and applies the batch once the
// events have stopped for the debounce time. It returns when ctx is done or
// the HTTP server stopped on its own.
func (s *Server) loop(ctx context.Context, served chan error) error {
	batch := map[string]bool{}
	var first, heldAt time.Time // first event of the batch; when it was held back
	rescan := false             // the watcher lost events: read everything again
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	defer timer.Stop()
	var day <-chan time.Time
	if s.opt.Day != nil {
		t := time.NewTicker(time.Minute)
		defer t.Stop()
		day = t.C
	}
	arm := func(now time.Time) {
		if first.IsZero() {
			first = now
		}
		heldAt = time.Time{}
		timer.Reset(min(s.opt.Debounce, max(0, first.Add(maxWait).Sub(now))))
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
				arm(time.Now())
			}
		case err, ok := <-s.w.errors():
			if !ok {
				return errors.New("the file watcher stopped")
			}
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				rescan = true
				arm(time.Now())
			}
			s.report(Report{Err: fmt.Errorf("watching the journal: %w", err), Pages: s.pages()})
		case now := <-timer.C:
			if rescan {
				s.reload(ctx, first)
			} else if s.apply(batch, first, !heldAt.IsZero()) {
				heldAt = now
				timer.Reset(s.opt.Settle)
				continue
			}
			clear(batch)
			first, heldAt, rescan = time.Time{}, time.Time{}, false
		case <-day:
			if d := s.opt.Day(); d != s.sopt.Today {
				s.sopt.Today = d
				s.relink(nil, time.Now(), false)
			}
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
	if ev.Has(fsnotify.Create) {
		if st, err := os.Lstat(ev.Name); err == nil && st.IsDir() {
			if err := s.watchTree(ev.Name, batch); err != nil {
				s.report(Report{Err: fmt.Errorf("watching %s: %w", rel, err), Pages: s.pages()})
			}
		}
	}
	if ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename) {
		s.unwatch(ev.Name)
	}
	batch[rel] = true
	return true
}

// apply brings the model up to date with the changed paths and links the
// site again. Unless forced, it applies nothing and reports true while a
// changed file looks half-written, waiting for the rest of the write.
func (s *Server) apply(batch map[string]bool, since time.Time, force bool) (held bool) {
	var notes, themeFiles []string
	config, theme, cssOnly := false, false, true
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
			if _, err := fs.Stat(s.fsys, p); err == nil {
				continue
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
		check := notes
		if config {
			check = append(check[:len(check):len(check)], content.ConfigPath)
		}
		check = append(check[:len(check):len(check)], themeFiles...)
		for _, p := range check {
			if data, err := fs.ReadFile(s.fsys, p); err == nil && halfWritten(p, data) {
				return true
			}
		}
	}

	changed := false
	for _, p := range notes {
		ok, err := s.set.Update(s.fsys, p)
		_, hadErr := s.readErrs[p]
		if err != nil {
			s.readErrs[p] = err
			changed = true
			continue
		}
		delete(s.readErrs, p)
		changed = changed || ok || hadErr
	}
	if config {
		if _, err := s.set.Update(s.fsys, content.ConfigPath); err != nil {
			s.readErrs[content.ConfigPath] = err
		} else {
			delete(s.readErrs, content.ConfigPath)
		}
		changed = true
	}
	if theme {
		th, err := site.Theme(s.sopt)
		if err != nil {
			s.themeErr = err
		} else {
			s.theme, s.themeErr = th, nil
		}
		changed = true
	}
	if !changed {
		return false
	}
	// Report the files kith reads, not the editors' and tools' others.
	paths := append(notes[:len(notes):len(notes)], themeFiles...)
	if config {
		paths = append(paths, content.ConfigPath)
	}
	slices.Sort(paths)
	s.relink(paths, since, theme && cssOnly)
	return false
}

// reload reads the whole journal again, after the watcher lost events.
func (s *Server) reload(ctx context.Context, since time.Time) {
	if err := s.watchTree(s.root, nil); err != nil {
		s.report(Report{Err: fmt.Errorf("watching the journal: %w", err), Pages: s.pages()})
	}
	set, err := content.Load(ctx, s.fsys)
	if err != nil {
		s.report(Report{Err: err, Pages: s.pages()})
		return
	}
	s.set = set
	clear(s.readErrs)
	s.theme, s.themeErr = site.Theme(s.sopt)
	s.relink([]string{"."}, since, false)
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

// relink links the site again from the set and theme as they are now, and
// tells the open pages and the command layer. With errors, the last good
// site stays and the errors go to the overlay.
func (s *Server) relink(paths []string, since time.Time, css bool) {
	var problems content.Problems
	for p, err := range s.readErrs {
		problems = append(problems, content.Errorf(p, 0, "cannot read the file: %v", unwrapPath(err)))
	}
	if s.themeErr != nil {
		problems = append(problems, content.Errorf("templates", 0, "%s", strings.TrimPrefix(s.themeErr.Error(), "theme: ")))
	}
	var next *site.Site
	if s.theme != nil {
		st, err := site.Link(s.set, s.sopt, s.theme)
		var ps content.Problems
		switch {
		case errors.As(err, &ps):
			problems = append(problems, ps...)
		case err != nil:
			problems = append(problems, content.Errorf(".", 0, "%v", err))
		default:
			next = st
		}
	}
	problems.Sort()

	old := s.cur.Load()
	var st *state
	if len(problems) > 0 || next == nil {
		st = &state{problems: problems, token: s.startID + ".0", cache: &pageCache{}}
		if old != nil {
			st.site, st.token, st.cache = old.site, old.token, old.cache
		}
	} else {
		s.gen++
		st = &state{site: next, token: fmt.Sprintf("%s.%d", s.startID, s.gen), cache: &pageCache{}}
	}
	s.cur.Store(st)

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

	r := Report{Paths: paths, Took: time.Since(since), Problems: problems, Pages: s.pages(), Fixed: s.failing && len(problems) == 0, CSS: css && next != nil}
	s.failing = len(problems) > 0
	if next != nil {
		ws := next.J.Problems.Warnings()
		now := make(map[string]bool, len(ws))
		for _, w := range ws {
			k := w.Error()
			now[k] = true
			if !s.warned[k] {
				r.Warnings = append(r.Warnings, w)
			}
		}
		s.warned = now
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
