//go:build unix

package content

import (
	"syscall"
	"time"
)

// cpuNow returns the CPU time (user and system) the process has used, which
// other programs on a busy machine do not add to as they do to wall time.
func cpuNow() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		panic(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
