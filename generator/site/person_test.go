package site

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"kith/generator/browsertest"
	"kith/generator/content"
)

// TestPersonLogLinesOnce checks on the sample journal that a person's page
// shows each log line once (in the timeline, not again under Notes) and no
// log line's label hashtags as text anywhere on the page.
func TestPersonLogLinesOnce(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := Build(context.Background(), options(os.DirFS("../..")), dest); err != nil {
		t.Fatal(err)
	}
	tree := readTree(t, dest)
	dana := string(tree["people/dana-okafor/index.html"])
	for _, line := range []string{
		"Gave me honest feedback on my day rate for the Brightwater contract.",
		"Reviewed her conference talk abstract and suggested a sharper title.",
		"Sent her the research plan for the medication-reminder study, as promised.",
	} {
		if n := strings.Count(dana, line); n != 1 {
			t.Errorf("Dana's page: got %q %d times, want once", line, n)
		}
	}
	if strings.Contains(dana, "<h2>Log</h2>") {
		t.Errorf("Dana's page: got the empty Log heading under Notes")
	}
	// A hashtag as text: after a space or "(", not inside an attribute or a tag link.
	raw := regexp.MustCompile(`[\s(]#(gave|received|thanked|` + strings.Join(content.Kinds(), "|") + `)\b`)
	for f, b := range tree {
		if !strings.HasPrefix(f, "people/") || !strings.HasSuffix(f, "/index.html") || f == "people/index.html" {
			continue
		}
		text := regexp.MustCompile(`<[^>]*>`).ReplaceAllString(string(b), " ")
		if m := raw.FindString(text); m != "" {
			t.Errorf("%s: got the raw hashtag %q as text", f, m)
		}
	}
}

// TestPersonAtAGlanceOnPhone opens person pages of the sample at 390x844 in
// headless Chromium: what is open between you, how to reach them and the
// open threads start within the first screen, and nothing scrolls sideways.
func TestPersonAtAGlanceOnPhone(t *testing.T) {
	ctx := browsertest.New(t)
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := Build(context.Background(), options(os.DirFS("../..")), dest); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.FileServer(http.Dir(dest)))
	defer srv.Close()
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844)); err != nil {
		t.Fatal(err)
	}
	for _, who := range []string{"aroha-ngata", "hana-kovarova", "dana-okafor", "oluwaseun-balogun"} {
		t.Run(who, func(t *testing.T) {
			if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/people/"+who+"/")); err != nil {
				t.Fatal(err)
			}
			if err := chromedp.Do(ctx, chromedp.WaitVisible(".glance")); err != nil {
				t.Fatal(err)
			}
			top := func(sel string) int {
				t.Helper()
				v, err := chromedp.Run(ctx, chromedp.Evaluate[int](fmt.Sprintf(`(() => { const e = document.querySelector(%q); return e ? Math.round(e.getBoundingClientRect().top + scrollY) : -1 })()`, sel)))
				if err != nil {
					t.Fatal(err)
				}
				return v
			}
			for _, sel := range []string{".glance-open", ".reach"} {
				if y := top(sel); y < 0 || y >= 844 {
					t.Errorf("%s starts at %d px, want within the first 844", sel, y)
				}
			}
			if y := top(".open-threads .thread"); y >= 844 {
				t.Errorf("the first open thread starts at %d px, want within the first 844", y)
			}
			wide, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > innerWidth + 1`))
			if err != nil {
				t.Fatal(err)
			}
			if wide {
				t.Errorf("the page scrolls sideways at 390 px")
			}
		})
	}
}
