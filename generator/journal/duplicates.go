package journal

import (
	"net/url"
	"slices"
	"strings"

	"kith/generator/content"
)

// duplicates warns about people who are likely one person written down
// twice: the same email, phone number or LinkedIn address on two notes, or
// names that differ only by accents or a middle initial. Identical names
// are left alone: two people may share a name, and a reference by it is
// reported where it is made.
func (b *builder) duplicates() {
	type pair struct{ first, second *Person }
	reasons := map[pair][]string{}
	var pairs []pair
	seen := map[string]*Person{} // "kind:key" → the first person, in path order
	people := slices.Clone(b.j.People)
	slices.SortFunc(people, func(x, y *Person) int { return strings.Compare(x.Path, y.Path) })
	for _, p := range people {
		keys := [][2]string{
			{"email", strings.ToLower(strings.TrimSpace(p.Contact.Email))},
			{"phone", phoneKey(p.Contact.Phone)},
			{"LinkedIn address", linkedInKey(p.Contact.LinkedIn)},
			{"name but for accents or a middle initial", nameKey(p.Name)},
		}
		for _, k := range keys {
			if k[1] == "" {
				continue
			}
			id := k[0] + ":" + k[1]
			first, ok := seen[id]
			if !ok {
				seen[id] = p
				continue
			}
			if k[0] == "name but for accents or a middle initial" && strings.EqualFold(first.Name, p.Name) {
				continue
			}
			pr := pair{first, p}
			if _, ok := reasons[pr]; !ok {
				pairs = append(pairs, pr)
			}
			reasons[pr] = append(reasons[pr], k[0])
		}
	}
	for _, pr := range pairs {
		b.warnf(pr.second.Path, 1, "likely the same person as %s (same %s); merge the two notes, or leave them if they are two people",
			pr.first.Path, strings.Join(reasons[pr], ", same "))
	}
}

// phoneKey is a phone number's digits, when there are enough of them to
// tell people apart.
func phoneKey(s string) string {
	var d strings.Builder
	for _, r := range s {
		if '0' <= r && r <= '9' {
			d.WriteRune(r)
		}
	}
	if d.Len() < 6 {
		return ""
	}
	return strings.TrimLeft(d.String(), "0") // +45 and 0045 are the same number
}

// linkedInKey is a LinkedIn address without scheme, www., query or final /.
func linkedInKey(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return ""
	}
	if u, err := url.Parse(s); err == nil && u.Host != "" {
		s = u.Host + u.Path
	}
	s = strings.TrimPrefix(s, "www.")
	return strings.TrimRight(s, "/")
}

// nameKey is a name without accents, case, punctuation and one-letter
// words: "José K. Núñez" and "Jose Nunez" have the same key.
func nameKey(name string) string {
	var words []string
	for _, w := range strings.Split(content.Slug(name), "-") {
		if len(w) > 1 {
			words = append(words, w)
		}
	}
	if len(words) < 2 {
		return "" // one word is too little to call two notes one person
	}
	return strings.Join(words, " ")
}
