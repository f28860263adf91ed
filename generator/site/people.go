package site

import (
	"encoding/json"
	"strconv"

	"kith/generator/journal"
	"kith/generator/page"
	"kith/generator/render"
	"kith/generator/search"
)

// peopleLists are the people of each order of /people/ and their counts.
type peopleLists struct {
	lists  map[string][]*journal.Person
	counts map[string]int
}

// addPeople lays out /people/: every order of page.PeopleOrders, each in
// pages of page.PeoplePerPage, and the filter's list of every person
// (page.PeopleFilter), which the filter box reads so that it finds anyone
// from any page. The orders are kept in s.people, which a page reads when it
// is rendered, so that laying out a patched journal again (Patch) updates
// them.
func (s *Site) addPeople(add func(addr, kind, title string, set func(p *render.Page))) {
	j := s.J
	s.people = peopleLists{lists: map[string][]*journal.Person{}, counts: map[string]int{}}
	for _, o := range page.PeopleOrders {
		s.people.lists[o] = page.PeopleIn(j, o)
		s.people.counts[o] = len(s.people.lists[o])
	}
	for _, o := range page.PeopleOrders {
		for n := range page.PageCount(len(s.people.lists[o]), page.PeoplePerPage) {
			add(page.PeoplePage(o, n+1), "people", paged("People", n+1), func(p *render.Page) {
				p.NewView = func(p *render.Page) any {
					return page.NewPeople(j, o, s.people.lists[o], s.people.counts, n+1, p.Link, s.address)
				}
			})
		}
	}
	if s.peopleFilter == "" {
		s.peopleFilter = page.PeopleFilter(s.address)
		s.files = append(s.files, s.peopleFilter)
	}
}

// peopleFilterFile returns the filter's list of every person, as JSON: an
// array of [name, address from the site root, organisation, last contact
// (YYYY-MM-DD or ""), folded search text], sealed on an encrypted site.
func (s *Site) peopleFilterFile() ([]byte, error) {
	rows := page.NewPeopleFilter(s.J, search.Fold, s.address)
	out := make([][5]string, len(rows))
	for i, r := range rows {
		last := ""
		if !r.Last.IsZero() {
			last = r.Last.String()
		}
		out[i] = [5]string{r.Name, r.Address, r.Org, last, r.Search}
	}
	b, err := json.Marshal(out)
	if err != nil {
		return nil, err
	}
	if s.enc != nil {
		b = s.enc.Key.Seal(s.peopleFilter, b)
	}
	return b, nil
}

// paged is the title of page n of a paged list: "People", "People, page 2".
func paged(title string, n int) string {
	if n <= 1 {
		return title
	}
	return title + ", page " + strconv.Itoa(n)
}
