package serve

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"
)

// save is one file event in a simulated run: at that time the file was
// written, whole or half.
type save struct {
	at   time.Duration
	path string
	half bool // the file looks half-written from then on
}

// The rules' times in the simulations.
const (
	simDebounce = 30 * time.Millisecond
	simSettle   = 300 * time.Millisecond
	simMaxWait  = time.Second
)

// simulate runs a schedule on a fake clock the way the update loop does,
// with links that take linkTook, and logs what it did at what time
// ("41ms read a" ...). A new day comes at dayAt, if set. It stops at end.
func simulate(saves []save, linkTook, dayAt, end time.Duration) []string {
	return sim{saves: saves, linkTook: func() time.Duration { return linkTook }, dayAt: dayAt, end: end}.run()
}

// sim is one simulated run; the hooks, if set, see what it does.
type sim struct {
	saves      []save
	linkTook   func() time.Duration
	dayAt, end time.Duration
	onRead     func(now time.Duration, read, halfRead []string) // halfRead: read although half-written
	onPublish  func(now, waited time.Duration)
	onBadStep  func(msg string)
}

func (r sim) run() []string {
	const (
		debounce = simDebounce
		settle   = simSettle
		maxWait  = simMaxWait
	)
	saves, dayAt, end := r.saves, r.dayAt, r.end
	t0 := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	every := time.Duration(0)
	if dayAt > 0 {
		every = time.Minute
	}
	sc := newSchedule(t0, gather, debounce, settle, maxWait, every)
	_ = settle
	half := map[string]bool{}  // the files as they are on disk
	batch := map[string]bool{} // events since the last read
	var (
		log     []string
		now     time.Duration
		linkEnd = time.Duration(-1)
		pending bool
		newDay  bool
	)
	at := func(d time.Duration) time.Time { return t0.Add(d) }
	logf := func(format string, args ...any) {
		log = append(log, fmt.Sprintf("%v ", now)+fmt.Sprintf(format, args...))
	}
	for now <= end {
		for {
			st, wake := sc.next(at(now))
			if st == idle {
				next := end + 1
				if !wake.IsZero() {
					next = min(next, wake.Sub(t0))
				}
				if len(saves) > 0 {
					next = min(next, saves[0].at)
				}
				if linkEnd >= 0 {
					next = min(next, linkEnd)
				}
				now = next
				break
			}
			switch st {
			case readNow:
				sc.reading(at(now))
				for _, p := range sc.heldPaths() {
					batch[p] = true
				}
				if linkEnd >= 0 && r.onBadStep != nil {
					r.onBadStep(fmt.Sprintf("%v: read while a link runs", now))
				}
				var read, held, halfRead []string
				for _, p := range sortedKeys(batch) {
					if half[p] && sc.hold(p, at(now)) {
						held = append(held, p)
						continue
					}
					sc.whole(p)
					read = append(read, p)
					if half[p] {
						halfRead = append(halfRead, p)
					}
				}
				if r.onRead != nil {
					r.onRead(now, read, halfRead)
				}
				clear(batch)
				if newDay {
					read = append(read, "(day)")
					newDay = false
				}
				pending = pending || len(read) > 0
				msg := []string{"read"}
				if len(read) > 0 {
					msg = append(msg, strings.Join(read, ","))
				}
				if len(held) > 0 {
					msg = append(msg, "held", strings.Join(held, ","))
				}
				logf("%s", strings.Join(msg, " "))
				if !pending {
					sc.unchanged()
					continue
				}
				sc.link()
				linkEnd = now + r.linkTook()
			case publishNow:
				if linkEnd >= 0 && r.onBadStep != nil {
					r.onBadStep(fmt.Sprintf("%v: publish while a link runs", now))
				}
				if r.onPublish != nil {
					r.onPublish(now, at(now).Sub(sc.first))
				}
				logf("publish (waited %v)", at(now).Sub(sc.first))
				sc.published()
				pending = false
			case askDay:
				sc.asked(at(now))
				if dayAt > 0 && now >= dayAt {
					dayAt = 0
					newDay = true
					logf("new day")
					sc.event(at(now), "")
				}
			}
		}
		if now > end {
			break
		}
		if now == linkEnd {
			linkEnd = -1
			if sc.linked(at(now)) {
				logf("linked")
			} else {
				logf("linked, stale: dropped")
			}
		}
		for len(saves) > 0 && saves[0].at == now {
			s := saves[0]
			saves = saves[1:]
			half[s.path] = s.half
			batch[s.path] = true
			sc.event(at(now), s.path)
		}
	}
	return log
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// every makes n saves of p, step apart, from start on.
func every(start, step time.Duration, n int, p string) []save {
	out := make([]save, n)
	for i := range out {
		out[i] = save{at: start + time.Duration(i)*step, path: p}
	}
	return out
}

const msec = time.Millisecond

// TestSchedule checks the preview's scheduling rules on a fake clock,
// without files or real time: gather, debounce, stale, max-wait, settle
// and day-change.
func TestSchedule(t *testing.T) {
	tests := []struct {
		name     string
		saves    []save
		linkTook time.Duration
		dayAt    time.Duration
		end      time.Duration
		only     string // if set, only the lines with this are compared
		want     []string
	}{
		{
			name:     "one save: read after the gather pause, published after the debounce",
			saves:    []save{{at: 0, path: "a"}},
			linkTook: 2 * msec, end: 2 * time.Second,
			want: []string{"5ms read a", "7ms linked", "30ms publish (waited 30ms)"},
		},
		{
			name:     "a burst is read and published once",
			saves:    every(0, 4*msec, 10, "a"),
			linkTook: 2 * msec, end: 2 * time.Second,
			want: []string{"41ms read a", "43ms linked", "66ms publish (waited 66ms)"},
		},
		{
			name:     "a link longer than the debounce: published as soon as it ends",
			saves:    []save{{at: 0, path: "a"}},
			linkTook: 60 * msec, end: 2 * time.Second,
			want: []string{"5ms read a", "65ms linked", "65ms publish (waited 65ms)"},
		},
		{
			name:     "stale: a save while linking drops the link and reads again",
			saves:    []save{{at: 0, path: "a"}, {at: 20 * msec, path: "b"}},
			linkTook: 50 * msec, end: 2 * time.Second,
			want: []string{"5ms read a", "55ms linked, stale: dropped", "55ms read b", "105ms linked", "105ms publish (waited 105ms)"},
		},
		{
			name:     "stale: a save while the linked site waits for the debounce drops it",
			saves:    []save{{at: 0, path: "a"}, {at: 20 * msec, path: "a"}},
			linkTook: 2 * msec, end: 2 * time.Second,
			want: []string{"5ms read a", "7ms linked", "25ms read a", "27ms linked", "50ms publish (waited 50ms)"},
		},
		{
			name:     "max-wait: a steady stream is read and shown once a second",
			saves:    every(0, 3*msec, 700, "a"), // until 2097ms
			linkTook: 2 * msec, end: 5 * time.Second,
			want: []string{
				"1s read a", "1.002s linked", "1.002s publish (waited 1.002s)",
				"2.002s read a", "2.004s linked", "2.004s publish (waited 1.002s)",
				"2.102s read a", "2.104s linked", "2.127s publish (waited 123ms)",
			},
		},
		{
			name:     "max-wait: a stale link is published rather than dropped",
			saves:    every(0, 40*msec, 40, "a"), // until 1560ms; each link is stale
			linkTook: 38 * msec, end: 5 * time.Second,
			only: "publish",
			want: []string{"1.003s publish (waited 1.003s)", "1.603s publish (waited 603ms)"},
		},
		{
			name:     "settle: VS Code truncates, then writes; the empty file is never read",
			saves:    []save{{at: 0, path: "a", half: true}, {at: 80 * msec, path: "a"}},
			linkTook: 2 * msec, end: 2 * time.Second,
			want: []string{"5ms read held a", "85ms read a", "87ms linked", "110ms publish (waited 110ms)"},
		},
		{
			name:     "settle: a file left half-written is read as it is after the settle time",
			saves:    []save{{at: 0, path: "a", half: true}},
			linkTook: 2 * msec, end: 2 * time.Second,
			want: []string{"5ms read held a", "305ms read a", "307ms linked", "307ms publish (waited 307ms)"},
		},
		{
			name:     "settle: a held file does not hold back the others",
			saves:    []save{{at: 0, path: "a", half: true}, {at: 0, path: "b"}, {at: 200 * msec, path: "a"}},
			linkTook: 2 * msec, end: 2 * time.Second,
			want: []string{"5ms read b held a", "7ms linked", "30ms publish (waited 30ms)", "205ms read a", "207ms linked", "230ms publish (waited 30ms)"},
		},
		{
			name:     "settle: saved half-written again, the settle time starts again",
			saves:    []save{{at: 0, path: "a", half: true}, {at: 200 * msec, path: "a", half: true}},
			linkTook: 2 * msec, end: 2 * time.Second,
			want: []string{"5ms read held a", "205ms read held a", "505ms read a", "507ms linked", "507ms publish (waited 507ms)"},
		},
		{
			name:     "day: a new day is linked and published like a save",
			dayAt:    90 * time.Second,
			linkTook: 2 * msec, end: 3 * time.Minute,
			want: []string{"2m0s new day", "2m0.005s read (day)", "2m0.007s linked", "2m0.03s publish (waited 30ms)"},
		},
		{
			name: "nothing happens: nothing is done",
			end:  time.Hour,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := simulate(tc.saves, tc.linkTook, tc.dayAt, tc.end)
			if tc.only != "" {
				got = slices.DeleteFunc(got, func(l string) bool { return !strings.Contains(l, tc.only) })
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("got\n\t%s\nwant\n\t%s", strings.Join(got, "\n\t"), strings.Join(tc.want, "\n\t"))
			}
		})
	}
}

