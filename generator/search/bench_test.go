package search

import (
	"context"
	"os"
	"testing"

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
	for i := 0; i < b.N; i++ {
		ix := Build(j, nil)
		files := ix.Files(nil)
		if i == 0 {
			n, t, p := 0, len(ix.Terms), 0
			for _, f := range files {
				n += len(f.Data)
			}
			for _, ps := range ix.Terms {
				p += len(ps)
			}
			b.Logf("%d files, %d bytes, %d terms, %d postings, %d shards", len(files), n, t, p, len(ix.Keys))
		}
	}
}
