package page

import (
	"kith/generator/content"
	"kith/generator/journal"
)

// Cuts of /help/.
const (
	HelpYou       = 50 // needs you could meet yourself, listed
	HelpIntroduce = 50 // suggested introductions listed
	HelpGiven     = 20 // help you gave, newest first
	HelpForward   = 20 // people to pay forward
)

// HelpView is what /help/ shows: needs you could meet yourself, people you
// could introduce, what you gave lately (a record, not a score), and people
// who helped you recently whom you have not helped in a year.
type HelpView struct {
	You       Cut[NeedRow] // open needs your own expertise meets
	Introduce Cut[NeedRow]
	Given     Cut[GivenRow]
	Forward   Cut[ForwardRow]
	Open      int  // open needs in the journal
	Expertise bool // kith.yaml has owner_expertise
}

// NeedRow is an open need and who could meet it.
type NeedRow struct {
	Who     Link   // the person with the need
	Need    string // what they are looking for
	Helper  Link   // whom to introduce them to; empty when it is you
	Because string // the match explained in words
	Since   journal.Date
}

// GivenRow is help you gave.
type GivenRow struct {
	People   []Link // whom: the entry's people, or the person of the log line
	What     string
	Markdown bool // What is a log line, Markdown
	Date     journal.Date
	Entry    Link // the entry it is on; empty for a log line
}

// ForwardRow is someone who helped you lately whom you have not helped.
type ForwardRow struct {
	Who      Link
	Needs    []string // their open needs
	Received journal.Date
}

// NewHelp builds the view of /help/; link turns a site address into a link
// from the page.
func NewHelp(j *journal.Journal, link func(string) string) HelpView {
	href := linker(link)
	person := func(p *journal.Person) Link { return Link{Href: href(p), Text: p.Name} }
	need := func(m *journal.Match) NeedRow {
		r := NeedRow{Who: person(m.Need.Person), Need: m.Need.Text, Because: m.Because, Since: m.Need.Date}
		if m.Helper != nil {
			r.Helper = person(m.Helper)
		}
		return r
	}
	v := HelpView{Expertise: len(j.Config.OwnerExpertise) > 0}
	v.You.Total = len(j.Help)
	for _, m := range j.Help[:min(HelpYou, len(j.Help))] {
		v.You.Shown = append(v.You.Shown, need(m))
	}
	v.Introduce.Total = len(j.Introduce)
	for _, m := range j.Introduce[:min(HelpIntroduce, len(j.Introduce))] {
		v.Introduce.Shown = append(v.Introduce.Shown, need(m))
	}
	v.Given.Total = len(j.Given)
	for _, g := range j.Given[:min(HelpGiven, len(j.Given))] {
		r := GivenRow{Date: g.Date}
		if e := g.Entry; e != nil {
			r.People, r.What, r.Entry = personLinks(e.People, href), e.Gave, Link{Href: href(e), Text: e.Title}
			if r.What == "" {
				r.What = e.Title
			}
		} else {
			r.People, r.What, r.Markdown = []Link{person(g.Person)}, content.Untag(g.Log.Text), true
		}
		v.Given.Shown = append(v.Given.Shown, r)
	}
	v.Forward.Total = len(j.PayForward)
	for _, f := range j.PayForward[:min(HelpForward, len(j.PayForward))] {
		r := ForwardRow{Who: person(f.Person), Received: f.Received}
		for _, n := range f.Needs {
			r.Needs = append(r.Needs, n.Text)
		}
		v.Forward.Shown = append(v.Forward.Shown, r)
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
	AllConnectors string     // the link to the page listing them all
}

// NetVia is one person who introduced you to others.
type NetVia struct {
	Person     Link
	Introduced []Link
}

// NetIntro is an introduction you made.
type NetIntro struct {
	A, B    Link // the two people
	Date    journal.Date
	Outcome string // what came of it, Markdown; "" when not logged
}

// NewNetwork builds the view of /network/; link turns a site address into
// a link from the page.
func NewNetwork(j *journal.Journal, link func(string) string) NetworkView {
	href := linker(link)
	person := func(p *journal.Person) Link { return Link{Href: href(p), Text: p.Name} }
	g := layoutNetwork(j, NetworkMax)
	v := NetworkView{Width: g.Width, Height: g.Height, Nodes: g.Nodes, Edges: g.Edges, Drawn: len(g.Nodes),
		InGraph: g.InGraph, People: len(j.People), Clusters: g.Clusters, AllClusters: g.AllClusters, AllConnectors: link(Connectors)}
	drawn := make(map[*journal.Person]bool, len(g.Nodes))
	for _, n := range g.Nodes {
		drawn[n.Person] = true
	}
	for _, c := range j.Connectors {
		v.Connectors++
		if !drawn[c.Person] {
			continue
		}
		nv := NetVia{Person: person(c.Person)}
		for _, p := range c.Introduced {
			if drawn[p] {
				nv.Introduced = append(nv.Introduced, person(p))
			}
		}
		if len(nv.Introduced) > 0 {
			v.Via = append(v.Via, nv)
		}
	}
	for _, in := range j.Intros {
		if drawn[in.People[0]] && drawn[in.People[1]] {
			v.Intros = append(v.Intros, NetIntro{A: person(in.People[0]), B: person(in.People[1]), Date: in.Date, Outcome: in.Outcome})
		}
	}
	return v
}
