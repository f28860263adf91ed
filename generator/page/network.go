package page

import (
	"math"
	"slices"
	"strings"

	"kith/generator/journal"
)

// The introductions graph of /network/, laid out at build time: who
// introduced you to whom (met.via) and whom you introduced to each other.
// Only people with an introduction are drawn, one cluster per connected
// part, biggest first; past NetworkMax people the rest are counted, not
// drawn, and the text list beside the picture still names every one.

// NetworkMax is how many people the picture draws at most.
const NetworkMax = 250

// Sizes of the picture, in SVG user units.
const (
	netWidth   = 640 // the picture's widest; clusters wrap onto rows
	netMargin  = 70  // left and right of the clusters, room for names
	netRing    = 64  // distance between rings of a cluster
	netPad     = 48  // space around each cluster, room for a label
	netNode    = 5   // a person's radius
	netHubNode = 8   // a connector's radius
)

// NetEdge kinds.
const (
	EdgeVia   = "via"   // From introduced you to To
	EdgeIntro = "intro" // you introduced From and To to each other
)

// NetworkLabelAll is how many people the picture may draw and still name
// them all; a bigger picture names only the NetworkLabels people with most
// introductions (the list beside names everyone).
const (
	NetworkLabelAll = 80
	NetworkLabels   = 30
)

// NetNode is a person in the picture.
type NetNode struct {
	Person    *journal.Person
	X, Y, R   int
	Connector bool // introduced you to someone: drawn larger
	Label     bool // named in the picture
	// Where the name goes: outside the cluster, away from the centre.
	LX, LY int
	Anchor string // "start", "middle" or "end"
}

// NetEdge is an introduction in the picture.
type NetEdge struct {
	Kind           string
	From, To       *journal.Person
	X1, Y1, X2, Y2 int
}

// netGraph is the laid-out picture.
type netGraph struct {
	Width, Height int
	Nodes         []NetNode
	Edges         []NetEdge
	Clusters      int // connected parts drawn
	AllClusters   int // connected parts in all
	InGraph       int // people with at least one introduction
}

type netEdge struct {
	kind string
	a, c *journal.Person
}

// layoutNetwork draws the introductions graph of j: each connected part as
// a radial tree around its best-connected person, parts packed in rows,
// biggest first, until limit people are drawn. The layout depends only on the
// journal, never on map order.
func layoutNetwork(j *journal.Journal, limit int) netGraph {
	var edges []netEdge
	adj := map[*journal.Person][]*journal.Person{}
	link := func(kind string, a, c *journal.Person) {
		edges = append(edges, netEdge{kind, a, c})
		adj[a] = append(adj[a], c)
		adj[c] = append(adj[c], a)
	}
	for _, p := range j.People { // by name
		if p.IntroducedBy != nil {
			link(EdgeVia, p.IntroducedBy, p)
		}
	}
	for _, in := range j.Intros {
		link(EdgeIntro, in.People[0], in.People[1])
	}
	// Connected parts, found from people in name order.
	part := map[*journal.Person]int{}
	var parts [][]*journal.Person
	for _, p := range j.People {
		if _, seen := part[p]; seen || len(adj[p]) == 0 {
			continue
		}
		n := len(parts)
		queue := []*journal.Person{p}
		part[p] = n
		for k := 0; k < len(queue); k++ {
			for _, o := range adj[queue[k]] {
				if _, seen := part[o]; !seen {
					part[o] = n
					queue = append(queue, o)
				}
			}
		}
		parts = append(parts, queue)
	}
	slices.SortStableFunc(parts, func(a, c []*journal.Person) int { return len(c) - len(a) })
	g := netGraph{AllClusters: len(parts)}
	for _, ps := range parts {
		g.InGraph += len(ps)
	}
	at := map[*journal.Person][2]int{}
	centre := map[*journal.Person][2]int{}
	x, y, rowH := netMargin, 0, 0
	drawn := 0
	for _, ps := range parts {
		if drawn+len(ps) > limit {
			if drawn > 0 {
				continue // a smaller part may still fit
			}
			// One part bigger than the picture: its best-connected person
			// and the people nearest them.
			ps = nearest(ps, adj, limit)
		}
		pos, radius := radial(ps, adj)
		size := 2 * (radius + netPad)
		if x > netMargin && x+size > netWidth-netMargin {
			x, y, rowH = netMargin, y+rowH, 0
		}
		cx, cy := x+size/2, y+size/2
		for _, p := range ps {
			xy := pos[p]
			at[p] = [2]int{cx + xy[0], cy + xy[1]}
			centre[p] = [2]int{cx, cy}
		}
		x += size
		rowH = max(rowH, size)
		g.Width = max(g.Width, x+netMargin)
		drawn += len(ps)
		g.Clusters++
		if drawn >= limit {
			break
		}
	}
	g.Height = y + rowH
	for _, p := range j.People {
		xy, ok := at[p]
		if !ok {
			continue
		}
		n := NetNode{Person: p, X: xy[0], Y: xy[1], R: netNode, Connector: len(p.Introduced) > 0}
		if n.Connector {
			n.R = netHubNode
		}
		g.Nodes = append(g.Nodes, n)
	}
	named := map[*journal.Person]bool{}
	if len(g.Nodes) > NetworkLabelAll {
		byDegree := slices.Clone(g.Nodes)
		slices.SortStableFunc(byDegree, func(a, c NetNode) int { return len(adj[c.Person]) - len(adj[a.Person]) }) // stable: by name within a degree
		for _, n := range byDegree[:NetworkLabels] {
			named[n.Person] = true
		}
	}
	for i := range g.Nodes {
		n := &g.Nodes[i]
		n.Label = len(g.Nodes) <= NetworkLabelAll || named[n.Person]
		c := centre[n.Person]
		dx, dy := float64(n.X-c[0]), float64(n.Y-c[1])
		d := math.Hypot(dx, dy)
		switch {
		case d == 0 || dy/d < -0.7: // the centre, or near the top: above
			n.LX, n.LY, n.Anchor = n.X, n.Y-n.R-5, "middle"
		case dy/d > 0.7: // near the bottom: below
			n.LX, n.LY, n.Anchor = n.X, n.Y+n.R+14, "middle"
		case dx > 0:
			n.LX, n.LY, n.Anchor = n.X+n.R+4, n.Y+4, "start"
		default:
			n.LX, n.LY, n.Anchor = n.X-n.R-4, n.Y+4, "end"
		}
	}
	for _, e := range edges {
		a, okA := at[e.a]
		c, okC := at[e.c]
		if okA && okC {
			g.Edges = append(g.Edges, NetEdge{Kind: e.kind, From: e.a, To: e.c, X1: a[0], Y1: a[1], X2: c[0], Y2: c[1]})
		}
	}
	return g
}

