// Package serve is kith's preview server. It keeps one journal in memory,
// watches its files, applies each saved change by re-reading only the files
// that changed and linking the model again, renders pages on request, and
// tells open pages to reload over Server-Sent Events. A change with errors
// keeps the last good site on screen under an overlay that lists them.
package serve

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"kith/generator/content"
	"kith/generator/render"
	"kith/generator/site"
)

// Defaults for the zero values of Options.
const (
	DefaultBind         = "127.0.0.1"
	DefaultDebounce     = 30 * time.Millisecond
	DefaultSettle       = 300 * time.Millisecond
	DefaultPollInterval = 250 * time.Millisecond
	DefaultIdleTimeout  = time.Minute

	// MaxStreams is how many live-reload streams stay open at once; a new
	// one closes the oldest (its page reconnects by itself if still open).
	MaxStreams = 32

	// readHeaderTimeout bounds how long a client may take to send its
	// request headers.
	readHeaderTimeout = 10 * time.Second

	// maxWait bounds how long a steady stream of events can put a change off.
	maxWait = time.Second
	// shutdownGrace is how long open requests may take to finish on shutdown.
	shutdownGrace = 5 * time.Second
)

// Options says which journal to preview and how.
type Options struct {
	Journal string       // the journal folder on disk: kith.yaml, content/, templates/
	Theme   fs.FS        // the default theme; the journal's templates/ override it
	Today   content.Date // the day the site is seen from
	// Day, if set, is asked once a minute for the day the site is seen from;
	// when the answer changes, the site is linked again (follow-ups fall due
	// at midnight). Today is used until the first answer differs from it.
	Day    func() content.Date
	Drafts bool // include notes marked draft: true

	Bind string // the address to listen on; "" means 127.0.0.1
	// AllowHosts are names, besides loopback ones and the bound address,
	// that requests may give as their Host (for a proxy in front).
	AllowHosts []string
	Port       int // the port; 0 picks a free one

	Poll         bool          // look for changes by reading file times instead of fsnotify
	PollInterval time.Duration // how often --poll looks; 0 means DefaultPollInterval

	// Debounce is how long file events must have stopped before a change
	// is shown; 0 means DefaultDebounce. Reading the changed files and
	// linking start earlier and overlap it.
	Debounce time.Duration
	// Settle is how long a file that looks half-written (empty, or front
	// matter not closed yet) is held back waiting for the rest of the write;
	// 0 means DefaultSettle.
	Settle time.Duration

	// IdleTimeout is how long a kept-alive connection with no request in
	// flight stays open; 0 means DefaultIdleTimeout.
	IdleTimeout time.Duration

	// Report, if set, hears about the first load and every change applied.
	// Calls never overlap. Only the command layer prints them.
	Report func(Report)
}

// Report tells the command layer what the server did, for it to print.
type Report struct {
	Paths    []string         // journal files read again, sorted; nil for the first load, empty for a new day, "." after a full re-read
	Took     time.Duration    // from the first file event (or the start) to the new site being served
	Pages    int              // pages of the site being served
	Problems content.Problems // errors: the last good site stays on screen under an overlay
	Warnings content.Problems // warnings not reported before
	Fixed    bool             // the errors reported before are gone
	Full     string           // why the whole journal was linked again; "" when only what the change touched was
	CSS      bool             // only style sheets changed; pages swap them without reloading
	Err      error            // something went wrong that is not in a note, like a watcher error
}

// Server previews one journal. Make it with New, then call Serve once.
type Server struct {
	opt   Options
	root  string       // absolute journal folder
	fsys  fs.FS        // the journal folder
	sopt  site.Options // what site.Link is told
	ln    net.Listener
	url   string
	w     watcher
	watch map[string]bool // folders watched, by absolute path

	// The note folders watched: those kith.yaml names, read before the
	// journal is loaded; after, the same as set.Config.Folders.
	folders   content.Folders
	attachDir string // the attachment folder .obsidian/app.json names, or ""
	hosts     hosts  // the Host names requests may give

	// Owned by the update loop (and New before it).
	set       *content.Set
	theme     *render.Theme
	themeErr  error
	readErrs  map[string]error // files that could not be read, by path
	failing   bool             // the last report had errors
	warned    map[string]bool  // warnings already reported
	gen       int
	startID   string
	reportMu  sync.Mutex
	closeOnce sync.Once

	// The linked sites the update loop owns besides the one served: the
	// spare, patched for the next change (see buffer), nil while a link
	// has it or after an error.
	spare *buffer

	cur  atomic.Pointer[state] // what requests see
	hub  *hub
	bufs sync.Pool // *bytes.Buffer for rendering

	refusedMu sync.Mutex
	refused   map[string]bool // Hosts and Origins refused and reported
}

// state is one generation of the served site. Requests read it without
// locks; the update loop replaces it whole.
type state struct {
	site     *site.Site       // the last good site, nil when there never was one
	buf      *buffer          // the buffer site is in, nil with site
	ver      uint64           // the version of buf this state serves
	problems content.Problems // errors that keep the site from updating
	token    string           // changes with every new site; pages carry it
	prev     string           // the token of the site this one replaced
	cssOnly  bool             // this site differs from prev only in style sheets
	cache    *pageCache
}

