package search

// How well a term matches a query word; a field's weight is multiplied by
// it. Integers, so that Go and search.js rank alike to the last point.
const (
	NoMatch     = 0
	TypoMatch   = 1 // within MaxTypos edits, in the same shard
	PrefixMatch = 2 // the term starts with the word (as you type)
	ExactMatch  = 3
)

// MaxTypos returns how many edits (insert, delete, replace, swap two
// neighbours) a query word of n letters may have: none under 5 letters,
// one under 9, two from 9.
func MaxTypos(n int) int {
	switch {
	case n < 5:
		return 0
	case n < 9:
		return 1
	}
	return 2
}

// quality returns how the term t matches the query word q. A typo is only
// looked for between words of the same shard (sameShard), so that the
// browser finds it in the one shard it fetched for q.
func quality(q, t string, sameShard bool) int {
	switch {
	case t == q:
		return ExactMatch
	case len(t) > len(q) && t[:len(q)] == q:
		return PrefixMatch
	}
	if !sameShard {
		return NoMatch
	}
	qr, tr := []rune(q), []rune(t)
	k := MaxTypos(len(qr))
	if k == 0 || abs(len(qr)-len(tr)) > k {
		return NoMatch
	}
	if distance(qr, tr, k) <= k {
		return TypoMatch
	}
	return NoMatch
}

// distance is the optimal string alignment distance between a and b
// (Levenshtein plus the swap of two neighbours), or k+1 once it is
// certain to exceed k.
func distance(a, b []rune, k int) int {
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		low := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			low = min(low, v)
		}
		if low > k {
			return k + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
