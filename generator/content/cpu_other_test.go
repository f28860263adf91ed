//go:build !unix

package content

import "time"

var start = time.Now()

// cpuNow stands in for the process's CPU time where there is none: the
// wall time since the tests started.
func cpuNow() time.Duration { return time.Since(start) }
