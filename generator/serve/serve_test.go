package serve

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"kith/generator/content"
	"kith/generator/site"
	"kith/templates"
)

var scriptRE = regexp.MustCompile(`<script src="/_kith/reload\.js\?g=[^"]*"></script>`)

// TestServesWhatBuildWrites compares every file of the site as served with
// the bytes kith build writes for the same journal.
func TestServesWhatBuildWrites(t *testing.T) {
	h := start(t, fixture, nil)
	built, _, err := site.Load(context.Background(), site.Options{Journal: os.DirFS(h.dir), Theme: templates.FS(), Today: today})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range built.Files() {
		t.Run(name, func(t *testing.T) {
			want, err := built.File(name)
			if err != nil {
				t.Fatal(err)
			}
			code, got, ct := h.get("/" + name)
			if code != http.StatusOK {
				t.Fatalf("got status %d, want 200", code)
			}
			if strings.HasSuffix(name, ".html") {
				if n := len(scriptRE.FindAllString(got, -1)); n != 1 {
					t.Fatalf("got %d reload scripts, want 1", n)
				}
				if !strings.Contains(got, `"></script></body>`) {
					t.Errorf("the reload script is not right before </body>")
				}
				got = scriptRE.ReplaceAllString(got, "")
			}
			if got != string(want) {
				t.Errorf("served bytes differ from built bytes:\ngot  %.200q\nwant %.200q", got, want)
			}
			wantType := map[string]string{".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
				".js": "text/javascript; charset=utf-8", ".txt": "text/plain; charset=utf-8",
				".ics": "text/calendar; charset=utf-8", ".json": "application/json", ".svg": "image/svg+xml"}[name[strings.LastIndex(name, "."):]]
			if ct != wantType {
				t.Errorf("got Content-Type %q, want %q", ct, wantType)
			}
		})
	}
	t.Run("unknown path", func(t *testing.T) {
		want, _ := built.File("404.html")
		code, got, ct := h.get("/people/nobody/")
		if code != http.StatusNotFound {
			t.Errorf("got status %d, want 404", code)
		}
		if ct != "text/html; charset=utf-8" {
			t.Errorf("got Content-Type %q, want text/html; charset=utf-8", ct)
		}
		if scriptRE.ReplaceAllString(got, "") != string(want) {
			t.Errorf("got %.200q, want the 404 page", got)
		}
	})
	t.Run("folder without slash", func(t *testing.T) {
		resp, err := h.client.Get(h.base + "people/dana-okafor")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusFound || resp.Header.Get("Location") != "/people/dana-okafor/" {
			t.Errorf("got %d to %q, want 302 to /people/dana-okafor/", resp.StatusCode, resp.Header.Get("Location"))
		}
	})
	t.Run("reload script", func(t *testing.T) {
		code, body, ct := h.get(ReloadScript)
		if code != http.StatusOK || ct != "text/javascript; charset=utf-8" || !strings.Contains(body, "EventSource") {
			t.Errorf("got %d %q (%d bytes), want 200 text/javascript with the script", code, ct, len(body))
		}
	})
	t.Run("POST", func(t *testing.T) {
		resp, err := h.client.Post(h.base, "text/plain", strings.NewReader("x"))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusMethodNotAllowed {
			t.Errorf("got status %d, want 405", resp.StatusCode)
		}
	})
}

