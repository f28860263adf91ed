//go:build !unix

package site

import (
	"testing"
	"time"
)

// cpuTime is not measured here; benchmarks report 0 cpu-ns/op.
func cpuTime(b *testing.B) time.Duration { return 0 }
