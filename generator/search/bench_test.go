package search

import (
	"context"
	"fmt"
	"io/fs"
	"kith/generator/output"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"
	"time"

	"testing/fstest"

	"kith/generator/content"
	"kith/generator/cpu"
	"kith/generator/journal"
)

// BenchmarkBuild builds the index of the journal in $KITH_BENCH_JOURNAL
// (kith synth DIR makes one of 2,000 people and 20,000 entries).
func BenchmarkBuild(b *testing.B) {
	dir := os.Getenv("KITH_BENCH_JOURNAL")
	if dir == "" {
		b.Skip("set KITH_BENCH_JOURNAL to a journal folder")
	}
	set, err := content.Load(context.Background(), os.DirFS(dir))
	if err != nil {
		b.Fatal(err)
	}
	day, _ := content.ParseDate("2026-11-29")
	j := journal.Build(set, journal.Options{Today: day})
	b.ResetTimer()
	cpu0 := cpu.Used()
	defer func() { b.ReportMetric(float64(cpu.Used()-cpu0)/float64(b.N)/1e6, "cpu-ms/op") }()
	for i := 0; i < b.N; i++ {
		ix := Build(j, nil)
		files := ix.Files("")
		if i == 0 {
			n, t, p := 0, len(ix.Terms), 0
			for _, f := range files {
				n += len(f.Data)
			}
			for _, ps := range ix.Terms {
				p += len(ps)
			}
			b.Logf("%d files, %d bytes, %d terms, %d postings, %d shards", len(files), n, t, p, len(ix.Keys))
			var sizes []int
			chunks := 0
			for _, f := range files[1:] {
				if strings.HasPrefix(f.Name, "search/t/") {
					sizes = append(sizes, len(f.Data))
				} else {
					chunks += len(f.Data)
				}
			}
			sort.Sort(sort.Reverse(sort.IntSlice(sizes)))
			b.Logf("manifest %d bytes; largest shards %v; median shard %d; mean chunk %d", len(files[0].Data), sizes[:5], sizes[len(sizes)/2], chunks/(len(files)-1-len(sizes)))
		}
	}
}

// BenchmarkBuildWorkers builds the index of $KITH_BENCH_JOURNAL (model to
// files) on one goroutine and on one per CPU, alternating, so that the
// two are measured under the same load: wall time per build (ns/op) and
// CPU time (cpu-ms/op).
func BenchmarkBuildWorkers(b *testing.B) {
	dir := os.Getenv("KITH_BENCH_JOURNAL")
	if dir == "" {
		b.Skip("set KITH_BENCH_JOURNAL to a journal folder")
	}
	j := linked(b, os.DirFS(dir), "2026-11-29")
	for _, w := range []int{1, runtime.GOMAXPROCS(0)} {
		b.Run(fmt.Sprintf("workers=%d", w), func(b *testing.B) {
			cpu0 := cpu.Used()
			for range b.N {
				ix := build(j, nil, w)
				ix.Files("")
			}
			b.ReportMetric(float64(cpu.Used()-cpu0)/float64(b.N)/1e6, "cpu-ms/op")
		})
	}
}

// BenchmarkUpdate measures what the index costs a build after one person
// note of $KITH_BENCH_JOURNAL changed (a sentence appended), with the
// cache of the build before: Update alone, the journal linked beforehand.
// "whole" is the same without a cache, for comparison; "cold" the first
// build with a cache (the whole index, and the cache written).
func BenchmarkUpdate(b *testing.B) {
	dir := os.Getenv("KITH_BENCH_JOURNAL")
	if dir == "" {
		b.Skip("set KITH_BENCH_JOURNAL to a journal folder")
	}
	fsys := fstest.MapFS{}
	err := fs.WalkDir(os.DirFS(dir), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(filepath.Join(dir, p))
		fsys[p] = &fstest.MapFile{Data: data, Mode: 0o644}
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	var person string
	for p := range fsys {
		if strings.HasPrefix(p, "content/people/") && (person == "" || p < person) {
			person = p
		}
	}
	original := fsys[person].Data
	c := &Cache{Path: filepath.Join(b.TempDir(), "search.idx"), Stamp: "bench"}
	sink := newMemSink()
	for _, mode := range []string{"one-note", "unchanged", "whole", "cold"} {
		b.Run(mode, func(b *testing.B) {
			var spent time.Duration
			for i := range b.N {
				b.StopTimer()
				data := original
				if mode == "one-note" && i%2 == 0 {
					data = append(append([]byte(nil), original...), "\nAsked about the oolong tasting in Malmö.\n"...)
				}
				fsys[person] = &fstest.MapFile{Data: data, Mode: 0o644}
				j := linked(b, fsys, "2026-11-29")
				if i == 0 {
					Update(j, nil, "", nil, c, sink, nil) // the cache and site of the build before
					j = linked(b, fsys, "2026-11-29")
				}
				sink.sums = map[string]output.Sum{}
				cache := c
				switch mode {
				case "whole":
					cache = nil
				case "cold": // the first build with a cache: it builds whole and writes it
					cache = &Cache{Path: filepath.Join(b.TempDir(), "search.idx"), Stamp: "bench"}
				}
				runtime.GC()
				b.StartTimer()
				cpu0 := cpu.Used()
				_, whole, err := Update(j, nil, "", nil, cache, sink, nil)
				if err != nil {
					b.Fatal(err)
				}
				spent += cpu.Used() - cpu0
				if whole != "" && mode != "whole" && mode != "cold" {
					b.Fatalf("built whole: %s", whole)
				}
			}
			b.ReportMetric(float64(spent)/float64(b.N)/1e6, "cpu-ms/op")
		})
	}
}
