package content

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Date is a calendar day with no time of day or zone. The zero Date means
// "not given".
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// The years a date in a journal may have. A note is about people alive
// now, and the bounds keep date arithmetic far from overflowing: year 0000
// and 9999 are typing mistakes, not dates.
const (
	MinYear = 1900
	MaxYear = 2199
)

var errYear = fmt.Errorf("the year must be from %d to %d", MinYear, MaxYear)

// ParseDate reads YYYY-MM-DD and rejects impossible days such as 2026-02-30
// and years outside MinYear to MaxYear.
func ParseDate(s string) (Date, error) {
	s = strings.TrimSpace(s)
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return Date{}, fmt.Errorf("%q is not a date; write it as YYYY-MM-DD", s)
	}
	y, err1 := strconv.Atoi(s[:4])
	m, err2 := strconv.Atoi(s[5:7])
	dd, err3 := strconv.Atoi(s[8:])
	if err1 != nil || err2 != nil || err3 != nil {
		return Date{}, fmt.Errorf("%q is not a date; write it as YYYY-MM-DD", s)
	}
	d := Date{y, time.Month(m), dd}
	if !d.valid() {
		return Date{}, fmt.Errorf("%q is an impossible date", s)
	}
	if y < MinYear || y > MaxYear {
		return Date{}, fmt.Errorf("%q is not a date kith accepts: %w", s, errYear)
	}
	return d, nil
}

// ParseDateTime reads a date that may carry a time of day after a space or
// a T, as Obsidian writes date-and-time properties: 2026-03-10 09:30,
// 2026-03-10T09:30:00, 2026-03-10T09:30:00+01:00. The time is returned as
// HH:MM ("" when there is none); seconds and a zone are accepted and dropped.
func ParseDateTime(s string) (Date, string, error) {
	s = strings.TrimSpace(s)
	if len(s) <= 10 || s[10] != ' ' && s[10] != 'T' {
		d, err := ParseDate(s)
		return d, "", err
	}
	d, err := ParseDate(s[:10])
	if err != nil {
		return Date{}, "", err
	}
	clock, ok := parseClock(strings.TrimSpace(s[11:]))
	if !ok {
		return Date{}, "", fmt.Errorf("%q is not a date and time; write YYYY-MM-DD or YYYY-MM-DD HH:MM", s)
	}
	return d, clock, nil
}

// parseClock reads HH:MM, with optional :SS, fraction and zone (Z, +01:00).
func parseClock(s string) (string, bool) {
	if len(s) < 5 || s[2] != ':' {
		return "", false
	}
	h, err1 := strconv.Atoi(s[:2])
	m, err2 := strconv.Atoi(s[3:5])
	if err1 != nil || err2 != nil || h > 23 || m > 59 || s[0] == '+' || s[0] == '-' || s[3] == '+' || s[3] == '-' {
		return "", false
	}
	rest := s[5:]
	if len(rest) >= 3 && rest[0] == ':' {
		sec, err := strconv.Atoi(rest[1:3])
		if err != nil || sec > 60 || rest[1] == '+' || rest[1] == '-' {
			return "", false
		}
		rest = rest[3:]
		if len(rest) > 0 && rest[0] == '.' {
			rest = strings.TrimLeft(rest[1:], "0123456789")
		}
	}
	rest = strings.TrimSpace(rest)
	switch {
	case rest == "", rest == "Z":
	case (rest[0] == '+' || rest[0] == '-') && (len(rest) == 3 || len(rest) == 5 || len(rest) == 6 && rest[3] == ':'):
		if strings.Trim(strings.ReplaceAll(rest[1:], ":", ""), "0123456789") != "" {
			return "", false
		}
	default:
		return "", false
	}
	return s[:5], true
}

// DateInName reads the date a daily note's file name is or starts with:
// "2026-03-10" and "2026-03-10 Coffee with Dana" give 2026-03-10.
func DateInName(base string) (Date, bool) {
	if len(base) < 10 || len(base) > 10 && strings.IndexByte(" -_.T", base[10]) < 0 {
		return Date{}, false
	}
	d, err := ParseDate(base[:10])
	return d, err == nil
}

func (d Date) valid() bool {
	if d.Month < 1 || d.Month > 12 || d.Day < 1 {
		return false
	}
	t := time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC)
	return t.Day() == d.Day && t.Month() == d.Month
}

// DateOf returns the calendar day of t in t's location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// IsZero reports whether the date was not given.
func (d Date) IsZero() bool { return d == Date{} }

// Time returns midnight UTC of the day.
func (d Date) Time() time.Time { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC) }

// String formats the date as YYYY-MM-DD, or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// Before reports whether d is an earlier day than e.
func (d Date) Before(e Date) bool { return d.Compare(e) < 0 }

// After reports whether d is a later day than e.
func (d Date) After(e Date) bool { return d.Compare(e) > 0 }

