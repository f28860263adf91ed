package journal

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"kith/generator/content"
)

// load builds a journal from files given as path → text, seen from today.
func load(t *testing.T, today string, files map[string]string) *Journal {
	t.Helper()
	fsys := fstest.MapFS{}
	for p, s := range files {
		fsys[p] = &fstest.MapFile{Data: []byte(s)}
	}
	set, err := content.Load(context.Background(), fsys)
	if err != nil {
		t.Fatal(err)
	}
	d, err := content.ParseDate(today)
	if err != nil {
		t.Fatal(err)
	}
	return Build(set, Options{Today: d})
}

func person(name string, front ...string) string {
	return "---\nname: " + name + "\n" + strings.Join(front, "\n") + "\n---\n"
}

func problems(j *Journal) []string {
	var out []string
	for _, p := range j.Problems {
		out = append(out, p.Error())
	}
	return out
}

func TestReferences(t *testing.T) {
	base := map[string]string{
		"content/people/Dana Okafor.md": person("Dana Okafor", "aliases: [Dee]"),
		"content/people/José Núñez.md":  person("José Núñez", "met: {via: Dee}"),
		"content/people/ingrid.md":      person("Ingrid Solberg", `met: {via: "[[José Núñez]]"}`),
	}
	tests := []struct {
		name  string
		files map[string]string
		want  []string
	}{
		{"name, alias, slug, file name, wikilink", map[string]string{
			"content/entries/a.md": "---\ndate: 2026-01-01\nwith: [dana okafor, DEE, jose-nunez, ingrid, \"[[Ingrid Solberg]]\", [[José Núñez]]]\n---\n",
		}, nil},
		{"unknown reference suggests", map[string]string{
			"content/entries/a.md": "---\ndate: 2026-01-01\nwith: [Dana Okafro]\n---\n",
		}, []string{`content/entries/a.md:3: with: no person is called "Dana Okafro"; did you mean "Dana Okafor"?`}},
		{"unknown reference without suggestion", map[string]string{
			"content/entries/a.md": "---\ndate: 2026-01-01\nwith:\n  - Dee\n  - Zebulon Quigley\n---\n",
		}, []string{`content/entries/a.md:5: with: no person is called "Zebulon Quigley"; add a note under content/people or fix the name`}},
		{"unknown met.via", map[string]string{
			"content/people/x.md": person("Xu Ming", "met:\n  via: Inrgid"),
		}, []string{`content/people/x.md:4: met.via: no person is called "Inrgid"; did you mean "Ingrid Solberg"?`}},
		{"unknown event", map[string]string{
			"content/events/summit.md": "---\nname: Summit\ndate: 2026-01-01\n---\n",
			"content/entries/a.md":     "---\ndate: 2026-01-01\nevent: sumit\n---\n",
		}, []string{`content/entries/a.md:3: event: no event is called "sumit"; did you mean "summit"?`}},
		{"duplicate slug", map[string]string{
			"content/people/dana-okafor.md": person("Dana O."),
		}, []string{`content/people/dana-okafor.md:1: two people have the slug "dana-okafor": this file and content/people/Dana Okafor.md; rename one file`}},
		{"shared name: fine until a bare reference", map[string]string{
			"content/people/Dana Okafor (Lumen).md": person("dana okafor"),
		}, nil},
		{"shared name: a bare reference is an error", map[string]string{
			"content/people/Dana Okafor (Lumen).md": person("Dana Okafor"),
			"content/entries/a.md":                  "---\ndate: 2026-01-01\nwith: [Dana Okafor, Dana Okafor (Lumen), \"[[people/Dana Okafor]]\"]\n---\nSaw [[Dana Okafor]] and [[content/people/Dana Okafor (Lumen)]].\n",
		}, []string{
			`content/entries/a.md:3: with: "Dana Okafor" is the name of 2 people: content/people/Dana Okafor.md, content/people/Dana Okafor (Lumen).md; say which one with its file name or path: [[content/people/Dana Okafor]] or [[Dana Okafor (Lumen)]]`,
			`content/entries/a.md:5: wikilink [[Dana Okafor]]: "Dana Okafor" is the name of 2 people: content/people/Dana Okafor.md, content/people/Dana Okafor (Lumen).md; say which one with its file name or path: [[content/people/Dana Okafor]] or [[Dana Okafor (Lumen)]]`,
		}},
		{"Obsidian links resolve", map[string]string{
			"content/entries/a.md": "---\ndate: 2026-01-01\n---\n[[content/people/Dana Okafor]], [[people/ingrid]], [[José Núñez.md]], ![[Dee]], [Dana](Dana%20Okafor.md), [I](../people/ingrid.md#Log).\n",
		}, nil},
		{"broken Markdown link to a note warns", map[string]string{
			"content/entries/a.md": "---\ndate: 2026-01-01\n---\nSee [her](Nobody%20Here.md).\n",
		}, []string{`content/entries/a.md:4: warning: broken link to Nobody Here.md: no person, event or entry has that name`}},
		{"broken wikilink warns", map[string]string{
			"content/entries/a.md": "---\ndate: 2026-01-01\n---\nSaw [[Ingrd]] and [[Nobody At All]].\n",
		}, []string{
			`content/entries/a.md:4: warning: broken wikilink [[Ingrd]]: no person, event or entry has that name; did you mean [[Ingrid Solberg]]?`,
			`content/entries/a.md:4: warning: broken wikilink [[Nobody At All]]: no person, event or entry has that name`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{}
			for k, v := range base {
				files[k] = v
			}
			for k, v := range tt.files {
				files[k] = v
			}
			j := load(t, "2026-06-01", files)
			if got := problems(j); strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("problems:\ngot  %q\nwant %q", got, tt.want)
			}
		})
	}
	t.Run("resolved links", func(t *testing.T) {
		files := map[string]string{
			"content/entries/a.md": "---\ndate: 2026-01-01\nwith: [dana okafor, DEE, jose-nunez, ingrid, \"[[Ingrid Solberg]]\"]\n---\n",
			"content/entries/b.md": "---\ndate: 2026-01-02\n---\nLunch with [[Dee|her]] and [[José Núñez]].\n",
		}
		for k, v := range base {
			files[k] = v
		}
		j := load(t, "2026-06-01", files)
		a := j.Entry("a")
		if got := names(a.People); got != "Dana Okafor,José Núñez,Ingrid Solberg" {
			t.Errorf("entry a people: got %s, want Dana Okafor,José Núñez,Ingrid Solberg", got)
		}
		if got := names(j.Entry("b").People); got != "Dana Okafor,José Núñez" {
			t.Errorf("entry b people from body links: got %s, want Dana Okafor,José Núñez", got)
		}
		dana := j.Person("dana-okafor")
		if got := names(dana.Introduced); got != "José Núñez" {
			t.Errorf("Dana introduced: got %s, want José Núñez", got)
		}
		if j.Person("ingrid").IntroducedBy != j.Person("jose-nunez") {
			t.Errorf("Ingrid introduced by: got %v, want José", j.Person("ingrid").IntroducedBy)
		}
		if len(dana.Mentions) != 1 || dana.Mentions[0].Entry != j.Entry("b") {
			t.Errorf("Dana mentions: got %+v, want entry b", dana.Mentions)
		}
		if got := dana.LastContact.String(); got != "2026-01-02" {
			t.Errorf("Dana last contact: got %s, want 2026-01-02", got)
		}
		if len(j.Connectors) != 2 || j.Connectors[0].Person != dana {
			t.Errorf("connectors: got %d, want Dana first of 2", len(j.Connectors))
		}
	})
}

