package journal

import (
	"strings"
	"testing"
)

func TestStem(t *testing.T) {
	tests := []struct{ forms, want string }{
		{"design designer designers designing", "design"},
		{"methodology methodologist methodologists", "methodolog"},
		{"engineer engineers engineering", "engin"},
		{"run running", "run"},
		{"app apps", "app"},
		{"story stories", "stor"},
		{"process processes", "process"},
		{"box boxes", "box"},
		{"journalism journalist", "journal"},
		{"analysis", "analysis"},
		{"recruit recruiting recruitment recruiters", "recruit"},
		{"manager managing management", "manag"},
		{"survey surveys", "survey"},
		{"market marketing marketer", "market"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			for _, w := range strings.Fields(tt.forms) {
				if got := Stem(w); got != tt.want {
					t.Errorf("Stem(%q): got %q, want %q", w, got, tt.want)
				}
			}
		})
	}
}

func TestMatchFolding(t *testing.T) {
	tests := []struct {
		name, need, expertise string
		match                 bool
	}{
		{"case", "A SURVEY methodologist", "survey methodology", true},
		{"accents", "someone who knows startups in Zürich", "zurich startups", true},
		{"accents the other way", "an intro at Université Paris", "universite paris", true},
		{"one word of two is not enough", "advice on employment law", "tax law", false},
		{"two words are", "beta testers for the app", "testing apps with users", true},
		{"word forms", "beta users for the app", "app user interviews", true},
		{"-er and -ing", "a designer for onboarding", "designing onboarding", true},
		{"stop words alone", "someone for the job", "the best of the rest", false},
		{"nothing shared", "a flat in Oslo", "clinical data", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			j := load(t, "2026-11-29", map[string]string{
				"content/people/a.md": person("Ana", "needs: ["+tt.need+"]"),
				"content/people/b.md": person("Ben", "expertise: ["+tt.expertise+"]"),
			})
			a := j.Person("a")
			if len(a.Needs) != 1 {
				t.Fatalf("got %d needs, want 1", len(a.Needs))
			}
			got := len(a.Needs[0].Help) > 0
			if got != tt.match {
				t.Fatalf("got match %v, want %v (%+v)", got, tt.match, a.Needs[0].Help)
			}
			if got && !strings.HasPrefix(a.Needs[0].Help[0].Because, "Ben's expertise “"+tt.expertise+"” matches “") {
				t.Errorf("got because %q", a.Needs[0].Help[0].Because)
			}
		})
	}
}

func TestMatchFieldsAndOwner(t *testing.T) {
	j := load(t, "2026-11-29", map[string]string{
		"kith.yaml":           "owner: Rosa\nowner_expertise: [survey methodology, Go]\n",
		"content/people/a.md": person("Ana", "needs: [a survey methodologist, an intro at Lumen Health, a product manager]"),
		"content/people/b.md": person("Ben", "org: Lumen Health"),
		"content/people/c.md": person("Cy", "role: Product Manager", "tags: [product]"),
		"content/people/d.md": person("Di", "tags: [product]"),
	})
	a := j.Person("a")
	got := map[string]string{}
	for _, n := range a.Needs {
		var hs []string
		if n.You != nil {
			hs = append(hs, "you:"+n.You.Field)
		}
		for _, m := range n.Help {
			hs = append(hs, m.Helper.Name+":"+m.Field)
		}
		got[n.Text] = strings.Join(hs, " ")
	}
	want := map[string]string{
		"a survey methodologist":   "you:expertise",
		"an intro at Lumen Health": "Ben:org",
		"a product manager":        "Cy:role Di:tags",
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("need %q: got %q, want %q", k, got[k], w)
		}
	}
	if len(j.Help) != 1 || j.Help[0].Because != "Your expertise “survey methodology” matches “survey” and “methodologist”" {
		t.Errorf("got help %+v", j.Help)
	}
}