// TestEdits changes the journal the ways editors and people do, and checks
// that a reload is announced and the new content is served everywhere.
func TestEdits(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(h *harness)
		pages map[string][]string // page → texts it must show; "!text" must be gone; "404" must be missing
	}{
		{
			name: "vim: write a probe, then rename a new file into place",
			edit: func(h *harness) {
				h.write("content/people/4913", "")
				must(h.t, os.Remove(h.path("content/people/4913")))
				h.write("content/people/Dana Okafor.md~", strings.Replace(fixture["content/people/Dana Okafor.md"], "org: Acme", "org: Globex", 1))
				must(h.t, os.Rename(h.path("content/people/Dana Okafor.md~"), h.path("content/people/Dana Okafor.md")))
			},
			pages: map[string][]string{
				"/people/dana-okafor/": {"Globex", "!Acme"},
				"/orgs/globex/":        {"Dana Okafor"},
				"/orgs/acme/":          {"404"},
			},
		},
		{
			name: "VS Code: truncate, then write",
			edit: func(h *harness) {
				must(h.t, os.Truncate(h.path("content/people/Lee Park.md"), 0))
				time.Sleep(3 * DefaultDebounce) // longer than the debounce: the empty file must still not be shown
				h.write("content/people/Lee Park.md", strings.Replace(fixture["content/people/Lee Park.md"], "boats", "bridges", 1))
			},
			pages: map[string][]string{"/people/lee-park/": {"Lee builds bridges.", "!boats"}},
		},
		{
			name: "JetBrains: temporary file, old copy, rename",
			edit: func(h *harness) {
				p := "content/people/Lee Park.md"
				h.write(p+"___jb_tmp___", strings.Replace(fixture[p], "boats", "kites", 1))
				must(h.t, os.Rename(h.path(p), h.path(p+"___jb_old___")))
				must(h.t, os.Rename(h.path(p+"___jb_tmp___"), h.path(p)))
				must(h.t, os.Remove(h.path(p+"___jb_old___")))
			},
			pages: map[string][]string{"/people/lee-park/": {"Lee builds kites."}},
		},
		{
			name: "Emacs: lock and autosave files, then a write",
			edit: func(h *harness) {
				p := "content/people/Lee Park.md"
				must(h.t, os.Symlink("sam@host.1234", h.path("content/people/.#Lee Park.md")))
				h.write("content/people/#Lee Park.md#", "half an edit")
				h.write(p, strings.Replace(fixture[p], "boats", "canoes", 1))
				must(h.t, os.Remove(h.path("content/people/#Lee Park.md#")))
				must(h.t, os.Remove(h.path("content/people/.#Lee Park.md")))
			},
			pages: map[string][]string{"/people/lee-park/": {"Lee builds canoes."}},
		},
		{
			name: "a new person in a new subfolder, and a new entry with them",
			edit: func(h *harness) {
				h.write("content/people/team/Ana Silva.md", "---\nname: Ana Silva\norg: Acme\n---\nAna designs bridges.\n")
				h.write("content/entries/2027/extra/2026-04-01-lunch.md", "---\ndate: 2026-04-01\nwith: [Ana Silva]\nkind: meeting\n---\nLunch.\n")
			},
			pages: map[string][]string{
				"/people/ana-silva/":                 {"Ana designs bridges.", "Meeting with Ana Silva"},
				"/people/":                           {"Ana Silva"},
				"/orgs/acme/":                        {"Ana Silva", "Dana Okafor"},
				"/entries/2026-04-01-lunch/":         {"Ana Silva"},
				"/entries/":                          {"Meeting with Ana Silva"},
				"/entries/2026-03-12-coffee/":        {"Coffee with Dana"},
				"/people/dana-okafor/":               {"Dana runs"},
				"/events/robotics-meetup/":           {"Dana Okafor"},
				"/tags/":                             {},
				"/follow-ups/":                       {},
				"/thanks/":                           {},
				"/people/ana-silva/index.html":       {"Ana Silva"},
				"/entries/2026-04-01-lunch/#nothing": {"Lunch."},
			},
		},
		{
			name: "a deleted person",
			edit: func(h *harness) { must(h.t, os.Remove(h.path("content/people/Lee Park.md"))) },
			pages: map[string][]string{
				"/people/lee-park/":    {"404"},
				"/people/":             {"!Lee Park"},
				"/people/dana-okafor/": {"!Lee Park"}, // no longer "introduced me to"
			},
		},
		{
			name: "a renamed person note",
			edit: func(h *harness) {
				must(h.t, os.Rename(h.path("content/people/Lee Park.md"), h.path("content/people/Lee J Park.md")))
			},
			pages: map[string][]string{
				"/people/lee-park/":   {"404"},
				"/people/lee-j-park/": {"Lee builds boats."},
			},
		},
		{
			name: "a renamed folder",
			edit: func(h *harness) {
				must(h.t, os.Rename(h.path("content/entries/2026"), h.path("content/entries/archive")))
			},
			pages: map[string][]string{"/entries/2026-03-12-coffee/": {"Coffee with Dana"}},
		},
		{
			name: "a deleted folder",
			edit: func(h *harness) { must(h.t, os.RemoveAll(h.path("content/entries/2026"))) },
			pages: map[string][]string{
				"/entries/2026-03-12-coffee/": {"404"},
				"/people/dana-okafor/":        {"!Coffee with Dana"},
			},
		},
		{
			name:  "kith.yaml",
			edit:  func(h *harness) { h.write("kith.yaml", "title: Renamed journal\nowner: Sam\n") },
			pages: map[string][]string{"/": {"Renamed journal", "!Test journal"}, "/people/": {"Renamed journal"}},
		},
		{
			name: "a template of the journal's own",
			edit: func(h *harness) {
				h.write("templates/404.html", `{{define "content"}}<p>Custom nothing here.</p>{{end}}`)
			},
			pages: map[string][]string{"/no/such/page/": {"404", "Custom nothing here."}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := start(t, fixture, nil)
			s := h.subscribe("")
			tc.edit(h)
			s.until("reload")
			for _, ev := range s.seen {
				if ev.name == "problems" && ev.data != `{"problems":[]}` {
					t.Errorf("got problems %s while editing, want none", ev.data)
				}
			}
			for p, wants := range tc.pages {
				code, body, _ := h.get(strings.SplitN(p, "#", 2)[0])
				wantCode := http.StatusOK
				if slices.Contains(wants, "404") {
					wantCode = http.StatusNotFound
				}
				if code != wantCode {
					t.Errorf("GET %s: got status %d, want %d", p, code, wantCode)
				}
				for _, w := range wants {
					switch {
					case w == "404":
					case strings.HasPrefix(w, "!"):
						if strings.Contains(body, w[1:]) {
							t.Errorf("GET %s: got a page with %q, want it gone", p, w[1:])
						}
					case !strings.Contains(body, w):
						t.Errorf("GET %s: got a page without %q", p, w)
					}
				}
			}
		})
	}
}

