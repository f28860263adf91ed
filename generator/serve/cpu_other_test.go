//go:build !unix

package serve

import "time"

// cpuTime is not measured here; benchmarks report it as zero.
func cpuTime() time.Duration { return 0 }
