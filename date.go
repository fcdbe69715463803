package normgraph

import (
	"fmt"
	"strconv"
	"time"
)

// Date is a calendar date known to the precision a source gives: a year, a month or a day.
// The zero Date means "unknown".
type Date struct {
	Year  int
	Month int // 0 when only the year is known
	Day   int // 0 when only the year or month is known
}

// ParseDate parses "YYYY", "YYYY-MM" or "YYYY-MM-DD". It returns an *Error with code EINVALID
// for anything else, including impossible dates such as 2015-02-30.
func ParseDate(s string) (Date, error) {
	bad := func() (Date, error) {
		return Date{}, Errorf(EINVALID, "malformed date %q: want YYYY, YYYY-MM or YYYY-MM-DD", s)
	}
	var d Date
	switch len(s) {
	case 4, 7, 10:
	default:
		return bad()
	}
	y, err := strconv.Atoi(s[:4])
	if err != nil || y < 1000 {
		return bad()
	}
	d.Year = y
	if len(s) >= 7 {
		if s[4] != '-' {
			return bad()
		}
		m, err := strconv.Atoi(s[5:7])
		if err != nil || m < 1 || m > 12 {
			return bad()
		}
		d.Month = m
	}
	if len(s) == 10 {
		if s[7] != '-' {
			return bad()
		}
		day, err := strconv.Atoi(s[8:10])
		if err != nil || day < 1 {
			return bad()
		}
		t := time.Date(y, time.Month(d.Month), day, 0, 0, 0, 0, time.UTC)
		if t.Day() != day {
			return bad()
		}
		d.Day = day
	}
	return d, nil
}

// MustDate is ParseDate for constants in tests and code; it panics on a malformed date.
func MustDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// IsZero reports whether the date is unknown.
func (d Date) IsZero() bool { return d.Year == 0 }

// String formats the date with its precision: "2015", "2015-07" or "2015-07-22"; "" when zero.
func (d Date) String() string {
	switch {
	case d.Year == 0:
		return ""
	case d.Month == 0:
		return fmt.Sprintf("%04d", d.Year)
	case d.Day == 0:
		return fmt.Sprintf("%04d-%02d", d.Year, d.Month)
	default:
		return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
	}
}

// Compare orders dates chronologically; a less precise date sorts before a more precise one
// within the same period (2015 < 2015-07 < 2015-07-22). The zero date sorts first.
func (d Date) Compare(o Date) int {
	for _, p := range [][2]int{{d.Year, o.Year}, {d.Month, o.Month}, {d.Day, o.Day}} {
		if p[0] != p[1] {
			if p[0] < p[1] {
				return -1
			}
			return 1
		}
	}
	return 0
}

// Before reports whether d is certainly before o: the latest day d can stand for is earlier than
// the earliest day o can stand for. Unknown dates are never before anything.
func (d Date) Before(o Date) bool {
	if d.IsZero() || o.IsZero() {
		return false
	}
	return d.last().Before(o.first())
}

func (d Date) first() time.Time {
	m, day := max(d.Month, 1), max(d.Day, 1)
	return time.Date(d.Year, time.Month(m), day, 0, 0, 0, 0, time.UTC)
}

func (d Date) last() time.Time {
	switch {
	case d.Month == 0:
		return time.Date(d.Year, 12, 31, 0, 0, 0, 0, time.UTC)
	case d.Day == 0:
		return time.Date(d.Year, time.Month(d.Month)+1, 0, 0, 0, 0, 0, time.UTC)
	default:
		return d.first()
	}
}

// FirstDay is the earliest day the date can stand for (2015 → 2015-01-01); zero time when unknown.
func (d Date) FirstDay() time.Time {
	if d.IsZero() {
		return time.Time{}
	}
	return d.first()
}

// LastDay is the latest day the date can stand for (2015 → 2015-12-31); zero time when unknown.
func (d Date) LastDay() time.Time {
	if d.IsZero() {
		return time.Time{}
	}
	return d.last()
}