// TestIgnoresEditorFiles checks that temporary files alone do not reload.
func TestIgnoresEditorFiles(t *testing.T) {
	h := start(t, fixture, nil)
	s := h.subscribe("")
	for _, p := range []string{"content/people/4913", "content/people/.Lee Park.md.swp", "content/people/Lee Park.md~",
		"content/people/#Lee Park.md#", "content/people/.#Lee Park.md", "content/people/Lee Park.md___jb_tmp___",
		"content/people/x.tmp", "content/.obsidian/workspace.json", "public/index.html", "notes.txt"} {
		h.write(p, "scratch")
	}
	s.quiet(10 * DefaultDebounce)
}

// TestBurst checks that a burst of saves is applied once, and shows the
// last save. A burst is ten saves 5 ms apart, far inside the debounce; on a
// loaded machine the writer can be stalled for longer than the debounce,
// and then the saves are rightly two changes, so such an attempt is
// measured, set aside and made again (a few times at most).
func TestBurst(t *testing.T) {
	const debounce = 300 * time.Millisecond
	h := start(t, fixture, func(o *Options) { o.Debounce = debounce })
	p := "content/people/Lee Park.md"
	for attempt := 1; ; attempt++ {
		s := h.subscribe("")
		text := func(i int) string {
			return strings.Replace(fixture[p], "boats", fmt.Sprintf("boats (try %d) ", attempt)+strings.Repeat("and more ", i), 1)
		}
		var gap time.Duration // the longest pause between two saves
		began, prev := time.Now(), time.Now()
		for i := range 10 {
			h.write(p, text(i))
			gap, prev = max(gap, time.Since(prev)), time.Now()
			time.Sleep(5 * time.Millisecond)
		}
		if took := time.Since(began); gap > debounce/3 || took > maxWait/2 {
			if attempt == 5 {
				t.Skipf("the writer was stalled in every attempt (last: %s between saves, %s in all), so no burst could be made", gap, took)
			}
			t.Logf("attempt %d: the writer was stalled (%s between saves, %s in all); trying again", attempt, gap, took)
			s.settle(2 * debounce)
			continue
		}
		s.until("reload")
		s.quiet(2 * debounce)
		last := fmt.Sprintf("boats (try %d) %s.", attempt, strings.Repeat("and more ", 9))
		if body := h.page("/people/lee-park/"); !strings.Contains(body, last) {
			t.Errorf("got a page without the last save %q", last)
		}
		return
	}
}

