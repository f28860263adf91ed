package serve

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
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

// dayEvery is how often the day is asked for, when Options.Day is set.
const dayEvery = time.Minute

// change is what has been read since the last site was published.
type change struct {
	paths   map[string]bool // journal files read, for the report
	css     bool            // only style sheets changed so far
	since   time.Time       // the first event
	pending bool            // the model changed and is not published yet
}

func newChange() change { return change{paths: map[string]bool{}, css: true} }

// linked is the outcome of linking in the background.
type linked struct {
	site *site.Site
	err  error
	buf  *buffer           // the buffer site is in, nil without a site
	full string            // why the whole journal was linked, "" when the spare was patched
	warm map[string][]byte // pages rendered ahead, by file name, without the reload script
}

// loop turns file events into published sites until ctx is done or the
// HTTP server stops on its own. When to read, link and publish is decided
// by a schedule (see schedule.go); the loop does what it says.
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
	every := time.Duration(0)
	if s.opt.Day != nil {
		every = dayEvery
	}
	sc := newSchedule(time.Now(), gather, s.opt.Debounce, s.opt.Settle, maxWait, every)
	var (
		ch                 = newChange()
		rescan, dayChanged bool
		linking            bool   // a link runs in the background
		res                linked // the last link kept by the schedule
		spareLinking       bool   // a spare is linked in the background
	)
	done := make(chan linked, 1)
	spareDone := make(chan *buffer, 1)
	wake := time.NewTimer(time.Hour)
	wake.Stop()
	defer wake.Stop()
	if s.spare == nil {
		// A second copy of the site, for the first change to patch, is
		// linked while the first is already served; the first read waits
		// for it.
		spareLinking = true
		go func() { spareDone <- s.relink(nil).buf }() // ends when the link does; spareDone has room
	}
	defer func() {
		if linking {
			<-done // the background link ends by itself; wait, so it does not outlive Serve
		}
		if spareLinking {
			<-spareDone // likewise
		}
	}()
	for {
		now := time.Now()
		for {
			st, at := sc.next(now)
			if st == idle {
				if at.IsZero() {
					wake.Stop()
				} else {
					wake.Reset(at.Sub(now))
				}
				break
			}
			switch st {
			case readNow:
				sc.reading(now)
				for _, p := range sc.heldPaths() {
					batch[p] = true
				}
				if spareLinking {
					// The set must not change under it; it is nearly done.
					s.spare, spareLinking = <-spareDone, false
				}
				if res.buf != nil {
					// Linked but not published (events came since): the
					// spare now, patched again below.
					s.spare, res = res.buf, linked{}
				}
				read := map[string]bool{}
				if rescan {
					if err := s.reload(ctx); err != nil {
						s.report(Report{Err: err, Pages: s.pages()})
					}
					read["."], ch.css, ch.pending = true, false, true
				} else if changed, css := s.apply(ctx, batch, sc, now, read); changed {
					ch.css = ch.css && css
					ch.pending = true
				}
				full := fullReason(read, s.set.Config.Folders)
				if dayChanged {
					s.sopt.Today = s.opt.Day()
					ch.css, ch.pending = false, true
					full = "a new day"
				}
				maps.Copy(ch.paths, read)
				for _, b := range []*buffer{s.spare, s.cur.Load().buf} {
					b.changed(read, full)
				}
				clear(batch)
				rescan, dayChanged = false, false
				if !ch.pending {
					sc.unchanged()
					ch = newChange()
					continue
				}
				sc.link()
				linking = true
				spare := s.spare
				s.spare = nil // the link's own until it is done
				// The link ends by itself; done has room, and the loop always takes it.
				go func() { done <- s.relink(spare) }()
			case publishNow:
				ch.since = sc.first
				s.publish(ch, res)
				sc.published()
				if res.full != "" && res.buf != nil {
					// The site replaced lacks the change linked in full, so
					// it cannot be patched: a new spare is linked while the
					// journal is quiet, and the next read waits for it.
					s.spare, spareLinking = nil, true
					go func() { spareDone <- s.relink(nil).buf }() // ends when the link does; spareDone has room
				}
				ch, res = newChange(), linked{}
			case askDay:
				sc.asked(now)
				if d := s.opt.Day(); d != s.sopt.Today {
					dayChanged = true
					sc.event(now, "")
				}
			}
			now = time.Now() // reading and publishing take time; wake from when they ended
		}

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
			if p, ok := s.note(ev, batch); ok {
				sc.event(time.Now(), p)
			}

		case err, ok := <-s.w.errors():
			if !ok {
				return errors.New("the file watcher stopped")
			}
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				rescan = true
				sc.event(time.Now(), "")
			}
			s.report(Report{Err: fmt.Errorf("watching the journal: %w", err), Pages: s.pages()})

		case <-wake.C:
			// Events already waiting count before a deadline acts on
			// them: a loop that was slow to run must not publish a burst
			// in two parts.
			if !s.drain(batch, sc) {
				return errors.New("the file watcher stopped")
			}

		case b := <-spareDone:
			s.spare, spareLinking = b, false

		case r := <-done:
			linking = false
			if sc.linked(time.Now()) {
				res = r
			} else if r.buf != nil {
				s.spare = r.buf // stale; patched again with the next read
			}
		}
	}
}

