package content

import "strings"

// Suggest returns the candidate nearest to s by edit distance, compared
// case-insensitively, or "" when none is close enough to be a likely typo.
func Suggest(s string, candidates []string) string {
	s = strings.ToLower(s)
	best, bestD := "", -1
	for _, c := range candidates {
		lc := strings.ToLower(c)
		d := distance(s, lc)
		if strings.HasPrefix(lc, s) || strings.HasPrefix(s, lc) {
			d = min(d, 1+abs(len(lc)-len(s))/4)
		}
		// A typo in one word of a longer name ("Inrgid" for "Ingrid
		// Solberg") counts one more than the typo itself.
		if words := strings.Fields(lc); len(words) > 1 {
			for _, w := range words {
				d = min(d, distance(s, w)+1)
			}
		}
		if bestD < 0 || d < bestD || (d == bestD && c < best) {
			best, bestD = c, d
		}
	}
	limit := max(2, len([]rune(s))/3)
	if bestD < 0 || bestD > limit {
		return ""
	}
	return best
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// distance is the optimal string alignment distance between a and b, in
// runes: insertions, deletions, substitutions and swaps of two neighbours.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	rows := make([][]int, len(ra)+1)
	for i := range rows {
		rows[i] = make([]int, len(rb)+1)
		rows[i][0] = i
	}
	for j := range rows[0] {
		rows[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d := min(rows[i-1][j]+1, rows[i][j-1]+1, rows[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d = min(d, rows[i-2][j-2]+1)
			}
			rows[i][j] = d
		}
	}
	return rows[len(ra)][len(rb)]
}
