package site

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"runtime"
	"sort"
	"sync"

	"kith/generator/content"
	"kith/generator/journal"
	"kith/generator/output"
	"kith/generator/render"
)

// Options says what to build and how.
type Options struct {
	Journal fs.FS        // the journal folder: kith.yaml, content/, templates/
	Theme   fs.FS        // the default theme; the journal's templates/ override it
	Today   content.Date // the day the site is seen from
	Drafts  bool         // include notes marked draft: true
	Workers int          // render workers; 0 means one per CPU

	// Address, if set, maps each site address to the one written, such as
	// an opaque name on an encrypted site.
	Address func(string) string

	// Encrypt, if set, makes the site encrypted (see Encryption); its
	// opaque addresses then take the place of Address.
	Encrypt *Encryption
}

// Load reads and links a journal and parses its theme. When the journal has
// errors it returns them as content.Problems (use errors.As) and no site.
// Warnings are in the site's J.Problems.
func Load(ctx context.Context, opt Options) (*Site, *content.Set, error) {
	set, err := content.Load(ctx, opt.Journal)
	if err != nil {
		return nil, nil, err
	}
	theme, err := Theme(opt)
	if err != nil {
		return nil, nil, err
	}
	s, err := Link(set, opt, theme)
	return s, set, err
}

// Link builds the model of already parsed files and lays out their site.
// When the journal has errors it returns them as content.Problems and no
// site. The preview server keeps the set and the theme, updates the set file
// by file and links again.
func Link(set *content.Set, opt Options, theme *render.Theme) (*Site, error) {
	s, err := LinkAll(set, opt, theme)
	if err != nil {
		return nil, err
	}
	return s, nil
}

// LinkAll is Link that lays the site out even when the journal has errors
// (returned as content.Problems too): the preview keeps such a site to
// patch (Patch), and never shows it.
func LinkAll(set *content.Set, opt Options, theme *render.Theme) (*Site, error) {
	j := journal.Build(set, journal.Options{Today: opt.Today, Drafts: opt.Drafts})
	var err error
	if errs := j.Problems.Errors(); len(errs) > 0 {
		err = errs
	}
	if opt.Encrypt != nil {
		n := &namer{enc: opt.Encrypt, names: map[string]string{}}
		s := New(j, theme, n.address)
		s.addImages(opt.Journal, opt.Encrypt.Key.OpaqueName)
		n.frozen = true
		s.encrypt(opt.Encrypt)
		return s, err
	}
	s := New(j, theme, opt.Address)
	s.addImages(opt.Journal, nil)
	return s, err
}

// Theme parses the default theme overlaid with the journal's templates/.
func Theme(opt Options) (*render.Theme, error) {
	var top fs.FS
	if st, err := fs.Stat(opt.Journal, "templates"); err == nil && st.IsDir() {
		if sub, err := fs.Sub(opt.Journal, "templates"); err == nil {
			top = sub
		}
	}
	return render.ParseTheme(render.Overlay(top, opt.Theme))
}

// Result tells what a build made.
type Result struct {
	Site  *Site
	Files int
	Bytes int64
}

// Build reads the journal, renders every page and swaps the new site into
// dest. On any error nothing is changed at dest. protect names folders
// (the journal) that dest may never contain.
//
// Deprecated: build.Run is the pipeline's entry point; Build and Write stay
// for the packages and tests not yet moved to it.
func Build(ctx context.Context, opt Options, dest string, protect ...string) (Result, error) {
	s, _, err := Load(ctx, opt)
	if err != nil {
		return Result{}, err
	}
	return Write(ctx, s, dest, opt.Workers, protect...)
}

// Write renders every file of s on a bounded pool of workers, one buffer
// each, into a fresh folder, and swaps it in place of dest.
//
// Deprecated: use build.Run with Options.Linked.
func Write(ctx context.Context, s *Site, dest string, workers int, protect ...string) (Result, error) {
	d, err := output.Open(dest, output.Options{Protect: protect})
	if err != nil {
		return Result{}, err
	}
	res, err := WriteDir(ctx, s, d, workers)
	if err != nil {
		_ = d.Abort()
		return Result{}, err
	}
	if err := d.Commit(); err != nil {
		_ = d.Abort()
		return Result{}, err
	}
	return res, nil
}

// WriteDir is the render and write stages: it renders every file of s into
// d (sealing each page of an encrypted site) and leaves committing (or
// aborting) to the caller, who may first compare d with what it replaces.
func WriteDir(ctx context.Context, s *Site, d *output.Dir, workers int) (Result, error) {
	if workers <= 0 {
		// More workers than CPUs: while some wait on the disk to create a
		// folder or a file, the others keep the CPUs busy rendering.
		workers = 4 * runtime.GOMAXPROCS(0)
	}
	files := s.renderOrder()
	jobs := make(chan string)
	type tally struct {
		bytes int64
		errs  []error
	}
	tallies := make([]tally, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() { // ends when jobs is closed
			defer wg.Done()
			var buf bytes.Buffer
			t := &tallies[w]
			for name := range jobs {
				buf.Reset()
				err := s.Render(&buf, name)
				if err == nil {
					err = d.Write(name, buf.Bytes())
				}
				if err != nil {
					t.errs = append(t.errs, err)
					continue
				}
				t.bytes += int64(buf.Len())
			}
		}()
	}
	var cancelled error
	for _, name := range files {
		if cancelled = ctx.Err(); cancelled != nil {
			break
		}
		jobs <- name
	}
	close(jobs)
	wg.Wait()
	if cancelled != nil {
		return Result{}, cancelled
	}
	res := Result{Site: s, Files: len(files)}
	var errs []error
	for _, t := range tallies {
		res.Bytes += t.bytes
		errs = append(errs, t.errs...)
	}
	if len(errs) > 0 {
		return Result{}, sortedErrors(errs)
	}
	return res, nil
}

// sortedErrors joins errors in a stable order, whatever order the workers
// met them in.
func sortedErrors(errs []error) error {
	sort.Slice(errs, func(a, b int) bool { return errs[a].Error() < errs[b].Error() })
	return fmt.Errorf("%d files failed to render: %w", len(errs), errors.Join(errs...))
}

// renderOrder lists the files with the list pages first: /entries/ alone can
// take a large share of a build, and started last it would leave one worker
// rendering while the others wait. The output does not depend on the order.
func (s *Site) renderOrder() []string {
	files := s.Files()
	out := make([]string, 0, len(files))
	for _, f := range files {
		if p := s.pages[f]; p != nil && !leaf(p.Kind) {
			out = append(out, f)
		}
	}
	for _, f := range files {
		if p := s.pages[f]; p == nil || leaf(p.Kind) {
			out = append(out, f)
		}
	}
	return out
}

// leaf reports whether pages of a kind show one thing, not a list.
func leaf(kind string) bool {
	return kind == "person" || kind == "entry" || kind == "event" || kind == "404"
}
