package normgraph_test

import (
	"testing"

	"github.com/normgraph/normgraph"
)

func TestParseDate(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want normgraph.Date
		ok   bool
	}{
		{"2015", normgraph.Date{Year: 2015}, true},
		{"2015-07", normgraph.Date{Year: 2015, Month: 7}, true},
		{"2015-07-22", normgraph.Date{Year: 2015, Month: 7, Day: 22}, true},
		{"2016-02-29", normgraph.Date{Year: 2016, Month: 2, Day: 29}, true},
		{"2015-02-29", normgraph.Date{}, false},
		{"2015-13", normgraph.Date{}, false},
		{"2015-00", normgraph.Date{}, false},
		{"2015-7-22", normgraph.Date{}, false},
		{"15", normgraph.Date{}, false},
		{"2015/07", normgraph.Date{}, false},
		{"", normgraph.Date{}, false},
	} {
		got, err := normgraph.ParseDate(tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("ParseDate(%q) = %+v, %v; want %+v, ok=%v", tc.in, got, err, tc.want, tc.ok)
		}
		if err != nil && normgraph.ErrorCode(err) != normgraph.EINVALID {
			t.Errorf("ParseDate(%q) error code %q", tc.in, normgraph.ErrorCode(err))
		}
		if tc.ok && got.String() != tc.in {
			t.Errorf("Date(%q).String() = %q", tc.in, got.String())
		}
	}
}

func TestDateOrder(t *testing.T) {
	d := normgraph.MustDate
	for _, tc := range []struct {
		a, b    string
		before  bool
		compare int
	}{
		{"2015", "2016", true, -1},
		{"2015", "2015-07", false, -1}, // 2015 may be after July 2015
		{"2015-06", "2015-07-01", true, -1},
		{"2015-07-31", "2015-07", false, 1},
		{"2017-06", "2016", false, 1},
	} {
		if got := d(tc.a).Before(d(tc.b)); got != tc.before {
			t.Errorf("%s.Before(%s) = %v, want %v", tc.a, tc.b, got, tc.before)
		}
		if got := d(tc.a).Compare(d(tc.b)); got != tc.compare {
			t.Errorf("%s.Compare(%s) = %d, want %d", tc.a, tc.b, got, tc.compare)
		}
	}
	if (normgraph.Date{}).Before(d("2015")) || d("2015").Before(normgraph.Date{}) {
		t.Error("an unknown date is never before or after anything")
	}
	if got := d("2016-02").LastDay().Day(); got != 29 {
		t.Errorf("last day of February 2016 = %d", got)
	}
}
