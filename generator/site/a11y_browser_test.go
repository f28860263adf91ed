package site

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"kith/generator/browsertest"
	"kith/generator/page"
	"kith/generator/synth"
)

// The accessibility suite: axe-core over every page kind of the sample
// journal, light and dark, desktop and phone; the event brief printed from
// dark mode; and the encrypted site opening pages without the lock card.

// axeEnv names the file axe-core's axe.min.js is read from. .ci/run
// installs axe-core with npm and sets it.
const axeEnv = "KITH_AXE"

// axeSource returns axe-core's script, from $KITH_AXE. Without it the test
// is skipped, except under CI=true, where it fails.
func axeSource(t *testing.T) string {
	t.Helper()
	p := os.Getenv(axeEnv)
	if p == "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is not set; CI=true requires the accessibility tests (npm install axe-core@4, then %s=.../node_modules/axe-core/axe.min.js)", axeEnv, axeEnv)
		}
		t.Skipf("%s is not set: npm install axe-core@4 and set %s to its axe.min.js to run this test", axeEnv, axeEnv)
	}
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatalf("%s: %v", axeEnv, err)
	}
	return string(b)
}

// serveSite builds the journal with opt and serves it on loopback.
func serveSite(t *testing.T, opt Options) string {
	t.Helper()
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := Build(context.Background(), opt, dest); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.FileServer(http.Dir(dest)))
	t.Cleanup(srv.Close)
	return srv.URL + "/"
}

// colorScheme emulates the system's light or dark preference.
func colorScheme(scheme string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
		})
		return err
	})
}

// printMedia emulates print media (or screen, for ""), keeping the dark preference.
func printMedia(media string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Media:    media,
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: "dark"}},
		})
		return err
	})
}

// axeRun runs axe-core on the page with its default rules (WCAG 2.0-2.2 A
// and AA and best practices such as heading order) and target-size (WCAG
// 2.2 AA 2.5.8, off by default in axe-core 4), and returns one line per
// violation and element.
const axeRun = `axe.run(document, {resultTypes: ["violations"], rules: {"target-size": {enabled: true}}}).then(r => JSON.stringify(r.violations.flatMap(v =>
	v.nodes.map(n => v.id + " (" + v.impact + "): " + n.target.join(" ") + ": " + (n.failureSummary || "").replace(/\s+/g, " ").slice(0, 240)))))`

// TestAccessibility runs axe-core on every page kind of the sample journal
// in light and dark mode at 1280 and 390 px wide, and on the unlock page of
// the encrypted site: no violations.
func TestAccessibility(t *testing.T) {
	if testing.Short() {
		t.Skip("a browser test; go test -short skips it (the full go test ./... runs it)")
	}
	axe := axeSource(t)
	base := serveSite(t, options(os.DirFS("../..")))
	enc := testEncryption(t)
	encOpt := options(os.DirFS("../.."))
	encOpt.Encrypt = enc
	encBase := serveSite(t, encOpt)

	pages := []struct{ kind, url string }{
		{"home", base},
		{"people", base + page.People},
		{"people by org", base + page.PeoplePage(page.ByOrg, 1)},
		{"person", base + "people/dana-okafor/"},
		{"entries", base + page.Entries},
		{"entries-year", base + "entries/2025/"},
		{"entry", base + "entries/2026-03-10-coffee-with-dana/"},
		{"events", base + page.Events},
		{"event", base + "events/health-ux-summit-2026/"},
		{"orgs", base + page.Orgs},
		{"org", base + "orgs/lumen-health/"},
		{"tags", base + page.Tags},
		{"tag", base + "tags/mentor/"},
		{"thanks", base + page.Thanks},
		{"connectors", base + page.Connectors},
		{"follow-ups", base + page.FollowUps},
		{"help", base + page.Help},
		{"network", base + page.Network},
		{"search", base + page.Search + "?q=dana"},
		{"404", base + page.NotFound},
		{"unlock", encBase + page.Opaque("people/dana-okafor/", enc.Key.OpaqueName)},
	}
	for _, scheme := range []string{"light", "dark"} {
		for _, width := range []int64{1280, 390} {
			t.Run(fmt.Sprintf("%s-%d", scheme, width), func(t *testing.T) {
				// A browser for each: one run of every page takes about
				// half of browsertest.Timeout on a loaded machine.
				ctx := browsertest.New(t)
				if err := chromedp.Do(ctx, colorScheme(scheme), chromedp.EmulateViewport(width, 900)); err != nil {
					t.Fatal(err)
				}
				for _, p := range pages {
					t.Run(p.kind, func(t *testing.T) {
						if err := chromedp.Do(ctx, chromedp.Navigate(p.url)); err != nil {
							t.Fatalf("opening %s: %v", p.url, err)
						}
						if p.kind == "search" { // results come from the index, fetched after load
							waitFor(t, ctx, `document.querySelector("#kith-results a") !== null`)
						}
						if p.kind == "unlock" {
							waitFor(t, ctx, `!document.getElementById("kith-unlock").hidden`)
						}
						checkAxe(t, ctx, axe)
					})
				}
			})
		}
	}
}

