package page

import "kith/generator/journal"

// Cuts of /help/.
const (
	HelpIntroduce = 50 // suggested introductions listed
	HelpGiven     = 20 // help you gave, newest first
	HelpForward   = 20 // people to pay forward
)

// HelpView is what /help/ shows: needs you could meet yourself, people you
// could introduce, what you gave lately (a record, not a score), and people
// who helped you recently whom you have not helped in a year.
type HelpView struct {
	You       []*journal.Match // open needs your own expertise meets
	Introduce Cut[*journal.Match]
	Given     Cut[*journal.Interaction]
	Forward   Cut[*journal.PayForward]
	Open      int  // open needs in the journal
	Expertise bool // kith.yaml has owner_expertise
}

// NewHelp builds the view of /help/.
func NewHelp(j *journal.Journal) HelpView {
	v := HelpView{
		You:       j.Help,
		Introduce: cut(j.Introduce, HelpIntroduce),
		Given:     cut(j.Given, HelpGiven),
		Forward:   cut(j.PayForward, HelpForward),
		Expertise: len(j.Config.OwnerExpertise) > 0,
	}
	for _, n := range j.Needs {
		if n.Open {
			v.Open++
		}
	}
	return v
}

// NetworkView is what /network/ shows: the introductions graph as a picture
// and, beside it, the same introductions in words.
type NetworkView struct {
	Width, Height int
	Nodes         []NetNode
	Edges         []NetEdge
	Via           []NetVia   // who introduced you to whom, among the people drawn
	Intros        []NetIntro // whom you introduced, among the people drawn
	Drawn         int        // people drawn
	InGraph       int        // people with an introduction
	People        int        // people in the journal
	Clusters      int        // connected groups drawn
	AllClusters   int        // connected groups in all
	Connectors    int        // people who introduced you to someone
}

// NetVia is one person who introduced you to others.
type NetVia struct {
	Person     *journal.Person
	Introduced []*journal.Person
}

// NetIntro is an introduction you made.
type NetIntro struct {
	Intro   *journal.Intro
	Outcome bool
}

// NewNetwork builds the view of /network/.
func NewNetwork(j *journal.Journal) NetworkView {
	g := layoutNetwork(j, NetworkMax)
	v := NetworkView{Width: g.Width, Height: g.Height, Nodes: g.Nodes, Edges: g.Edges, Drawn: len(g.Nodes),
		InGraph: g.InGraph, People: len(j.People), Clusters: g.Clusters, AllClusters: g.AllClusters}
	drawn := make(map[*journal.Person]bool, len(g.Nodes))
	for _, n := range g.Nodes {
		drawn[n.Person] = true
	}
	for _, c := range j.Connectors {
		v.Connectors++
		if !drawn[c.Person] {
			continue
		}
		nv := NetVia{Person: c.Person}
		for _, p := range c.Introduced {
			if drawn[p] {
				nv.Introduced = append(nv.Introduced, p)
			}
		}
		if len(nv.Introduced) > 0 {
			v.Via = append(v.Via, nv)
		}
	}
	for _, in := range j.Intros {
		if drawn[in.People[0]] && drawn[in.People[1]] {
			v.Intros = append(v.Intros, NetIntro{Intro: in, Outcome: in.Outcome != ""})
		}
	}
	return v
}
