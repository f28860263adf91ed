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

// TestImagesInBrowser builds the vault plain and encrypted and opens
// Amara's page in headless Chromium: the embedded card (a 4×3 PNG) shows
// on the plain site, and on the encrypted one once the passphrase is typed,
// decrypted by the unlock script under the theme's Content-Security-Policy.
func TestImagesInBrowser(t *testing.T) {
	ctx := browsertest.New(t)
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
		t.Fatalf("waiting for %s (%s): not true after 30s (last error: %v)", what, expr, last)
	}
	do := func(t *testing.T, what string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, actions...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	const card = `(() => { const i = document.querySelector('img[alt="amara-card"]'); return !!i && i.complete && i.naturalWidth === 4 && i.naturalHeight === 3; })()`
	serve := func(opt Options) string {
		t.Helper()
		dest := filepath.Join(t.TempDir(), "public")
		if _, err := Build(context.Background(), opt, dest); err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewServer(http.FileServer(http.Dir(dest)))
		t.Cleanup(srv.Close)
		return srv.URL + "/"
	}

	t.Run("plain", func(t *testing.T) {
		base := serve(options(os.DirFS(vaultJournal)))
		do(t, "opening Amara's page", chromedp.Navigate(base+"people/amara-osei/"))
		poll(t, "the card", card)
	})

	t.Run("encrypted", func(t *testing.T) {
		enc := testEncryption(t)
		opt := options(os.DirFS(vaultJournal))
		opt.Encrypt = enc
		base := serve(opt)
		do(t, "opening Amara's page", chromedp.Navigate(base+page.Opaque(page.People+"amara-osei/", enc.Key.OpaqueName)))
		poll(t, "the unlock form", `(() => { const f = document.getElementById("kith-unlock"); return !!f && !f.hidden; })()`)
		do(t, "unlocking", chromedp.SendKeys(`#kith-unlock input[name=passphrase]`, "correct horse battery staple"), chromedp.Click(`#kith-unlock button`))
		poll(t, "the page", `document.body.innerText.includes("night-shift pilot")`)
		poll(t, "the card", card)
		src, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('img[alt="amara-card"]').src.slice(0, 22)`))
		if err != nil || src != "data:image/png;base64," {
			t.Errorf("got src %q, %v, want a data: URL of a PNG", src, err)
		}
		if failed, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector(".kith-sealed-failed") !== null`)); failed {
			t.Error("an image failed to open")
		}
	})
}
