//go:build unix

package cli

import (
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestHarden06FIFO checks that kith calendar -o on a named pipe refuses at
// once instead of waiting forever for a reader.
func TestHarden06FIFO(t *testing.T) {
	dir := newJournal(t, nil)
	file := filepath.Join(t.TempDir(), "kith.ics")
	if err := syscall.Mkfifo(file, 0o644); err != nil {
		t.Skip("no named pipes here:", err)
	}
	type result struct {
		code   int
		stderr string
	}
	done := make(chan result, 1)
	go func() { // ends when the command returns; a hang leaves it blocked and fails the test
		code, _, stderr := run(t, "calendar", "-s", dir, "-o", file)
		done <- result{code, stderr}
	}()
	select {
	case r := <-done:
		if r.code != 1 || !strings.Contains(r.stderr, "is not a regular file (a named pipe)") {
			t.Errorf("got exit %d, stderr %q; want 1 and a named-pipe message", r.code, r.stderr)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("kith calendar -o on a named pipe still waits after 10 s")
	}
}
