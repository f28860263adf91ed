package journal

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"kith/generator/content"
)

// patchBase is a small journal with a backlink, an introduction, an
// outcome, a favour, a need and a follow-up, for TestPatch.
var patchBase = map[string]string{
	"kith.yaml":                        "title: T\ndefault_keep_in_touch: 3m\nowner_expertise: [tax law]\n",
	"content/people/Dana Okafor.md":    person("Dana Okafor", "aliases: [Dee]", "org: Acme", "expertise: [design systems]", "needs: [someone for tax law]") + "Works with [[Lee Park]].\n\n## Log\n\n- 2026-01-05 Lunch. #call\n- 2026-02-01 Introduced [[Lee Park]]. #intro\n",
	"content/people/Lee Park.md":       person("Lee Park", "keep_in_touch: 1m") + "Sails.\n\n## Log\n\n- 2026-03-01 It went well. #outcome\n",
	"content/people/Ruth Berg.md":      person("Ruth Berg", "expertise: [tax law]") + "Knows [[Dana Okafor]].\n",
	"content/entries/2026-04-01-a.md":  "---\ndate: 2026-04-01\nwith: [Dana Okafor]\nreceived: advice\nfollow_up: 2026-05-01\n---\nSee [[Ruth Berg]].\n",
	"content/entries/2026-04-02-b.md":  "---\ndate: 2026-04-02\nwith: [Dana Okafor, Lee Park]\nkind: meeting\n---\nBoth.\n",
	"content/events/Summit.md":         "---\nname: Summit\ndate: 2026-06-01\npeople: [Lee Park]\n---\n",
	"content/people/Omar Hale.md":      person("Omar Hale", "draft: true"),
	"content/entries/2026-04-03-c.md":  "---\ndate: 2026-04-03\nwith: [Ruth Berg]\ngave: a review\n---\n",
	"content/entries/2026-04-04-d.md":  "---\ndate: 2026-04-04\nwith: [Lee Park]\ntags: [outcome]\n---\n",
	"content/people/Ines Castillo.md":  person("Ines Castillo", "birthday: 05-01") + "Nobody.\n",
	"content/people/Theo Ishikawa.md":  person("Theo Ishikawa", "met: {date: 2026-10-01, via: Ruth Berg}") + "New.\n",
	"content/entries/2026-04-05-e.md":  "---\ndate: 2026-04-05\nwith: [Theo Ishikawa]\nkind: intro\n---\n",
	"content/entries/2026-04-06-f.md":  "---\ndate: 2026-04-06\n---\nA note about [[Ines Castillo]] and [[Nobody At All]].\n",
	"content/people/Kai Reyes.md":      person("Kai Reyes", "needs: [a designer]") + "\n## Log\n\n- 2026-02-02 Helped. #received\n",
	"content/entries/2026-04-07-g.md":  "---\ndate: 2026-04-07\nwith: [Kai Reyes]\nthanked: true\nreceived: a loan\n---\n",
	"content/entries/2026-04-08-h.md":  "---\ndate: 2026-04-08\nwith: [Kai Reyes]\n---\nNo one else.\n",
	"content/entries/2026-04-09-i.md":  "---\ndate: 2026-04-09\nwith: [Ines Castillo]\nevent: Summit\n---\n",
	"content/entries/2026-04-10-j.md":  "---\ndate: 2026-04-10\nwith: [Ines Castillo]\n---\n",
	"content/entries/2026-04-11-k.md":  "---\ndate: 2026-04-11\nwith: [Ines Castillo]\ntags: [needs]\ntitle: Looking for a designer\n---\n",
	"content/entries/2026-04-12-l.md":  "---\ndate: 2026-04-12\nwith: [Lee Park]\n---\n[[Kai Reyes]]\n",
	"content/entries/2026-04-13-m.md":  "---\ndate: 2026-04-13\nwith: [Dana Okafor]\n---\n",
	"content/entries/2026-04-14-n.md":  "---\ndate: 2026-04-14\nwith: [Omar Hale]\n---\n",
	"content/entries/2026-04-15-o.md":  "---\ndate: 2026-04-15\nwith: [Dee]\nkind: call\n---\n",
	"content/entries/2026-04-16-p.md":  "---\ndate: 2026-04-16\nwith: [Ruth Berg]\n---\n",
	"content/entries/2026-04-17-q.md":  "---\ndate: 2026-04-17\nwith: [Ruth Berg]\nfollow_up: 2026-12-01\n---\n",
	"content/entries/2026-04-18-r.md":  "---\ndate: 2026-04-18\nwith: [Theo Ishikawa]\n---\n",
	"content/entries/2026-04-19-s.md":  "---\ndate: 2026-04-19\nwith: [Theo Ishikawa]\ngave: time\n---\n",
	"content/entries/2026-04-20-t.md":  "---\ndate: 2026-04-20\nwith: [Kai Reyes]\ngave: code\n---\n",
	"content/entries/2026-04-21-u.md":  "---\ndate: 2026-04-21\nwith: [Kai Reyes]\n---\n",
	"content/entries/2026-04-22-v.md":  "---\ndate: 2026-04-22\n---\nnobody\n",
	"content/entries/2026-04-23-w.md":  "---\ndate: 2026-04-23\nwith: [Lee Park]\n---\n",
	"content/entries/2026-04-24-x.md":  "---\ndate: 2026-04-24\nwith: [Dana Okafor]\n---\n",
	"content/entries/2026-04-25-y.md":  "---\ndate: 2026-04-25\nwith: [Ruth Berg]\n---\n",
	"content/entries/2026-04-26-z.md":  "---\ndate: 2026-04-26\nwith: [Ines Castillo]\n---\n",
	"content/entries/2026-04-27-aa.md": "---\ndate: 2026-04-27\nwith: [Theo Ishikawa]\n---\n",
}

