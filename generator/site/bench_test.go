package site

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"kith/generator/content"
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
	dest := filepath.Join(b.TempDir(), "public")
	b.ResetTimer()
	for b.Loop() {
		if _, err := Build(context.Background(), opt, dest); err != nil {
			b.Fatal(err)
		}
	}
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
// parsed files: what the preview server redoes after each save.
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
	for b.Loop() {
		if _, err := Link(set, opt, theme); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBuildEncrypted is BenchmarkBuild with encryption: opaque names,
// every page sealed into an unlock shell. The key is ready, as after the
// one PBKDF2 unwrap a real build does (measured in the crypt package).
func BenchmarkBuildEncrypted(b *testing.B) {
	opt := benchJournal(b)
	opt.Encrypt = testEncryption(b)
	dest := filepath.Join(b.TempDir(), "public")
	b.ResetTimer()
	for b.Loop() {
		if _, err := Build(context.Background(), opt, dest); err != nil {
			b.Fatal(err)
		}
	}
}
