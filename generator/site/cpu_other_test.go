//go:build !unix

package site

import (
	"testing"
	"time"
)

// cpuTime is not measured here; benchmarks report 0 cpu-ns/op.
func cpuTime(b *testing.B) time.Duration { return 0 }

// cpuTimes is not measured here.
func cpuTimes(b *testing.B) (user, sys time.Duration) { return 0, 0 }