// drain takes the file events that are already waiting, without waiting
// for more. It reports false when the watcher stopped.
func (s *Server) drain(batch map[string]bool, sc *schedule) bool {
	for {
		select {
		case ev, ok := <-s.w.events():
			if !ok {
				return false
			}
			if p, ok := s.note(ev, batch); ok {
				sc.event(time.Now(), p)
			}
		default:
			return true
		}
	}
}

// note adds one file event to the batch, and watches a new folder (and
// adds the files already in it). It reports whether the event matters,
// and the journal path it is about.
func (s *Server) note(ev fsnotify.Event, batch map[string]bool) (string, bool) {
	rel, ok := s.rel(ev.Name)
	if !ok || !s.watched(rel) || ev.Op == fsnotify.Chmod {
		return "", false
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
	if rel != content.ConfigPath && !inTheme(rel) && !dir && s.set.Config.Folders.KindOf(rel) == content.Other && !content.IsImage(rel) {
		return "", false // not a note: editors' files, a sync tool's state
	}
	batch[rel] = true
	return rel, true
}

// apply reads the changed paths into the model and the theme. A file that
// looks half-written is held back, keeping its last version, while the
// schedule says so. It adds the journal files it read to read, and reports
// whether anything changed and whether only style sheets did. When
// kith.yaml names other note folders, the whole journal is read again.
func (s *Server) apply(ctx context.Context, batch map[string]bool, sc *schedule, now time.Time, read map[string]bool) (changed, cssOnly bool) {
	var notes, themeFiles []string
	config, theme, other := false, false, false
	for p := range batch {
		switch {
		case p == content.ConfigPath:
			config = true
		case inTheme(p):
			theme = true
			if st, err := fs.Stat(s.fsys, p); err == nil && st.IsDir() {
				continue // a new folder: its files are in the batch too
			}
			themeFiles = append(themeFiles, p)
		default:
			other = true
			if s.set.Config.Folders.KindOf(p) != content.Other {
				notes = append(notes, p)
				continue
			}
			if content.IsImage(p) {
				// An image a note embeds may have come, changed or gone:
				// link again, which finds the images anew.
				changed, read[p] = true, true
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
	slices.Sort(themeFiles)

	// Each file is read once: judged half-written or whole on the bytes
	// read, and parsed from the same bytes.
	update := func(p string) {
		data, err := content.ReadNote(s.fsys, p)
		if err == nil && halfWritten(data, s.set.Config.Folders.KindOf(p) != content.Other) && sc.hold(p, now) {
			return // the last version stays; read again when written or settled
		}
		sc.whole(p)
		var ok bool
		if err == nil {
			ok, err = s.set.Update(oneFile{p, data}, p)
		} else {
			// Gone, or not a file kith reads: the set says so in its own words.
			ok, err = s.set.Update(s.fsys, p)
		}
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
		folders := s.set.Config.Folders
		update(content.ConfigPath)
		if !folders.Equal(s.set.Config.Folders) {
			// Set.Update re-reads only kith.yaml; notes now lie in other folders.
			if err := s.reload(ctx); err != nil {
				s.report(Report{Err: err, Pages: s.pages()})
			}
			read["."] = true
			return true, false
		}
	}
	for _, p := range notes {
		update(p)
	}
	if theme {
		// The theme is parsed whole; it waits while any changed file of it
		// is held back.
		for _, p := range themeFiles {
			if data, err := content.ReadNote(s.fsys, p); err == nil && halfWritten(data, false) && sc.hold(p, now) {
				return changed, false
			}
			sc.whole(p)
		}
		th, err := site.Theme(s.sopt)
		if err != nil {
			s.themeErr = err
		} else {
			s.theme, s.themeErr = th, nil
		}
		changed = true
		cssOnly = !config && !other
		for _, p := range themeFiles {
			read[p] = true
			if path.Ext(p) != ".css" {
				cssOnly = false
			}
		}
	}
	return changed, cssOnly
}

// reload reads the whole journal again, after the watcher lost events or
// kith.yaml named other note folders.
func (s *Server) reload(ctx context.Context) error {
	// Watch before loading, so that nothing saved while loading is missed;
	// and again after, should kith.yaml have changed in between.
	if err := s.follow(readFolders(s.fsys)); err != nil {
		return err
	}
	set, err := content.Load(ctx, s.fsys)
	if err != nil {
		return err
	}
	if err := s.follow(set.Config.Folders); err != nil {
		return err
	}
	s.set = set
	clear(s.readErrs)
	s.theme, s.themeErr = site.Theme(s.sopt)
	return nil
}

// follow watches the note folders f and the attachment folder, and no
// longer those they replace.
func (s *Server) follow(f content.Folders) error {
	attach := content.NewAttachments(s.fsys).Folder()
	changed := !f.Equal(s.folders) || attach != s.attachDir
	s.folders, s.attachDir = f, attach
	if changed {
		s.w.follow(s.roots())
		s.unwatchStale()
	}
	if err := s.watchTree(s.root, nil); err != nil {
		return fmt.Errorf("watching the journal: %w", err)
	}
	return nil
}

// fullReason says why files read need the whole journal linked again
// (site.Patch links notes only), or "".
func fullReason(read map[string]bool, f content.Folders) string {
	for _, p := range slices.Sorted(maps.Keys(read)) {
		switch {
		case p == ".":
			return "the whole journal was read again"
		case p == content.ConfigPath:
			return content.ConfigPath + " changed"
		case inTheme(p):
			return "a template changed"
		case f.KindOf(p) == content.Other:
			return p + " changed"
		}
	}
	return ""
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
			st.site, st.buf, st.ver, st.token, st.cache = old.site, old.buf, old.ver, old.token, old.cache
			st.prev, st.cssOnly = old.prev, old.cssOnly
		}
	} else {
		s.gen++
		st = &state{site: next, buf: res.buf, token: fmt.Sprintf("%s.%d", s.startID, s.gen), cache: &pageCache{}}
		if res.buf != nil {
			st.ver = res.buf.ver
		}
		for name, b := range res.warm {
			st.cache.put(name, inject(b, st.token))
		}
	}
	css := ch.css && ch.pending && next != nil
	if next != nil && old != nil {
		st.prev, st.cssOnly = old.token, css
	}
	s.cur.Store(st)
	// The site no longer served is the spare for the next change; a site
	// linked with errors is, when none is served.
	switch {
	case next != nil && old != nil && old.buf != nil:
		s.spare = old.buf
	case next == nil && res.buf != nil:
		s.spare = res.buf
	}

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

	r := Report{Took: time.Since(ch.since), Problems: problems, Pages: s.pages(), Fixed: s.failing && len(problems) == 0, CSS: css, Full: res.full}
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
