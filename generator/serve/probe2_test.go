package serve

import (
	"context"
	"testing"
	"time"

	"kith/generator/content"
	"kith/generator/journal"
	"kith/generator/site"
	"kith/generator/synth"
	"kith/templates"
)

func BenchmarkProbeLink(b *testing.B) {
	fsys := synth.Generate(synth.Options{People: 2000, Entries: 20000, Events: 200, Seed: 1})
	opt := site.Options{Journal: fsys, Theme: templates.FS(), Today: content.DateOf(time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC))}
	set, _ := content.Load(context.Background(), fsys)
	th, _ := site.Theme(opt)
	b.Run("journal", func(b *testing.B) {
		for b.Loop() {
			journal.Build(set, journal.Options{Today: opt.Today})
		}
	})
	j := journal.Build(set, journal.Options{Today: opt.Today})
	b.Run("new", func(b *testing.B) {
		for b.Loop() {
			site.New(j, th, nil)
		}
	})
}
