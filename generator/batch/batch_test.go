package batch

import (
	"sync/atomic"
	"testing"
)

func TestRun(t *testing.T) {
	tests := []struct {
		name             string
		n, workers, size int
	}{
		{"none", 0, 4, 8},
		{"fewer than a batch", 5, 4, 8},
		{"batches and a part", 1000, 3, 64},
		{"one worker", 100, 1, 7},
		{"no workers asked for", 100, 0, 7},
		{"size zero", 10, 2, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			seen := make([]atomic.Int32, tt.n)
			var calls atomic.Int32
			Run(tt.n, tt.workers, tt.size, func(next func() (int, int, bool)) {
				calls.Add(1)
				for from, to, ok := next(); ok; from, to, ok = next() {
					if to <= from || to > tt.n || (tt.size > 0 && to-from > tt.size) {
						t.Errorf("got batch [%d, %d), want within [0, %d), at most %d long", from, to, tt.n, tt.size)
					}
					for i := from; i < to; i++ {
						seen[i].Add(1)
					}
				}
			})
			for i := range seen {
				if got := seen[i].Load(); got != 1 {
					t.Errorf("job %d: got %d calls, want 1", i, got)
				}
			}
			if got, want := int(calls.Load()), max(tt.workers, 1); got != want {
				t.Errorf("got %d workers, want %d", got, want)
			}
		})
	}
}
