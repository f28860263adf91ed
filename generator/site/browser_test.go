package site

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"

	"kith/generator/browsertest"
)

// TestPagesInBrowser opens the built sample site in headless Chromium, under
// a base path as on a shared host: the people filter hides those who do not
// match, a person's timeline shows, the theme toggle switches modes, and the
// event brief fits a phone-wide screen.
func TestPagesInBrowser(t *testing.T) {
	ctx := browsertest.New(t)
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := Build(context.Background(), options(os.DirFS("../..")), dest); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.StripPrefix("/journal", http.FileServer(http.Dir(dest))))
	defer srv.Close()
	base := srv.URL + "/journal/"

	do := func(what string, a ...chromedp.Action[chromedp.Void]) { t.Helper(); browsertest.Do(t, ctx, what, a...) }
	eval := func(expr string) string { t.Helper(); return browsertest.Eval(t, ctx, expr) }

	do("open people", chromedp.Navigate(base+"people/"))
	do("wait for filter", chromedp.WaitVisible("#filter"))
	// The filter reads the list of everyone (people.json) and shows the
	// matches in place of the page's rows: by org, by a name typed without
	// its accents, by a tag, by expertise.
	for _, tt := range []struct{ typed, want, count string }{
		{"lumen", "Dana Okafor, Kenji Watanabe, Samira Haddad", "3 of 12 people"},
		{"NUNEZ", "José Núñez", "1 of 12 people"},
		{"kovarova", "Hana Kovářová", "1 of 12 people"},
		{"connector", "Dana Okafor, José Núñez", "2 of 12 people"},
		{"salary", "Aroha Ngata, Oluwaseun Balogun", "2 of 12 people"},
	} {
		eval(`document.getElementById("filter").value = ""`)
		do("type in filter", chromedp.SendKeys("#filter", tt.typed))
		do("wait for matches", chromedp.WaitVisible("#people-found"))
		shown := eval(`[...document.querySelectorAll("#people-found > li > a")].map(a => a.textContent).join(", ")`)
		count := eval(`document.getElementById("filter-count").textContent`)
		hidden := eval(`String(document.getElementById("people-page").hidden)`)
		if shown != tt.want || count != tt.count || hidden != "true" {
			t.Errorf("filter %q: got %q, count %q, page rows hidden %s; want %q, %q, true", tt.typed, shown, count, hidden, tt.want, tt.count)
		}
	}
	eval(`document.getElementById("filter").value = ""`)
	do("type in filter", chromedp.SendKeys("#filter", "dana"))
	do("wait for matches", chromedp.WaitVisible("#people-found"))
	do("open Dana", chromedp.Click(`#people-found a[href$="/people/dana-okafor/"]`))
	do("wait for timeline", chromedp.WaitVisible("#timeline"))
	if n := eval(`String(document.querySelectorAll("#timeline li").length)`); n != "13" {
		t.Errorf("Dana's timeline: got %s items, want 13", n)
	}
	before := eval(`getComputedStyle(document.body).backgroundColor`)
	do("toggle theme", chromedp.Click(".theme-toggle"))
	after := eval(`getComputedStyle(document.body).backgroundColor`)
	if before == after {
		t.Errorf("theme toggle: background stayed %s, want it to change", before)
	}

	do("phone width", chromedp.EmulateViewport(390, 844))
	do("open brief", chromedp.Navigate(base+"events/health-ux-summit-2026/"))
	do("wait for attendees", chromedp.WaitVisible(".attendees"))
	if wide := eval(`String(document.documentElement.scrollWidth > window.innerWidth + 1)`); wide != "false" {
		t.Errorf("event brief at 390px: the page scrolls sideways, want it to fit")
	}
}
