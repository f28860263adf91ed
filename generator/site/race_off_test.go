//go:build !race

package site

// raceOn tells whether the race detector is on (go test -race).
const raceOn = false
