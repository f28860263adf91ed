package page

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"kith/generator/journal"
)

// personJournal returns a journal seen from 2026-11-23 with the notes given
// (path: text) beside kith.yaml.
func personJournal(t *testing.T, notes map[string]string) *journal.Journal {
	t.Helper()
	fsys := fstest.MapFS{"kith.yaml": {Data: []byte("title: Test\n")}}
	for p, s := range notes {
		fsys[p] = &fstest.MapFile{Data: []byte(s)}
	}
	return linked(t, fsys)
}

func person(t *testing.T, j *journal.Journal, name string) *journal.Person {
	t.Helper()
	for _, p := range j.People {
		if p.Name == name {
			return p
		}
	}
	t.Fatalf("no person %q", name)
	return nil
}

func up(addr string) string { return "../../" + addr }

func TestGlance(t *testing.T) {
	tests := []struct {
		name     string
		note     string
		wantOpen []string
		wantLast string
	}{
		{"nothing open", "---\nname: Ann\n---\n- 2026-11-02 Coffee #meeting\n",
			nil, "3 weeks ago"},
		{"owes thanks", "---\nname: Ann\n---\n- 2026-10-01 Reviewed my CV #received\n- 2026-11-01 Lent me a book #received\n",
			[]string{"You owe them thanks for 2 favours"}, "3 weeks ago"},
		{"thanked", "---\nname: Ann\n---\n- 2026-10-01 Reviewed my CV #received\n- 2026-10-02 Card #thanked\n",
			nil, "7 weeks ago"},
		{"past cadence", "---\nname: Ann\nkeep_in_touch: 1m\n---\n- 2026-08-01 Call #call\n",
			[]string{"Time to get in touch: every month (2 months overdue)"}, "3 months ago"},
		{"nothing logged", "---\nname: Ann\n---\nJust a note.\n", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			j := personJournal(t, map[string]string{"content/people/ann.md": tt.note})
			g := NewPerson(j, person(t, j, "Ann"), up).Glance
			if fmt.Sprint(g.Open) != fmt.Sprint(tt.wantOpen) {
				t.Errorf("got open %q, want %q", g.Open, tt.wantOpen)
			}
			if g.LastAgo != tt.wantLast {
				t.Errorf("got last spoke %q, want %q", g.LastAgo, tt.wantLast)
			}
		})
	}
}

func TestGlanceFollowUp(t *testing.T) {
	j := personJournal(t, map[string]string{
		"content/people/ann.md":           "---\nname: Ann\n---\n",
		"content/entries/2026/ask.md":     "---\ntitle: Ann asks\ndate: 2026-10-01\npeople: [Ann]\nfollow_up: 2026-11-10\n---\n",
		"content/people/bo.md":            "---\nname: Bo\n---\n",
		"content/entries/2026/bo-asks.md": "---\ntitle: Bo asks\ndate: 2026-11-01\npeople: [Bo]\nfollow_up: 2026-12-01\n---\n",
	})
	for _, tt := range []struct{ who, want string }{
		{"Ann", "They are waiting for a follow-up (13 days overdue)"},
		{"Bo", "You promised a follow-up (due in 8 days)"},
	} {
		t.Run(tt.who, func(t *testing.T) {
			v := NewPerson(j, person(t, j, tt.who), up)
			if fmt.Sprint(v.Glance.Open) != fmt.Sprint([]string{tt.want}) {
				t.Errorf("got open %q, want %q", v.Glance.Open, tt.want)
			}
			if len(v.FollowUps) != 1 || v.FollowUps[0].Who != "" || v.FollowUps[0].EntryLink == "" || !strings.HasPrefix(v.FollowUps[0].EntryLink, "../../entries/") {
				t.Errorf("got follow-up rows %+v, want one with its entry's link", v.FollowUps)
			}
		})
	}
}

func TestBreakable(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"dana.okafor@example.com", []string{"dana.", "okafor", "@example.", "com"}},
		{"zoe@example.com", []string{"zoe", "@example.", "com"}},
		{"plain", []string{"plain"}},
		{"trailing.", []string{"trailing."}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got := breakable(tt.in)
			if fmt.Sprintf("%q", got) != fmt.Sprintf("%q", tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			if strings.Join(got, "") != tt.in {
				t.Errorf("got %q joined, want %q back", strings.Join(got, ""), tt.in)
			}
		})
	}
}

func TestWithoutLogs(t *testing.T) {
	tests := []struct {
		name, body, want string
	}{
		{"no log", "Met at a meetup.\n", "Met at a meetup.\n"},
		{"log heading dropped", "Met at a meetup.\n\n## Log\n\n- 2026-03-02 Coffee #call\n- 2026-03-05 Card #thanked\n",
			"Met at a meetup.\n"},
		{"other list kept", "## Notes\n\n- likes tea\n- 2026-03-02 Coffee #call\n", "## Notes\n\n- likes tea\n"},
		{"only logs", "## Log\n- 2026-03-02 Coffee #call\n", ""},
		{"subheading kept when its section has text", "# Log\n## 2026\n- 2026-03-02 Coffee #call\n## Ideas\nA podcast.\n", "# Log\n## Ideas\nA podcast.\n"},
		{"code kept", "```\n# not a heading\n```\n## Log\n- 2026-03-02 Coffee #call\n", "```\n# not a heading\n```\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			j := personJournal(t, map[string]string{"content/people/ann.md": "---\nname: Ann\n---\n" + tt.body})
			got := string(NewPerson(j, person(t, j, "Ann"), up).Notes)
			if strings.TrimSpace(got) != strings.TrimSpace(tt.want) {
				t.Errorf("got notes %q, want %q", got, tt.want)
			}
		})
	}
}

