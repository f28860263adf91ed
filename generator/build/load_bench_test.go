//go:build unix

package build

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"kith/generator/cpu"
	"kith/generator/synth"
)

// benchJournal copies KITH_BENCH_JOURNAL (such as /tmp/synth2k) into a
// folder of the benchmark's, or writes a synthetic journal of 200 people.
func benchJournal(b *testing.B) string {
	b.Helper()
	dir := filepath.Join(b.TempDir(), "journal")
	if src := os.Getenv("KITH_BENCH_JOURNAL"); src != "" {
		if out, err := exec.Command("cp", "-r", src, dir).CombinedOutput(); err != nil {
			b.Fatalf("%v: %s", err, out)
		}
		return dir
	}
	if err := synth.Write(dir, synth.Options{People: 200, Entries: 2000, Events: 8, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	return dir
}

// BenchmarkRebuildOneNote is the load side of a rebuild after one note
// changed, as Run does it: the digest of the inputs (a walk of the journal
// with the cache of hashes; the changed note read), then the load stage
// from that walk, with the cache of parsed notes. It reports the CPU time
// of each per rebuild.
func BenchmarkRebuildOneNote(b *testing.B) {
	ctx := context.Background()
	dir := benchJournal(b)
	cacheDir := b.TempDir()
	note := filepath.Join(dir, "content", "people")
	des, err := os.ReadDir(note)
	if err != nil || len(des) == 0 {
		b.Fatal("no people", err)
	}
	note = filepath.Join(note, des[0].Name())
	opt := loadOptions(dir, cacheDir)
	if _, err := buildInputs(ctx, &opt, opt.Site, nil); err != nil {
		b.Fatal(err)
	}
	if _, err := Load(ctx, opt); err != nil {
		b.Fatal(err)
	}
	var digest, load time.Duration
	n := 0
	for b.Loop() {
		n++
		f, err := os.OpenFile(note, os.O_APPEND|os.O_WRONLY, 0)
		if err != nil {
			b.Fatal(err)
		}
		fmt.Fprintf(f, "\nOne more line %d.\n", n)
		f.Close()
		opt := loadOptions(dir, cacheDir)
		t0 := cpu.Used()
		if _, err := buildInputs(ctx, &opt, opt.Site, nil); err != nil {
			b.Fatal(err)
		}
		t1 := cpu.Used()
		ld, err := Load(ctx, opt)
		if err != nil {
			b.Fatal(err)
		}
		digest += t1 - t0
		load += cpu.Used() - t1
		if ld.Stats.Notes-ld.Stats.Cached > n+1 {
			b.Fatalf("%d of %d notes parsed, want one or a few", ld.Stats.Notes-ld.Stats.Cached, ld.Stats.Notes)
		}
	}
	b.ReportMetric(float64(digest)/float64(n)/1e6, "digest-cpu-ms/op")
	b.ReportMetric(float64(load)/float64(n)/1e6, "load-cpu-ms/op")
}
