package site

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"kith/generator/browsertest"
	"kith/generator/page"
)

// TestSearchInBrowser builds the sample journal, plain and encrypted,
// serves it under a base path and searches it in Chromium: a like, an
// expertise, an unaccented name, a tag with #, a word only in an entry's
// text; the deep link search/?q= shows results on load; a query of one
// letter shows the best of each kind, then all when asked; the keyboard
// alone (/, arrows, Enter) reaches a result.
func TestSearchInBrowser(t *testing.T) {
	for _, encrypted := range []bool{false, true} {
		name := "plain"
		if encrypted {
			name = "encrypted"
		}
		t.Run(name, func(t *testing.T) { searchInBrowser(t, encrypted) })
	}
}

func searchInBrowser(t *testing.T, encrypted bool) {
	ctx := browsertest.New(t)
	const pass = "correct horse battery staple"
	opt := options(os.DirFS("../.."))
	var enc *Encryption
	if encrypted {
		enc = testEncryption(t)
		opt.Encrypt = enc
	}
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := Build(context.Background(), opt, dest); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.StripPrefix("/base/kith", http.FileServer(http.Dir(dest))))
	defer srv.Close()
	base := srv.URL + "/base/kith/"
	addr := func(a string) string {
		if enc != nil {
			return enc.Address(a)
		}
		return a
	}
	searchURL := base + addr(page.Search)

	poll := func(t *testing.T, what, expr string) {
		t.Helper()
		deadline := time.Now().Add(30 * time.Second)
		var last error
		for time.Now().Before(deadline) {
			ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](expr))
			if err == nil && ok {
				return
			}
			last = err
			time.Sleep(20 * time.Millisecond)
		}
		body, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body ? document.body.innerText.slice(0, 400) : ""`))
		t.Fatalf("waiting for %s (%s): not true after 30s (last error: %v); page says %q", what, expr, last, body)
	}
	do := func(t *testing.T, what string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, actions...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	// results is the text of the results: "kind|title|snippet|marks" per
	// line (a result of a one-letter query has no snippet: "undefined").
	const results = `Array.from(document.querySelectorAll('#kith-results li')).map(li =>
		li.closest('section').className + '|' + li.querySelector('a').textContent + '|' + (li.querySelector('.snippet') || {}).textContent +
		'|' + Array.from(li.querySelectorAll('mark')).map(m => m.textContent).join(',')).join('\n')`
	has := func(s string) string { return results + `.includes(` + strconv.Quote(s) + `)` }

	if encrypted {
		do(t, "opening the home page", chromedp.Navigate(base))
		poll(t, "the unlock form", `(() => { const f = document.getElementById("kith-unlock"); return !!f && !f.hidden; })()`)
		do(t, "unlocking", chromedp.SendKeys(`#kith-unlock input[name=passphrase]`, pass), chromedp.Click(`#kith-unlock button`))
		poll(t, "the home page", `document.getElementById("main") !== null`)
	}

	for _, c := range []struct{ what, query, want string }{
		{"a like", "oolong", "results-person|Dana Okafor|likes: Taiwanese oolong|oolong"},
		{"an expertise", "fhir", "results-person|José Núñez|expertise: FHIR|FHIR"},
		{"an unaccented name", "jose nunez", "results-person|José Núñez|name: José Núñez|José,Núñez"},
		{"a tag with #", "#mentor", "results-person|Aroha Ngata|tag: mentor|mentor"},
		{"a word only in an entry's text", "rosa", "results-entry|Dana introduces José|text: Dana's email, in full: \"Rosa, meet Pepe."},
	} {
		t.Run(c.what, func(t *testing.T) {
			// The deep link: results on load, from the address alone.
			do(t, "opening "+c.query, chromedp.Navigate(searchURL+"?q="+urlQuery(c.query)))
			poll(t, "results for "+c.query, has(c.want))
		})
	}
	t.Run("only entries for a word only in an entry", func(t *testing.T) {
		got, err := chromedp.Run(ctx, chromedp.Evaluate[string](results))
		if err != nil {
			t.Fatal(err)
		}
		if n := len(splitLines(got)); n != 1 {
			t.Errorf("rosa: got %d results %q, want the one entry", n, got)
		}
	})

	t.Run("a keystroke keeps the same results and redraws others", func(t *testing.T) {
		typeIn := func(q string) chromedp.Action[chromedp.Void] {
			return chromedp.Evaluate[chromedp.Void](`(() => {
				document.querySelectorAll('#kith-results li').forEach(li => li.dataset.old = '1');
				document.getElementById('kith-status').textContent = '';
				const input = document.querySelector('[data-kith-search] input');
				input.value = ` + strconv.Quote(q) + `;
				input.dispatchEvent(new Event('input'));
			})()`)
		}
		do(t, "opening oolon", chromedp.Navigate(searchURL+"?q=oolon"))
		poll(t, "results for oolon", has("results-person|Dana Okafor|likes: Taiwanese oolong|oolong")+
			` && document.getElementById('kith-results').getAttribute('aria-busy') !== 'true'`)
		do(t, "typing g", typeIn("oolong"))
		poll(t, "the same results kept for oolong", `document.getElementById('kith-status').textContent !== '' && `+
			has("results-person|Dana Okafor|likes: Taiwanese oolong|oolong")+` && !document.querySelector('#kith-results li:not([data-old])')`)
		do(t, "typing another word", typeIn("fhir"))
		poll(t, "new results for fhir", has("results-person|José Núñez|expertise: FHIR|FHIR")+
			` && !document.querySelector('#kith-results li[data-old]') && !`+has("Dana Okafor|likes"))
	})

	t.Run("one letter", func(t *testing.T) {
		// The best of each kind from the title lines alone, without
		// snippets or counts, then all results when asked for.
		do(t, "opening j", chromedp.Navigate(searchURL+"?q=j"))
		poll(t, "the best of each kind for j", has("results-person|José Núñez|undefined|")+
			` && document.querySelector('#kith-results h2').textContent === 'People' && !!document.querySelector('#kith-results button.more')`)
		do(t, "show all", chromedp.Click(`#kith-results button.more`))
		poll(t, "all results for j", has("results-person|José Núñez|name: José Núñez|José")+
			` && /^People \(\d+\)$/.test(document.querySelector('#kith-results h2').textContent)`)
	})

	t.Run("keyboard only", func(t *testing.T) {
		// From any page: / reaches the header's box, Enter opens the
		// search page with the query.
		do(t, "opening People", chromedp.Navigate(base+addr("people/")))
		poll(t, "the box", `!document.querySelector('[data-kith-search]').hidden`)
		do(t, "pressing /", chromedp.KeyEvent("/"))
		poll(t, "the box focused by /", `document.activeElement === document.querySelector('[data-kith-search] input')`)
		// (A / sent by the DevTools protocol still reaches the box, as no
		// real key would; it is not a word, so the query is the same.)
		do(t, "typing", chromedp.KeyEvent("fhir"))
		do(t, "Enter", chromedp.KeyEvent(kb.Enter))
		poll(t, "the search page", `location.search.includes('fhir')`)
		poll(t, "the search page with results", has("José Núñez"))
		do(t, "back to the box", chromedp.Evaluate[chromedp.Void](`document.activeElement.blur()`))
		do(t, "pressing / again", chromedp.KeyEvent("/"))
		poll(t, "the box focused", `document.activeElement === document.querySelector('[data-kith-search] input')`)
		do(t, "arrow down", chromedp.KeyEvent(kb.ArrowDown))
		poll(t, "the first result focused", `document.activeElement.classList.contains('result')`)
		do(t, "Enter", chromedp.KeyEvent(kb.Enter))
		poll(t, "José's page", `document.querySelector('h1') && document.querySelector('h1').textContent.includes('José Núñez') && !location.href.includes('?q=')`)
		loc, err := chromedp.Run(ctx, chromedp.Location())
		if err != nil {
			t.Fatal(err)
		}
		if want := base + addr("people/jose-nunez/"); loc != want {
			t.Errorf("got %s, want %s", loc, want)
		}
	})
}

// urlQuery escapes a query for the address.
func urlQuery(s string) string { return url.QueryEscape(s) }

func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}
