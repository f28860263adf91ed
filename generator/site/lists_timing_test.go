package site

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/performance"
	"github.com/chromedp/chromedp"

	"kith/generator/browsertest"
)

// TestPeopleTimings measures /people/ in Chromium with a 4x CPU slowdown at
// 390x844 on built sites: each folder of $KITH_PEOPLE_SITES (space
// separated; kith build wrote each), $KITH_PEOPLE_RUNS times each,
// alternating. It reports the page's bytes and DOM nodes, first contentful
// paint, DOMContentLoaded (kith.js has run: the filter works) and load;
// then the time from typing a name into the filter to its row drawn: at
// once after load (fetching the list of everyone), again, and on a fresh
// visit after the page was idle for 1.5 s.
// Numbers go to docs/performance.md.
func TestPeopleTimings(t *testing.T) {
	sites := strings.Fields(os.Getenv("KITH_PEOPLE_SITES"))
	if len(sites) == 0 {
		t.Skip("set KITH_PEOPLE_SITES to built sites to measure /people/ in Chromium")
	}
	runs := 3
	if n := os.Getenv("KITH_PEOPLE_RUNS"); n != "" {
		runs = int(n[0] - '0')
	}
	ctx := browsertest.New(t)
	var urls []string
	for _, dir := range sites {
		srv := httptest.NewServer(http.FileServer(http.Dir(dir)))
		defer srv.Close()
		urls = append(urls, srv.URL)
	}
	run := func(expr string) string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[string](expr, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatalf("%s: %v", expr, err)
		}
		return v
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844)); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, emulation.SetCPUThrottlingRate, emulation.SetCPUThrottlingRateParams{Rate: 4}); err != nil {
		t.Fatal(err)
	}
	const load = `(async () => {
		while (document.readyState !== 'complete') await new Promise(r => setTimeout(r, 20));
		const n = performance.getEntriesByType('navigation')[0], p = performance.getEntriesByName('first-contentful-paint')[0];
		return (n.transferSize/1024).toFixed(0) + ' KB, ' + document.getElementsByTagName('*').length + ' nodes, FCP ' + (p ? p.startTime.toFixed(0) : '?') +
			' ms, DOMContentLoaded ' + n.domContentLoadedEventEnd.toFixed(0) + ' ms, load ' + n.loadEventEnd.toFixed(0) + ' ms';
	})()`
	// typeName types the name of the last person on the page's last
	// pager link (or the page's last row) and waits until a row with it is
	// drawn; it returns milliseconds.
	const typeName = `(async (name) => {
		const input = document.getElementById('filter');
		const t0 = performance.now();
		input.focus();
		input.value = name;
		input.dispatchEvent(new Event('input'));
		const seen = () => [...document.querySelectorAll('#people-found > li > a, .people-lines > li > a, #people-list > li a.name')].some(a => a.textContent === name && a.offsetParent !== null);
		while (!seen()) await new Promise(r => setTimeout(r, 1));
		await new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
		const ms = (performance.now() - t0).toFixed(0);
		input.value = '';
		input.dispatchEvent(new Event('input'));
		return ms;
	})`
	if _, err := chromedp.Call(ctx, performance.Enable, performance.EnableParams{}); err != nil {
		t.Fatal(err)
	}
	// busy returns the renderer's main-thread time so far, in ms: tasks,
	// script, layout and style (Performance.getMetrics), which the
	// machine's other load inflates less than wall time.
	busy := func() map[string]float64 {
		t.Helper()
		ms, err := chromedp.Call(ctx, performance.GetMetrics, cdp.Empty{})
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]float64{}
		for _, m := range ms.Metrics {
			out[m.Name] = m.Value * 1000
		}
		return out
	}
	for i := range runs {
		for k, u := range urls {
			if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
				t.Fatal(err)
			}
			b0 := busy()
			if err := chromedp.Do(ctx, chromedp.Navigate(u+"/people/")); err != nil {
				t.Fatal(err)
			}
			stats := run(load)
			b1 := busy()
			stats += fmt.Sprintf("; main thread %.0f ms (script %.0f, layout %.0f, style %.0f)", b1["TaskDuration"]-b0["TaskDuration"],
				b1["ScriptDuration"]-b0["ScriptDuration"], b1["LayoutDuration"]-b0["LayoutDuration"], b1["RecalcStyleDuration"]-b0["RecalcStyleDuration"])
			// A person far down the list: on a paged list, not on this page.
			name := "Zoltan Zimmermann"
			if got := run(`(() => { const rows = document.querySelectorAll('.people-lines > li > a, #people-list > li a.name'); return rows.length ? rows[rows.length-1].textContent : ''; })()`); got != "" {
				name = got
			}
			if p := os.Getenv("KITH_PEOPLE_NAME"); p != "" {
				name = p
			}
			first := run(typeName + `(` + quote(name) + `)`)
			again := run(typeName + `(` + quote(name) + `)`)
			// As a person would: the page idle a second and a half before typing
			// (the filter fetches its list of everyone when the page is idle).
			if err := chromedp.Do(ctx, chromedp.Navigate(u+"/people/")); err != nil {
				t.Fatal(err)
			}
			run(load)
			run(`new Promise(r => setTimeout(() => r(''), 1500))`)
			idle := run(typeName + `(` + quote(name) + `)`)
			t.Logf("run %d, %s: %s; typing %q at once: %s ms, again %s ms; after 1.5 s idle: %s ms", i+1, sites[k], stats, name, first, again, idle)
		}
	}
}

func quote(s string) string { return "'" + strings.ReplaceAll(s, "'", `\'`) + "'" }
