package page

import (
	"testing"
	"testing/fstest"
)

func TestNewHelpAndNetwork(t *testing.T) {
	j := giveJournal(t, fstest.MapFS{
		"kith.yaml":            &fstest.MapFile{Data: []byte("owner_expertise: [survey design]\n")},
		"content/people/a.md":  note("Ana", "needs: [survey design help, {need: old wish, date: 2020-01-01}]"),
		"content/people/b.md":  note("Ben", "met: {via: Ana}", "expertise: [old wishes]"),
		"content/people/c.md":  note("Cy", "expertise: [old wishes]"),
		"content/people/d.md":  note("Di"),
		"content/entries/i.md": &fstest.MapFile{Data: []byte("---\ndate: 2026-01-01\nkind: intro\nwith: [Cy, Di]\ngave: an intro\n---\n")},
	})
	h := NewHelp(j, func(a string) string { return a })
	if h.Open != 1 || h.You.Total != 1 || len(h.You.Shown) != 1 || h.Introduce.Total != 0 || h.Given.Total != 1 || !h.Expertise {
		t.Errorf("help: got %d open, %d you, %d introduce, %d given, expertise %v; want 1, 1, 0 (the old wish faded), 1, true",
			h.Open, h.You.Total, h.Introduce.Total, h.Given.Total, h.Expertise)
	}
	n := NewNetwork(j, func(a string) string { return a })
	if n.InGraph != 4 || n.Drawn != 4 || n.People != 4 || n.Connectors != 1 || len(n.Via) != 1 || len(n.Intros) != 1 || n.Intros[0].Outcome != "" {
		t.Errorf("network: got %d in graph, %d drawn, %d people, %d connectors, %d via, %d intros; want 4, 4, 4, 1, 1, 1 without outcome",
			n.InGraph, n.Drawn, n.People, n.Connectors, len(n.Via), len(n.Intros))
	}
}