// checkAxe runs axe-core on the page open in ctx and reports each violation.
func checkAxe(t *testing.T, ctx context.Context, axe string) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](axe+";true")); err != nil {
		t.Fatalf("loading axe-core: %v", err)
	}
	out, err := chromedp.Run(ctx, chromedp.Evaluate[string](axeRun, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("running axe-core: %v", err)
	}
	var violations []string
	if err := json.Unmarshal([]byte(out), &violations); err != nil {
		t.Fatalf("axe-core's answer %q: %v", out, err)
	}
	for _, v := range violations {
		t.Errorf("%s", v)
	}
}

// TestAccessibilityLarge runs axe-core on the pages that only a large
// journal has or fills: the pagers of /people/, a year of entries and
// /thanks/, the filter of /people/ showing matches from everyone, a busy
// home page, follow-ups, help and network, in light and dark mode at 1280
// and 390 px, on the 2,000-person, 20,000-entry journal of
// docs/performance.md.
func TestAccessibilityLarge(t *testing.T) {
	if testing.Short() {
		t.Skip("a browser test; go test -short skips it (the full go test ./... runs it)")
	}
	if raceOn {
		t.Skip("axe-core's verdict on a large journal gives the race detector nothing to find, and under -race building it takes minutes; go test ./... runs it")
	}
	axe := axeSource(t)
	fsys := synth.Generate(synth.Options{People: 2000, Entries: 20000, Events: 40, Seed: 1,
		Today: time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)})
	base := serveSite(t, options(fsys))
	pages := []struct{ kind, url, ready string }{
		{"home", base, ""},
		{"people page 2", base + page.PeoplePage(page.ByName, 2), `document.querySelector("nav.pager") !== null`},
		{"people by last contact", base + page.PeoplePage(page.ByContact, 1), ""},
		{"people filtered", base + page.People + "#an", `!document.getElementById("people-found").hidden && document.querySelectorAll("#people-found li").length > 0`},
		{"entries of a year, page 2", base + page.YearPage(2025, 2), `document.querySelector("nav.pager") !== null`},
		{"thanks page 2", base + page.ThanksPage(2), `document.querySelector("nav.pager") !== null`},
		{"follow-ups", base + page.FollowUps, ""},
		{"help", base + page.Help, ""},
		{"network", base + page.Network, ""},
	}
	for _, c := range []struct {
		scheme string
		width  int64
	}{{"light", 1280}, {"light", 390}, {"dark", 1280}, {"dark", 390}} {
		t.Run(fmt.Sprintf("%s-%d", c.scheme, c.width), func(t *testing.T) {
			ctx := browsertest.New(t)
			if err := chromedp.Do(ctx, colorScheme(c.scheme), chromedp.EmulateViewport(c.width, 900)); err != nil {
				t.Fatal(err)
			}
			for _, p := range pages {
				t.Run(p.kind, func(t *testing.T) {
					if err := chromedp.Do(ctx, chromedp.Navigate(p.url)); err != nil {
						t.Fatalf("opening %s: %v", p.url, err)
					}
					waitFor(t, ctx, `document.querySelector("main h1") !== null`) // a page of the site, not a 404
					if p.ready != "" {
						waitFor(t, ctx, p.ready)
					}
					checkAxe(t, ctx, axe)
				})
			}
		})
	}
}

// script runs JavaScript for its effect.
func script(expr string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := chromedp.Evaluate[bool](expr+";true")(ctx, tg)
		return err
	})
}

