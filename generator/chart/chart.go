// Package chart draws the site's pictures as inline SVG at build time: a
// person's interactions over the years, a year of activity as a calendar
// heatmap, and how overdue each follow-up is. The pictures need no script
// and no remote file; they take their colours from the theme's CSS
// variables (classes beginning "ch-" in style.css), so they follow the
// light and dark themes and print. Each has a <title> and a <desc>; the page
// that shows one also shows the same numbers as text or a table.
//
// Every text that comes from a journal is escaped here, since the result is
// template.HTML that the templates print as it is.
package chart

import (
	"fmt"
	"html"
	"html/template"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"kith/generator/content"
)

// svgOpen writes the opening of an accessible picture: role img, labelled
// by its title and described by its desc. id makes the two ids unique in the
// page; class is the picture's own class beside "chart".
func svgOpen(b *strings.Builder, id, class string, w, h int, title, desc string) {
	fmt.Fprintf(b, `<svg class="chart %s" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-labelledby="%s-t %s-d">`,
		class, w, h, w, h, id, id)
	fmt.Fprintf(b, `<title id="%s-t">%s</title><desc id="%s-d">%s</desc>`, id, html.EscapeString(title), id, html.EscapeString(desc))
}

// Tally is what happened between you and one person in one year.
type Tally struct {
	Year     int
	Gave     int // interactions in which you helped them
	Received int // interactions in which they helped you
	Met      int // other contact: meetings, calls, messages, the first meeting
	Events   int // events you both attended
}

// Total is the number of things counted in the year.
func (t Tally) Total() int { return t.Gave + t.Received + t.Met + t.Events }

// The rows of the strip, top to bottom: label, class and count.
var stripRows = []struct {
	label, class string
	n            func(Tally) int
}{
	{"gave", "ch-gave", func(t Tally) int { return t.Gave }},
	{"received", "ch-received", func(t Tally) int { return t.Received }},
	{"met", "ch-met", func(t Tally) int { return t.Met }},
	{"events", "ch-event", func(t Tally) int { return t.Events }},
}

// Strip draws a person's interactions over the years: a row each for gave,
// received, met and events, a column a year (oldest left), a dot whose area
// grows with the count and the count beside it. years must be oldest first.
// It returns "" when there is nothing to draw.
func Strip(id, name string, years []Tally) template.HTML {
	if len(years) == 0 {
		return ""
	}
	const (
		left = 62 // the row labels
		col  = 40 // a year's width
		row  = 20
		top  = 6
	)
	most := 1
	total := 0
	for _, y := range years {
		for _, r := range stripRows {
			most = max(most, r.n(y))
		}
		total += y.Total()
	}
	w := left + col*len(years)
	h := top + row*len(stripRows) + 18
	var b strings.Builder
	desc := fmt.Sprintf("%d things over %s, from %d to %d; the table below gives the numbers.",
		total, plural(len(years), "year", "years"), years[0].Year, years[len(years)-1].Year)
	svgOpen(&b, id, "strip", w, h, "Your interactions with "+name+", by year", desc)
	for i, r := range stripRows {
		y := top + row*i + row/2
		fmt.Fprintf(&b, `<text class="ch-label" x="0" y="%d">%s</text>`, y+4, r.label)
		fmt.Fprintf(&b, `<line class="ch-rule" x1="%d" x2="%d" y1="%d" y2="%d"/>`, left, w-4, y, y)
		for k, t := range years {
			n := r.n(t)
			if n == 0 {
				continue
			}
			cx := left + col*k + col/2
			// Area, not radius, grows with the count: radius 2.5 to 8.
			rad := 2.5 + 5.5*math.Sqrt(float64(n)/float64(most))
			fmt.Fprintf(&b, `<circle class="%s" cx="%d" cy="%d" r="%s"/>`, r.class, cx, y, strconv.FormatFloat(rad, 'f', 1, 64))
		}
	}
	base := top + row*len(stripRows) + 14
	for k, t := range years {
		fmt.Fprintf(&b, `<text class="ch-axis" x="%d" y="%d" text-anchor="middle">%d</text>`, left+col*k+col/2, base, t.Year)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) // #nosec: every text above is escaped or a number
}

// Day is the activity of one day: how many things were logged on it.
type Day struct {
	Date  content.Date
	Count int
}

// HeatmapSummary is the text equivalent of a heatmap.
type HeatmapSummary struct {
	Total, Days int          // things logged, and on how many days
	Busiest     content.Date // the busiest day; zero without activity
	Most        int          // what was logged on it
	Months      []Month      // the months shown, oldest first
}

// Month is one month's activity in a heatmap.
type Month struct {
	Name  string // "Mar 2026"
	Count int
}

