package site

import (
	"context"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"kith/generator/content"
	"kith/generator/cpu"
	"kith/generator/synth"
)

// benchJournal is the 2,000-person, 20,000-entry journal of docs/performance.md.
func benchJournal(b *testing.B) Options {
	b.Helper()
	fsys := synth.Generate(synth.Options{People: 2000, Entries: 20000, Events: 40, Seed: 1,
		Today: time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)})
	return options(fsys)
}

// BenchmarkBuild measures a full build: read, parse, link, render and write
// every page of the synthetic journal (from memory, to disk).
func BenchmarkBuild(b *testing.B) {
	opt := benchJournal(b)
	benchBuild(b, opt)
}

// BenchmarkLoad measures reading and parsing alone.
func BenchmarkLoad(b *testing.B) {
	opt := benchJournal(b)
	for b.Loop() {
		if _, err := content.Load(context.Background(), opt.Journal); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLink measures building the model and laying out the site from
// parsed files: what the preview server redoes after each save, and what
// an update links from the cache of parsed notes. Besides wall time it
// reports the process's CPU time per link (cpu-ns/op): the link is worth
// splitting over both CPUs when wall time is well under CPU time.
func BenchmarkLink(b *testing.B) {
	opt := benchJournal(b)
	set, err := content.Load(context.Background(), opt.Journal)
	if err != nil {
		b.Fatal(err)
	}
	theme, err := Theme(opt)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	start := cpu.Used()
	for b.Loop() {
		if _, err := Link(set, opt, theme); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(cpu.Used()-start)/float64(b.N), "cpu-ns/op")
}

// BenchmarkBuildEncrypted is BenchmarkBuild with encryption: opaque names,
// every page sealed into an unlock shell. The key is ready, as after the
// one PBKDF2 unwrap a real build does (measured in the crypt package).
func BenchmarkBuildEncrypted(b *testing.B) {
	opt := benchJournal(b)
	opt.Encrypt = testEncryption(b)
	benchBuild(b, opt)
}

// benchBuild builds opt over and over and reports, besides wall time, the
// process's CPU time per build (cpu-ns/op), which a busy shared machine
// disturbs less.
func benchBuild(b *testing.B, opt Options) {
	dest := filepath.Join(b.TempDir(), "public")
	b.ResetTimer()
	start := cpu.Used()
	for b.Loop() {
		if _, err := Build(context.Background(), opt, dest); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(cpu.Used()-start)/float64(b.N), "cpu-ns/op")
}

// BenchmarkEncryptedOverhead builds the journal plain and encrypted in
// turn, so that a busy machine slows both alike, and reports the median
// ratios (encrypted / plain; the budget is 1.15) of their CPU time, their
// user CPU time (the computing, without the system's file work, which
// other processes' disk traffic disturbs most) and their wall time.
func BenchmarkEncryptedOverhead(b *testing.B) {
	plain := benchJournal(b)
	enc := plain
	enc.Encrypt = testEncryption(b)
	// Each kind replaces its own previous output, as in BenchmarkBuild.
	dir := b.TempDir()
	type cost struct{ user, cpu, wall float64 }
	measure := func(opt Options) cost {
		dest := filepath.Join(dir, "plain")
		if opt.Encrypt != nil {
			dest = filepath.Join(dir, "encrypted")
		}
		u0, s0, _ := cpu.Times()
		t0 := time.Now()
		if _, err := Build(context.Background(), opt, dest); err != nil {
			b.Fatal(err)
		}
		u1, s1, _ := cpu.Times()
		return cost{float64(u1 - u0), float64(u1 - u0 + s1 - s0), float64(time.Since(t0))}
	}
	var user, cpu, wall []float64
	b.ResetTimer()
	for b.Loop() {
		p, e := measure(plain), measure(enc)
		user = append(user, e.user/p.user)
		cpu = append(cpu, e.cpu/p.cpu)
		wall = append(wall, e.wall/p.wall)
	}
	b.ReportMetric(median(user), "user-enc/plain")
	b.ReportMetric(median(cpu), "cpu-enc/plain")
	b.ReportMetric(median(wall), "wall-enc/plain")
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// BenchmarkFingerprints measures working out the fingerprint of every page
// (Fingerprints), which an update does instead of rendering them.
func BenchmarkFingerprints(b *testing.B) {
	s, _, err := Load(context.Background(), benchJournal(b))
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		if len(s.Fingerprints("bench").Pages) < 22000 {
			b.Fatal("pages without a fingerprint")
		}
	}
}