// waitFor polls a JavaScript condition until it holds, for up to 30 s.
func waitFor(t *testing.T, ctx context.Context, expr string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](expr)); err == nil && ok {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("waiting for %s: not true after 30 s", expr)
}

// pdfPages counts the pages of a PDF made by Chromium.
var pdfPages = regexp.MustCompile(`/Type\s*/Page[^s]`)

// TestBriefPrints prints the event brief of five attendees from dark mode
// (the system's preference and the toggle's choice both dark): print media
// gets a light background and dark text, the heading stays with the cards,
// and the brief fits on two A4 pages.
func TestBriefPrints(t *testing.T) {
	ctx := browsertest.New(t)
	base := serveSite(t, options(os.DirFS("../..")))
	brief := base + "events/health-ux-summit-2026/"
	do := func(what string, a ...chromedp.Action[chromedp.Void]) { t.Helper(); browsertest.Do(t, ctx, what, a...) }
	eval := func(expr string) string { t.Helper(); return browsertest.Eval(t, ctx, expr) }
	do("opening the brief in dark mode", printMedia("screen"), chromedp.Navigate(brief))
	do("choosing dark with the toggle", script(`localStorage.setItem("kith-theme", "dark")`), chromedp.Reload())
	if n := eval(`String(document.querySelectorAll(".attendee").length)`); n != "5" {
		t.Fatalf("got %s attendees, want the sample's 5", n)
	}
	const colors = `[getComputedStyle(document.body).backgroundColor, getComputedStyle(document.querySelector("h1")).color, getComputedStyle(document.querySelector(".attendee")).backgroundColor, getComputedStyle(document.querySelector(".attendee dd")).color].join(" ")`
	screen := eval(colors)
	if !strings.HasPrefix(screen, "rgb(18, 20, 23)") {
		t.Fatalf("on screen: got colours %s, want the dark background rgb(18, 20, 23) first", screen)
	}
	do("print media", printMedia("print"))
	printed := eval(colors)
	for i, c := range strings.Split(printed, " rgb") {
		l := luminance(t, strings.TrimPrefix(c, "rgb"))
		if light := i == 0 || i == 2; light && l < 0.9 {
			t.Errorf("printed: got background %s (luminance %.2f), want white or near it; colours %s", c, l, printed)
		} else if !light && l > 0.1 {
			t.Errorf("printed: got text %s (luminance %.2f), want black or near it; colours %s", c, l, printed)
		}
	}
	for _, want := range []string{"Also known as", "Phone", "Birthday"} {
		if n := eval(`String([...document.querySelectorAll(".attendee dt")].filter(d => d.textContent === "` + want + `").length)`); n == "0" {
			t.Errorf("got no card with %q, want the sample's", want)
		}
	}
	pdf, err := chromedp.Run(ctx, chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperA4), func(p *cdppage.PrintToPDFParams) { yes := true; p.PreferCSSPageSize = &yes }))
	if err != nil {
		t.Fatalf("printing: %v", err)
	}
	if n := len(pdfPages.FindAll(pdf, -1)); n < 1 || n > 2 {
		t.Errorf("printed on A4: got %d pages, want at most 2", n)
	}
	// The heading of the cards is on the page of the first card.
	if top := eval(`String(Math.floor(document.querySelector(".who h2").getBoundingClientRect().bottom) <= Math.ceil(document.querySelector(".attendee").getBoundingClientRect().top))`); top != "true" {
		t.Errorf("printed: got the heading below its first card")
	}
}

