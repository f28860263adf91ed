package cli

import (
	"context"
	"errors"
)

// runSynth writes a synthetic journal for benchmarks (hidden command).
func runSynth(ctx context.Context, env Env, args []string) error {
	return errors.New("synth is not built yet")
}
