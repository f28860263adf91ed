package build

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"kith/generator/cpu"
	"kith/generator/output"
	"kith/generator/site"
	"kith/generator/synth"
	"kith/templates"
)

// BenchmarkRenderOneNote measures the render stage of an update after one
// person's note changed (a line appended to its body, as
// testdata/bench/rebuild.sh does), on the 2,000-person, 20,000-entry
// journal of docs/performance.md: "changed" renders only the pages whose
// fingerprint changed (and works the fingerprints out), "all" renders every
// page, as updates did before. Loading and linking are not timed. It
// reports the CPU time of the stage (cpu-ms/op) besides the wall time.
func BenchmarkRenderOneNote(b *testing.B) {
	ctx := context.Background()
	fsys := synth.Generate(synth.Options{People: 2000, Entries: 20000, Events: 40, Seed: 1,
		Today: time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)})
	// Written to disk: the page fingerprints an update compares need the
	// walk of a journal on the operating system's files (an fs.FS in memory
	// gives none, and every page would be rendered).
	root := b.TempDir()
	dir := filepath.Join(root, "journal")
	var note string
	for p, f := range fsys {
		if strings.HasPrefix(p, "content/people/") && (note == "" || p < note) {
			note = p
		}
		path := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(path, f.Data, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	orig := slices.Clone(fsys[note].Data)
	notePath := filepath.Join(dir, filepath.FromSlash(note))
	edit := func(i int) {
		if err := os.WriteFile(notePath, fmt.Appendf(slices.Clone(orig), "\nAlso met again in round %d.\n", i), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	opt := Options{
		Site:      site.Options{Journal: os.DirFS(dir), Theme: templates.FS(), Today: today},
		Generator: func() string { return "bench" },
		Cache:     filepath.Join(root, "cache", "inputs.txt"),
		Dest:      filepath.Join(root, "site"),
		Output:    output.Options{Incremental: true},
	}
	for i := range 2 { // a first build, then an update that records the pages
		edit(i)
		if _, err := Run(ctx, opt); err != nil {
			b.Fatal(err)
		}
	}
	for _, mode := range []string{"changed", "all"} {
		b.Run(mode, func(b *testing.B) {
			var spent time.Duration
			i := 2
			for b.Loop() {
				b.StopTimer()
				edit(i)
				i++
				s, err := Link(ctx, opt)
				if err != nil {
					b.Fatal(err)
				}
				s.Files() // the search index, which is not this stage's
				d, err := output.Open(opt.Dest, output.Options{Incremental: true, Site: s.ID()})
				if err != nil {
					b.Fatal(err)
				}
				d.Intact()
				o := opt
				if mode == "all" {
					o.Cache = ""
				}
				runtime.GC() // the garbage of linking is not this stage's
				c := cpu.Used()
				b.StartTimer()
				st, err := renderStage(ctx, o, s, d)
				b.StopTimer()
				spent += cpu.Used() - c
				if err != nil {
					b.Fatal(err)
				}
				if mode == "changed" && st.unrendered < 20000 {
					b.Fatalf("got %d pages not rendered, want most (%s)", st.unrendered, st.why)
				}
				if err := d.Abort(); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
			}
			b.ReportMetric(float64(spent.Microseconds())/1000/float64(b.N), "cpu-ms/op")
		})
	}
}
