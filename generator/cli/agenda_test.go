package cli

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestAgendaGiveFirst(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"kith.yaml":           "owner: Rosa\nowner_expertise: [survey methodology]\n",
		"content/people/a.md": "---\nname: Ana\nkeep_in_touch: 1m\nneeds: [a survey methodologist, a flat in Oslo]\n---\n\n- 2026-01-05 Coffee. #call\n",
		"content/people/b.md": "---\nname: Ben\ntags: [oslo]\n---\n",
	})
	code, out, errOut := run(t, "agenda", "-s", dir, "--now", "2026-11-23", "--json")
	if code != 0 {
		t.Fatalf("agenda: exit %d, %s", code, errOut)
	}
	var a struct {
		FollowUp []struct {
			Person string
			Hooks  []string
		} `json:"follow_up"`
		Introduce []struct{ Person, To, Need, Because string } `json:"introduce"`
		Help      []struct{ Person, Need string }              `json:"help"`
	}
	if err := json.Unmarshal([]byte(out), &a); err != nil {
		t.Fatalf("agenda --json: %v\n%s", err, out)
	}
	if len(a.FollowUp) != 1 || strings.Join(a.FollowUp[0].Hooks, "|") != "Open need: a survey methodologist. You know survey methodology.|Last time (2026-01-05): Coffee." {
		t.Errorf("got follow-ups %+v, want Ana's with two hooks", a.FollowUp)
	}
	if len(a.Introduce) != 1 || a.Introduce[0] != (struct{ Person, To, Need, Because string }{"a", "b", "a flat in Oslo", "Ben's tag “oslo” matches “Oslo”"}) {
		t.Errorf("got introduce %+v", a.Introduce)
	}
	if len(a.Help) != 1 || a.Help[0].Person != "a" || a.Help[0].Need != "a survey methodologist" {
		t.Errorf("got help %+v", a.Help)
	}
	code, out, _ = run(t, "agenda", "-s", dir, "--now", "2026-11-23")
	for _, want := range []string{"- Open need: a survey methodologist", "You could help (1)", "You could introduce (1)", "Ana                    to Ben for a flat in Oslo"} {
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("agenda text: got exit %d and\n%s\nwant it to contain %q", code, out, want)
		}
	}
}
