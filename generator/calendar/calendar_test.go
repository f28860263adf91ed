package calendar

import (
	"bytes"
	"context"
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	ics "github.com/arran4/golang-ical"

	"kith/generator/content"
	"kith/generator/journal"
)

// journalFiles is a small journal with one of everything the feed shows.
func journalFiles() map[string]string {
	return map[string]string{
		"kith.yaml": "title: Rosa's people, \"private\"\ndefault_keep_in_touch: 6m\n",
		"content/people/Dana Okafor.md": "---\nname: Dana Okafor\nbirthday: 03-17\nkeep_in_touch: 2m\n" +
			"met:\n  date: 2025-09-18\n---\n- 2026-11-02 Coffee. #meeting\n",
		"content/people/José Núñez.md": "---\nname: José Núñez\nbirthday: 1987-05-02\n---\n",
		"content/people/Leap Day.md":   "---\nname: Leap Day\nbirthday: 02-29\n---\n",
		"content/people/Leap Year.md":  "---\nname: Leap Year\nbirthday: 1992-02-29\nkeep_in_touch: 6m\n---\n",
		"content/people/New Friend.md": "---\nname: New Friend\nkeep_in_touch: 6m\nmet:\n  date: 2026-11-10\n---\n",
		"content/people/Quiet.md":      "---\nname: Quiet Draft\nbirthday: 01-01\ndraft: true\n---\n",
		"content/entries/2026/2026-10-28-seun.md": "---\ndate: 2026-10-28\ntitle: Seun asks for my CV\nwith: [Dana Okafor]\n" +
			"follow_up: 2026-10-30\n---\n",
		"content/entries/2026/2026-11-20-plan.md": "---\ndate: 2026-11-20\ntitle: The plan; part 1, of 2\nwith: [José Núñez]\n" +
			"follow_up: 2026-12-01\n---\n",
		"content/events/summit.md": "---\nname: Health UX Summit, 2026\ndate: 2026-12-08\nend: 2026-12-09\n" +
			"location: Nordhavn Hall; Copenhagen\nurl: https://summit.example.org/2026?a=1&b=2\npeople: [Dana Okafor, José Núñez]\n---\n",
		"content/events/meetup.md": "---\nname: Meetup\ndate: 2025-01-10\nurl: javascript:alert(1)\n---\n",
	}
}

var today = content.Date{Year: 2026, Month: 11, Day: 23}

func build(t *testing.T, files map[string]string) *journal.Journal {
	t.Helper()
	fsys := fstest.MapFS{}
	for p, s := range files {
		fsys[p] = &fstest.MapFile{Data: []byte(s)}
	}
	set, err := content.Load(context.Background(), fsys)
	if err != nil {
		t.Fatal(err)
	}
	j := journal.Build(set, journal.Options{Today: today})
	if errs := j.Problems.Errors(); len(errs) > 0 {
		t.Fatalf("journal problems: %v", errs)
	}
	return j
}

