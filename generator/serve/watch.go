package serve

import (
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"

	"kith/generator/content"
)

// watcher reports changes under the journal folder. fsnotify watches one
// folder at a time, so every folder is added; the poller looks at the whole
// tree every time and ignores add.
type watcher interface {
	events() <-chan fsnotify.Event
	errors() <-chan error
	add(dir string) error
	remove(dir string)
	close() error
}

type notifier struct{ w *fsnotify.Watcher }

func newNotifier() (*notifier, error) {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	return &notifier{w}, nil
}

func (n *notifier) events() <-chan fsnotify.Event { return n.w.Events }
func (n *notifier) errors() <-chan error          { return n.w.Errors }
func (n *notifier) add(dir string) error          { return n.w.Add(dir) }
func (n *notifier) remove(dir string)             { _ = n.w.Remove(dir) }
func (n *notifier) close() error                  { return n.w.Close() }

// watched reports whether a journal path is one the preview depends on:
// kith.yaml and everything under content/ and templates/.
func watched(rel string) bool {
	switch {
	case rel == content.ConfigPath, rel == "content", rel == "templates":
		return true
	case strings.HasPrefix(rel, "content/"), strings.HasPrefix(rel, "templates/"):
		return !content.Ignored(rel)
	}
	return false
}

// rel turns an absolute path under the journal into a slash-separated
// journal path, reporting false for anything outside it.
func (s *Server) rel(abs string) (string, bool) {
	r, err := filepath.Rel(s.root, abs)
	if err != nil || r == "." || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) {
		return "", false
	}
	return filepath.ToSlash(r), true
}

// watchTree watches dir and every folder under it that the preview depends
// on. With found set, it also adds every file it meets, because files made
// in a new folder before its watch was added send no events of their own.
func (s *Server) watchTree(dir string, found map[string]bool) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p != dir && os.IsNotExist(err) {
				return nil // gone while walking; its removal has its own event
			}
			return err
		}
		rel := "."
		if p != s.root {
			var ok bool
			if rel, ok = s.rel(p); !ok || !watched(rel) {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
		}
		if !d.IsDir() {
			if found != nil {
				found[rel] = true
			}
			return nil
		}
		if !s.watch[p] {
			if err := s.w.add(p); err != nil {
				if os.IsNotExist(err) {
					return filepath.SkipDir
				}
				return err
			}
			s.watch[p] = true
		}
		if p == s.root {
			// Of the journal folder's children only content/ and templates/
			// are walked; kith.yaml is seen through the root's own watch.
			for _, sub := range []string{"content", "templates"} {
				if st, err := os.Stat(filepath.Join(p, sub)); err == nil && st.IsDir() {
					if err := s.watchTree(filepath.Join(p, sub), found); err != nil {
						return err
					}
				}
			}
			return filepath.SkipDir
		}
		return nil
	})
}

// unwatch forgets the watches of a folder that is gone and of those under it.
func (s *Server) unwatch(abs string) {
	prefix := abs + string(filepath.Separator)
	for p := range s.watch {
		if p == abs || strings.HasPrefix(p, prefix) {
			s.w.remove(p)
			delete(s.watch, p)
		}
	}
}

// poller finds changes by reading the size, time and kind of every watched
// file at an interval, for file systems where fsnotify sees nothing
// (network shares, some containers and virtual machines). The interval
// grows on journals so large that looking takes more than a tenth of it.
type poller struct {
	root     string
	interval time.Duration
	ev       chan fsnotify.Event
	errs     chan error
	done     chan struct{}
	wg       sync.WaitGroup
	once     sync.Once
}

type stamp struct {
	size  int64
	mtime time.Time
	mode  fs.FileMode
}

func newPoller(root string, interval time.Duration) (*poller, error) {
	p := &poller{root: root, interval: interval, ev: make(chan fsnotify.Event), errs: make(chan error), done: make(chan struct{})}
	seen, err := p.scan()
	if err != nil {
		return nil, err
	}
	p.wg.Add(1)
	go p.run(seen) // ends when close closes done
	return p, nil
}

func (p *poller) events() <-chan fsnotify.Event { return p.ev }
func (p *poller) errors() <-chan error          { return p.errs }
func (p *poller) add(string) error              { return nil }
func (p *poller) remove(string)                 {}

func (p *poller) close() error {
	p.once.Do(func() {
		close(p.done)
		p.wg.Wait()
	})
	return nil
}

// pollShare keeps the poller to a tenth of one CPU: it waits at least this
// many times as long as its last look took.
const pollShare = 10

func (p *poller) run(seen map[string]stamp) {
	defer p.wg.Done()
	t := time.NewTimer(p.interval)
	defer t.Stop()
	for {
		select {
		case <-p.done:
			return
		case <-t.C:
		}
		start := time.Now()
		now, err := p.scan()
		t.Reset(max(p.interval, pollShare*time.Since(start)))
		if err != nil {
			select {
			case p.errs <- err:
				continue
			case <-p.done:
				return
			}
		}
		for _, ev := range diff(seen, now) {
			select {
			case p.ev <- ev:
			case <-p.done:
				return
			}
		}
		seen = now
	}
}

// diff lists what changed between two scans, in path order.
func diff(before, after map[string]stamp) []fsnotify.Event {
	var out []fsnotify.Event
	for name, a := range after {
		b, ok := before[name]
		switch {
		case !ok:
			out = append(out, fsnotify.Event{Name: name, Op: fsnotify.Create})
		case a != b:
			out = append(out, fsnotify.Event{Name: name, Op: fsnotify.Write})
		}
	}
	for name := range before {
		if _, ok := after[name]; !ok {
			out = append(out, fsnotify.Event{Name: name, Op: fsnotify.Remove})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// scan reads the stamps of kith.yaml and of everything under content/ and
// templates/.
func (p *poller) scan() (map[string]stamp, error) {
	out := map[string]stamp{}
	if st, err := os.Stat(filepath.Join(p.root, content.ConfigPath)); err == nil {
		out[filepath.Join(p.root, content.ConfigPath)] = stamp{st.Size(), st.ModTime(), st.Mode()}
	}
	for _, sub := range []string{"content", "templates"} {
		if err := p.walk(filepath.Join(p.root, sub), out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// walk stamps everything in dir and under it. It reads folders unsorted,
// which is all a scan needs and saves sorting thousands of names per look.
func (p *poller) walk(dir string, out map[string]stamp) error {
	f, err := os.Open(dir)
	if err != nil {
		if os.IsNotExist(err) {
			return nil // absent, or gone while walking
		}
		return err
	}
	ents, err := f.ReadDir(-1)
	f.Close()
	if err != nil && !os.IsNotExist(err) {
		return err
	}
	for _, e := range ents {
		if content.Ignored(e.Name()) {
			continue
		}
		name := dir + string(filepath.Separator) + e.Name()
		st, err := e.Info()
		if err != nil {
			if os.IsNotExist(err) {
				continue
			}
			return err
		}
		out[name] = stamp{st.Size(), st.ModTime(), st.Mode()}
		if e.IsDir() {
			if err := p.walk(name, out); err != nil {
				return err
			}
		}
	}
	return nil
}