func TestTimelineRows(t *testing.T) {
	j := personJournal(t, map[string]string{
		"content/people/ann.md": "---\nname: Ann\ntags: [gift-ideas]\nmet:\n  date: 2024-05-01\n  where: a meetup\n---\n" +
			"- 2026-03-02 Gave me feedback on my rate. #received #call\n" +
			"- 2026-03-05 Emailed to say thank you. #thanked #email #gift-ideas #nosuchtag\n" +
			"- 2026-05-20 Reviewed her talk. #gave #email\n" +
			"- 2025-06-01 Lent me a book. #received\n" +
			"- 2026-12-20 Dinner #meeting\n",
		"content/entries/2025/lunch.md": "---\ntitle: Lunch\ndate: 2025-07-01\npeople: [Ann]\nreceived: an intro\nthanked: true\n---\n",
		"content/events/expo.md":        "---\nname: Expo\ndate: 2025-09-01\npeople: [Ann]\n---\n",
	})
	v := NewPerson(j, person(t, j, "Ann"), up)
	var got []string
	for _, y := range v.Timeline {
		for _, m := range y.Moments {
			s := fmt.Sprintf("%s %s|%s|%s", m.Date, m.Kind, m.Title, m.Text)
			for _, f := range []struct {
				on   bool
				name string
			}{{m.Met, "met"}, {m.Helped, "gave"}, {m.HelpedYou, "received"}, {m.Open, "open"}, {m.Thanked, "thanked"}, {m.Upcoming, "upcoming"}} {
				if f.on {
					s += " " + f.name
				}
			}
			for _, l := range m.Tags {
				s += " " + l.Href
			}
			got = append(got, s)
		}
	}
	want := []string{
		"2026-12-20 meeting||Dinner upcoming",
		"2026-05-20 email||Reviewed her talk. gave",
		"2026-03-05 email||Emailed to say thank you. thanked ../../tags/gift-ideas/",
		"2026-03-02 call||Gave me feedback on my rate. received",
		"2025-09-01 event|Expo|",
		"2025-07-01 note|Lunch| received thanked",
		"2025-06-01 ||Lent me a book. received",
		"2024-05-01 ||a meetup met",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, y := range v.Timeline {
		for _, m := range y.Moments {
			if strings.Contains(m.Text, "#") {
				t.Errorf("got a raw hashtag in %q", m.Text)
			}
		}
	}
	// The strip counts what happened up to today, newest year first; the
	// dinner is still ahead.
	wantTally := "[{2026 1 1 1 0} {2025 0 2 0 1} {2024 0 0 1 0}]"
	if got := fmt.Sprint(v.Tally); got != wantTally {
		t.Errorf("got tally %s, want %s", got, wantTally)
	}
	if v.Strip == "" || !strings.Contains(string(v.Strip), "<title id=\"strip-t\">Your interactions with Ann, by year</title>") {
		t.Errorf("got strip %q, want a picture titled for Ann", v.Strip)
	}
}

func TestNoStripWithoutPast(t *testing.T) {
	j := personJournal(t, map[string]string{"content/people/ann.md": "---\nname: Ann\n---\n- 2026-12-20 Dinner #meeting\n"})
	v := NewPerson(j, person(t, j, "Ann"), up)
	if v.Strip != "" || v.Tally != nil {
		t.Errorf("got strip %q and tally %v for a person with only a future dinner, want none", v.Strip, v.Tally)
	}
}

func TestStripYearsCut(t *testing.T) {
	j := personJournal(t, map[string]string{"content/people/ann.md": "---\nname: Ann\n---\n- 2026-01-02 Call #call\n- 2001-01-02 Call #call\n"})
	v := NewPerson(j, person(t, j, "Ann"), up)
	if len(v.Tally) != StripYears || v.Tally[0].Year != 2026 || v.Tally[0].Met != 1 || v.Tally[StripYears-1].Year != 2026-StripYears+1 {
		t.Errorf("got tally %v, want the %d latest years from 2026", v.Tally, StripYears)
	}
}

func TestChips(t *testing.T) {
	j := viewJournal(t)
	dana := j.People[0]
	v := NewPerson(j, dana, up)
	if got, want := fmt.Sprint(v.IntroducedBy), fmt.Sprint([]Chip{{Name: "Lee Park", Link: "../../people/lee/"}}); got != want {
		t.Errorf("got introduced by %s, want %s", got, want)
	}
	e := NewEntry(j.Entries[0], func(addr string) string { return "../" + addr })
	if got, want := fmt.Sprint(e.People), fmt.Sprint([]Chip{{Name: "Dana Okafor", Link: "../people/dana/"}}); got != want {
		t.Errorf("got entry people %s, want %s", got, want)
	}
}

func TestIntroRows(t *testing.T) {
	j := personJournal(t, map[string]string{
		"content/people/ann.md": "---\nname: Ann\n---\n- 2026-03-01 Introduced her to [[Bo]] #intro\n- 2026-04-01 Bo hired her [[Bo]] #outcome\n",
		"content/people/bo.md":  "---\nname: Bo\n---\n",
	})
	v := NewPerson(j, person(t, j, "Ann"), up)
	if len(v.Intros) != 1 {
		t.Fatalf("got intros %+v, want one", v.Intros)
	}
	in := v.Intros[0]
	if in.To != (Chip{Name: "Bo", Link: "../../people/bo/"}) || strings.Contains(in.Outcome, "#") {
		t.Errorf("got %+v, want an intro to Bo with an outcome without hashtags", in)
	}
}