// Compare returns -1, 0 or +1 as d is before, equal to, or after e.
func (d Date) Compare(e Date) int {
	switch {
	case d.Year != e.Year:
		return cmpInt(d.Year, e.Year)
	case d.Month != e.Month:
		return cmpInt(int(d.Month), int(e.Month))
	}
	return cmpInt(d.Day, e.Day)
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// AddDays returns the day n days after d.
func (d Date) AddDays(n int) Date { return DateOf(d.Time().AddDate(0, 0, n)) }

// DaysUntil returns how many days lie from d to e (negative if e is earlier).
func (d Date) DaysUntil(e Date) int {
	return int(e.Time().Sub(d.Time()).Hours() / 24)
}

// Birthday is a day of the year, with the year of birth when known.
type Birthday struct {
	Year  int // 0 when not given
	Month time.Month
	Day   int
}

// ParseBirthday reads YYYY-MM-DD or MM-DD.
func ParseBirthday(s string) (Birthday, error) {
	s = strings.TrimSpace(s)
	if len(s) == 5 && s[2] == '-' {
		m, err1 := strconv.Atoi(s[:2])
		d, err2 := strconv.Atoi(s[3:])
		b := Birthday{Month: time.Month(m), Day: d}
		// 2024 is a leap year, so 02-29 is possible.
		if err1 != nil || err2 != nil || !(Date{2024, b.Month, b.Day}).valid() {
			return Birthday{}, fmt.Errorf("%q is not a birthday; write YYYY-MM-DD or MM-DD", s)
		}
		return b, nil
	}
	d, err := ParseDate(s)
	if errors.Is(err, errYear) {
		return Birthday{}, fmt.Errorf("%q is not a birthday kith accepts: %w; write MM-DD when the year is not known", s, errYear)
	}
	if err != nil {
		return Birthday{}, fmt.Errorf("%q is not a birthday; write YYYY-MM-DD or MM-DD", s)
	}
	return Birthday{d.Year, d.Month, d.Day}, nil
}

// IsZero reports whether no birthday was given.
func (b Birthday) IsZero() bool { return b == Birthday{} }

// Next returns the first birthday on or after today. A 29 February birthday
// falls on 28 February in common years.
func (b Birthday) Next(today Date) Date {
	for y := today.Year; ; y++ {
		d := Date{y, b.Month, b.Day}
		if !d.valid() {
			d = Date{y, time.February, 28}
		}
		if !d.Before(today) {
			return d
		}
	}
}

// Cadence is how often to keep in touch: a number of days, weeks, months or
// years.
type Cadence struct {
	N    int
	Unit byte // 'd', 'w', 'm' or 'y'
}

// MaxCadenceYears bounds a cadence: keeping in touch less often than once a
// century is not keeping in touch, and the bound keeps the due day a date.
const MaxCadenceYears = 100

// maxCadence is MaxCadenceYears in each cadence unit.
var maxCadence = map[byte]int{'d': MaxCadenceYears * 36525 / 100, 'w': MaxCadenceYears * 36525 / 100 / 7, 'm': MaxCadenceYears * 12, 'y': MaxCadenceYears}

// ParseCadence reads 30d, 6w, 3m or 1y, of at most MaxCadenceYears years.
func ParseCadence(s string) (Cadence, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if len(s) >= 2 {
		n, err := strconv.Atoi(s[:len(s)-1])
		u := s[len(s)-1]
		if strings.IndexByte("dwmy", u) >= 0 && (err == nil && n > maxCadence[u] || errors.Is(err, strconv.ErrRange) && !strings.HasPrefix(s, "-")) {
			return Cadence{}, fmt.Errorf("%q is longer than %d years; write a shorter cadence, like 1y", s, MaxCadenceYears)
		}
		if err == nil && n > 0 && strings.IndexByte("dwmy", u) >= 0 {
			return Cadence{n, u}, nil
		}
	}
	return Cadence{}, fmt.Errorf("%q is not a cadence; write a number and d, w, m or y, like 30d, 6w, 3m or 1y", s)
}

// IsZero reports whether no cadence was given.
func (c Cadence) IsZero() bool { return c.N == 0 }

// After returns the day one cadence after d. A cadence longer than
// MaxCadenceYears (which ParseCadence refuses) counts as that long, so that
// the day is always a date.
func (c Cadence) After(d Date) Date {
	if m, ok := maxCadence[c.Unit]; ok && c.N > m {
		c.N = m
	}
	t := d.Time()
	switch c.Unit {
	case 'd':
		t = t.AddDate(0, 0, c.N)
	case 'w':
		t = t.AddDate(0, 0, 7*c.N)
	case 'm':
		t = t.AddDate(0, c.N, 0)
	case 'y':
		t = t.AddDate(c.N, 0, 0)
	}
	return DateOf(t)
}

// String formats the cadence as written, like "6w".
func (c Cadence) String() string {
	if c.IsZero() {
		return ""
	}
	return strconv.Itoa(c.N) + string(c.Unit)
}

// Words describes the cadence in words, like "every 6 weeks".
func (c Cadence) Words() string {
	unit := map[byte]string{'d': "day", 'w': "week", 'm': "month", 'y': "year"}[c.Unit]
	if c.N == 1 {
		return "every " + unit
	}
	return fmt.Sprintf("every %d %ss", c.N, unit)
}