// TestProblems breaks a note and fixes it: the last good site stays with
// an overlay of path:line problems, and the fix clears it.
func TestProblems(t *testing.T) {
	tests := []struct{ name, bad, want string }{
		{"unknown person", "---\nname: Lee Park\nmet:\n  via: Nobody Known\n---\nLee builds rafts.\n",
			`content/people/Lee Park.md:4: met.via: no person is called \"Nobody Known\"`},
		{"bad YAML", "---\nname: [Lee Park\n---\nLee builds rafts.\n", `content/people/Lee Park.md:3: bad YAML`},
		{"front matter never closed", "---\nname: Lee Park\nLee builds rafts.\n", `content/people/Lee Park.md:1: front matter`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := start(t, fixture, func(o *Options) { o.Settle = 100 * time.Millisecond })
			s := h.subscribe("")
			h.write("content/people/Lee Park.md", tc.bad)
			ev := s.until("problems")
			if !strings.Contains(ev.data, tc.want) {
				t.Fatalf("got problems %s, want one with %s", ev.data, tc.want)
			}
			var got struct{ Problems []string }
			if err := json.Unmarshal([]byte(ev.data), &got); err != nil || len(got.Problems) == 0 {
				t.Fatalf("got problems data %s (%v), want a JSON list", ev.data, err)
			}
			if body := h.page("/people/lee-park/"); !strings.Contains(body, "Lee builds boats.") {
				t.Errorf("got a page without the last good text, want the last good site served")
			}
			r := lastReport(t, h, func(r Report) bool { return len(r.Problems) > 0 })
			if !strings.Contains(r.Problems.Error(), strings.ReplaceAll(tc.want, `\"`, `"`)) {
				t.Errorf("got reported problems %q, want %s", r.Problems.Error(), tc.want)
			}
			// A new stream sees the overlay too.
			if ev := h.subscribe("").seen[0]; ev.data == `{"problems":[]}` {
				t.Errorf("a new stream got no problems, want the overlay")
			}

			h.write("content/people/Lee Park.md", strings.Replace(fixture["content/people/Lee Park.md"], "boats", "rafts", 1))
			if ev := s.until("problems"); ev.data != `{"problems":[]}` {
				t.Errorf("got problems %s after the fix, want none", ev.data)
			}
			s.until("reload")
			if body := h.page("/people/lee-park/"); !strings.Contains(body, "Lee builds rafts.") {
				t.Errorf("got a page without the fixed text")
			}
			if r := lastReport(t, h, func(r Report) bool { return r.Fixed }); len(r.Problems) != 0 {
				t.Errorf("got problems %v in the fixed report, want none", r.Problems)
			}
		})
	}
}

// lastReport waits for a report that matches.
func lastReport(t *testing.T, h *harness, match func(Report) bool) Report {
	t.Helper()
	timeout := time.After(wait)
	for {
		select {
		case r := <-h.reports:
			if match(r) {
				return r
			}
		case <-timeout:
			t.Fatal("no matching report")
		}
	}
}

// TestStartWithErrors starts on a broken journal: there is no good site, so
// every page lists the problems until the fix.
func TestStartWithErrors(t *testing.T) {
	bad := "---\nname: Lee Park\nmet:\n  via: Nobody Known\n---\nLee.\n"
	h := start(t, with(fixture, map[string]string{"content/people/Lee Park.md": bad}), nil)
	code, body, _ := h.get("/people/")
	if code != http.StatusInternalServerError || !strings.Contains(body, "content/people/Lee Park.md:4: met.via") || !scriptRE.MatchString(body) {
		t.Fatalf("got %d %.300q, want 500 listing the problem, with the reload script", code, body)
	}
	s := h.subscribe("")
	if !strings.Contains(s.seen[0].data, "Nobody Known") {
		t.Errorf("got first event %v, want the problems", s.seen[0])
	}
	h.write("content/people/Lee Park.md", fixture["content/people/Lee Park.md"])
	s.until("reload")
	h.page("/people/lee-park/")
}

// TestStaleTokenReloads checks that a page rendered before a change reloads
// when its stream opens after the change.
func TestStaleTokenReloads(t *testing.T) {
	h := start(t, fixture, nil)
	token := scriptRE.FindString(h.page("/"))
	token = token[strings.Index(token, "?g=")+3 : strings.LastIndex(token, `"`)]
	if s := h.subscribe(token); s.seen[0].name != "problems" {
		t.Errorf("got first event %v for the current token, want problems", s.seen[0])
	}
	if s := h.subscribe("an-older-site"); s.seen[0].name != "reload" {
		t.Errorf("got first event %v for an old token, want reload", s.seen[0])
	}

	// A page made just before a style-sheet change, whose stream opens just
	// after it, swaps its style sheets instead of reloading.
	live := h.subscribe("")
	h.write("templates/style.css", "body { color: navy }\n")
	live.until("css")
	if s := h.subscribe(token); s.seen[0].name != "css" {
		t.Errorf("got first event %v for the token before a CSS-only change, want css", s.seen[0])
	}
	h.write("content/people/Lee Park.md", strings.Replace(fixture["content/people/Lee Park.md"], "boats", "kayaks", 1))
	live.until("reload")
	if s := h.subscribe(token); s.seen[0].name != "reload" {
		t.Errorf("got first event %v for a token two changes old, want reload", s.seen[0])
	}
}

