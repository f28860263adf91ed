// Package batch shares out a run of jobs among goroutines: each takes the
// next batch of job numbers from a counter, so that a goroutine whose CPU
// is busy with other work takes fewer, and no pass over the jobs beforehand
// is needed to divide them.
package batch

import (
	"sync"
	"sync/atomic"
)

// Run calls work on max(workers, 1) goroutines and returns when every call
// has returned. Each call takes batches of the jobs [0, n), size at a time
// and each once, by calling next until it reports ok false; whatever a
// worker keeps of its own (a buffer, a hash) it makes before its first
// call of next and finishes after its last.
func Run(n, workers, size int, work func(next func() (from, to int, ok bool))) {
	size = max(size, 1)
	var counter atomic.Int64
	next := func() (int, int, bool) {
		from := int(counter.Add(int64(size))) - size
		if from >= n {
			return 0, 0, false
		}
		return from, min(from+size, n), true
	}
	var wg sync.WaitGroup
	for range max(workers, 1) {
		wg.Add(1)
		go func() { // ends when work returns: every batch is taken
			defer wg.Done()
			work(next)
		}()
	}
	wg.Wait()
}