// New loads the journal, parses the theme, starts watching the journal's
// folders and binds the listening socket, so that a port in use is an error
// here. The journal's own errors are not: the server starts anyway and shows
// them. Call Serve to start serving, or Close to give everything back.
func New(ctx context.Context, opt Options) (*Server, error) {
	start := time.Now()
	if opt.Bind == "" {
		opt.Bind = DefaultBind
	}
	if opt.Debounce <= 0 {
		opt.Debounce = DefaultDebounce
	}
	if opt.Settle <= 0 {
		opt.Settle = DefaultSettle
	}
	if opt.PollInterval <= 0 {
		opt.PollInterval = DefaultPollInterval
	}
	if opt.IdleTimeout <= 0 {
		opt.IdleTimeout = DefaultIdleTimeout
	}
	root, err := filepath.Abs(opt.Journal)
	if err != nil {
		return nil, fmt.Errorf("journal folder: %w", err)
	}
	if st, err := os.Stat(root); err != nil {
		return nil, fmt.Errorf("journal folder: %w", err)
	} else if !st.IsDir() {
		return nil, fmt.Errorf("%s is not a folder", opt.Journal)
	}
	s := &Server{
		opt:      opt,
		root:     root,
		fsys:     os.DirFS(root),
		watch:    map[string]bool{},
		readErrs: map[string]error{},
		warned:   map[string]bool{},
		startID:  strconv.FormatInt(start.UnixNano(), 36),
		hub:      newHub(MaxStreams),
		hosts:    newHosts(opt.Bind, opt.AllowHosts),
		refused:  map[string]bool{},
	}
	s.sopt = site.Options{Journal: s.fsys, Theme: opt.Theme, Today: opt.Today, Drafts: opt.Drafts}

	addr := net.JoinHostPort(opt.Bind, strconv.Itoa(opt.Port))
	s.ln, err = net.Listen("tcp", addr)
	if err != nil {
		if errors.Is(err, syscall.EADDRINUSE) {
			return nil, fmt.Errorf("%s: %w; is another kith serve running? Pick another port with --port", addr, syscall.EADDRINUSE)
		}
		return nil, fmt.Errorf("listening on %s: %w", addr, err)
	}
	host := opt.Bind
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		host = "127.0.0.1"
	}
	s.url = "http://" + net.JoinHostPort(host, strconv.Itoa(s.ln.Addr().(*net.TCPAddr).Port)) + "/"

	// Watch before loading, so that nothing saved while loading is missed.
	s.folders = readFolders(s.fsys)
	s.attachDir = content.NewAttachments(s.fsys).Folder()
	if opt.Poll {
		var p *poller
		if p, err = newPoller(root, opt.PollInterval, s.roots()); err == nil {
			s.w = p
		}
	} else {
		var n *notifier
		if n, err = newNotifier(); err == nil {
			s.w = n
		}
	}
	if err == nil {
		err = s.watchTree(root, nil)
	}
	if err != nil {
		s.Close()
		return nil, fmt.Errorf("watching %s: %w", opt.Journal, err)
	}

	s.set, err = content.Load(ctx, s.fsys)
	if err == nil && !s.folders.Equal(s.set.Config.Folders) {
		err = s.follow(s.set.Config.Folders) // kith.yaml changed while loading
	}
	if err != nil {
		s.Close()
		return nil, err
	}
	s.theme, s.themeErr = site.Theme(s.sopt)
	s.publish(change{since: start}, s.relink(nil))
	return s, nil
}

// URL is the address the site is served at, like "http://127.0.0.1:1313/".
func (s *Server) URL() string { return s.url }

// Close gives back the socket and the watcher without serving. Serve does
// this itself when it returns.
func (s *Server) Close() error {
	var err error
	s.closeOnce.Do(func() {
		s.hub.close()
		if s.w != nil {
			err = s.w.close()
		}
		if e := s.ln.Close(); e != nil && err == nil && !errors.Is(e, net.ErrClosed) {
			err = e
		}
	})
	return err
}

// Serve serves the site and applies changes to the journal until ctx is
// done, then closes every live-reload stream, shuts the HTTP server down
// (letting open requests finish) and closes the watcher. It returns nil
// after a clean stop.
func (s *Server) Serve(ctx context.Context) error {
	srv := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: readHeaderTimeout,
		IdleTimeout:       s.opt.IdleTimeout,
		ErrorLog:          log.New(io.Discard, "", 0), // the command layer prints; broken connections are not news
	}
	served := make(chan error, 1)
	go func() { // ends when srv is shut down or closed below
		served <- srv.Serve(s.ln)
	}()
	err := s.loop(ctx, served)

	// Live-reload streams never go idle, so end them before Shutdown waits.
	s.hub.close()
	sctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if e := srv.Shutdown(sctx); e != nil {
		_ = srv.Close()
	}
	if e := <-served; e != nil && !errors.Is(e, http.ErrServerClosed) && err == nil {
		err = e
	}
	if e := s.Close(); e != nil && err == nil {
		err = e
	}
	return err
}

// report hands r to the command layer, one call at a time.
func (s *Server) report(r Report) {
	if s.opt.Report == nil {
		return
	}
	s.reportMu.Lock()
	defer s.reportMu.Unlock()
	s.opt.Report(r)
}
