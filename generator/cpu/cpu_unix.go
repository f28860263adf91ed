//go:build unix

package cpu

import (
	"syscall"
	"time"
)

// Times returns the user and system CPU time the process has used, and
// whether the system told them.
func Times() (user, sys time.Duration, ok bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, 0, false
	}
	return time.Duration(ru.Utime.Nano()), time.Duration(ru.Stime.Nano()), true
}
