// Package browsertest starts a headless Chromium for tests that need a real
// browser, driven with chromedp. A test that asks for a browser is skipped
// when Chromium is not installed, except under CI=true, where a missing
// browser fails the test instead of hiding it.
package browsertest

import (
	"context"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Timeout bounds everything one test does with its browser.
const Timeout = 2 * time.Minute

// candidates are the browsers tried, in order, after $CHROMIUM.
var candidates = []string{"/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome", "google-chrome-stable"}

// Find returns the path of the Chromium to use, or "" when there is none:
// $CHROMIUM if set, else the first of the usual names found.
func Find() string {
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p
	}
	for _, c := range candidates {
		if p, err := exec.LookPath(c); err == nil {
			return p
		}
	}
	return ""
}

// New starts a headless browser for t and returns a chromedp context with
// one tab, bounded by Timeout. The browser is closed when t ends. It skips
// t under go test -short and when no Chromium is installed, or fails it
// when CI=true.
func New(t *testing.T) context.Context {
	t.Helper()
	if testing.Short() {
		t.Skip("a browser test; go test -short skips it (the full go test ./... runs it)")
	}
	exe := Find()
	if exe == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("no Chromium found (set CHROMIUM or install Debian's chromium); CI=true requires the browser tests")
		}
		t.Skip("no Chromium found; install Debian's chromium or set CHROMIUM to run this test")
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelTab := chromedp.NewContext(actx)
	// The first Run starts the browser; a failure here is never a skip.
	if err := chromedp.Do(ctx); err != nil {
		cancelTab()
		cancelAlloc()
		t.Fatalf("starting %s: %v", exe, err)
	}
	ctx, cancelTimeout := context.WithTimeout(ctx, Timeout)
	t.Cleanup(func() {
		cancelTimeout()
		cancelTab()
		cancelAlloc() // waits for the browser to exit
	})
	return ctx
}

// Do runs actions in the browser of ctx; when one fails, the test ends with
// what was being done and the error.
func Do(t testing.TB, ctx context.Context, what string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// Eval returns the string a JavaScript expression evaluates to in the page
// of ctx; when it fails, the test ends.
func Eval(t testing.TB, ctx context.Context, expr string) string {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[string](expr))
	if err != nil {
		t.Fatalf("evaluating %s: %v", expr, err)
	}
	return v
}
