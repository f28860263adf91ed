package contacts

import "testing"

func TestParseConnectedOn(t *testing.T) {
	tests := []struct {
		in       string
		dayFirst bool
		want     string // "" when unreadable
	}{
		{"12 Mar 2024", false, "2024-03-12"},
		{"12 March 2024", false, "2024-03-12"},
		{"Mar 12, 2024", false, "2024-03-12"},
		{"2024-03-12", false, "2024-03-12"},
		{"2024-03-12 00:00:00", false, "2024-03-12"},
		{"1/8/18, 6:14 PM", false, "2018-01-08"},
		{"1/8/18", true, "2018-08-01"},
		{"12/22/2025", false, "2025-12-22"},
		{"12/22/2025", true, "2025-12-22"}, // 22 is no month
		{"22/12/2025", false, "2025-12-22"},
		{"22-Dec-25", false, "2025-12-22"},
		{"2-Jan-2019", false, "2019-01-02"},
		{"2/30/2024", false, ""},
		{"13/13/2024", false, ""},
		{"1/8/123", false, ""},
		{"yesterday", false, ""},
		{"", false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := parseConnectedOn(tt.in, tt.dayFirst)
			if got != tt.want || ok != (tt.want != "") {
				t.Errorf("parseConnectedOn(%q, %v) = %q, %v; want %q", tt.in, tt.dayFirst, got, ok, tt.want)
			}
		})
	}
}

func TestDayFirstFile(t *testing.T) {
	tests := []struct {
		name  string
		dates []string
		want  bool
	}{
		{"LinkedIn 2018", []string{"1/8/18, 6:14 PM", "12/22/17, 9:00 AM"}, false},
		{"re-saved day first", []string{"1/8/2018", "22/12/2017"}, true},
		{"ambiguous only", []string{"1/8/2018", "3/4/2019"}, false},
		{"contradicting", []string{"22/12/2017", "12/22/2017"}, false},
		{"names of months", []string{"12 Mar 2024"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := dayFirstFile(tt.dates); got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}