func names(ps []*Person) string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Name)
	}
	return strings.Join(out, ",")
}

func TestThanks(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  []string // open favours as "slug date what"
	}{
		{"log received stays open", map[string]string{
			"content/people/a.md": person("Ann") + "- 2026-03-01 Reviewed my talk #received\n",
		}, []string{"a 2026-03-01 Reviewed my talk #received"}},
		{"later thanked closes earlier received", map[string]string{
			"content/people/a.md": person("Ann") + "- 2026-03-01 Reviewed my talk #received\n- 2026-03-05 Sent a card #thanked\n- 2026-03-09 Lent me a book #received\n",
		}, []string{"a 2026-03-09 Lent me a book #received"}},
		{"same-day thanks closes", map[string]string{
			"content/people/a.md": person("Ann") + "- 2026-03-01 Helped and I thanked her #received #thanked\n",
		}, nil},
		{"thanks before the favour does not close it", map[string]string{
			"content/people/a.md": person("Ann") + "- 2026-03-05 Sent a card #thanked\n- 2026-03-06 Reviewed my CV #received\n",
		}, []string{"a 2026-03-06 Reviewed my CV #received"}},
		{"entry received, thanked on the entry", map[string]string{
			"content/people/a.md":  person("Ann"),
			"content/entries/e.md": "---\ndate: 2026-03-01\nwith: [Ann]\nreceived: An intro to Bo\nthanked: 2026-03-02\n---\n",
		}, nil},
		{"entry received, thanked true", map[string]string{
			"content/people/a.md":  person("Ann"),
			"content/entries/e.md": "---\ndate: 2026-03-01\nwith: [Ann]\nreceived: An intro to Bo\nthanked: true\n---\n",
		}, nil},
		{"entry received with two people, one thanked by log line", map[string]string{
			"content/people/a.md":  person("Ann") + "- 2026-03-04 Thank-you note #thanked\n",
			"content/people/b.md":  person("Bo"),
			"content/entries/e.md": "---\ndate: 2026-03-01\nwith: [Ann, Bo]\nreceived: Covered my session\n---\n",
		}, []string{"b 2026-03-01 Covered my session"}},
		{"thanked entry closes a log favour", map[string]string{
			"content/people/a.md":  person("Ann") + "- 2026-03-01 Fixed my slides #received\n",
			"content/entries/e.md": "---\ndate: 2026-03-03\nwith: [Ann]\nkind: gift\nthanked: true\n---\n",
		}, nil},
		{"future favour is not owed yet", map[string]string{
			"content/people/a.md": person("Ann") + "- 2026-09-01 Will review my book #received\n",
		}, nil},
		{"oldest first", map[string]string{
			"content/people/a.md": person("Ann") + "- 2026-04-01 B #received\n",
			"content/people/b.md": person("Bo") + "- 2026-02-01 A #received\n",
		}, []string{"b 2026-02-01 A #received", "a 2026-04-01 B #received"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			j := load(t, "2026-06-01", tt.files)
			if ps := j.Problems; len(ps) > 0 {
				t.Fatalf("got problems %v, want none", ps)
			}
			var got []string
			for _, f := range j.Favors {
				got = append(got, f.Person.Slug+" "+f.Date.String()+" "+f.What)
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("open favours:\ngot  %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestFollowUps(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  []string // due follow-ups as "slug reason due overdue"
	}{
		{"explicit follow-up overdue", map[string]string{
			"content/people/a.md":  person("Ann"),
			"content/entries/e.md": "---\ndate: 2026-05-01\nwith: [Ann]\nfollow_up: 2026-05-20\n---\n",
		}, []string{"a follow_up 2026-05-20 12"}},
		{"explicit follow-up closed by a later log line", map[string]string{
			"content/people/a.md":  person("Ann") + "- 2026-05-10 Sent the deck #email\n",
			"content/entries/e.md": "---\ndate: 2026-05-01\nwith: [Ann]\nfollow_up: 2026-05-20\n---\n",
		}, nil},
		{"same-day contact does not close a follow-up", map[string]string{
			"content/people/a.md":  person("Ann") + "- 2026-05-01 Chatted after #call\n",
			"content/entries/e.md": "---\ndate: 2026-05-01\nwith: [Ann]\nfollow_up: 2026-05-20\n---\n",
		}, []string{"a follow_up 2026-05-20 12"}},
		{"follow-up not due yet", map[string]string{
			"content/people/a.md":  person("Ann"),
			"content/entries/e.md": "---\ndate: 2026-05-01\nwith: [Ann]\nfollow_up: 2026-06-20\n---\n",
		}, nil},
		{"cadence overdue", map[string]string{
			"content/people/a.md": person("Ann", "keep_in_touch: 1m") + "- 2026-04-15 Call #call\n",
		}, []string{"a cadence 2026-05-15 17"}},
		{"cadence from default", map[string]string{
			"kith.yaml":           "default_keep_in_touch: 30d\n",
			"content/people/a.md": person("Ann") + "- 2026-04-01 Call #call\n",
		}, []string{"a cadence 2026-05-01 31"}},
		{"default cadence waits for a first contact", map[string]string{
			"kith.yaml":           "default_keep_in_touch: 30d\n",
			"content/people/a.md": person("Ann", "met: {date: 2025-01-01, where: LinkedIn}"),
			"content/people/b.md": person("Bo"),
		}, nil},
		{"cadence falls back to met date", map[string]string{
			"content/people/a.md": person("Ann", "keep_in_touch: 2w", "met: {date: 2025-01-01}"),
		}, []string{"a cadence 2025-01-15 502"}},
		{"cadence with no dates is due today", map[string]string{
			"content/people/a.md": person("Ann", "keep_in_touch: 2w"),
		}, []string{"a cadence 2026-06-01 0"}},
		{"future entries do not count as contact", map[string]string{
			"content/people/a.md":  person("Ann", "keep_in_touch: 1m") + "- 2026-04-15 Call #call\n",
			"content/entries/e.md": "---\ndate: 2026-07-01\nwith: [Ann]\nkind: meeting\n---\n",
		}, []string{"a cadence 2026-05-15 17"}},
		{"fading new connection", map[string]string{
			"content/people/a.md": person("Ann", "met: {date: 2026-05-01, where: a meetup}"),
		}, []string{"a fading 2026-05-15 17"}},
		{"new connection contacted since", map[string]string{
			"content/people/a.md": person("Ann", "met: {date: 2026-05-01}") + "- 2026-05-03 Coffee #meeting\n",
		}, nil},
		{"met long ago is not fading", map[string]string{
			"content/people/a.md": person("Ann", "met: {date: 2025-05-01}"),
		}, nil},
		{"most overdue first", map[string]string{
			"content/people/a.md": person("Ann", "keep_in_touch: 1m") + "- 2026-04-15 Call #call\n",
			"content/people/b.md": person("Bo", "keep_in_touch: 1m") + "- 2026-01-15 Call #call\n",
		}, []string{"b cadence 2026-02-15 106", "a cadence 2026-05-15 17"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			j := load(t, "2026-06-01", tt.files)
			if ps := j.Problems; len(ps) > 0 {
				t.Fatalf("got problems %v, want none", ps)
			}
			var got []string
			for _, f := range j.Due() {
				got = append(got, strings.Join([]string{f.Person.Slug, f.Reason, f.Due.String(), strconv.Itoa(f.Overdue)}, " "))
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("due follow-ups:\ngot  %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestUpcomingAndTimeline(t *testing.T) {
	j := load(t, "2026-11-23", map[string]string{
		"content/people/a.md":      person("Ann", "birthday: 12-01", "met: {date: 2024-03-01, where: a conference}") + "- 2025-06-01 Call #call\n",
		"content/people/b.md":      person("Bo", "birthday: 1990-11-22"),
		"content/events/summit.md": "---\nname: Summit\ndate: 2026-12-08\nend: 2026-12-09\npeople: [Ann]\n---\n",
		"content/events/old.md":    "---\nname: Old Conf\ndate: 2025-06-01\npeople: [Ann]\n---\n",
		"content/entries/e.md":     "---\ndate: 2026-02-01\nwith: [Ann]\nkind: meeting\ntitle: Lunch\n---\n",
	})
	var got []string
	for _, u := range j.Upcoming(30) {
		got = append(got, u.Kind+" "+u.Slug()+" "+u.Date.String())
	}
	want := []string{"birthday a 2026-12-01", "event summit 2026-12-08"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("upcoming:\ngot  %q\nwant %q", got, want)
	}
	var moments []string
	for _, y := range j.Timeline(j.Person("a")) {
		for _, m := range y.Moments {
			kind := "log"
			switch {
			case m.Met:
				kind = "met"
			case m.Event != nil:
				kind = "event"
			case m.Interaction.Entry != nil:
				kind = "entry"
			}
			moments = append(moments, m.Date.String()+" "+kind)
		}
	}
	wantM := []string{"2026-12-08 event", "2026-02-01 entry", "2025-06-01 event", "2025-06-01 log", "2024-03-01 met"}
	if strings.Join(moments, "\n") != strings.Join(wantM, "\n") {
		t.Errorf("timeline:\ngot  %q\nwant %q", moments, wantM)
	}
}

func TestDrafts(t *testing.T) {
	files := map[string]string{
		"content/people/a.md":  person("Ann"),
		"content/people/d.md":  person("Dora", "draft: true"),
		"content/entries/e.md": "---\ndate: 2026-01-01\nwith: [Ann, Dora]\n---\n",
		"content/entries/f.md": "---\ndate: 2026-01-02\ndraft: true\nwith: [Ann]\n---\n",
	}
	j := load(t, "2026-06-01", files)
	if len(j.People) != 1 || len(j.Entries) != 1 {
		t.Errorf("without drafts: got %d people, %d entries, want 1 and 1", len(j.People), len(j.Entries))
	}
	if got := problems(j); len(got) != 1 || !strings.Contains(got[0], `"Dora" is a draft`) {
		t.Errorf("problems: got %q, want a warning that Dora is a draft", got)
	}
}
