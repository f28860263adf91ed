package page

// Cut and cut are package page's on main once helper "page" lands there;
// this copy keeps the branch building until then and goes at that merge.

// Cut is the first items of a list and the length of the whole list.
type Cut[T any] struct {
	Shown []T
	Total int
}

// More reports whether the list has more items than are shown.
func (c Cut[T]) More() bool { return c.Total > len(c.Shown) }

func cut[T any](list []T, n int) Cut[T] {
	return Cut[T]{Shown: list[:min(n, len(list))], Total: len(list)}
}