// TestCSSOnly checks that a style-sheet change swaps styles without a
// reload.
func TestCSSOnly(t *testing.T) {
	h := start(t, with(fixture, map[string]string{"templates/style.css": "body { color: black }\n"}), nil)
	s := h.subscribe("")
	h.write("templates/style.css", "body { color: navy }\n")
	if ev := s.until("css"); ev.data == "" {
		t.Errorf("got a css event without the new version")
	}
	code, body, ct := h.get("/_kith/style.css?v=2")
	if code != http.StatusOK || body != "body { color: navy }\n" || ct != "text/css; charset=utf-8" {
		t.Errorf("got %d %q %q, want 200 with the new style sheet as text/css", code, body, ct)
	}
	s.quiet(5 * DefaultDebounce)
	for _, ev := range s.seen {
		if ev.name == "reload" {
			t.Errorf("got a reload for a CSS-only change, want css only")
		}
	}
}

// TestPoll runs the same kind of edit with the polling watcher.
func TestPoll(t *testing.T) {
	h := start(t, fixture, func(o *Options) { o.Poll, o.PollInterval = true, 20*time.Millisecond })
	s := h.subscribe("")
	h.write("content/people/Lee Park.md", strings.Replace(fixture["content/people/Lee Park.md"], "boats", "gliders", 1))
	h.write("content/people/new/Ana Silva.md", "---\nname: Ana Silva\n---\nAna.\n")
	s.until("reload")
	if !strings.Contains(h.page("/people/lee-park/"), "gliders") {
		t.Errorf("got the old page, want the edit")
	}
	// A look of the poller may fall between the two writes, and the first
	// change be shown before the next look; the second then comes.
	for range 3 {
		if code, _, _ := h.get("/people/ana-silva/"); code == http.StatusOK {
			break
		}
		s.until("reload")
	}
	h.page("/people/ana-silva/")
	must(t, os.Remove(h.path("content/people/new/Ana Silva.md")))
	s.until("reload")
	if code, _, _ := h.get("/people/ana-silva/"); code != http.StatusNotFound {
		t.Errorf("got status %d for a deleted person, want 404", code)
	}
}

