package search

import (
	"fmt"
	"os"
	"runtime"
	"testing"

	"kith/generator/cpu"
	"kith/generator/synth"
)

// TestEncode checks that encode makes the same files, byte for byte and
// in the same order, however many goroutines write them (Files is encode
// on one; the golden index pins its bytes), with
// plain names and with opaque ones (the larger journals fill several of
// a goroutine's buffers).
func TestEncode(t *testing.T) {
	t.Run("sample", func(t *testing.T) {
		ix := sample(t)
		for _, workers := range []int{1, 2} {
			sameFiles(t, ix.encode("", workers), ix.Files(""))
		}
	})
	for _, size := range []struct{ people, entries int }{{3, 5}, {120, 600}, {400, 3000}} {
		j := linked(t, synth.Generate(synth.Options{People: size.people, Entries: size.entries, Events: 6, Seed: 5}), "2026-11-23")
		ix := Build(j, nil)
		for _, names := range []string{"", "secret names"} {
			want := ix.Files(names)
			for _, workers := range []int{1, 2, 3, 8} {
				t.Run(fmt.Sprintf("people=%d/names=%t/workers=%d", size.people, names != "", workers), func(t *testing.T) {
					sameFiles(t, ix.encode(names, workers), want)
				})
			}
		}
	}
}

// BenchmarkEncode encodes the index of $KITH_BENCH_JOURNAL into its files
// with Files (one goroutine) and with encode on one goroutine per CPU,
// alternating: wall time per encoding (ns/op) and CPU time (cpu-ms/op).
func BenchmarkEncode(b *testing.B) {
	dir := os.Getenv("KITH_BENCH_JOURNAL")
	if dir == "" {
		b.Skip("set KITH_BENCH_JOURNAL to a journal folder")
	}
	ix := Build(linked(b, os.DirFS(dir), "2026-11-29"), nil)
	for range 3 {
		for _, mode := range []string{"Files", "encode"} {
			b.Run(mode, func(b *testing.B) {
				cpu0 := cpu.Used()
				for range b.N {
					if mode == "Files" {
						ix.Files("")
					} else {
						ix.encode("", runtime.GOMAXPROCS(0))
					}
				}
				b.ReportMetric(float64(cpu.Used()-cpu0)/float64(b.N)/1e6, "cpu-ms/op")
			})
		}
	}
}
