package page

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"kith/generator/content"
	"kith/generator/journal"
	"kith/generator/synth"
)

// giveJournal builds a journal from path → text, seen from 2026-11-29.
func giveJournal(t testing.TB, fsys fstest.MapFS) *journal.Journal {
	t.Helper()
	set, err := content.Load(context.Background(), fsys)
	if err != nil {
		t.Fatal(err)
	}
	today, _ := content.ParseDate("2026-11-29")
	return journal.Build(set, journal.Options{Today: today})
}

func note(name string, front ...string) *fstest.MapFile {
	return &fstest.MapFile{Data: []byte("---\nname: " + name + "\n" + strings.Join(front, "\n") + "\n---\n")}
}

func TestLayoutNetwork(t *testing.T) {
	j := giveJournal(t, fstest.MapFS{
		"content/people/a.md":  note("Ana"),
		"content/people/b.md":  note("Ben", "met: {via: Ana}"),
		"content/people/c.md":  note("Cy", "met: {via: Ana}"),
		"content/people/d.md":  note("Di"),
		"content/people/e.md":  note("Ed"),
		"content/people/f.md":  note("Flo"),
		"content/entries/i.md": &fstest.MapFile{Data: []byte("---\ndate: 2026-01-01\nkind: intro\nwith: [Di, Ed]\n---\n")},
	})
	g := layoutNetwork(j, NetworkMax)
	if g.InGraph != 5 || g.Clusters != 2 || g.AllClusters != 2 || len(g.Nodes) != 5 || len(g.Edges) != 3 {
		t.Fatalf("got %d in graph, %d of %d clusters, %d nodes, %d edges; want 5, 2 of 2, 5, 3", g.InGraph, g.Clusters, g.AllClusters, len(g.Nodes), len(g.Edges))
	}
	seen := map[[2]int]string{}
	for _, n := range g.Nodes {
		if n.X-n.R < 0 || n.Y-n.R < 0 || n.X+n.R > g.Width || n.Y+n.R > g.Height {
			t.Errorf("%s at %d,%d is outside %dx%d", n.Person.Name, n.X, n.Y, g.Width, g.Height)
		}
		if o, ok := seen[[2]int{n.X, n.Y}]; ok {
			t.Errorf("%s and %s are drawn at the same place", n.Person.Name, o)
		}
		seen[[2]int{n.X, n.Y}] = n.Person.Name
		if want := n.Person.Name == "Ana"; n.Connector != want {
			t.Errorf("%s: got connector %v, want %v", n.Person.Name, n.Connector, want)
		}
	}
	kinds := map[string]int{}
	for _, e := range g.Edges {
		kinds[e.Kind]++
	}
	if kinds[EdgeVia] != 2 || kinds[EdgeIntro] != 1 {
		t.Errorf("got edges %v, want 2 via and 1 intro", kinds)
	}
	if g2 := layoutNetwork(j, 3); g2.Clusters != 1 || len(g2.Nodes) != 3 || g2.AllClusters != 2 {
		t.Errorf("limit 3: got %d clusters, %d nodes; want the biggest part only", g2.Clusters, len(g2.Nodes))
	}
}

func TestLayoutNetworkLarge(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 2,000-person journal")
	}
	j := giveJournal(t, synth.Generate(synth.Options{People: 2000, Entries: 2000, Events: 5, Seed: 1}))
	g := layoutNetwork(j, NetworkMax)
	if len(g.Nodes) > NetworkMax || len(g.Nodes) == 0 {
		t.Fatalf("got %d nodes, want 1..%d", len(g.Nodes), NetworkMax)
	}
	t.Log(fmt.Sprintf("%d in graph, %d of %d clusters drawn, %d nodes, %d edges, %dx%d", g.InGraph, g.Clusters, g.AllClusters, len(g.Nodes), len(g.Edges), g.Width, g.Height))
}

// BenchmarkGivePages builds the views of /help/ and /network/ for the
// 2,000-person, 20,000-entry synthetic journal.
//
//	go test -run '^$' -bench GivePages ./generator/page
func BenchmarkGivePages(b *testing.B) {
	j := giveJournal(b, synth.Generate(synth.Options{People: 2000, Entries: 20000, Events: 40, Seed: 1}))
	b.ResetTimer()
	for b.Loop() {
		NewHelp(j, func(a string) string { return a })
		NewNetwork(j, func(a string) string { return a })
	}
}