// TestTraversal sends raw requests that try to leave the site; none may
// read a file.
func TestTraversal(t *testing.T) {
	h := start(t, fixture, nil)
	host := strings.TrimSuffix(strings.TrimPrefix(h.base, "http://"), "/")
	for _, target := range []string{
		"/../kith.yaml",
		"/../../../../etc/passwd",
		"/%2e%2e/kith.yaml",
		"/%2E%2E/%2e%2e/etc/passwd",
		"/people/..%2f..%2fkith.yaml",
		"/..%2fkith.yaml",
		"/..%5ckith.yaml",
		"/people/%2e%2e/%2e%2e/kith.yaml",
		"/_kith/../kith.yaml",
		"/./index.html",
		"/kith.yaml",
		"/content/people/Lee%20Park.md",
		"/templates/base.html",
		"/_kith/base.html",
		"/index.html%00.txt",
	} {
		t.Run(target, func(t *testing.T) {
			conn, err := net.Dial("tcp", host)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			if _, err := conn.Write([]byte("GET " + target + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")); err != nil {
				t.Fatal(err)
			}
			resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var b strings.Builder
			_, _ = bufio.NewReader(resp.Body).WriteTo(&b)
			if resp.StatusCode != http.StatusBadRequest && resp.StatusCode != http.StatusNotFound {
				t.Errorf("got status %d, want 400 or 404", resp.StatusCode)
			}
			for _, secret := range []string{"title: Test journal", "name: Lee Park", "root:", "{{define"} {
				if strings.Contains(b.String(), secret) {
					t.Errorf("got a body with %q, want no file read", secret)
				}
			}
		})
	}
}

func TestCleanPath(t *testing.T) {
	tests := []struct {
		target string
		ok     bool
	}{
		{"/", true},
		{"/people/dana-okafor/", true},
		{"/_kith/style.css?v=3", true},
		{"/people/jos%C3%A9/", true},
		{"/../x", false},
		{"/a/../x", false},
		{"/a/./x", false},
		{"/%2e%2e/x", false},
		{"/%2E./x", false},
		{"/a%2fb", false},
		{"/a%2Fb", false},
		{"/a%5cb", false},
		{"/a%00b", false},
	}
	for _, tc := range tests {
		t.Run(tc.target, func(t *testing.T) {
			u, err := url.ParseRequestURI(tc.target)
			if err != nil {
				t.Fatal(err)
			}
			if _, ok := cleanPath(&http.Request{URL: u}); ok != tc.ok {
				t.Errorf("got %v, want %v", ok, tc.ok)
			}
		})
	}
}

func TestHalfWritten(t *testing.T) {
	tests := []struct {
		name, path, data string
		want             bool
	}{
		{"empty note", "content/people/a.md", "", true},
		{"blank note", "content/people/a.md", " \n\n", true},
		{"front matter open", "content/people/a.md", "---\nname: A\n", true},
		{"front matter open, CRLF", "content/people/a.md", "---\r\nname: A\r\n", true},
		{"front matter closed", "content/people/a.md", "---\nname: A\n---\n", false},
		{"closed with dots", "content/people/a.md", "---\nname: A\n...\nbody", false},
		{"closed at end without newline", "content/people/a.md", "---\nname: A\n---", false},
		{"no front matter", "content/people/a.md", "just text", false},
		{"byte order mark", "content/people/a.md", "\xef\xbb\xbf---\nname: A\n", true},
		{"one dash", "content/people/a.md", "-", true},
		{"two dashes", "content/people/a.md", "--", true},
		{"byte order mark and two dashes", "content/people/a.md", "\xef\xbb\xbf--", true},
		{"a list", "content/people/a.md", "- item\n", false},
		{"two dashes in kith.yaml", "kith.yaml", "--", false},
		{"empty template", "templates/base.html", "", true},
		{"template with dashes", "templates/x.html", "---\n", false},
		{"empty kith.yaml", "kith.yaml", "", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := halfWritten([]byte(tc.data), content.KindOf(tc.path) != content.Other); got != tc.want {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestInject(t *testing.T) {
	tests := []struct{ name, page, want string }{
		{"before the last body end", "<body><p>&lt;/body&gt;</p></body></html>", "<body><p>&lt;/body&gt;</p>" + scriptTag("t") + "</body></html>"},
		{"no body end", "<p>x</p>", "<p>x</p>" + scriptTag("t")},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := string(inject([]byte(tc.page), "t")); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

// TestPortInUse checks that a taken port is a clear error from New.
func TestPortInUse(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	dir := t.TempDir()
	writeFiles(t, dir, fixture)
	_, err = New(context.Background(), Options{Journal: dir, Theme: templates.FS(), Today: today, Port: ln.Addr().(*net.TCPAddr).Port})
	if err == nil || !errors.Is(err, syscall.EADDRINUSE) || !strings.Contains(err.Error(), "--port") {
		t.Errorf("got %v, want EADDRINUSE and a hint about --port", err)
	}
}

// TestShutdown stops a server with an open stream and checks that every
// goroutine it started has ended.
func TestShutdown(t *testing.T) {
	for _, poll := range []bool{false, true} {
		name := map[bool]string{false: "fsnotify", true: "poll"}[poll]
		t.Run(name, func(t *testing.T) {
			before := runtime.NumGoroutine()
			h := start(t, fixture, func(o *Options) { o.Poll, o.PollInterval = poll, 20*time.Millisecond })
			s := h.subscribe("")
			h.page("/people/")
			h.write("content/people/Lee Park.md", strings.Replace(fixture["content/people/Lee Park.md"], "boats", "ships", 1))
			s.until("reload")
			h.stop()
			s.closed()
			deadline := time.Now().Add(wait)
			for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
				time.Sleep(10 * time.Millisecond)
			}
			if n := runtime.NumGoroutine(); n > before {
				buf := make([]byte, 1<<20)
				buf = buf[:runtime.Stack(buf, true)]
				t.Errorf("got %d goroutines after shutdown, want at most %d as before:\n%s", n, before, buf)
			}
			if _, err := http.Get(h.base); err == nil {
				t.Errorf("the server still answers after shutdown")
			}
		})
	}
}

func TestNewErrors(t *testing.T) {
	dir := t.TempDir()
	file := dir + "/file"
	must(t, os.WriteFile(file, nil, 0o644))
	for _, tc := range []struct{ name, journal, want string }{
		{"missing folder", dir + "/nope", "journal folder"},
		{"a file", file, "is not a folder"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := New(context.Background(), Options{Journal: tc.journal, Theme: templates.FS(), Today: today})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want an error with %q", err, tc.want)
			}
		})
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
