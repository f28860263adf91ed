//go:build !race

package content

// raceEnabled says the race detector is on: timings then say little.
const raceEnabled = false