func TestAlreadyKnow(t *testing.T) {
	needy := person("Ana", "needs: [a survey methodologist]")
	helper := func(front ...string) string {
		return person("Ben", append([]string{"expertise: [survey methodology]"}, front...)...)
	}
	tests := []struct {
		name  string
		files map[string]string
		match bool
	}{
		{"strangers", map[string]string{"content/people/b.md": helper()}, true},
		{"met via", map[string]string{"content/people/b.md": helper("met: {via: Ana}")}, false},
		{"met via the other way", map[string]string{"content/people/b.md": helper(), "content/people/c.md": person("Cy", "met: {via: Ben}")}, true},
		{"entry with both", map[string]string{"content/people/b.md": helper(),
			"content/entries/e.md": "---\ndate: 2026-01-01\nwith: [Ana, Ben]\n---\n"}, false},
		{"intro logged", map[string]string{"content/people/b.md": helper(),
			"content/entries/e.md": "---\ndate: 2026-01-01\nkind: intro\nwith: [Ana, Ben]\n---\n"}, false},
		{"intro log line", map[string]string{"content/people/b.md": helper() + "\n- 2026-02-01 Introduced to [[Ana]] #intro\n"}, false},
		{"same org", map[string]string{"content/people/b.md": helper("org: Acme"), "content/people/a.md": needy + "", "content/people/c.md": person("Cy", "org: acme")}, true},
		{"colleagues", map[string]string{"content/people/b.md": helper("org: Acme"), "content/people/a.md": person("Ana", "org: ACME", "needs: [a survey methodologist]")}, false},
		{"entry with one", map[string]string{"content/people/b.md": helper(),
			"content/entries/e.md": "---\ndate: 2026-01-01\nwith: [Ben]\n---\n"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{"content/people/a.md": needy}
			for k, v := range tt.files {
				files[k] = v
			}
			j := load(t, "2026-11-29", files)
			if ps := problems(j); len(ps) > 0 {
				t.Fatalf("problems: %v", ps)
			}
			got := len(j.Person("a").Needs[0].Help) > 0
			if got != tt.match {
				t.Errorf("got match %v, want %v", got, tt.match)
			}
			if got != (len(j.Introduce) > 0) {
				t.Errorf("got %d in Introduce, want it to agree with the need", len(j.Introduce))
			}
		})
	}
}

