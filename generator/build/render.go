package build

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"runtime"
	"sort"
	"sync"

	"kith/generator/output"
	"kith/generator/site"
)

// Render is the render and write stages: it renders every file of s on a
// bounded pool of workers, one buffer each (sealing each page of an
// encrypted site), and hands the bytes to d, which writes those that
// differ from what the destination holds. Committing or aborting d is the
// caller's. It returns the number of files and their bytes.
func Render(ctx context.Context, s *site.Site, d *output.Dir, workers int) (files int, size int64, err error) {
	// The search index is made first (site.Files makes it when first
	// called), on every CPU: made while pages render, it cost a full build
	// a quarter more CPU (the heap near the memory limit, docs/performance.md).
	names, err := siteFiles(s)
	if err != nil {
		return 0, 0, err
	}
	files, size, _, err = render(ctx, s, d, workers, renderOrder(names, s), nil, nil)
	return files, size, err
}

// siteFiles lists every file of s, making its search index (site.Files),
// and returns the error writing the index's files, if they go straight
// into the destination (site.SetSearchSink).
func siteFiles(s *site.Site) ([]string, error) {
	files := s.Files()
	return files, s.SearchErr()
}

// notIn returns the files of all, sorted, that are not in some, sorted.
func notIn(all, some []string) []string {
	var out []string
	i := 0
	for _, f := range all {
		for i < len(some) && some[i] < f {
			i++
		}
		if i < len(some) && some[i] == f {
			continue
		}
		out = append(out, f)
	}
	return out
}

// render is Render that first asks keep about each file: when keep says
// the destination holds the file's bytes already (output.Dir.Keep), with
// their size, the file is not rendered. It also returns how many were
// kept. rendered, if set, is told each file rendered (from any worker).
func render(ctx context.Context, s *site.Site, d *output.Dir, workers int, names []string, keep func(name string) (int64, bool), rendered func(string)) (files int, size int64, kept int, err error) {
	if workers <= 0 {
		// More workers than CPUs: while some wait on the disk to create a
		// folder or a file, the others keep the CPUs busy rendering.
		workers = 4 * runtime.GOMAXPROCS(0)
	}
	// The files are handed to the workers one at a time; when most are
	// kept (an update), a run of them at a time, so that the 22,000 pages
	// an update keeps cost no hand-over between goroutines each. (Taken
	// from a counter instead, with no hand-over at all, a full build took
	// 3-5% more CPU and 8 MiB more memory: docs/performance.md, eighth
	// session.)
	size1 := 1
	if keep != nil {
		size1 = keptBatch
	}
	type tally struct {
		bytes int64
		kept  int
		errs  []error
	}
	jobs := make(chan []string)
	tallies := make([]tally, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() { // ends when jobs is closed
			defer wg.Done()
			var buf bytes.Buffer
			t := &tallies[w]
			for run := range jobs {
				for _, name := range run {
					if keep != nil {
						if n, ok := keep(name); ok {
							t.bytes += n
							t.kept++
							continue
						}
					}
					if rendered != nil {
						rendered(name)
					}
					// The search index's files are written as made, not
					// copied into the buffer (30 MB on a large journal).
					data, made := s.Made(name)
					if made && data == nil { // written into d as made
						sum, _ := d.Sum(name)
						t.bytes += sum.Size
						continue
					}
					var err error
					if !made {
						buf.Reset()
						err = s.Render(&buf, name)
						data = buf.Bytes()
					}
					if err == nil {
						err = d.Write(name, data)
					}
					if err != nil {
						t.errs = append(t.errs, err)
						continue
					}
					t.bytes += int64(len(data))
				}
			}
		}()
	}
	var cancelled error
	for from := 0; from < len(names); from += size1 {
		if cancelled = ctx.Err(); cancelled != nil {
			break
		}
		jobs <- names[from:min(from+size1, len(names))]
	}
	close(jobs)
	wg.Wait()
	if cancelled != nil {
		return 0, 0, 0, cancelled
	}
	var all tally
	for _, t := range tallies {
		all.bytes += t.bytes
		all.kept += t.kept
		all.errs = append(all.errs, t.errs...)
	}
	if len(all.errs) > 0 {
		return 0, 0, 0, sortedErrors(all.errs)
	}
	return len(names), all.bytes, all.kept, nil
}

// keptBatch is how many files of an update a render worker takes at a
// time: most are kept, each asked about in well under a microsecond.
const keptBatch = 64

// sortedErrors joins errors in a stable order, whatever order the workers
// met them in.
func sortedErrors(errs []error) error {
	sort.Slice(errs, func(a, b int) bool { return errs[a].Error() < errs[b].Error() })
	return fmt.Errorf("%d files failed to render: %w", len(errs), errors.Join(errs...))
}

// renderOrder orders files of s with the list pages first: /entries/ alone
// can take a large share of a build, and started last it would leave one
// worker rendering while the others wait. The output does not depend on the
// order.
func renderOrder(files []string, s *site.Site) []string {
	out := make([]string, 0, len(files))
	for _, f := range files {
		if p := s.Page(f); p != nil && !leaf(p.Kind) {
			out = append(out, f)
		}
	}
	for _, f := range files {
		if p := s.Page(f); p == nil || leaf(p.Kind) {
			out = append(out, f)
		}
	}
	return out
}

// leaf reports whether pages of a kind show one thing, not a list.
func leaf(kind string) bool {
	return kind == "person" || kind == "entry" || kind == "event" || kind == "404"
}