// Heatmap draws the year of activity that ends on today as a calendar: a
// column a week (Monday on top), a square a day, darker the more was logged
// that day (four shades, a quarter of the busy days each). counts maps a day to what was logged on it; days outside the
// year are ignored. It also returns the same numbers as text.
func Heatmap(id string, today content.Date, counts map[content.Date]int) (template.HTML, HeatmapSummary) {
	const (
		cell = 11
		gap  = 2
		left = 26
		top  = 16
	)
	// Start on the Monday of the week 52 weeks before today's week.
	wd := (int(today.Time().Weekday()) + 6) % 7 // Monday 0
	start := today.AddDays(-wd - 52*7)
	var s HeatmapSummary
	var days []int // the non-zero counts of the days shown
	for d, n := range counts {
		if n > 0 && !d.Before(start) && !d.After(today) {
			days = append(days, n)
		}
	}
	steps := quartiles(days)
	paths := make([]strings.Builder, 5) // one path per level, 0 (nothing) to 4
	var months strings.Builder
	lastMonth := time.Month(0)
	for d, k := start, 0; !d.After(today); d, k = d.AddDays(1), k+1 {
		week, day := k/7, k%7
		x, y := left+week*(cell+gap), top+day*(cell+gap)
		n := counts[d]
		lvl := level(n, steps)
		fmt.Fprintf(&paths[lvl], "M%d %dh%dv%dh-%dz", x, y, cell, cell, cell)
		// A month's name over the first week whose Monday is in it; not
		// over the first column, which is mostly the month before.
		if day == 0 && d.Month != lastMonth {
			if week > 0 && week < 52 {
				fmt.Fprintf(&months, `<text class="ch-axis" x="%d" y="%d">%s</text>`, x, top-5, d.Month.String()[:3])
			}
			lastMonth = d.Month
		}
		if len(s.Months) == 0 || s.Months[len(s.Months)-1].Name != monthName(d) {
			s.Months = append(s.Months, Month{Name: monthName(d)})
		}
		s.Months[len(s.Months)-1].Count += n
		if n > 0 {
			s.Total += n
			s.Days++
			if n > s.Most {
				s.Most, s.Busiest = n, d
			}
		}
	}
	weeks := 53
	w := left + weeks*(cell+gap)
	h := top + 7*(cell+gap)
	var b strings.Builder
	desc := fmt.Sprintf("%s on %s in the year to %s.", plural(s.Total, "thing logged", "things logged"), plural(s.Days, "day", "days"), dayText(today))
	if s.Most > 0 {
		desc += fmt.Sprintf(" The busiest day was %s, with %d.", dayText(s.Busiest), s.Most)
	}
	svgOpen(&b, id, "heatmap", w, h, "A year of activity, a square a day", desc)
	b.WriteString(months.String())
	for i, name := range []string{"Mon", "", "Wed", "", "Fri", "", ""} {
		if name != "" {
			fmt.Fprintf(&b, `<text class="ch-axis" x="0" y="%d">%s</text>`, top+i*(cell+gap)+cell-2, name)
		}
	}
	for lvl := range paths {
		if paths[lvl].Len() > 0 {
			fmt.Fprintf(&b, `<path class="ch-h%d" d="%s"/>`, lvl, paths[lvl].String())
		}
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String()), s // #nosec: only numbers and month names
}

// quartiles returns the counts that divide the busy days into four
// shades: the largest count of the first quarter, the first half and the
// first three quarters. A shade is a quarter of the days, not a quarter of
// the busiest day, so that one very busy day does not wash out the year.
func quartiles(days []int) [3]int {
	if len(days) == 0 {
		return [3]int{}
	}
	sort.Ints(days)
	var q [3]int
	for i := range q {
		q[i] = days[(len(days)*(i+1)-1)/4]
	}
	return q
}

// level shades a day's count: 0 for nothing, then 1 to 4 by the quartile
// of the busy days it falls in.
func level(n int, q [3]int) int {
	if n <= 0 {
		return 0
	}
	l := 1
	for _, x := range q {
		if n > x {
			l++
		}
	}
	return l
}

// Overdue is one relationship on the follow-ups picture.
type Overdue struct {
	Name   string
	Reason string // the follow-up's reason: follow_up, cadence or fading
	Days   int    // days past due
	Words  string // the same in words, written at the bar's end: "3 weeks"
}

// OverdueBars draws how overdue each follow-up is: a bar a person, longest
// overdue first as given, its length growing with the days past due (on a
// square-root scale, so that a year and a week both show), the time in words
// at its end. The list below the picture says the same in words.
func OverdueBars(id string, rows []Overdue, total int) template.HTML {
	if len(rows) == 0 {
		return ""
	}
	const (
		left = 120 // names
		barW = 190
		row  = 18
		top  = 4
	)
	most := 1
	for _, r := range rows {
		most = max(most, r.Days)
	}
	w := left + barW + 70
	h := top + row*len(rows) + 4
	var b strings.Builder
	title := "How overdue each follow-up is"
	desc := fmt.Sprintf("The %s most overdue", strconv.Itoa(len(rows)))
	if total > len(rows) {
		desc += fmt.Sprintf(" of %d", total)
	}
	desc += "; the lists below say the same in words."
	svgOpen(&b, id, "overdue", w, h, title, desc)
	for i, r := range rows {
		y := top + row*i
		fmt.Fprintf(&b, `<text class="ch-label" x="%d" y="%d" text-anchor="end">%s</text>`, left-6, y+13, html.EscapeString(clip(r.Name, 18)))
		days := max(r.Days, 0)
		bw := 2 + int(float64(barW-2)*math.Sqrt(float64(days)/float64(most)))
		fmt.Fprintf(&b, `<rect class="ch-%s" x="%d" y="%d" width="%d" height="%d" rx="2"/>`, reasonClass(r.Reason), left, y+3, bw, row-6)
		fmt.Fprintf(&b, `<text class="ch-axis" x="%d" y="%d">%s</text>`, left+bw+5, y+13, html.EscapeString(r.Words))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) // #nosec: names escaped above
}

func reasonClass(reason string) string {
	switch reason {
	case "follow_up":
		return "promised"
	case "cadence":
		return "cadence"
	}
	return "fading"
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

func monthName(d content.Date) string { return fmt.Sprintf("%s %d", d.Month.String()[:3], d.Year) }

func dayText(d content.Date) string {
	return fmt.Sprintf("%d %s %d", d.Day, d.Month.String()[:3], d.Year)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}