func TestFadingNeeds(t *testing.T) {
	j := load(t, "2026-11-29", map[string]string{
		"content/people/a.md": person("Ana", "needs:",
			"  - undated stays open",
			"  - {need: dated within a year, date: 2025-11-29}",
			"  - {need: dated over a year ago, date: 2025-11-28}") +
			"\n- 2026-10-01 Looking for a flat in Oslo. #needs #call\n- 2024-01-01 Old wish. #needs\n",
		"content/entries/e.md": "---\ndate: 2026-06-01\ntitle: Wants beta testers\nwith: [Ana]\ntags: [needs]\n---\n",
	})
	var got []string
	for _, n := range j.Person("a").Needs {
		s := n.Text
		if !n.Open {
			s += " (faded)"
		}
		got = append(got, s)
	}
	want := []string{"Looking for a flat in Oslo.", "Wants beta testers", "dated within a year", "undated stays open",
		"dated over a year ago (faded)", "Old wish. (faded)"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestIntroThread(t *testing.T) {
	tests := []struct {
		name, ana, outcome string
	}{
		{"open", "", ""},
		{"outcome later", "\n- 2026-03-01 Ben hired her for the study. #outcome\n", "2026-03-01 Ben hired her for the study."},
		{"outcome before the intro does not count", "\n- 2025-12-01 Got a job. #outcome\n", ""},
		{"outcome about someone else", "\n- 2026-03-01 [[Cy]] called back. #outcome\n", ""},
		{"outcome linking the other", "\n- 2026-03-01 [[Ben]] called back. #outcome\n", "2026-03-01 [[Ben]] called back."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			j := load(t, "2026-11-29", map[string]string{
				"content/people/a.md":  person("Ana") + tt.ana,
				"content/people/b.md":  person("Ben"),
				"content/people/c.md":  person("Cy"),
				"content/entries/e.md": "---\ndate: 2026-01-10\nkind: intro\nwith: [Ben, Ana]\n---\n",
			})
			if len(j.Intros) != 1 {
				t.Fatalf("got %d intros, want 1", len(j.Intros))
			}
			in := j.Intros[0]
			if in.People[0].Name != "Ana" || in.People[1].Name != "Ben" {
				t.Errorf("got people %s, %s, want Ana, Ben", in.People[0].Name, in.People[1].Name)
			}
			got := ""
			if in.Outcome != "" {
				got = in.OutcomeDate.String() + " " + in.Outcome
			}
			if got != tt.outcome {
				t.Errorf("got outcome %q, want %q", got, tt.outcome)
			}
			for _, p := range in.People {
				if len(p.Threads) != 1 || p.Threads[0] != in {
					t.Errorf("%s: got %d threads, want the intro", p.Name, len(p.Threads))
				}
			}
		})
	}
}

func TestHooks(t *testing.T) {
	tests := []struct {
		name  string
		front []string
		body  string
		extra map[string]string
		want  []string
	}{
		{"last thing talked about only", nil, "\n- 2026-01-05 Coffee about the study. #call\n", nil,
			[]string{"last: Last time (2026-01-05): Coffee about the study."}},
		{"likes, then last", []string{"likes: [oolong, sea swimming, novels]"}, "\n- 2026-01-05 Coffee. #call\n", nil,
			[]string{"likes: They like oolong and sea swimming.", "last: Last time (2026-01-05): Coffee."}},
		{"a need you can meet comes first, three at most", []string{"likes: [oolong]", "needs: [a survey methodologist]", "met: {date: 2024-12-10, where: the library}"},
			"\n- 2026-01-05 Coffee. #call\n", nil,
			[]string{"help: Open need: a survey methodologist. You know survey methodology.",
				"anniversary: You met 2 years ago on 2024-12-10 at the library.",
				"likes: They like oolong."}},
		{"someone could meet the need", []string{"needs: [a flat in Oslo]"}, "\n- 2026-01-05 Coffee. #call\n",
			map[string]string{"content/people/c.md": person("Cy", "tags: [oslo]")},
			[]string{"help: Open need: a flat in Oslo. You could introduce Cy (oslo).",
				"last: Last time (2026-01-05): Coffee."}},
		{"an open thread and a new role", nil,
			"\n- 2026-01-05 Coffee. #call\n- 2026-10-01 Changed jobs: CTO at Acme → CEO at Beta. #job\n",
			map[string]string{"content/entries/e.md": "---\ndate: 2026-02-01\nkind: intro\nwith: [Ana, Ben]\n---\n"},
			[]string{"thread: Ask how the introduction to Ben went (2026-02-01).",
				"job: Congratulate them on the new role: Changed jobs: CTO at Acme → CEO at Beta.",
				"last: Last time (2026-02-01): Intro with Ana and Ben"}},
		{"a role is no contact", nil, "\n- 2026-01-05 Coffee. #call\n- 2026-01-06 Changed jobs: A → B. #job\n", nil,
			[]string{"job: Congratulate them on the new role: Changed jobs: A → B.", "last: Last time (2026-01-05): Coffee."}},
		{"an old role is no hook", nil, "\n- 2025-01-06 Changed jobs: A → B. #job\n- 2026-01-05 Coffee. #call\n", nil,
			[]string{"last: Last time (2026-01-05): Coffee."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{
				"kith.yaml":           "owner_expertise: [survey methodology]\n",
				"content/people/a.md": person("Ana", append([]string{"keep_in_touch: 1m"}, tt.front...)...) + tt.body,
				"content/people/b.md": person("Ben"),
			}
			for k, v := range tt.extra {
				files[k] = v
			}
			j := load(t, "2026-11-29", files)
			a := j.Person("a")
			if len(a.FollowUps) == 0 {
				t.Fatal("got no follow-up")
			}
			var got []string
			for _, h := range a.FollowUps[0].Hooks {
				got = append(got, h.Kind+": "+h.Text)
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got hooks\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestPayForwardAndGiven(t *testing.T) {
	j := load(t, "2026-11-29", map[string]string{
		"content/people/a.md":  person("Ana", "needs: [a designer]") + "\n- 2026-05-01 Reviewed my talk. #received\n",
		"content/people/b.md":  person("Ben") + "\n- 2026-05-01 Reviewed my talk. #received\n- 2026-06-01 Sent a paper. #gave\n",
		"content/people/c.md":  person("Cy") + "\n- 2025-05-01 Reviewed my talk. #received\n",
		"content/entries/e.md": "---\ndate: 2025-01-01\nwith: [Cy, Ben]\ngave: a workshop\n---\n",
	})
	if len(j.PayForward) != 1 || j.PayForward[0].Person.Name != "Ana" || len(j.PayForward[0].Needs) != 1 {
		t.Errorf("got pay forward %+v, want Ana with one need", j.PayForward)
	}
	if len(j.Given) != 2 || j.Given[0].Person.Name != "Ben" || j.Given[1].Entry == nil {
		t.Errorf("got given %+v, want Ben's log line, then the entry once", j.Given)
	}
}

// TestIntroByThem checks that an intro logged with someone who introduced
// you to the other is theirs: the two know each other, but it is no thread.
func TestIntroByThem(t *testing.T) {
	j := load(t, "2026-11-29", map[string]string{
		"content/people/a.md":  person("Ana", "needs: [a survey methodologist]"),
		"content/people/b.md":  person("Ben", "expertise: [survey methodology]", "met: {via: Ana}"),
		"content/entries/e.md": "---\ndate: 2026-01-10\nkind: intro\nwith: [Ana, Ben]\n---\n",
	})
	if len(j.Intros) != 0 || len(j.Person("a").Threads) != 0 {
		t.Errorf("got %d intros, want none", len(j.Intros))
	}
	if len(j.Introduce) != 0 {
		t.Errorf("got %d suggestions, want none: they know each other", len(j.Introduce))
	}
}
