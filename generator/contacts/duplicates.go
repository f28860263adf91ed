package contacts

import (
	"fmt"
	"sort"
	"strings"

	"kith/generator/content"
)

// Duplicates finds people who are likely one person written twice, as address-book
// imports and hand-made notes together produce: the same email, phone or LinkedIn URL
// on two notes (compared as the importer compares them; phones by their digits), or
// names that differ only by accents, case, punctuation or a middle initial ("José
// Núñez" and "Jose Nunez", "Dana J. Okafor" and "Dana Okafor"). Each pair is one
// warning on the later path (by path order) naming the other and why, sorted; it is
// a warning because two people may share a phone or a name. people[i].Names[0] is
// the person's name; Line is where it is written.
func Duplicates(people []Known) content.Problems {
	sorted := append([]Known(nil), people...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Path < sorted[j].Path })
	first := map[string]int{} // key → index in sorted of the first person with it
	reported := map[[2]int]bool{}
	var ps content.Problems
	for i, p := range sorted {
		for _, k := range duplicateKeys(p) {
			j, ok := first[k.key]
			if !ok {
				first[k.key] = i
				continue
			}
			if j == i || reported[[2]int{j, i}] {
				continue
			}
			reported[[2]int{j, i}] = true
			why := k.why
			if strings.HasPrefix(k.key, "n:") {
				why = fmt.Sprintf("%q and %q differ only by accents or a middle initial", cleanLine(sorted[j].Names[0]), cleanLine(p.Names[0]))
			}
			ps = append(ps, content.Warnf(p.Path, p.Line,
				"likely the same person as %s (%s); merge the two notes, or tell them apart if they are two people", sorted[j].Path, why))
		}
	}
	ps.Sort()
	return ps
}

// duplicateKey is one identity of a person and how to say it in a message.
type duplicateKey struct{ key, why string }

// duplicateKeys lists the identities two notes of one person would share.
func duplicateKeys(p Known) []duplicateKey {
	var keys []duplicateKey
	if e := normalizeEmail(p.Email); e != "" {
		keys = append(keys, duplicateKey{"e:" + e, "same email " + e})
	}
	if d := phoneDigits(p.Phone); d != "" {
		keys = append(keys, duplicateKey{"p:" + d, "same phone " + cleanLine(p.Phone)})
	}
	if l := normalizeURL(p.LinkedIn); l != "" {
		keys = append(keys, duplicateKey{"l:" + l, "same LinkedIn URL " + l})
	}
	if len(p.Names) > 0 {
		if n := nameKey(p.Names[0]); n != "" {
			keys = append(keys, duplicateKey{"n:" + n, ""}) // said with both names

		}
	}
	return keys
}

// phoneDigits is a phone number's digits (with a leading + kept), or "" when it has
// too few to identify anyone.
func phoneDigits(phone string) string {
	var b strings.Builder
	for i, r := range strings.TrimSpace(phone) {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == '+' && i == 0:
			b.WriteRune(r)
		}
	}
	if d := b.String(); len(strings.TrimPrefix(d, "+")) >= 7 {
		return d
	}
	return ""
}

// nameKey folds a name so that spellings of one name compare equal: the slug (no
// accents, case or punctuation) without the one-letter words between the first and
// the last (middle initials). A one-word name gives "", as it is too weak a sign.
func nameKey(name string) string {
	words := strings.Split(content.Slug(name), "-")
	if len(words) < 2 || content.Slug(name) == "untitled" {
		return ""
	}
	kept := []string{words[0]}
	for _, w := range words[1 : len(words)-1] {
		if len(w) > 1 {
			kept = append(kept, w)
		}
	}
	return strings.Join(append(kept, words[len(words)-1]), "-")
}