// luminance returns the relative luminance of a CSS "(r, g, b)" colour.
func luminance(t *testing.T, rgb string) float64 {
	t.Helper()
	var r, g, b float64
	if _, err := fmt.Sscanf(strings.Trim(rgb, "() "), "%g, %g, %g", &r, &g, &b); err != nil {
		t.Fatalf("colour %q: %v", rgb, err)
	}
	lin := func(c float64) float64 {
		c /= 255
		if c <= 0.03928 {
			return c / 12.92
		}
		return math.Pow((c+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}

// TestEncryptedOpensWithoutFlash unlocks the encrypted sample in dark mode
// (chosen with the toggle while the system is light) and then opens other
// pages: no frame shows the lock card, and the shell is dark from its
// first frame.
func TestEncryptedOpensWithoutFlash(t *testing.T) {
	ctx := browsertest.New(t)
	enc := testEncryption(t)
	opt := options(os.DirFS("../.."))
	opt.Encrypt = enc
	base := serveSite(t, opt)
	do := func(what string, a ...chromedp.Action[chromedp.Void]) { t.Helper(); browsertest.Do(t, ctx, what, a...) }
	// Every frame of a shell records whether the card is shown and the
	// shell's background, in sessionStorage, which outlives the shell.
	const watch = `(() => {
		const frame = () => {
			if (!document.getElementById("kith-sealed")) return;
			const card = document.querySelector("main");
			if (card && card.getClientRects().length && getComputedStyle(card).visibility !== "hidden") sessionStorage.setItem("kith-card-shown", location.pathname);
			if (document.body && !sessionStorage.getItem("kith-shell-bg:" + location.pathname)) sessionStorage.setItem("kith-shell-bg:" + location.pathname, getComputedStyle(document.body).backgroundColor);
			requestAnimationFrame(frame);
		};
		requestAnimationFrame(frame);
	})()`
	do("watching shells", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, cdppage.AddScriptToEvaluateOnNewDocument, cdppage.AddScriptToEvaluateOnNewDocumentParams{Source: watch})
		return err
	}), colorScheme("light"))

	home := base
	do("opening the home page", chromedp.Navigate(home))
	waitFor(t, ctx, `(() => { const f = document.getElementById("kith-unlock"); return !!f && !f.hidden; })()`)
	do("choosing dark", script(`localStorage.setItem("kith-theme", "dark")`))
	do("unlocking", chromedp.SendKeys(`#kith-unlock input[name=passphrase]`, "correct horse battery staple"), chromedp.Click(`#kith-unlock button`))
	waitFor(t, ctx, `document.getElementById("main") !== null && document.getElementById("kith-sealed") === null`)
	do("forgetting the frames so far", script(`sessionStorage.clear()`))

	for _, addr := range []string{"people/dana-okafor/", page.Events, "events/health-ux-summit-2026/"} {
		url := base + page.Opaque(addr, enc.Key.OpaqueName)
		do("opening "+addr, chromedp.Navigate(url))
		waitFor(t, ctx, `document.getElementById("main") !== null && document.getElementById("kith-sealed") === null`)
		v, err := chromedp.Run(ctx, chromedp.Evaluate[string](`[sessionStorage.getItem("kith-card-shown") || "", sessionStorage.getItem("kith-shell-bg:" + location.pathname) || "", document.documentElement.dataset.theme || "", getComputedStyle(document.body).backgroundColor].join("|")`))
		if err != nil {
			t.Fatal(err)
		}
		parts := strings.Split(v, "|")
		if parts[0] != "" {
			t.Errorf("%s: the lock card showed on %s, want the page to open in its place", addr, parts[0])
		}
		if parts[1] != "" && parts[1] != "rgb(18, 20, 23)" {
			t.Errorf("%s: got the shell's background %s, want dark rgb(18, 20, 23)", addr, parts[1])
		}
		if parts[2] != "dark" || parts[3] != "rgb(18, 20, 23)" {
			t.Errorf("%s: got theme %q and background %s, want dark", addr, parts[2], parts[3])
		}
	}
}

