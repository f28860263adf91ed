package search

import (
	"context"
	"os"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"kith/generator/content"
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
	cpu0 := cpuTime()
	defer func() { b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N)/1e6, "cpu-ms/op") }()
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

// cpuTime returns the process's user and system CPU time: on a busy
// machine wall time says little.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
