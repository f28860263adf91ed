package search

import (
	"encoding/json"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"kith/generator/browsertest"
)

// TestBrowserVectors runs testdata/vectors.json through templates/search.js
// in Chromium: folding, tokens, opaque file names, and every query's
// results with their fields and snippets must be what the Go engine gives,
// on the index as a plain site writes it and as an encrypted one names it;
// and the title lines a one-word query draws its first results from,
// before any chunk, must be those of the documents; a query of one letter
// ranks its first results from title lines alone, as find does.
func TestBrowserVectors(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test")
	}
	ctx := browsertest.New(t)
	js, err := os.ReadFile("../../templates/search.js")
	if err != nil {
		t.Fatal(err)
	}
	vec, err := os.ReadFile("testdata/vectors.json")
	if err != nil {
		t.Fatal(err)
	}
	files := indexSite(t, sample(t))
	files["/search.js"], files["/vectors.json"] = js, vec
	files["/index.html"] = []byte(`<!doctype html><meta charset="utf-8"><script src="/search.js"></script>`)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		data, ok := files[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		if strings.HasSuffix(r.URL.Path, ".js") {
			w.Header().Set("Content-Type", "text/javascript")
		}
		w.Write(data)
	}))
	defer srv.Close()
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/index.html")); err != nil {
		t.Fatal(err)
	}
	const check = `(async () => {
  const v = await (await fetch('/vectors.json')).json();
  const s = window.kithSearch, bad = [];
  for (const [in_, want] of v.folds) { const got = s.fold(in_); if (got !== want) bad.push({fold: in_, got, want}); }
  for (const [text, ...want] of v.tokens) { const got = s.tokens(text); if (JSON.stringify(got) !== JSON.stringify(want)) bad.push({tokens: text, got, want}); }
  for (const dir of ['plain', 'named']) {
    const ix = await s.open(new URL('/' + dir + '/', location.href), 'search/index.json');
    if (dir === 'named') for (const [secret, p, want] of v.names) {
      ix.m.names = secret; const got = await ix.fileName(p); if (got !== want) bad.push({name: p, got, want});
      ix.m.names = 'k3v9secret';
    }
    for (const q of v.queries) {
      const r = await ix.results(q.query, 0);
      const got = r.results.map(x => ({kind: x.kind, slug: x.slug, field: x.field, snippet: x.snippet}));
      if (JSON.stringify(got) !== JSON.stringify(q.results)) bad.push({dir, query: q.query, got, want: q.results});
    }
    // A query of one word (two letters or more) draws its first results of
    // each kind from the title lines of its shards, before any chunk
    // arrives; one of no words (in:, one is:) from those of the manifest.
    const fresh = await s.open(new URL('/' + dir + '/', location.href), 'search/index.json');
    let heads = 0;
    for (const q of v.queries) {
      const p = s.parse(q.query, fresh.stop);
      if (p.words.length > 1 || p.words.length === 1 && (p.words[0].fields || p.states.length || Array.from(p.words[0].text).length < 2) || p.states.length > 1) continue;
      const shown = {};
      await fresh.headsFor(p);
      for (const r of await fresh.find(p)) {
        const k = fresh.kindOf(r.doc);
        if ((shown[k] = (shown[k] || 0) + 1) > 10) continue;
        const h = fresh.head(r.doc), d = await ix.doc(r.doc);
        const got = h && JSON.stringify([h.k, h.t, h.b, h.u]), want = JSON.stringify([d.k, d.t, d.b || '', d.u]);
        if (got !== want) bad.push({dir, query: q.query, doc: r.doc, head: got, want});
        heads++;
      }
    }
    if (fresh.loaded.size) bad.push({dir, chunks: 'fetched while drawing from title lines: ' + fresh.loaded.size});
    if (heads < 20) bad.push({dir, heads: 'only ' + heads + ' title lines checked'});
    // A query of one letter ranks its first results of each kind from the
    // title lines of the letter's shards alone, fetching no shard: they
    // must be find's, with their scores, and best's (the page's ranking
    // of the first of each kind) must be find's too.
    const lettered = await s.open(new URL('/' + dir + '/', location.href), 'search/index.json');
    let letters = 0;
    for (const l of 'abcdefghijklmnopqrstuvwxyz0123456789é'.split('').concat(['in:people s', 'e in:entries'])) {
      const p = s.parse(l, ix.stop), want = {}, firsts = {};
      for (const r of await ix.find(p)) {
        const k = ix.kindOf(r.doc);
        (want[k] = want[k] || []).length < 10 && want[k].push([r.doc, r.score]);
        (firsts[k] = firsts[k] || []).length < 10 && firsts[k].push([r.doc, r.score, r.fields]);
      }
      const byKind = (top, fields) => Object.fromEntries(Object.entries(top.byKind).map(([k, rs]) => [k, rs.map(r => fields ? [r.doc, r.score, r.fields] : [r.doc, r.score])]));
      const got = byKind(await lettered.letterBest(p, () => 10), false);
      if (!lettered.letter(p)) bad.push({dir, letter: l, not: 'taken for a query of one letter'});
      if (JSON.stringify(got) !== JSON.stringify(want)) bad.push({dir, letter: l, got, want});
      const best = await ix.best(p, () => 10);
      if (JSON.stringify(byKind(best, true)) !== JSON.stringify(firsts)) bad.push({dir, best: l, got: byKind(best, true), want: firsts});
      letters += Object.keys(want).length;
    }
    if (lettered.shards.size || lettered.loaded.size) bad.push({dir, letters: 'fetched shards or chunks: ' + lettered.shards.size + ', ' + lettered.loaded.size});
    // An entry's text comes from its page, whole: a word far past the 500
    // letters a chunk once kept is shown marked, blocks apart, and the page
    // is fetched once and only for a result that matched in the text.
    const paged = await s.open(new URL('/' + dir + '/', location.href), 'search/index.json');
    let fetched = 0;
    paged.page = async () => { fetched++; return '<!doctype html><header>x</header><div data-kith-text><p>' + 'filler words here. '.repeat(60) + '</p><p>The <em>zebra</em> crossing</p><ul><li>one</li><li>two</li></ul></div><p>after</p>'; };
    const entry = paged.m.start[1], text = 1 << paged.m.page.entry;
    const bare = await paged.doc(entry, 1);
    if (fetched || bare.f.some(f => f[0] === paged.m.page.entry)) bad.push({dir, page: 'fetched for a result that did not match in the text'});
    const d = await paged.doc(entry, text);
    await paged.doc(entry, text);
    const got = paged.snippet(s.parse('zebra', paged.stop), d, text), want = '… words here. filler words here. The **zebra** crossing one two';
    if (got.field !== 'text' || s.text(got.marks) !== want || fetched !== 1) bad.push({dir, page: {field: got.field, snippet: s.text(got.marks), fetched}, want});
    if (letters < 30) bad.push({dir, letters: 'only ' + letters + ' kinds of letters checked'});
    for (const q of ['sa', 'in:people', 'is:owed', 'org:lumen', 's jose', 'in:tags']) {
      if (lettered.letter(s.parse(q, lettered.stop))) bad.push({dir, letter: q, taken: 'for a query of one letter'});
    }
  }
  return JSON.stringify(bad);
})()`
	got, err := chromedp.Run(ctx, chromedp.Evaluate[string](check, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	var bad []json.RawMessage
	if err := json.Unmarshal([]byte(got), &bad); err != nil {
		t.Fatal(err)
	}
	for _, b := range bad {
		t.Errorf("search.js differs from Go: %s", b)
	}
}

// TestBrowserKeystrokes types queries one letter after another on a search
// page (search.js's page code, on the sample journal's index, plain and
// with opaque names) and checks, after each keystroke, that the results
// shown are exactly those a fresh page opened with the query shows: the
// nodes a keystroke keeps from the query before (search.js's kept) must
// never show a stale heading, snippet or order. It also checks that some
// keystrokes kept some nodes and made others, so that the test sees the
// path it guards.
func TestBrowserKeystrokes(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test")
	}
	ctx := browsertest.New(t)
	js, err := os.ReadFile("../../templates/search.js")
	if err != nil {
		t.Fatal(err)
	}
	ix := sample(t)
	const page = `<!doctype html><meta charset="utf-8"><title>search</title>
<form data-kith-search data-root="../" data-page="./" data-index="index.json" hidden><input type="search"></form>
<p id="kith-status"></p><div id="kith-results"></div><script src="/search.js"></script>`
	files := indexSite(t, ix)
	files["/search.js"] = js
	for _, dir := range []string{"/plain/", "/named/"} {
		files[dir+"search/"] = []byte(page)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		data, ok := files[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		switch {
		case strings.HasSuffix(r.URL.Path, ".js"):
			w.Header().Set("Content-Type", "text/javascript")
		case strings.HasSuffix(r.URL.Path, "/"):
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
		}
		w.Write(data)
	}))
	defer srv.Close()
	eval := func(t *testing.T, expr string) string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[string](expr, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatalf("%s: %v", expr, err)
		}
		return v
	}
	// settled waits for the results of the query in the box to be drawn
	// whole (the status said, no snippet on its way) and returns them.
	const settled = `(async () => {
		const status = document.getElementById('kith-status'), out = document.getElementById('kith-results');
		for (let i = 0; i < 2000 && (status.textContent === '' || out.getAttribute('aria-busy') === 'true'); i++) await new Promise(r => setTimeout(r, 5));
		await new Promise(r => setTimeout(r, 50));
		return status.textContent + '\n' + out.innerHTML;
	})()`
	typed := func(q string) string {
		return `(async () => {
			document.querySelectorAll('#kith-results li').forEach(li => li.kithOld = true);
			document.getElementById('kith-status').textContent = '';
			const input = document.querySelector('[data-kith-search] input');
			input.value = ` + quote(q) + `;
			input.dispatchEvent(new Event('input'));
			const got = await ` + settled + `;
			const lis = Array.from(document.querySelectorAll('#kith-results li')), old = lis.filter(li => li.kithOld).length;
			return (old && old < lis.length ? 1 : 0) + '\n' + got; // 1: some nodes kept, others made
		})()`
	}
	sequences := [][]string{
		{"d", "da", "dan", "dana", "dana o", "dana ok", "dan", "d"},
		{"j", "jo", "jos", "jose", "jose n", "jose nunez", "jose", "fhir jose"},
		{"f", "fh", "fhi", "fhir", "fhi", "in:people fhir", "in:people", "in:people d"},
		{"o", "oo", "ool", "oolo", "oolong", "oolonh", "is:owed", "is:owed org:lumen", "org:lumen", "zzqq", "p", "pe", "pep", "pepe"},
	}
	for _, dir := range []string{"plain", "named"} {
		t.Run(dir, func(t *testing.T) {
			at := srv.URL + "/" + dir + "/search/"
			if err := chromedp.Do(ctx, chromedp.Navigate(at)); err != nil {
				t.Fatal(err)
			}
			kept := 0
			for _, seq := range sequences {
				for _, q := range seq {
					n, got, _ := strings.Cut(eval(t, typed(q)), "\n")
					k, err := strconv.Atoi(n)
					if err != nil {
						t.Fatal(err)
					}
					kept += k
					if err := chromedp.Do(ctx, chromedp.Navigate(at+"?q="+url.QueryEscape(q))); err != nil {
						t.Fatal(err)
					}
					want := eval(t, settled)
					if got != want {
						t.Errorf("%s: typed, the page shows\n%s\nwant, as a fresh page shows it,\n%s", q, got, want)
					}
				}
				// The next sequence starts from a page that has shown
				// the last query typed.
				if err := chromedp.Do(ctx, chromedp.Navigate(at+"?q="+url.QueryEscape(seq[0]))); err != nil {
					t.Fatal(err)
				}
				eval(t, settled)
			}
			if kept < 3 {
				t.Errorf("only %d keystrokes kept some result nodes and made others, want 3 or more", kept)
			}
		})
	}
}

