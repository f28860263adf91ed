//go:build !unix

package build

import (
	"testing"
	"time"
)

// cpuTime is 0 where the process's CPU time is not known.
func cpuTime(*testing.B) time.Duration { return 0 }
