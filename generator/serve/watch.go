package serve

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
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
	follow(roots []string) // the folders to look in, for a watcher that looks in folders by itself
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
func (n *notifier) follow([]string)               {} // folders are added one by one
func (n *notifier) close() error                  { return n.w.Close() }

// themeDir is the folder of a journal's own templates, which the preview
// watches besides the note folders.
const themeDir = "templates"

// inTheme reports whether a journal path is the theme folder or inside it.
func inTheme(rel string) bool { return rel == themeDir || strings.HasPrefix(rel, themeDir+"/") }

// watched reports whether a journal path is one the preview depends on:
// kith.yaml, the note folders kith.yaml names (content/ by default) and
// templates/, and the folders on the way to a note folder (Notes, for
// folders: {people: [Notes/People]}), so that creating them is seen; and the
// folder Obsidian keeps attachments in, for the images notes embed.
func (s *Server) watched(rel string) bool {
	switch {
	case rel == content.ConfigPath:
		return true
	case content.Ignored(rel):
		return false
	case inTheme(rel), s.folders.Holds(rel), s.attachDir != "" && (rel == s.attachDir || strings.HasPrefix(rel, s.attachDir+"/")):
		return true
	}
	for _, r := range s.roots() {
		if strings.HasPrefix(r, rel+"/") {
			return true
		}
	}
	return false
}

// roots lists the folders the preview watches besides templates/: the note
// folders and the attachment folder.
func (s *Server) roots() []string {
	r := s.folders.Roots()
	if s.attachDir != "" {
		r = append(r, s.attachDir)
	}
	return r
}

// readFolders reads the note folders kith.yaml names, before the journal is
// loaded: the preview watches them before it reads the notes. A kith.yaml
// that cannot be read has the default folders; loading reports its problems.
func readFolders(fsys fs.FS) content.Folders {
	data, err := fs.ReadFile(fsys, content.ConfigPath)
	if err != nil {
		return content.DefaultFolders()
	}
	cfg, _ := content.ParseConfig(content.ConfigPath, data)
	return cfg.Folders
}

// scanRoots lists the folders the poller looks in: roots and the theme,
// without one that lies inside another.
func scanRoots(roots []string) []string {
	all := append(slices.Clone(roots), themeDir)
	slices.Sort(all)
	var out []string
	for _, r := range all {
		if n := len(out); n > 0 && (out[n-1] == "." || r == out[n-1] || strings.HasPrefix(r, out[n-1]+"/")) {
			continue
		}
		out = append(out, r)
	}
	return out
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
			if rel, ok = s.rel(p); !ok || !s.watched(rel) {
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
			// Of the journal folder's children only the note folders and
			// templates/ are walked; kith.yaml is seen through the root's own
			// watch.
			for _, sub := range scanRoots(s.roots()) {
				if sub == "." {
					return nil // the whole journal holds notes: walk on
				}
				top, _, _ := strings.Cut(sub, "/")
				if st, err := os.Stat(filepath.Join(p, top)); err == nil && st.IsDir() {
					if err := s.watchTree(filepath.Join(p, top), found); err != nil {
						return err
					}
				}
			}
			return filepath.SkipDir
		}
		return nil
	})
}

// unwatchStale forgets the watches of folders the preview no longer depends
// on, after kith.yaml named other note folders.
func (s *Server) unwatchStale() {
	for p := range s.watch {
		if rel, ok := s.rel(p); ok && !s.watched(rel) {
			s.w.remove(p)
			delete(s.watch, p)
		}
	}
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
	dirs     atomic.Pointer[[]string] // the folders looked in, relative to root; see follow
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

func newPoller(root string, interval time.Duration, roots []string) (*poller, error) {
	p := &poller{root: root, interval: interval, ev: make(chan fsnotify.Event), errs: make(chan error), done: make(chan struct{})}
	p.follow(roots)
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

// follow makes the next looks read the folders roots (and the theme). A
// folder newly looked in reports its files as created.
func (p *poller) follow(roots []string) {
	dirs := scanRoots(roots)
	p.dirs.Store(&dirs)
}

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

// scan reads the stamps of kith.yaml and of everything in the note folders
// and templates/.
func (p *poller) scan() (map[string]stamp, error) {
	out := map[string]stamp{}
	if st, err := os.Stat(filepath.Join(p.root, content.ConfigPath)); err == nil {
		out[filepath.Join(p.root, content.ConfigPath)] = stamp{st.Size(), st.ModTime(), st.Mode()}
	}
	for _, sub := range *p.dirs.Load() {
		if err := p.walk(filepath.Join(p.root, filepath.FromSlash(sub)), out); err != nil {
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