// indexSite returns the files of two sites with the index ix, by path:
// under /plain/ with plain names, under /named/ with opaque ones; each
// with a page for every document whose chunk leaves a field on its page
// (OnPage), that field's text in the element marked data-kith-text,
// where search.js reads it. The text is the one the Go engine keeps, so
// that both make the same snippets from it.
func indexSite(t *testing.T, ix *Index) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	pages := 0
	for _, prefix := range []string{"/plain/", "/named/"} {
		names := ""
		if prefix == "/named/" {
			names = "k3v9secret"
		}
		for _, f := range ix.Files(names) {
			files[prefix+f.Name] = f.Data
		}
		for _, d := range ix.Docs {
			var text strings.Builder
			for _, f := range d.Fields {
				if OnPage(d.Kind, f.Field) {
					text.WriteString("<p>" + html.EscapeString(f.Text) + "</p>\n")
				}
			}
			if text.Len() > 0 {
				files[prefix+d.URL] = []byte(`<!doctype html><meta charset="utf-8"><title>` + html.EscapeString(d.Title) + `</title><main><h1>` +
					html.EscapeString(d.Title) + `</h1><div class="prose" data-kith-text>` + text.String() + `</div></main>`)
				pages++
			}
		}
	}
	if pages == 0 {
		t.Fatal("no document of the sample journal has a field on its page")
	}
	return files
}
