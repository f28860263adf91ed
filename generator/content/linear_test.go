package content

import (
	"fmt"
	"kith/generator/cpu"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
	"time"
)

// cpuNow is the process's CPU time, which other programs on a busy
// machine do not add to as they do to wall time; where the system does not
// tell it, the wall clock stands in.
func cpuNow() time.Duration {
	user, sys, ok := cpu.Times()
	if !ok {
		return time.Duration(time.Now().UnixNano())
	}
	return user + sys
}

// timeOf returns the least CPU time of three runs of f, with the garbage
// collector off so that only f's own work is counted.
func timeOf(f func()) time.Duration {
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	best := time.Duration(1<<63 - 1)
	for range 3 {
		runtime.GC()
		start := cpuNow()
		f()
		best = min(best, cpuNow()-start)
	}
	return best
}

// checkLinear times run on inputs of size n and 8n: linear work takes about
// eight times as long, quadratic sixty-four. Over 24 times fails, a margin
// wide enough for a busy machine and the race detector.
func checkLinear(t *testing.T, n int, gen func(n int) []byte, run func([]byte)) {
	t.Helper()
	small, big := gen(n), gen(8*n)
	ts := timeOf(func() { run(small) })
	tb := timeOf(func() { run(big) })
	t.Logf("size %d: %v; size %d: %v (%.1f×)", len(small), ts, len(big), tb, float64(tb)/float64(ts))
	if tb > 24*ts && tb > 50*time.Millisecond {
		t.Errorf("got %v for 8× the input of %v (%.1f×), want about 8×: the work is not linear", tb, ts, float64(tb)/float64(ts))
	}
}

func TestHarden05LinearParse(t *testing.T) {
	if testing.Short() {
		t.Skip("times parses of inputs up to 10 MB")
	}
	if raceEnabled {
		t.Skip("the race detector makes it slow and its timings say little; the run without it checks this")
	}
	person := func(body string) []byte { return []byte("---\nname: Dana Okafor\n---\n" + body) }
	tests := []struct {
		name string
		n    int
		gen  func(n int) []byte
	}{
		{"linked log lines", 2000, func(n int) []byte {
			var b strings.Builder
			for i := range n {
				fmt.Fprintf(&b, "- 2026-03-%02d Coffee with [[Sam %d]] and [[Lee]] #call #gave\n", i%28+1, i)
			}
			return person(b.String())
		}},
		{"tags in front matter", 20000, func(n int) []byte {
			tags := make([]string, n)
			for i := range tags {
				tags[i] = fmt.Sprintf("t%d", i)
			}
			return []byte("---\nname: Dana Okafor\ntags: [" + strings.Join(tags, ", ") + "]\n---\n")
		}},
		{"hashtags in one log line", 10000, func(n int) []byte {
			var b strings.Builder
			b.WriteString("- 2026-03-10 Coffee")
			for i := range n {
				fmt.Fprintf(&b, " #t%d", i)
			}
			return person(b.String() + "\n")
		}},
		{"comments", 5000, func(n int) []byte {
			return person(strings.Repeat("a %%secret%% `code %% x` b\n", n))
		}},
		{"nested list", 50000, func(n int) []byte {
			return person(strings.Repeat("- ", n) + "deep\n")
		}},
		{"nested quotes", 50000, func(n int) []byte {
			return person(strings.Repeat("> ", n) + "deep\n")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkLinear(t, tt.n, tt.gen, func(src []byte) {
				if _, probs := Parse("content/people/Dana Okafor.md", src); len(probs.Errors()) > 0 {
					t.Fatalf("got %v, want no errors", probs.Errors()[0])
				}
			})
		})
	}
}

func TestHarden05DeepListWarning(t *testing.T) {
	src := "---\nname: Dana Okafor\n---\nIntro\n\n" + strings.Repeat("- ", MaxListDepth+1) + "deep\n"
	_, probs := Parse("content/people/Dana Okafor.md", []byte(src))
	want := "content/people/Dana Okafor.md:6: warning: lists or quotes nest 65 levels deep here, more than the 64 kith renders"
	if len(probs) != 1 || !strings.HasPrefix(probs[0].Error(), want) {
		t.Errorf("got %v, want one problem starting %q", probs, want)
	}
}

func TestListDepth(t *testing.T) {
	tests := []struct {
		in        string
		depth, at int
	}{
		{"plain text\n", 0, 0},
		{"- a\n- b\n", 1, 0},
		{"- a\n  - b\n    - c\n", 3, 2},
		{"- - - x\n", 3, 0},
		{"> > quote\n", 2, 0},
		{"1. a\n   1) b\n", 2, 1},
		{"\t\t- a\n", 5, 0},
		{"        code, not a list\n", 0, 0},
		{"-not a list\n", 0, 0},
		{"2026-03-10 not a list\n", 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			d, at := ListDepth([]byte(tt.in))
			if d != tt.depth || at != tt.at {
				t.Errorf("got depth %d at line %d, want %d at %d", d, at, tt.depth, tt.at)
			}
		})
	}
}
