package chart

import (
	"encoding/xml"
	"io"
	"strings"
	"testing"
	"time"

	"kith/generator/content"
)

// parse reads a picture as XML (inline SVG written by this package is
// well-formed XML) and returns its title, its desc and how many elements of
// each name it has; it fails the test if the picture is not well formed.
func parse(t *testing.T, svg string) (title, desc string, n map[string]int) {
	t.Helper()
	n = map[string]int{}
	d := xml.NewDecoder(strings.NewReader(svg))
	var in string
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not well formed: %v\n%s", err, svg)
		}
		switch x := tok.(type) {
		case xml.StartElement:
			n[x.Name.Local]++
			in = x.Name.Local
		case xml.CharData:
			switch in {
			case "title":
				title += string(x)
			case "desc":
				desc += string(x)
			}
		case xml.EndElement:
			in = ""
		}
	}
	return title, desc, n
}

func TestStrip(t *testing.T) {
	tests := []struct {
		name        string
		person      string
		years       []Tally
		wantTitle   string
		wantDesc    string
		wantCircles int
		wantYears   int
	}{
		{"none", "Dana", nil, "", "", 0, 0},
		{"one year", "Dana", []Tally{{Year: 2026, Gave: 2, Met: 1}}, "Your interactions with Dana, by year", "3 things over 1 year, from 2026 to 2026", 2, 1},
		{"gaps", "Dana", []Tally{{Year: 2024, Events: 1}, {Year: 2025}, {Year: 2026, Received: 4, Gave: 1, Met: 2, Events: 1}}, "Your interactions with Dana, by year", "9 things over 3 years, from 2024 to 2026", 5, 3},
		{"escaped", `Zoë <script>alert("x")</script> & co`, []Tally{{Year: 2026, Met: 1}}, `Your interactions with Zoë <script>alert("x")</script> & co, by year`, "1 thing", 1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := string(Strip("strip", tt.person, tt.years))
			if tt.years == nil {
				if got != "" {
					t.Fatalf("got %q, want nothing", got)
				}
				return
			}
			if strings.Contains(got, "<script") {
				t.Errorf("got an unescaped name: %s", got)
			}
			title, desc, n := parse(t, got)
			if title != tt.wantTitle {
				t.Errorf("got title %q, want %q", title, tt.wantTitle)
			}
			if !strings.HasPrefix(desc, tt.wantDesc) {
				t.Errorf("got desc %q, want it to start %q", desc, tt.wantDesc)
			}
			if n["circle"] != tt.wantCircles {
				t.Errorf("got %d dots, want %d (one per non-zero count)", n["circle"], tt.wantCircles)
			}
			// Four row labels, then a year label per column.
			if n["text"] != 4+tt.wantYears {
				t.Errorf("got %d labels, want %d", n["text"], 4+tt.wantYears)
			}
			if !strings.Contains(got, `role="img" aria-labelledby="strip-t strip-d"`) {
				t.Errorf("got %s, want role img labelled by its title and desc", got)
			}
		})
	}
}

func TestHeatmap(t *testing.T) {
	today := content.Date{Year: 2026, Month: 11, Day: 23} // a Monday
	d := func(y, m, day int) content.Date { return content.Date{Year: y, Month: time.Month(m), Day: day} }
	counts := map[content.Date]int{
		today:          3,
		d(2026, 3, 10): 1,
		d(2026, 3, 11): 2,
		d(2025, 11, 1): 9, // before the year shown: ignored
		d(2026, 12, 1): 9, // after today: ignored
	}
	pic, s := Heatmap("activity", today, counts)
	if s.Total != 6 || s.Days != 3 || s.Most != 3 || s.Busiest != today {
		t.Errorf("got total %d on %d days, busiest %v with %d, want 6 on 3 days, busiest %v with 3", s.Total, s.Days, s.Busiest, s.Most, today)
	}
	var march int
	for _, m := range s.Months {
		if m.Name == "Mar 2026" {
			march = m.Count
		}
	}
	if march != 3 || s.Months[len(s.Months)-1].Name != "Nov 2026" {
		t.Errorf("got months %+v, want Mar 2026 with 3 and Nov 2026 last", s.Months)
	}
	title, desc, n := parse(t, string(pic))
	if title != "A year of activity, a square a day" || !strings.Contains(desc, "6 things logged on 3 days") {
		t.Errorf("got title %q desc %q", title, desc)
	}
	// A path per shade used: empty days, and the three busy days 1, 2, 3
	// (quartiles 1, 2, 3) on shades 1, 2 and 3.
	if n["path"] != 4 || !strings.Contains(string(pic), `class="ch-h3"`) || strings.Contains(string(pic), `class="ch-h4"`) {
		t.Errorf("got %d paths, want 4 (shades 0, 1, 2, 3)", n["path"])
	}
	// 52 full weeks before today's week, and today's Monday: 365 squares.
	if got := strings.Count(string(pic), "z"); got != 52*7+1 {
		t.Errorf("got %d squares, want %d", got, 52*7+1)
	}
	if _, s := Heatmap("activity", today, nil); s.Total != 0 || s.Most != 0 {
		t.Errorf("got %+v for no activity, want zero", s)
	}
}

func TestLevel(t *testing.T) {
	tests := []struct {
		name string
		days []int
		n    int
		want int
	}{
		{"nothing", []int{1, 2, 3}, 0, 0},
		{"one busy day", []int{5}, 5, 1},
		{"lowest quarter", []int{1, 1, 2, 3, 4, 5, 6, 52}, 1, 1},
		{"second quarter", []int{1, 1, 2, 3, 4, 5, 6, 52}, 3, 2},
		{"third quarter", []int{1, 1, 2, 3, 4, 5, 6, 52}, 5, 3},
		{"an outlier does not wash out the rest", []int{1, 1, 2, 3, 4, 5, 6, 52}, 6, 4},
		{"the busiest", []int{1, 1, 2, 3, 4, 5, 6, 52}, 52, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := level(tt.n, quartiles(tt.days)); got != tt.want {
				t.Errorf("level(%d) among %v: got %d, want %d", tt.n, tt.days, got, tt.want)
			}
		})
	}
}

func TestOverdueBars(t *testing.T) {
	if got := OverdueBars("overdue", nil, 0); got != "" {
		t.Errorf("got %q for nothing due, want nothing", got)
	}
	rows := []Overdue{
		{Name: "Priya Raman", Reason: "cadence", Days: 64, Words: "2 months"},
		{Name: `<b>Sam</b> "the" & co`, Reason: "follow_up", Days: 13, Words: "13 days"},
		{Name: "Mateus Oliveira", Reason: "fading", Days: 0, Words: "due today"},
	}
	got := string(OverdueBars("overdue", rows, 10))
	if strings.Contains(got, "<b>") {
		t.Errorf("got an unescaped name: %s", got)
	}
	title, desc, n := parse(t, got)
	if title != "How overdue each follow-up is" || !strings.HasPrefix(desc, "The 3 most overdue of 10") {
		t.Errorf("got title %q desc %q", title, desc)
	}
	if n["rect"] != 3 || n["text"] != 6 {
		t.Errorf("got %d bars and %d labels, want 3 and 6", n["rect"], n["text"])
	}
	for _, c := range []string{`class="ch-cadence"`, `class="ch-promised"`, `class="ch-fading"`, ">due today<"} {
		if !strings.Contains(got, c) {
			t.Errorf("got no %s in %s", c, got)
		}
	}
}
