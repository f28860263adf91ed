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
	if workers <= 0 {
		// More workers than CPUs: while some wait on the disk to create a
		// folder or a file, the others keep the CPUs busy rendering.
		workers = 4 * runtime.GOMAXPROCS(0)
	}
	names := renderOrder(s)
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
	for _, name := range names {
		if cancelled = ctx.Err(); cancelled != nil {
			break
		}
		jobs <- name
	}
	close(jobs)
	wg.Wait()
	if cancelled != nil {
		return 0, 0, cancelled
	}
	var errs []error
	for _, t := range tallies {
		size += t.bytes
		errs = append(errs, t.errs...)
	}
	if len(errs) > 0 {
		return 0, 0, sortedErrors(errs)
	}
	return len(names), size, nil
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
func renderOrder(s *site.Site) []string {
	files := s.Files()
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