func feed(t *testing.T, files map[string]string) []byte {
	t.Helper()
	b, err := Bytes(build(t, files), Options{Version: "1.2.3"})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func prop(e *ics.VEvent, p ics.ComponentProperty) string {
	if x := e.GetProperty(p); x != nil {
		return ics.FromText(x.Value)
	}
	return ""
}

func TestFeedReadsBack(t *testing.T) {
	data := feed(t, journalFiles())
	cal, err := ics.ParseCalendar(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("parsing the feed back: %v", err)
	}
	calProps := map[string]string{}
	for _, p := range cal.CalendarProperties {
		calProps[p.IANAToken] = ics.FromText(p.Value)
	}
	if calProps["PRODID"] != "-//kith//kith 1.2.3//EN" || calProps["VERSION"] != "2.0" || calProps["X-WR-CALNAME"] != `Rosa's people, "private"` {
		t.Errorf("got calendar properties %v, want PRODID, VERSION 2.0 and the title as X-WR-CALNAME", calProps)
	}
	type want struct {
		start, end, summary, rrule, location, url, description string
	}
	wants := map[string]want{
		"event-summit@kith": {"20261208", "20261210", "Health UX Summit, 2026", "", "Nordhavn Hall; Copenhagen",
			"https://summit.example.org/2026?a=1&b=2", "Expected: Dana Okafor, José Núñez"},
		"event-meetup@kith":                        {"20250110", "20250111", "Meetup", "", "", "", ""},
		"birthday-dana-okafor@kith":                {"20270317", "20270318", "Dana Okafor’s birthday", "FREQ=YEARLY", "", "", ""},
		"birthday-jose-nunez@kith":                 {"19870502", "19870503", "José Núñez’s birthday", "FREQ=YEARLY", "", "", "Born 1987."},
		"birthday-leap-day@kith":                   {"20270228", "20270301", "Leap Day’s birthday", "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1", "", "", ""},
		"birthday-leap-year@kith":                  {"19920229", "19920301", "Leap Year’s birthday", "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1", "", "", "Born 1992."},
		"cadence-dana-okafor@kith":                 {"20270102", "20270103", "Keep in touch with Dana Okafor", "", "", "", "Keep in touch every 2 months; last contact 2026-11-02.\n- Last time (2026-11-02): Coffee."},
		"cadence-jose-nunez@kith":                  {"20270520", "20270521", "Keep in touch with José Núñez", "", "", "", "Keep in touch every 6 months; last contact 2026-11-20.\n- Last time (2026-11-20): The plan; part 1, of 2"},
		"cadence-leap-year@kith":                   {"20261123", "20261124", "Keep in touch with Leap Year", "", "", "", "Keep in touch every 6 months; no contact logged yet."},
		"cadence-new-friend@kith":                  {"20270510", "20270511", "Keep in touch with New Friend", "", "", "", "Keep in touch every 6 months; met 2026-11-10, no contact logged since."},
		"fading-new-friend@kith":                   {"20261124", "20261125", "Follow up with New Friend", "", "", "", "Met 2026-11-10 and no contact since; due 2026-11-24."},
		"followup-2026-11-20-plan-jose-nunez@kith": {"20261201", "20261202", "Follow up with José Núñez", "", "", "", "From “The plan; part 1, of 2” (2026-11-20); due 2026-12-01.\n- Last time (2026-11-20): The plan; part 1, of 2"},
	}
	// Dana's follow-up from 28 October is closed by the coffee on 2 November;
	// the draft's birthday is not shown.
	var uids []string
	for _, e := range cal.Events() {
		uid := prop(e, ics.ComponentPropertyUniqueId)
		uids = append(uids, uid)
		w, ok := wants[uid]
		if !ok {
			t.Errorf("got an event %q, want none", uid)
			continue
		}
		delete(wants, uid)
		start := e.GetProperty(ics.ComponentPropertyDtStart)
		end := e.GetProperty(ics.ComponentPropertyDtEnd)
		if start.Value != w.start || end.Value != w.end || start.ICalParameters["VALUE"][0] != "DATE" || end.ICalParameters["VALUE"][0] != "DATE" {
			t.Errorf("%s: got DTSTART %v DTEND %v, want all-day %s to %s", uid, start, end, w.start, w.end)
		}
		if got := prop(e, ics.ComponentPropertyDtstamp); got != "20261123T000000Z" {
			t.Errorf("%s: got DTSTAMP %q, want today, 20261123T000000Z", uid, got)
		}
		got := want{start.Value, end.Value, prop(e, ics.ComponentPropertySummary), prop(e, ics.ComponentPropertyRrule),
			prop(e, ics.ComponentPropertyLocation), prop(e, ics.ComponentPropertyUrl), prop(e, ics.ComponentPropertyDescription)}
		if got != w {
			t.Errorf("%s:\n got %+v\nwant %+v", uid, got, w)
		}
	}
	for uid := range wants {
		t.Errorf("got no event %q, want one", uid)
	}
	for i := 1; i < len(uids); i++ {
		if uids[i-1] >= uids[i] {
			t.Errorf("got UIDs in the order %v, want sorted", uids)
			break
		}
	}
}

func TestFeedIsValidText(t *testing.T) {
	data := feed(t, journalFiles())
	if !bytes.HasPrefix(data, []byte("BEGIN:VCALENDAR\r\nPRODID:")) || !bytes.HasSuffix(data, []byte("END:VCALENDAR\r\n")) {
		t.Errorf("got %q…, want a VCALENDAR that starts with PRODID", data[:40])
	}
	for i, line := range strings.Split(strings.TrimSuffix(string(data), "\r\n"), "\r\n") {
		if len(line) > 75 || strings.ContainsAny(line, "\r\n") {
			t.Errorf("line %d: got %q (%d octets), want at most 75 and CRLF endings", i+1, line, len(line))
		}
	}
}

// vevents splits a feed into its VEVENTs by UID.
func vevents(t *testing.T, data []byte) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, block := range strings.Split(string(data), "BEGIN:VEVENT\r\n")[1:] {
		block, _, _ = strings.Cut(block, "END:VEVENT\r\n")
		uid, _, _ := strings.Cut(strings.TrimPrefix(block, "UID:"), "\r\n")
		out[uid] = block
	}
	return out
}

