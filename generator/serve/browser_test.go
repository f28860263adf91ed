package serve

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"kith/generator/browsertest"
)

// TestBrowser opens a person's page in headless Chromium, edits the note on
// disk and waits for the page to change by itself; then breaks the note and
// sees the overlay come and go, and swaps a style sheet without a reload.
func TestBrowser(t *testing.T) {
	ctx := browsertest.New(t)
	h := start(t, fixture, nil)
	// pagePoll waits until expr is true in the page. It evaluates again and
	// again rather than using chromedp.Poll, which fails when the page
	// reloads under it, and reloading is the point.
	pagePoll := func(ctx context.Context, what, expr string) {
		t.Helper()
		deadline := time.Now().Add(wait)
		var last error
		for time.Now().Before(deadline) {
			ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](expr))
			if err == nil && ok {
				return
			}
			last = err
			time.Sleep(20 * time.Millisecond)
		}
		t.Fatalf("waiting for %s (%s): not true after %s (last error: %v)", what, expr, wait, last)
	}
	open := func() {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Navigate(h.base+"people/lee-park/")); err != nil {
			t.Fatalf("opening the page: %v", err)
		}
		// The page is live once its stream is open.
		deadline := time.Now().Add(wait)
		for h.srv.hub.count() == 0 {
			if time.Now().After(deadline) {
				t.Fatal("the page opened no live-reload stream")
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	open()
	pagePoll(ctx, "the note's text", `document.body.innerText.includes("Lee builds boats.")`)

	note := "content/people/Lee Park.md"
	h.write(note, strings.Replace(fixture[note], "boats", "airships", 1))
	pagePoll(ctx, "the edit to show", `document.body.innerText.includes("Lee builds airships.")`)

	h.write(note, "---\nname: Lee Park\nmet:\n  via: Nobody Known\n---\nLee builds rafts.\n")
	pagePoll(ctx, "the error overlay", `(document.getElementById("kith-problems") || {}).innerText?.includes("content/people/Lee Park.md:4: met.via") || false`)
	pagePoll(ctx, "the last good page under it", `document.body.innerText.includes("Lee builds airships.")`)

	h.write(note, strings.Replace(fixture[note], "boats", "gliders", 1))
	pagePoll(ctx, "the fix to show", `document.body.innerText.includes("Lee builds gliders.") && !document.getElementById("kith-problems")`)

	// A style-sheet change swaps the styles in place: the marker survives.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[int](`window.kithMarker = 7`)); err != nil {
		t.Fatal(err)
	}
	h.write("templates/style.css", "body { background: rgb(1, 2, 3) }\n")
	pagePoll(ctx, "the new style sheet", `getComputedStyle(document.body).backgroundColor === "rgb(1, 2, 3)"`)
	if n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`window.kithMarker || 0`)); err != nil || n != 7 {
		t.Errorf("got marker %d (%v) after a CSS change, want 7: the page reloaded", n, err)
	}
}
