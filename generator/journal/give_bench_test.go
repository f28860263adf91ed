package journal

import (
	"context"
	"testing"
	"time"

	"kith/generator/content"
	"kith/generator/synth"
)

// BenchmarkBuildNeeds builds the model of the 2,000-person journal with and
// without needs: the difference is what matching costs.
//
//	go test -run '^$' -bench BuildNeeds -benchtime 10x ./generator/journal
func BenchmarkBuildNeeds(b *testing.B) {
	for _, tc := range []struct {
		name    string
		noNeeds bool
	}{{"without", true}, {"with", false}} {
		b.Run(tc.name, func(b *testing.B) {
			today := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
			fsys := synth.Generate(synth.Options{People: 2000, Entries: 20000, Events: 40, Seed: 1, Today: today, NoNeeds: tc.noNeeds})
			set, err := content.Load(context.Background(), fsys)
			if err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			for b.Loop() {
				Build(set, Options{Today: content.DateOf(today)})
			}
		})
	}
}
