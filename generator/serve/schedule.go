package serve

import (
	"slices"
	"time"
)

// step is what the schedule says the update loop should do now.
type step int

const (
	idle       step = iota // nothing now; wake at the time given
	readNow                // read the changed and the held-back files, then link
	publishNow             // publish the linked site
	askDay                 // ask for the day; a new one counts as an event
)

func (s step) String() string {
	return [...]string{"idle", "read", "publish", "day"}[s]
}

// schedule decides when the preview reads changed files, when it publishes
// a linked site and when it asks for the day. It reads no clock and no
// file: the update loop tells it what happened and when, and asks it what
// to do and when to wake, so its rules are table-tested in microseconds.
//
// The rules:
//   - Gather: the changed files are read once events have paused for
//     gather, and linking starts at once.
//   - Stale: an event that arrives after the files were read makes the
//     running (or waiting) link stale: it is dropped and the files are read
//     again.
//   - Debounce: a linked site is published only when no event has arrived
//     for debounce.
//   - Max-wait: no change waits more than maxWait after its first event
//     (plus one link): then the files are read without waiting for a
//     pause, a stale link is published rather than dropped, and the
//     debounce is cut short. Events after the read make the next change.
//   - Settle: a file that looks half-written is held back (its last version
//     stays) until it is written whole, or until it has been seen so for
//     settle with no event about it; then it is read again and shown as
//     it is.
//   - Day: every dayEvery the day is asked for; a new day is an event.
type schedule struct {
	gather, debounce, settle, maxWait, dayEvery time.Duration

	first   time.Time            // the first event of the change not yet published; zero: none
	unread  time.Time            // the first event since the files were last read; zero: none
	last    time.Time            // the last event
	linking bool                 // a link runs
	stale   bool                 // an event arrived after the running link's files were read
	ready   bool                 // a linked site waits to be published
	held    map[string]time.Time // half-written files held back, since when
	day     time.Time            // when the day is asked for next; zero: never
}

// newSchedule starts a schedule at now with nothing to do.
func newSchedule(now time.Time, gather, debounce, settle, maxWait, dayEvery time.Duration) *schedule {
	s := &schedule{gather: gather, debounce: debounce, settle: settle, maxWait: maxWait, dayEvery: dayEvery, held: map[string]time.Time{}}
	if dayEvery > 0 {
		s.day = now.Add(dayEvery)
	}
	return s
}

// event notes an event at now about the journal file p, or about no file
// in particular (""): a new day, or lost events. An event about a held file
// starts its settle time again, since it is still being written.
func (s *schedule) event(now time.Time, p string) {
	delete(s.held, p)
	if s.first.IsZero() {
		s.first = now
	}
	if s.unread.IsZero() {
		s.unread = now
	}
	s.last = now
	if s.linking {
		s.stale = true
	}
	if s.ready && now.Before(s.first.Add(s.maxWait)) {
		s.ready = false // stale: read again
	}
}

// next says what to do at now; for idle, it says when to wake (zero: only
// on the next event). After doing a step, call its method (reading,
// published, asked) and ask again.
func (s *schedule) next(now time.Time) (step, time.Time) {
	var wake time.Time
	due := func(t time.Time) bool {
		if !t.After(now) {
			return true
		}
		if wake.IsZero() || t.Before(wake) {
			wake = t
		}
		return false
	}
	if s.ready && due(earliest(s.last.Add(s.debounce), s.first.Add(s.maxWait))) {
		return publishNow, time.Time{}
	}
	if !s.linking && !s.ready {
		var read time.Time
		if !s.unread.IsZero() {
			read = earliest(s.last.Add(s.gather), s.first.Add(s.maxWait))
		}
		for _, since := range s.held {
			read = earliest(read, since.Add(s.settle))
		}
		if !read.IsZero() && due(read) {
			return readNow, time.Time{}
		}
	}
	if !s.day.IsZero() && due(s.day) {
		return askDay, time.Time{}
	}
	return idle, wake
}

// earliest returns the earlier of two times, a zero one counting as none.
func earliest(a, b time.Time) time.Time {
	if a.IsZero() || (!b.IsZero() && b.Before(a)) {
		return b
	}
	return a
}

// reading notes that the files are being read at now. Call hold or whole
// for each file read, then link or unchanged.
func (s *schedule) reading(now time.Time) {
	s.unread = time.Time{}
	if s.first.IsZero() {
		s.first = now // only held-back files are read again
	}
}

// hold reports whether a file that looks half-written at now is still held
// back; false means its settle time is over and it is read as it is.
func (s *schedule) hold(p string, now time.Time) bool {
	since, ok := s.held[p]
	if !ok {
		s.held[p], since = now, now
	}
	if now.Before(since.Add(s.settle)) {
		return true
	}
	delete(s.held, p)
	return false
}

// whole notes that a file was read whole (or is gone): it is not held.
func (s *schedule) whole(p string) { delete(s.held, p) }

// heldPaths lists the files held back, sorted, to be read again with the
// next read.
func (s *schedule) heldPaths() []string {
	out := make([]string, 0, len(s.held))
	for p := range s.held {
		out = append(out, p)
	}
	slices.Sort(out)
	return out
}

// link notes that linking started after a read.
func (s *schedule) link() { s.linking, s.stale = true, false }

// unchanged notes that a read changed nothing, so nothing is linked. A
// held-back file keeps its change waiting, from its first event on.
func (s *schedule) unchanged() {
	if !s.ready && len(s.held) == 0 {
		s.first = s.unread
	}
}

// linked notes that the link ended at now. It reports whether its site is
// kept to be published; a stale one is dropped and the files read again,
// unless the change has waited maxWait.
func (s *schedule) linked(now time.Time) bool {
	s.linking = false
	if s.stale && now.Before(s.first.Add(s.maxWait)) {
		s.stale = false
		return false
	}
	s.stale = false
	s.ready = true
	return true
}

// published notes that the linked site was published; events that came
// after its files were read make the next change.
func (s *schedule) published() {
	s.ready = false
	s.first = s.unread
}

// asked notes that the day was asked for at now.
func (s *schedule) asked(now time.Time) { s.day = now.Add(s.dayEvery) }