// TestChromeInBrowser checks the header on the sample: at 320 px every
// section of the navigation is on screen and nothing scrolls sideways; the
// page's heading is below the header; at 1280 px a focused link is never
// under the sticky header; the theme toggle says which mode is on.
func TestChromeInBrowser(t *testing.T) {
	ctx := browsertest.New(t)
	base := serveSite(t, options(os.DirFS("../..")))
	do := func(what string, a ...chromedp.Action[chromedp.Void]) { t.Helper(); browsertest.Do(t, ctx, what, a...) }
	eval := func(expr string) string { t.Helper(); return browsertest.Eval(t, ctx, expr) }
	do("light", colorScheme("light"))
	for _, width := range []int64{320, 390, 1280} {
		do("width", chromedp.EmulateViewport(width, 700))
		do("opening people", chromedp.Navigate(base+page.People))
		off := eval(`[...document.querySelectorAll(".top nav a")].filter(a => { const r = a.getBoundingClientRect(); return r.left < 0 || r.right > innerWidth || r.height === 0; }).map(a => a.textContent.trim()).join(", ")`)
		if n := eval(`String(document.querySelectorAll(".top nav a").length)`); n != "9" || off != "" {
			t.Errorf("at %d px: got %s nav links, off screen: %q; want 9, all on screen", width, n, off)
		}
		if wide := eval(`String(document.documentElement.scrollWidth > innerWidth)`); wide != "false" {
			t.Errorf("at %d px: the page scrolls sideways", width)
		}
		if gap := eval(`(() => { const g = document.querySelector("main h1").getBoundingClientRect().top - document.querySelector(".top").getBoundingClientRect().bottom; return (g >= 16) + " " + g; })()`); !strings.HasPrefix(gap, "true") {
			t.Errorf("at %d px: got the heading below the header by (at least 16, px) %s, want at least 16 px", width, gap)
		}
	}
	// The favicon: every page links one that the site has.
	for _, addr := range []string{page.Home, "people/dana-okafor/", page.NotFound} {
		do("opening "+addr, chromedp.Navigate(base+addr))
		status, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => { const l = document.querySelector('link[rel="icon"]'); return l ? fetch(l.href).then(r => r.status + " " + r.headers.get("content-type")) : "no icon link"; })()`, chromedp.EvalAwaitPromise))
		if err != nil || status != "200 image/svg+xml" {
			t.Errorf("%s: the favicon: got %q, %v, want 200 image/svg+xml", addr, status, err)
		}
	}
	// Focus not obscured: with a link scrolled under the sticky header (and
	// the people filter, sticky below it), focusing it, as Shift+Tab from
	// the next link does, brings it into view below them.
	do("desktop", chromedp.EmulateViewport(1280, 400), chromedp.Navigate(base+page.People))
	const hidden = `(() => {
		const links = [...document.querySelectorAll(".filter ~ * a")].filter(l => l.offsetParent !== null), a = links[Math.floor(links.length / 2)], b = links[Math.floor(links.length / 2) + 1];
		const covered = () => Math.max(document.querySelector(".top").getBoundingClientRect().bottom, document.querySelector(".filter").getBoundingClientRect().bottom);
		scrollTo(0, 300); // the filter is stuck below the header from here on
		scrollTo(0, a.getBoundingClientRect().top + scrollY - covered() + 30);
		b.focus({preventScroll: true});
		return String(a.getBoundingClientRect().top < covered() && b.getBoundingClientRect().top >= covered()) + " " + [a.getBoundingClientRect().top, b.getBoundingClientRect().top, covered(), scrollY, innerHeight].join(" ");
	})()`
	if v := eval(hidden); !strings.HasPrefix(v, "true") {
		t.Fatalf("setting up: got the link not under the header (link tops, covered, scroll, height: %s)", v)
	}
	do("shift+tab", chromedp.KeyEvent("\t", chromedp.KeyModifiers(chromedp.ModifierShift)))
	if v := eval(`(() => { const a = document.activeElement.getBoundingClientRect(), h = document.querySelector(".top").getBoundingClientRect(), f = document.querySelector(".filter").getBoundingClientRect(); return [a.top >= Math.max(h.bottom, f.bottom), document.activeElement.textContent, a.top, h.bottom, f.bottom].join(" "); })()`); !strings.HasPrefix(v, "true") {
		t.Errorf("focused link: got it under the sticky header or filter (name, link top, header bottom, filter bottom: %s)", v)
	}
	// The toggle: pressed means dark, and it says so as the mode changes.
	const state = `(() => { const b = document.querySelector(".theme-toggle"); return [b.hidden, b.textContent.trim(), b.getAttribute("aria-pressed"), document.documentElement.dataset.theme || ""].join("|"); })()`
	if got, want := eval(state), "false|Dark mode|false|"; got != want {
		t.Errorf("toggle at first: got %s, want %s", got, want)
	}
	do("toggling", chromedp.Click(".theme-toggle"))
	if got, want := eval(state), "false|Dark mode|true|dark"; got != want {
		t.Errorf("toggle pressed: got %s, want %s", got, want)
	}
	do("opening another page", chromedp.Navigate(base+page.Events))
	if got, want := eval(state), "false|Dark mode|true|dark"; got != want {
		t.Errorf("toggle on the next page: got %s, want %s", got, want)
	}
}
