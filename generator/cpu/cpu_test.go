package cpu

import (
	"runtime"
	"testing"
	"time"
)

// TestUsed: work done on this goroutine shows in the process's CPU time,
// which never goes back, where the system tells it.
func TestUsed(t *testing.T) {
	user0, sys0, ok := Times()
	if !ok {
		if runtime.GOOS != "windows" && runtime.GOOS != "plan9" && runtime.GOOS != "js" && runtime.GOOS != "wasip1" {
			t.Fatalf("got no CPU time on %s, want it", runtime.GOOS)
		}
		t.Skip("the system does not tell the process's CPU time")
	}
	start := Used()
	deadline := time.Now().Add(50 * time.Millisecond)
	n := 0
	for time.Now().Before(deadline) {
		n++
	}
	user1, sys1, _ := Times()
	if user1 < user0 || sys1 < sys0 {
		t.Errorf("got user %v sys %v after user %v sys %v, want no less", user1, sys1, user0, sys0)
	}
	if got := Used() - start; got < 10*time.Millisecond {
		t.Errorf("got %v of CPU for 50 ms of a busy loop (%d turns), want at least 10 ms", got, n)
	}
}