func TestFeedIsStable(t *testing.T) {
	base := journalFiles()
	first := feed(t, base)
	if again := feed(t, base); !bytes.Equal(first, again) {
		t.Fatalf("two builds of the same journal differ:\n%s\n---\n%s", first, again)
	}
	tests := []struct {
		name    string
		path    string
		note    string
		changed []string // the UIDs whose VEVENT changes
	}{
		{"an event moves", "content/events/summit.md", "---\nname: Health UX Summit, 2026\ndate: 2026-12-10\n---\n", []string{"event-summit@kith"}},
		{"a birthday is corrected", "content/people/José Núñez.md", "---\nname: José Núñez\nbirthday: 1987-05-03\n---\n", []string{"birthday-jose-nunez@kith"}},
		{"a new entry closes nothing but adds a follow-up", "content/entries/2026/2026-11-21-x.md",
			"---\ndate: 2026-11-21\nwith: [Leap Day]\nfollow_up: 2026-12-24\n---\n", []string{"cadence-leap-day@kith", "followup-2026-11-21-x-leap-day@kith"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := journalFiles()
			files[tt.path] = tt.note
			before, after := vevents(t, first), vevents(t, feed(t, files))
			var changed []string
			for uid, b := range after {
				if before[uid] != b {
					changed = append(changed, uid)
				}
			}
			for uid := range before {
				if _, ok := after[uid]; !ok {
					changed = append(changed, uid)
				}
			}
			if strings.Join(sorted(changed), " ") != strings.Join(sorted(tt.changed), " ") {
				t.Errorf("got changed VEVENTs %v, want only %v", sorted(changed), sorted(tt.changed))
			}
		})
	}
}

func sorted(s []string) []string {
	out := append([]string(nil), s...)
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if out[j] < out[i] {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return out
}

func TestFeedOfAnEmptyJournal(t *testing.T) {
	data := feed(t, map[string]string{"kith.yaml": "title: \"\"\n"})
	want := "BEGIN:VCALENDAR\r\nPRODID:-//kith//kith 1.2.3//EN\r\nVERSION:2.0\r\nCALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\nX-WR-CALNAME:kith\r\nX-KITH-FEED:1\r\nEND:VCALENDAR\r\n"
	if string(data) != want {
		t.Errorf("got %q, want %q", data, want)
	}
}

// TestDigestCoversEvent fails when a field of the feed or of a VEVENT is
// left out of Digest: changing any one of them must change the digest,
// since the feed's bytes may change with it.
func TestDigestCoversEvent(t *testing.T) {
	base := feedData{prod: "p", name: "n", stamp: today, events: []vevent{{uid: "u", start: today, end: today.AddDays(1),
		summary: "s", location: "l", url: "https://x.example", description: "d", rrule: "r"}}}
	want := base.digest()
	change := func(v reflect.Value) bool {
		switch x := v.Interface().(type) {
		case string:
			v.SetString(x + "x")
		case bool:
			v.SetBool(!x)
		case content.Date:
			v.Set(reflect.ValueOf(x.AddDays(1)))
		case []vevent:
			v.Set(reflect.ValueOf(append(slices.Clone(x), x[0])))
		default:
			return false
		}
		return true
	}
	for _, typ := range []reflect.Type{reflect.TypeFor[feedData](), reflect.TypeFor[vevent]()} {
		for i := range typ.NumField() {
			name := typ.Name() + "." + typ.Field(i).Name
			t.Run(name, func(t *testing.T) {
				f := base
				f.events = slices.Clone(base.events)
				v := reflect.ValueOf(&f).Elem()
				if typ == reflect.TypeFor[vevent]() {
					v = reflect.ValueOf(&f.events[0]).Elem()
				}
				fv := v.Field(i)
				fv = reflect.NewAt(fv.Type(), fv.Addr().UnsafePointer()).Elem() // unexported
				if !change(fv) {
					t.Fatalf("got a field of type %s, which the test cannot change: make Digest write it, then teach the test", fv.Type())
				}
				if f.digest() == want {
					t.Errorf("got the same digest with %s changed, want another: Digest leaves it out", name)
				}
			})
		}
	}
}

// TestDigestFollowsFeed: the same journal gives the same digest; a change
// that changes the feed changes it, and one the feed does not show leaves it.
func TestDigestFollowsFeed(t *testing.T) {
	files := journalFiles()
	base := Digest(build(t, files), Options{})
	if got := Digest(build(t, files), Options{}); got != base {
		t.Fatal("got another digest for the same journal")
	}
	tests := []struct {
		name, path, text string
		same             bool
	}{
		{"a log line moves the keep-in-touch date", "content/people/Dana Okafor.md",
			"---\nname: Dana Okafor\nbirthday: 03-17\nkeep_in_touch: 2m\nmet:\n  date: 2025-09-18\n---\n- 2026-11-12 Coffee. #meeting\n", false},
		{"a birthday", "content/people/José Núñez.md", "---\nname: José Núñez\nbirthday: 1987-05-03\n---\n", false},
		{"a body the feed does not show", "content/people/José Núñez.md", "---\nname: José Núñez\nbirthday: 1987-05-02\n---\nHello.\n", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := maps.Clone(files)
			f[tt.path] = tt.text
			j := build(t, f)
			sameFeed := bytes.Equal(feed(t, f), feed(t, files))
			if got := Digest(j, Options{}) == base; got != tt.same || sameFeed != tt.same {
				t.Errorf("got same digest %v, same feed %v; want %v", got, sameFeed, tt.same)
			}
		})
	}
}
