// Package cpu tells how much processor time the process has used. Tests
// and benchmarks report it beside wall time: on a busy machine other
// programs add to the wall time of a run, not to its CPU time.
package cpu

import "time"

// Used returns the user and system CPU time the process has used, added
// up; 0 where the system does not tell (Times).
func Used() time.Duration {
	user, sys, _ := Times()
	return user + sys
}