// TestScheduleProperties runs the schedule on random runs of saves (bursts,
// pauses, half-written files, links of random length) and checks the rules
// hold in every one: nothing is read or published while a link runs; a
// site is published only after the debounce, or at max-wait; a
// half-written file is read as it is only after the settle time; every
// save is read, and the last change is published, within a bound.
func TestScheduleProperties(t *testing.T) {
	for seed := range uint64(300) {
		rnd := rand.New(rand.NewPCG(seed, 7))
		var saves []save
		var at time.Duration
		for range 1 + rnd.IntN(60) {
			switch rnd.IntN(10) {
			case 0:
				at += time.Duration(50+rnd.IntN(500)) * msec
			case 1, 2:
				at += time.Duration(10+rnd.IntN(40)) * msec
			default:
				at += time.Duration(rnd.IntN(8000)) * time.Microsecond
			}
			saves = append(saves, save{at: at, path: []string{"a", "b", "c"}[rnd.IntN(3)], half: rnd.IntN(4) == 0})
		}
		lastSave := saves[len(saves)-1].at
		const maxLink = 80 * msec
		var (
			reads     = map[string]time.Duration{} // the last read of each file
			lastRead  time.Duration                // the last read that read something
			publishes []time.Duration
			bad       []string
		)
		// halfSince is when p became half-written and stayed so until now.
		halfSince := func(p string, now time.Duration) time.Duration {
			since := time.Duration(-1)
			for _, s := range saves {
				if s.at > now {
					break
				}
				if s.path == p {
					if !s.half {
						since = -1
					} else if since < 0 {
						since = s.at
					}
				}
			}
			return since
		}
		r := sim{
			saves:    saves,
			linkTook: func() time.Duration { return time.Duration(1+rnd.IntN(int(maxLink/msec))) * msec },
			end:      lastSave + 10*time.Second,
			onRead: func(now time.Duration, read, halfRead []string) {
				for _, p := range read {
					reads[p] = now
					lastRead = now
				}
				for _, p := range halfRead {
					if since := halfSince(p, now); since < 0 || now-since < simSettle {
						bad = append(bad, fmt.Sprintf("%v: %s read half-written %v after it became so, want at least %v", now, p, now-since, simSettle))
					}
				}
			},
			onPublish: func(now, waited time.Duration) {
				last := time.Duration(-1)
				for _, s := range saves {
					if s.at <= now {
						last = s.at
					}
				}
				if now-last < simDebounce && waited < simMaxWait {
					bad = append(bad, fmt.Sprintf("%v: published %v after a save and %v after the change began, want the debounce (%v) or max-wait (%v)", now, now-last, waited, simDebounce, simMaxWait))
				}
				publishes = append(publishes, now)
			},
			onBadStep: func(msg string) { bad = append(bad, msg) },
		}
		r.run()
		for _, s := range saves {
			if reads[s.path] < s.at {
				bad = append(bad, fmt.Sprintf("%s saved at %v was never read after it", s.path, s.at))
			}
		}
		switch {
		case len(publishes) == 0:
			bad = append(bad, "nothing was published")
		case publishes[len(publishes)-1] < lastRead:
			bad = append(bad, fmt.Sprintf("the read at %v was never published", lastRead))
		case publishes[len(publishes)-1] > lastSave+simSettle+simMaxWait:
			bad = append(bad, fmt.Sprintf("the last change was published at %v, %v after the last save", publishes[len(publishes)-1], publishes[len(publishes)-1]-lastSave))
		}
		if len(bad) > 0 {
			t.Errorf("seed %d, saves %v:\n\t%s", seed, saves, strings.Join(bad, "\n\t"))
		}
	}
}