// TestPatch changes one note at a time and checks that Journal.Patch makes
// the model Build makes of the same files (by their dumps), or refuses
// with the reason the change needs a new build, leaving the model as it
// was.
func TestPatch(t *testing.T) {
	tests := []struct {
		name, path, text string
		refused          string // part of the reason, or "" when patched
	}{
		{"prose of a person moves their log lines", "content/people/Dana Okafor.md", strings.Replace(patchBase["content/people/Dana Okafor.md"], "Works with", "A new paragraph.\n\nWorks with", 1), ""},
		{"a log line thanks and receives", "content/people/Kai Reyes.md", patchBase["content/people/Kai Reyes.md"] + "- 2026-05-01 Thanked. #thanked\n- 2026-06-01 Gave. #gave\n", ""},
		{"a backlink moves to someone else", "content/people/Ruth Berg.md", strings.Replace(patchBase["content/people/Ruth Berg.md"], "[[Dana Okafor]]", "[[Lee Park]] and [[Ines Castillo]]", 1), ""},
		{"a need and a birthday", "content/people/Lee Park.md", strings.Replace(patchBase["content/people/Lee Park.md"], "keep_in_touch: 1m", "keep_in_touch: 1m\nneeds: [someone for design systems]\nbirthday: 11-20", 1), ""},
		{"an outcome is taken back", "content/people/Lee Park.md", strings.Replace(patchBase["content/people/Lee Park.md"], "#outcome", "", 1), ""},
		{"an entry goes to someone else", "content/entries/2026-04-01-a.md", strings.Replace(patchBase["content/entries/2026-04-01-a.md"], "Dana Okafor", "Ines Castillo", 1), ""},
		{"an entry gets a title, an event and a thanks", "content/entries/2026-04-10-j.md", "---\ndate: 2026-04-10\nwith: [Ines Castillo]\ntitle: Coffee\nevent: Summit\nreceived: help\nthanked: true\n---\n[[Ruth Berg]]\n", ""},
		{"an entry names an unknown person", "content/entries/2026-04-16-p.md", "---\ndate: 2026-04-16\nwith: [Ruth Bergg]\n---\n", ""},
		{"an intro entry becomes a meeting", "content/entries/2026-04-02-b.md", strings.Replace(patchBase["content/entries/2026-04-02-b.md"], "meeting", "intro", 1), ""},
		{"an entry with two loses one", "content/entries/2026-04-02-b.md", strings.Replace(patchBase["content/entries/2026-04-02-b.md"], ", Lee Park", "", 1), "who knows whom"},
		{"an #intro links someone else", "content/people/Dana Okafor.md", strings.Replace(patchBase["content/people/Dana Okafor.md"], "Introduced [[Lee Park]]", "Introduced [[Ruth Berg]]", 1), "who knows whom"},
		{"a new alias", "content/people/Lee Park.md", strings.Replace(patchBase["content/people/Lee Park.md"], "keep_in_touch", "aliases: [Lee]\nkeep_in_touch", 1), "aliases"},
		{"another org", "content/people/Dana Okafor.md", strings.Replace(patchBase["content/people/Dana Okafor.md"], "Acme", "Kestrel", 1), "org"},
		{"an entry's date", "content/entries/2026-04-10-j.md", strings.Replace(patchBase["content/entries/2026-04-10-j.md"], "04-10", "04-11", 1), "date"},
		{"an event", "content/events/Summit.md", strings.Replace(patchBase["content/events/Summit.md"], "06-01", "07-01", 1), "event"},
		{"a new person", "content/people/Mira Nunez.md", person("Mira Nunez"), "did not have"},
		{"a draft person", "content/people/Omar Hale.md", person("Omar Hale", "draft: true") + "More.\n", "did not have"},
		{"kith.yaml", "kith.yaml", "title: U\n", "kith.yaml changed"},
	}
	today, _ := content.ParseDate("2026-11-23")
	opt := Options{Today: today}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			for p, s := range patchBase {
				fsys[p] = &fstest.MapFile{Data: []byte(s)}
			}
			set, err := content.Load(context.Background(), fsys)
			if err != nil {
				t.Fatal(err)
			}
			j := Build(set, opt)
			before := dump(t, j)
			fsys[tt.path] = &fstest.MapFile{Data: []byte(tt.text)}
			if _, err := set.Update(fsys, tt.path); err != nil {
				t.Fatal(err)
			}
			err = j.Patch(set, []string{tt.path}, opt)
			var nb *NeedsBuild
			switch {
			case tt.refused == "" && err != nil:
				t.Fatalf("got %v, want the change patched", err)
			case tt.refused != "":
				if !errors.As(err, &nb) || !strings.Contains(nb.Reason, tt.refused) {
					t.Fatalf("got %v, want a NeedsBuild saying %q", err, tt.refused)
				}
				if got := dump(t, j); got != before {
					t.Fatalf("the model changed although Patch refused")
				}
				return
			}
			want, got := dump(t, Build(set, opt)), dump(t, j)
			if got != want {
				gl, wl := strings.Split(got, "\n"), strings.Split(want, "\n")
				for i := range min(len(gl), len(wl)) {
					if gl[i] != wl[i] {
						t.Fatalf("the patched model differs at line %d:\ngot  %s\nwant %s", i+1, gl[i], wl[i])
					}
				}
				t.Fatalf("got %d lines of model, want %d", len(gl), len(wl))
			}
			if got == before {
				t.Errorf("the change did not change the model")
			}
		})
	}
}

func dump(t *testing.T, j *Journal) string {
	t.Helper()
	var b bytes.Buffer
	if err := j.Dump(&b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}
