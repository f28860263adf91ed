package search

import (
	"net/http"
	"net/http/httptest"
	"os"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"kith/generator/browsertest"
)

// TestBrowserTimings measures search in Chromium with a 4x CPU slowdown on
// a built site: $KITH_SEARCH_SITE (a folder kith build wrote), unlocked
// with $KITH_SEARCH_PASS when it is encrypted. It reports, for each query,
// the time from typing it on the search page to the first results drawn
// and to all of them with their title lines (the page loads the manifest
// as it opens, and the query is typed half a second later), then to the
// last snippet drawn (snippets whose chunk has not arrived follow the
// first paint), each further keystroke, and the bytes fetched (the first
// query's count includes the manifest and the page's warm-up file); then a
// query of one letter each, typed at once. After each it lists the page's
// own stages (search.js's marks: start, parsed, shards, scored, found,
// drawn) in milliseconds from the keystroke: the main thread's work, which
// varies less than the wall time on a loaded machine. Numbers go to
// docs/performance.md.
func TestBrowserTimings(t *testing.T) {
	dir := os.Getenv("KITH_SEARCH_SITE")
	if dir == "" {
		t.Skip("set KITH_SEARCH_SITE to a built site to measure search in Chromium")
	}
	ctx := browsertest.New(t)
	srv := httptest.NewServer(http.FileServer(http.Dir(dir)))
	defer srv.Close()
	run := func(expr string) string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[string](expr, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatalf("%s: %v", expr, err)
		}
		return v
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/")); err != nil {
		t.Fatal(err)
	}
	if pass := os.Getenv("KITH_SEARCH_PASS"); pass != "" {
		if err := chromedp.Do(ctx, chromedp.WaitVisible("#kith-unlock"), chromedp.SendKeys(`#kith-unlock input[name=passphrase]`, pass),
			chromedp.Click(`#kith-unlock button`), chromedp.WaitVisible("#main")); err != nil {
			t.Fatal(err)
		}
	}
	if err := chromedp.Do(ctx, chromedp.WaitReady("[data-kith-search]")); err != nil {
		t.Fatal(err)
	}
	page := run(`new URL(document.querySelector('[data-kith-search]').getAttribute('data-page'), location.href).href`)
	if err := chromedp.Do(ctx, chromedp.Navigate(page), chromedp.WaitReady("#kith-results")); err != nil {
		t.Fatal(err)
	}
	time.Sleep(500 * time.Millisecond)
	if _, err := chromedp.Call(ctx, emulation.SetCPUThrottlingRate, emulation.SetCPUThrottlingRateParams{Rate: 4}); err != nil {
		t.Fatal(err)
	}
	// typeQuery sets the box to q as a keystroke would and waits for the
	// results to be drawn; it returns milliseconds to the first result
	// put in the page (results appear kind by kind when some wait for
	// their chunks; a one-word query's all at once), to all of them (the
	// status says how many), to the next frame laid out after that
	// (requestAnimationFrame, then layout: what a person sees; the frame
	// waits for a CPU on a loaded machine) and to their snippets
	// (#kith-results no longer busy, and the frame after that). "-" for
	// the first result: the page kept the results it showed, the same
	// for the new query.
	const typeQuery = `(async (q) => {
		const input = document.querySelector('[data-kith-search] input'), status = document.getElementById('kith-status');
		const out = document.getElementById('kith-results');
		out.querySelectorAll('li').forEach(li => li.dataset.old = '1');
		status.textContent = '';
		// Observers note each moment as the page reaches it (they run right
		// after the change), not when a poll of the test gets its turn; at
		// the status and at the snippets they ask for the next frame and
		// note when its layout is done: the frame that shows them.
		let first = 0, all = 0, painted = 0, snippets = 0, shown = 0;
		const frame = (set) => requestAnimationFrame(() => { document.body.getBoundingClientRect(); set(performance.now()); });
		const note = () => {
			const now = performance.now();
			if (!first && out.querySelector('li:not([data-old])')) first = now;
			if (!all && status.textContent !== '') { all = now; frame(t => painted = t); }
			if (all && !snippets && out.getAttribute('aria-busy') !== 'true') { snippets = now; frame(t => shown = t); }
		};
		const seen = new MutationObserver(note);
		seen.observe(out, { childList: true, subtree: true, attributes: true, attributeFilter: ['aria-busy'] });
		seen.observe(status, { childList: true, characterData: true, subtree: true });
		const probe = window.kithSearchProbe = [];
		const t0 = performance.now();
		input.value = q;
		input.dispatchEvent(new Event('input'));
		while (!painted || !shown) { await new Promise(r => setTimeout(r, 1)); note(); }
		seen.disconnect();
		window.kithSearchProbe = null;
		const ms = (t) => t ? (t - t0).toFixed(1) : '-';
		// The page's own stages (search.js's mark), from the keystroke.
		const stages = probe.map(([n, t]) => n + ' ' + (t - t0).toFixed(0)).join(', ');
		return ms(first) + ' ms first, ' + ms(all) + ' ms all, ' + ms(painted) + ' ms painted, ' + ms(shown) + ' ms snippets, ' + status.textContent + ' [' + stages + ']';
	})`
	bytes := `(() => { let n = 0, k = 0; for (const e of performance.getEntriesByType('resource')) { if (e.initiatorType === 'fetch') { n += e.transferSize; k++; } } return (n/1024).toFixed(1) + ' KB in ' + k + ' files'; })()`
	for i, q := range []string{"sabbatical", "amara", "fintech", "org:lumiere", "is:owed", "s", "a"} {
		if i > 0 {
			run(`performance.clearResourceTimings(), ''`)
		}
		if len(q) == 1 { // a query of one letter: typed once
			t.Logf("%-12s typed: %s; fetched %s", q, run(typeQuery+`(`+quote(q)+`)`), run(bytes))
			continue
		}
		first := run(typeQuery + `(` + quote(q[:len(q)-1]) + `)`)
		next := run(typeQuery + `(` + quote(q) + `)`)
		t.Logf("%-12s typed: %s; one more letter: %s; fetched %s", q, first, next, run(bytes))
	}
}

func quote(s string) string { return "'" + s + "'" }
