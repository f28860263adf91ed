package serve

import (
	"fmt"
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

// simulate runs a schedule on a fake clock the way the update loop does,
// with links that take linkTook, and logs what it did at what time
// ("41ms read a" ...). A new day comes at dayAt, if set. It stops at end.
func simulate(saves []save, linkTook, dayAt, end time.Duration) []string {
	const (
		debounce = 30 * time.Millisecond
		settle   = 300 * time.Millisecond
		maxWait  = time.Second
	)
	t0 := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	every := time.Duration(0)
	if dayAt > 0 {
		every = time.Minute
	}
	sc := newSchedule(t0, gather, debounce, settle, maxWait, every)
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
				var read, held []string
				for _, p := range sortedKeys(batch) {
					if half[p] && sc.hold(p, at(now)) {
						held = append(held, p)
						continue
					}
					sc.whole(p)
					read = append(read, p)
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
				linkEnd = now + linkTook
			case publishNow:
				logf("publish (waited %v)", at(now).Sub(sc.first))
				sc.published()
				pending = false
			case askDay:
				sc.asked(at(now))
				if dayAt > 0 && now >= dayAt {
					dayAt = 0
					newDay = true
					logf("new day")
					sc.event(at(now))
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
			sc.event(at(now))
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
			name:     "settle: saved half-written again, it is held from the first time",
			saves:    []save{{at: 0, path: "a", half: true}, {at: 200 * msec, path: "a", half: true}},
			linkTook: 2 * msec, end: 2 * time.Second,
			want: []string{"5ms read held a", "205ms read held a", "305ms read a", "307ms linked", "307ms publish (waited 307ms)"},
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
