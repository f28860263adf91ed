//go:build unix

package serve

import (
	"os"
	"strings"
	"syscall"
	"testing"
)

// TestHarden10ReadError makes notes that cannot be read (a FIFO, which
// would make a read wait forever, and a link to itself) and checks that
// each is shown as a problem, that later saves are still read (their
// problems come and go), and that removing them shows the site as saved.
func TestHarden10ReadError(t *testing.T) {
	h := start(t, fixture, nil)
	s := h.subscribe("")
	must(t, syscall.Mkfifo(h.path("content/people/Pipe.md"), 0o644))
	must(t, os.Symlink("Loop.md", h.path("content/people/Loop.md")))
	for seen := ""; !strings.Contains(seen, "Pipe.md") || !strings.Contains(seen, "Loop.md"); {
		seen = s.until("problems").data
		if strings.Contains(seen, "Pipe.md") && !strings.Contains(seen, "regular file") {
			t.Errorf("got problems %s, want Pipe.md named as not a regular file", seen)
		}
	}

	// The preview still reads saves: a third problem joins the two.
	h.write("content/people/Lee Park.md", "---\nname: [Lee Park\n---\nLee.\n")
	if ev := s.until("problems"); !strings.Contains(ev.data, "Lee Park.md:") || !strings.Contains(ev.data, "Pipe.md") {
		t.Errorf("got problems %s, want Lee Park.md's added to the others", ev.data)
	}
	h.write("content/people/Lee Park.md", strings.Replace(fixture["content/people/Lee Park.md"], "boats", "sheds", 1))
	if ev := s.until("problems"); strings.Contains(ev.data, "Lee Park.md:") || !strings.Contains(ev.data, "Pipe.md") {
		t.Errorf("got problems %s, want Lee Park.md's gone and the others left", ev.data)
	}
	must(t, os.Remove(h.path("content/people/Pipe.md")))
	must(t, os.Remove(h.path("content/people/Loop.md")))
	if ev := s.until("problems"); ev.data != `{"problems":[]}` {
		t.Errorf("got problems %s after removing both, want none", ev.data)
	}
	s.until("reload")
	if body := h.page("/people/lee-park/"); !strings.Contains(body, "Lee builds sheds.") {
		t.Errorf("got a page without the save made while the problems were shown")
	}
}
