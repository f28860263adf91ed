package site

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"kith/generator/browsertest"
	"kith/generator/page"
)

// TestPeopleFilterEncrypted opens /people/ of the encrypted sample site in
// Chromium, unlocks it, and finds a person through the filter, whose list
// of everyone is sealed like the pages and read with the key held.
func TestPeopleFilterEncrypted(t *testing.T) {
	ctx := browsertest.New(t)
	enc := testEncryption(t)
	opt := options(os.DirFS("../.."))
	opt.Encrypt = enc
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := Build(context.Background(), opt, dest); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.StripPrefix("/base", http.FileServer(http.Dir(dest))))
	defer srv.Close()
	base := srv.URL + "/base/"
	poll := func(what, expr string) {
		t.Helper()
		deadline := time.Now().Add(30 * time.Second)
		for time.Now().Before(deadline) {
			if ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](expr)); err == nil && ok {
				return
			}
			time.Sleep(20 * time.Millisecond)
		}
		body, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body ? document.body.innerText.slice(0, 300) : ""`))
		t.Fatalf("waiting for %s: not true after 30s; the page says %q", what, body)
	}
	do := func(what string, a ...chromedp.Action[chromedp.Void]) { t.Helper(); browsertest.Do(t, ctx, what, a...) }
	do("opening the people page", chromedp.Navigate(base+enc.Address(page.People)))
	poll("the unlock form", `(() => { const f = document.getElementById("kith-unlock"); return !!f && !f.hidden; })()`)
	do("unlocking", chromedp.SendKeys(`#kith-unlock input[name=passphrase]`, "correct horse battery staple"), chromedp.Click(`#kith-unlock button`))
	poll("the filter", `document.getElementById("filter") !== null`)
	do("typing", chromedp.SendKeys("#filter", "kovarova"))
	poll("Hana in the matches", `(() => { const f = document.getElementById("people-found");
		return !!f && !f.hidden && [...f.querySelectorAll("li > a")].map(a => a.textContent).join() === "Hana Kovářová"; })()`)
	href, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("#people-found a").href`))
	if err != nil {
		t.Fatal(err)
	}
	if want := base + enc.Address("people/hana-kovarova/"); href != want {
		t.Errorf("got link %q, want the opaque address %q", href, want)
	}
}
