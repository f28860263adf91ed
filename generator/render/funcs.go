package render

import (
	"fmt"
	"html/template"
	"reflect"
	"strings"

	"kith/generator/content"
	"kith/generator/journal"
	"kith/generator/page"
)

// funcs are the helpers every template may call. They are pure.
func funcs() template.FuncMap {
	return template.FuncMap{
		"date":          dateHTML,
		"dateLong":      dateLong,
		"monthDay":      monthDay,
		"span":          span,
		"ago":           ago,
		"first":         first,
		"join":          strings.Join,
		"lower":         strings.ToLower,
		"plural":        plural,
		"initials":      initials,
		"hue":           hue,
		"add":           func(a, b int) int { return a + b },
		"neg":           func(a int) int { return -a },
		"dict":          dict,
		"entriesByYear": journal.EntriesByYear,
		"hasReason":     hasReason,
		"logText":       content.Untag, // a log line's text without its hashtags
	}
}

// dict builds a map from key, value pairs, to pass several values to a
// partial template: dict "Page" $ "Person" .
func dict(kv ...any) (map[string]any, error) {
	if len(kv)%2 != 0 {
		return nil, fmt.Errorf("dict: odd number of arguments")
	}
	m := make(map[string]any, len(kv)/2)
	for i := 0; i < len(kv); i += 2 {
		k, ok := kv[i].(string)
		if !ok {
			return nil, fmt.Errorf("dict: key %v is not text", kv[i])
		}
		m[k] = kv[i+1]
	}
	return m, nil
}

// dateHTML shows a day in a <time> element: 10 Mar 2026.
func dateHTML(d content.Date) template.HTML {
	if d.IsZero() {
		return ""
	}
	return template.HTML(fmt.Sprintf(`<time datetime="%s">%d %s %d</time>`, d, d.Day, d.Month.String()[:3], d.Year))
}

// dateLong shows a day with its weekday: Tuesday 8 December 2026.
func dateLong(d content.Date) template.HTML {
	if d.IsZero() {
		return ""
	}
	return template.HTML(fmt.Sprintf(`<time datetime="%s">%s %d %s %d</time>`, d, d.Time().Weekday(), d.Day, d.Month, d.Year))
}

// monthDay shows a day without its year: 10 Mar.
func monthDay(d content.Date) template.HTML {
	if d.IsZero() {
		return ""
	}
	return template.HTML(fmt.Sprintf(`<time datetime="%s">%d %s</time>`, d, d.Day, d.Month.String()[:3]))
}

// span says how long a number of days is (page.Span).
func span(days int) string { return page.Span(days) }

// ago says how far a day is from today (page.Ago).
func ago(today, d content.Date) string { return page.Ago(today, d) }

// first returns at most n items of a slice.
func first(n int, list any) (any, error) {
	v := reflect.ValueOf(list)
	if !v.IsValid() {
		return list, nil
	}
	if v.Kind() != reflect.Slice {
		return nil, fmt.Errorf("first: %T is not a list", list)
	}
	if v.Len() <= n {
		return list, nil
	}
	return v.Slice(0, n).Interface(), nil
}

// plural picks the singular or plural word for a count: plural 3 "person" "people".
func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", one)
	}
	return fmt.Sprintf("%d %s", n, many)
}

// initials returns up to two initials of a name, for an avatar.
func initials(name string) string {
	var out []rune
	for _, w := range strings.Fields(name) {
		r := []rune(w)
		if len(r) > 0 && len(out) < 2 {
			out = append(out, []rune(strings.ToUpper(string(r[0])))...)
		}
	}
	return string(out)
}

// hue derives a stable colour angle from a name, for avatars.
func hue(s string) int {
	h := 0
	for _, r := range s {
		h = (h*31 + int(r)) % 360
	}
	return h
}

// hasReason reports whether any follow-up in the list has the reason.
func hasReason(list []*journal.FollowUp, reason string) bool {
	for _, f := range list {
		if f.Reason == reason {
			return true
		}
	}
	return false
}