// root is the person of a part with most introductions, then by slug.
func root(ps []*journal.Person, adj map[*journal.Person][]*journal.Person) *journal.Person {
	r := ps[0]
	for _, p := range ps[1:] {
		if len(adj[p]) > len(adj[r]) || len(adj[p]) == len(adj[r]) && p.Slug < r.Slug {
			r = p
		}
	}
	return r
}

// tree walks a part breadth first from its root, neighbours in slug order,
// keeping to the people in member (all when nil) and stopping at limit.
func tree(r *journal.Person, adj map[*journal.Person][]*journal.Person, member map[*journal.Person]bool, limit int) (order []*journal.Person, depth map[*journal.Person]int, children map[*journal.Person][]*journal.Person) {
	children = map[*journal.Person][]*journal.Person{}
	depth = map[*journal.Person]int{r: 0}
	order = []*journal.Person{r}
	for k := 0; k < len(order) && len(order) < limit; k++ {
		p := order[k]
		next := slices.Clone(adj[p])
		slices.SortFunc(next, func(a, c *journal.Person) int { return strings.Compare(a.Slug, c.Slug) })
		for _, o := range next {
			if _, seen := depth[o]; seen || member != nil && !member[o] || len(order) == limit {
				continue
			}
			depth[o] = depth[p] + 1
			children[p] = append(children[p], o)
			order = append(order, o)
		}
	}
	return order, depth, children
}

// nearest returns the limit people of a part nearest its root.
func nearest(ps []*journal.Person, adj map[*journal.Person][]*journal.Person, limit int) []*journal.Person {
	order, _, _ := tree(root(ps, adj), adj, nil, limit)
	return order
}

// radial lays one connected part out as rings around its root: each
// person's children share their parent's angle in proportion to how many
// leaves they hold.
func radial(ps []*journal.Person, adj map[*journal.Person][]*journal.Person) (map[*journal.Person][2]int, int) {
	member := make(map[*journal.Person]bool, len(ps))
	for _, p := range ps {
		member[p] = true
	}
	r := root(ps, adj)
	order, depth, children := tree(r, adj, member, len(ps))
	leaves := map[*journal.Person]int{}
	for k := len(order) - 1; k >= 0; k-- {
		p := order[k]
		n := 0
		for _, c := range children[p] {
			n += leaves[c]
		}
		leaves[p] = max(n, 1)
	}
	// Rings far out hold more people: a ring's radius grows with how many
	// it must fit, so that neighbours stay apart.
	perDepth := map[int]int{}
	maxDepth := 0
	for _, p := range order {
		perDepth[depth[p]]++
		maxDepth = max(maxDepth, depth[p])
	}
	ringR := make([]float64, maxDepth+1)
	for d := 1; d <= maxDepth; d++ {
		need := float64(perDepth[d]) * 3 * netNode / (2 * math.Pi) // circumference for the ring's people
		ringR[d] = math.Max(ringR[d-1]+netRing, need)
	}
	pos := map[*journal.Person][2]int{r: {0, 0}}
	var place func(p *journal.Person, from, to float64)
	place = func(p *journal.Person, from, to float64) {
		a := from
		for _, c := range children[p] {
			span := (to - from) * float64(leaves[c]) / float64(leaves[p])
			mid := a + span/2
			r := ringR[depth[c]]
			pos[c] = [2]int{int(math.Round(r * math.Cos(mid))), int(math.Round(r * math.Sin(mid)))}
			place(c, a, a+span)
			a += span
		}
	}
	place(r, -math.Pi/2, 3*math.Pi/2) // clockwise from the top; one child sits below its parent
	return pos, int(math.Ceil(ringR[maxDepth]))
}
