package cli

import (
	"context"
	"fmt"

	"kith/generator/synth"
)

// runSynth writes a synthetic journal for benchmarks (hidden command).
func runSynth(ctx context.Context, env Env, args []string) error {
	fs := flags(env, "synth")
	var opt synth.Options
	var now string
	fs.IntVar(&opt.People, "people", 2000, "how many people")
	fs.IntVar(&opt.Entries, "entries", 20000, "how many entries")
	fs.IntVar(&opt.Events, "events", 40, "how many events")
	fs.Int64Var(&opt.Seed, "seed", 1, "which journal: the same seed gives the same files")
	fs.StringVar(&now, "now", "2026-11-23", "the day entries lead up to")
	fs.BoolVar(&opt.NoNeeds, "no-needs", false, "leave out needs and owner_expertise (to measure what matching costs)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return fmt.Errorf("synth needs one folder to write into (it must be empty or absent)")
	}
	day, err := today(env, now)
	if err != nil {
		return err
	}
	opt.Today = day.Time()
	if err := synth.Write(pos[0], opt); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "wrote a synthetic journal of %d people, %d entries and %d events to %s\n", opt.People, opt.Entries, opt.Events, pos[0])
	return nil
}
