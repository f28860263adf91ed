package search

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
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
	ix := sample(t)
	files := map[string][]byte{"/search.js": js, "/vectors.json": vec,
		"/index.html": []byte(`<!doctype html><meta charset="utf-8"><script src="/search.js"></script>`)}
	for _, dir := range []struct{ prefix, names string }{{"/plain/", ""}, {"/named/", "k3v9secret"}} {
		for _, f := range ix.Files(dir.names) {
			files[dir.prefix+f.Name] = f.Data
		}
	}
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
      const p = s.parse(q.query);
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
      const p = s.parse(l), want = {}, firsts = {};
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
    if (letters < 30) bad.push({dir, letters: 'only ' + letters + ' kinds of letters checked'});
    for (const q of ['sa', 'in:people', 'is:owed', 'org:lumen', 's jose', 'in:tags']) {
      if (lettered.letter(s.parse(q))) bad.push({dir, letter: q, taken: 'for a query of one letter'});
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
