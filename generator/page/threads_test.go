package page

import (
	"fmt"
	"strings"
	"testing"

	"kith/generator/content"
)

func TestSpanAgo(t *testing.T) {
	today := content.Date{Year: 2026, Month: 11, Day: 23}
	tests := []struct {
		days int
		span string
		ago  string
	}{
		{0, "today", "today"},
		{1, "1 day", "yesterday"},
		{-1, "1 day", "tomorrow"},
		{5, "5 days", "5 days ago"},
		{-8, "8 days", "in 8 days"},
		{21, "3 weeks", "3 weeks ago"},
		{90, "3 months", "3 months ago"},
		{800, "2 years", "2 years ago"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.days), func(t *testing.T) {
			if got := Span(tt.days); got != tt.span {
				t.Errorf("Span(%d): got %q, want %q", tt.days, got, tt.span)
			}
			if got := Ago(today, today.AddDays(-tt.days)); got != tt.ago {
				t.Errorf("Ago: got %q, want %q", got, tt.ago)
			}
		})
	}
	if got := Ago(today, content.Date{}); got != "never" {
		t.Errorf("Ago of no day: got %q, want never", got)
	}
}

func TestFavorRows(t *testing.T) {
	j := personJournal(t, map[string]string{
		"content/people/ann.md":        "---\nname: Ann\n---\n- 2026-11-02 Reviewed my CV. #received #email #cv\n",
		"content/entries/2026/lift.md": "---\ntitle: Lift\ndate: 2026-10-01\npeople: [Ann]\nreceived: a lift to the airport\n---\n",
	})
	got := FavorRows(j.Favors, up)
	want := []FavorRow{
		{Who: "Ann", WhoLink: "../../people/ann/", What: "a lift to the airport", Date: content.Date{Year: 2026, Month: 10, Day: 1}, Waited: "7 weeks", EntryLink: "../../entries/lift/"},
		{Who: "Ann", WhoLink: "../../people/ann/", What: "Reviewed my CV.", Date: content.Date{Year: 2026, Month: 11, Day: 2}, Waited: "3 weeks"},
	}
	if fmt.Sprintf("%+v", got) != fmt.Sprintf("%+v", want) {
		t.Errorf("got\n%+v\nwant\n%+v", got, want)
	}
	// On Ann's timeline both favours are open: not thanked yet.
	v := NewPerson(j, person(t, j, "Ann"), up)
	for _, y := range v.Timeline {
		for _, m := range y.Moments {
			if !m.HelpedYou || !m.Open {
				t.Errorf("got %+v, want an open favour", m)
			}
		}
	}
}

func TestNewFollowUps(t *testing.T) {
	notes := map[string]string{}
	const cadence = FollowUpsShown + 7
	for i := range cadence {
		notes[fmt.Sprintf("content/people/p%03d.md", i)] = fmt.Sprintf("---\nname: P%03d\nkeep_in_touch: 1m\n---\n- 2026-0%d-01 Call #call\n", i, 1+i%9)
	}
	notes["content/people/new.md"] = "---\nname: New\nmet:\n  date: 2026-11-01\n  where: a fair\n---\n"
	notes["content/people/ann.md"] = "---\nname: Ann\n---\n"
	notes["content/entries/2026/ask.md"] = "---\ntitle: Ann asks\ndate: 2026-10-01\npeople: [Ann]\nfollow_up: 2026-12-10\n---\n"
	j := personJournal(t, notes)
	v := NewFollowUps(j, up)
	tests := []struct {
		name              string
		s                 FollowUpSection
		rows, rest, total int
	}{
		{"promised", v.Promised, 0, 0, 0},
		{"cadence", v.Cadence, FollowUpsShown, 7, cadence},
		{"fading", v.Fading, 1, 0, 1},
		{"coming up", v.ComingUp, 1, 0, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if len(tt.s.Rows) != tt.rows || len(tt.s.Rest) != tt.rest || tt.s.Total != tt.total {
				t.Errorf("got %d rows, %d more, total %d; want %d, %d, %d", len(tt.s.Rows), len(tt.s.Rest), tt.s.Total, tt.rows, tt.rest, tt.total)
			}
		})
	}
	if !v.Pending || v.ComingUp.Rows[0].When != "due in 2 weeks" || v.ComingUp.Rows[0].EntryTitle != "Ann asks" {
		t.Errorf("got coming up %+v, want Ann's follow-up due in 2 weeks", v.ComingUp)
	}
	if w := v.Fading.Rows[0].What; w != "new connection from a fair, no contact since meeting" {
		t.Errorf("got fading %q", w)
	}
	pic := string(v.Overdue)
	if n := strings.Count(pic, "<rect"); n != OverdueShown {
		t.Errorf("got %d bars, want the %d most overdue", n, OverdueShown)
	}
	if want := fmt.Sprintf("The %d most overdue of %d", OverdueShown, len(j.Due())); !strings.Contains(pic, want) {
		t.Errorf("got %s, want it to say %q", pic, want)
	}
}

func TestNewActivity(t *testing.T) {
	j := personJournal(t, map[string]string{
		"content/people/ann.md":         "---\nname: Ann\n---\n- 2026-11-02 Coffee #meeting\n- 2026-11-02 Call #call\n- 2024-01-01 Old #call\n",
		"content/entries/2026/lunch.md": "---\ntitle: Lunch\ndate: 2026-06-01\npeople: [Ann]\n---\n",
	})
	a := NewActivity(j)
	if a.Total != 3 || a.Days != 2 || a.Most != 2 || a.Picture == "" {
		t.Errorf("got %d on %d days, busiest %d, picture %v; want 3 on 2 days, busiest 2, a picture", a.Total, a.Days, a.Most, a.Picture != "")
	}
	if a := NewActivity(personJournal(t, map[string]string{"content/people/ann.md": "---\nname: Ann\n---\n"})); a.Picture != "" {
		t.Errorf("got a picture of no activity")
	}
}
