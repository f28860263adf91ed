package contacts

import (
	"bytes"
	"io"
	"os"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"

	"kith/generator/content"
)

// TestHarden13ReservedNames checks that an import never plans a file name
// Windows reserves for a device.
func TestHarden13ReservedNames(t *testing.T) {
	var cs []Contact
	for i, n := range []string{"Con", "NUL", "aux.", "Com1", "LPT9 ", "prn.txt", "Connie"} {
		cs = append(cs, Contact{Name: n, Line: i + 2})
	}
	want := []string{
		"content/people/Con_.md", "content/people/NUL_.md", "content/people/aux_.md", "content/people/Com1_.md",
		"content/people/LPT9_.md", "content/people/prn_.txt.md", "content/people/Connie.md",
	}
	p := NewPlan(cs, nil, nil, PlanOptions{})
	if len(p.Steps) != len(want) {
		t.Fatalf("got %d steps, want %d", len(p.Steps), len(want))
	}
	for i, st := range p.Steps {
		if st.Action != ActionCreate || st.Path != want[i] {
			t.Errorf("line %d: got %s %q, want create %q", st.Line, st.Action, st.Path, want[i])
		}
		if content.WindowsReserved(st.Path[len(content.DefaultPeopleDir)+1:]) {
			t.Errorf("line %d: %s is a reserved name", st.Line, st.Path)
		}
	}
}

// TestHarden13LinkedInStream checks that a LinkedIn export is read as a stream: the
// same contacts come out when the reader hands over one byte at a time, and a file
// whose header is not in its first megabyte is refused without reading it all.
func TestHarden13LinkedInStream(t *testing.T) {
	data, err := os.ReadFile("testdata/linkedin-spreadsheet.csv")
	if err != nil {
		t.Fatal(err)
	}
	want, wantBad, err := ParseLinkedIn(bytes.NewReader(data), "x.csv")
	if err != nil {
		t.Fatal(err)
	}
	got, gotBad, err := ParseLinkedIn(iotest.OneByteReader(bytes.NewReader(data)), "x.csv")
	if err != nil || !reflect.DeepEqual(got, want) || !reflect.DeepEqual(gotBad, wantBad) {
		t.Errorf("one byte at a time: got %+v, %+v, %v; want %+v, %+v", got, gotBad, err, want, wantBad)
	}

	junk := &countingReader{r: io.MultiReader(strings.NewReader(strings.Repeat("no header here,,,\n", 1<<17)), strings.NewReader(string(data)))}
	if _, _, err := ParseLinkedIn(junk, "x.csv"); err == nil || !strings.Contains(err.Error(), "no LinkedIn header line found") {
		t.Errorf("got %v, want no header found", err)
	}
	if junk.n > 2<<20 {
		t.Errorf("read %d bytes looking for the header, want at most about 1 MB", junk.n)
	}
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}

// TestHarden13LinkedInLongLine checks that a row without end is refused with its
// line number instead of being read into memory whole.
func TestHarden13LinkedInLongLine(t *testing.T) {
	head := "First Name,Last Name,URL,Email Address,Company,Position,Connected On\nAna,Lima,,,,,\nBo,"
	in := io.MultiReader(strings.NewReader(head), io.LimitReader(neverEnding('x'), 9<<20))
	_, _, err := ParseLinkedIn(in, "big.csv")
	if err == nil || err.Error() != "big.csv:3: line longer than 8 MB" {
		t.Errorf("got %v, want big.csv:3: line longer than 8 MB", err)
	}
}
