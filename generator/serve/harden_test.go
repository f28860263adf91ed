package serve

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"kith/generator/content"
)

// TestHarden01DNSRebinding checks that the preview answers only requests
// for this computer: a page of another site whose name was pointed at
// 127.0.0.1 must not read the journal or its live-reload stream.
func TestHarden01DNSRebinding(t *testing.T) {
	h := start(t, fixture, func(o *Options) { o.AllowHosts = []string{"kith.example.org"} })
	port := h.base[strings.LastIndex(h.base, ":")+1 : len(h.base)-1]
	tests := []struct {
		name, path, host, origin string
		want                     int
	}{
		{"foreign host, page", "/people/dana-okafor/", "evil.example", "", http.StatusForbidden},
		{"foreign host with port, page", "/people/dana-okafor/", "evil.example:" + port, "", http.StatusForbidden},
		{"foreign host, stream", ReloadPath, "evil.example:" + port, "", http.StatusForbidden},
		{"foreign host, script", ReloadScript, "evil.example", "", http.StatusForbidden},
		{"foreign host, unknown page", "/nothing/", "evil.example", "", http.StatusForbidden},
		{"localhost as a suffix of a foreign name", "/", "localhost.evil.example", "", http.StatusForbidden},
		{"a loopback address as a label", "/", "127.0.0.1.evil.example", "", http.StatusForbidden},
		{"foreign origin, stream", ReloadPath, "127.0.0.1:" + port, "http://evil.example:" + port, http.StatusForbidden},
		{"null origin, stream", ReloadPath, "127.0.0.1:" + port, "null", http.StatusForbidden},
		{"other local port as origin, stream", ReloadPath, "127.0.0.1:" + port, "http://127.0.0.1:1", http.StatusForbidden},
		{"localhost", "/people/dana-okafor/", "localhost:" + port, "", http.StatusOK},
		{"LOCALHOST with a final dot", "/people/dana-okafor/", "LOCALHOST.:" + port, "", http.StatusOK},
		{"a name under localhost", "/people/dana-okafor/", "kith.localhost:" + port, "", http.StatusOK},
		{"127.0.0.1", "/people/dana-okafor/", "127.0.0.1:" + port, "", http.StatusOK},
		{"127.1.2.3 without a port", "/people/dana-okafor/", "127.1.2.3", "", http.StatusOK},
		{"[::1]", "/people/dana-okafor/", "[::1]:" + port, "", http.StatusOK},
		{"an allowed host", "/people/dana-okafor/", "Kith.Example.org", "", http.StatusOK},
		{"same origin, stream", ReloadPath, "localhost:" + port, "http://localhost:" + port, http.StatusOK},
		{"allowed origin, stream", ReloadPath, "127.0.0.1:" + port, "https://kith.example.org", http.StatusOK},
		{"no origin, stream", ReloadPath, "127.0.0.1:" + port, "", http.StatusOK},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			req, err := http.NewRequestWithContext(ctx, http.MethodGet, h.base+strings.TrimPrefix(tc.path, "/"), nil)
			if err != nil {
				t.Fatal(err)
			}
			req.Host = tc.host
			if tc.origin != "" {
				req.Header.Set("Origin", tc.origin)
			}
			resp, err := h.streams.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			if resp.StatusCode != tc.want {
				t.Fatalf("got status %d, want %d", resp.StatusCode, tc.want)
			}
			if tc.want != http.StatusForbidden {
				return
			}
			body, _ := io.ReadAll(resp.Body)
			if strings.Contains(string(body), "Dana") || strings.Count(strings.TrimSpace(string(body)), "\n") != 0 {
				t.Errorf("got body %q, want one line that shows nothing of the journal", body)
			}
			if !strings.Contains(string(body), "--allow-host") {
				t.Errorf("got body %q, want it to name --allow-host", body)
			}
		})
	}
	t.Run("refusals reported once each", func(t *testing.T) {
		counts := map[string]int{}
		for len(h.reports) > 0 {
			if r := <-h.reports; r.Err != nil {
				counts[r.Err.Error()]++
			}
		}
		for _, want := range []string{`Host "evil.example"`, `Host "evil.example:` + port + `"`, `Origin "null"`} {
			n := 0
			for msg, c := range counts {
				if strings.Contains(msg, "refused a request with "+want+":") {
					n += c
				}
			}
			if n != 1 {
				t.Errorf("got %d reports of %s, want 1 (reports: %v)", n, want, counts)
			}
		}
	})
}

// TestHosts checks which Host names are answered for each bound address.
func TestHosts(t *testing.T) {
	tests := []struct {
		bind  string
		allow []string
		host  string
		want  bool
	}{
		{"127.0.0.1", nil, "localhost", true},
		{"127.0.0.1", nil, "a.b.localhost", true},
		{"127.0.0.1", nil, "localhost.", true},
		{"127.0.0.1", nil, "127.0.0.1", true},
		{"127.0.0.1", nil, "127.255.0.9", true},
		{"127.0.0.1", nil, "[::1]", true},
		{"127.0.0.1", nil, "::1", true},
		{"127.0.0.1", nil, "", false},
		{"127.0.0.1", nil, "evil.example", false},
		{"127.0.0.1", nil, "localhost.evil.example", false},
		{"127.0.0.1", nil, "notlocalhost", false},
		{"127.0.0.1", nil, "192.168.1.10", false},
		{"127.0.0.1", nil, "0.0.0.0", false},
		{"127.0.0.1", []string{"Notes.Lan."}, "notes.lan", true},
		{"127.0.0.1", []string{"notes.lan"}, "x.notes.lan", false},
		{"192.168.1.10", nil, "192.168.1.10", true},
		{"192.168.1.10", nil, "192.168.1.11", false},
		{"192.168.1.10", nil, "localhost", true},
		{"box.lan", nil, "BOX.lan", true},
		{"0.0.0.0", nil, "192.168.1.11", true},
		{"0.0.0.0", nil, "[fe80::1]", true},
		{"0.0.0.0", nil, "evil.example", false},
		{"::", nil, "10.0.0.2", true},
		{"::1", nil, "[::1]", true},
	}
	for _, tc := range tests {
		t.Run(tc.bind+" "+strings.Join(tc.allow, ",")+" "+tc.host, func(t *testing.T) {
			if got := newHosts(tc.bind, tc.allow).allowed(tc.host); got != tc.want {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

// TestHarden10IdleTimeout checks that a kept-alive connection with no
// request is closed after the idle timeout, so idle clients cannot pile up.
func TestHarden10IdleTimeout(t *testing.T) {
	h := start(t, fixture, func(o *Options) { o.IdleTimeout = 200 * time.Millisecond })
	conn, err := net.Dial("tcp", strings.TrimSuffix(strings.TrimPrefix(h.base, "http://"), "/"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := fmt.Fprintf(conn, "GET /people/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	r := bufio.NewReader(conn)
	resp, err := http.ReadResponse(r, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Close {
		t.Fatalf("got status %d, close %v, want 200 on a kept-alive connection", resp.StatusCode, resp.Close)
	}
	began := time.Now()
	must(t, conn.SetReadDeadline(time.Now().Add(wait)))
	if _, err := r.ReadByte(); err != io.EOF {
		t.Fatalf("got %v reading the idle connection, want EOF (closed by the server)", err)
	}
	if took := time.Since(began); took > wait/2 {
		t.Errorf("the idle connection was closed after %s, want about 200ms", took)
	}
}

// TestHarden10StreamCap opens one live-reload stream more than the cap:
// the oldest is closed, the others stay open and get the next reload.
func TestHarden10StreamCap(t *testing.T) {
	h := start(t, fixture, nil)
	streams := make([]*stream, MaxStreams+1)
	for i := range streams {
		streams[i] = h.subscribe("")
	}
	streams[0].closed()
	if n := h.srv.hub.count(); n != MaxStreams {
		t.Errorf("got %d open streams, want %d", n, MaxStreams)
	}
	h.write("content/people/Lee Park.md", strings.Replace(fixture["content/people/Lee Park.md"], "boats", "ships", 1))
	for _, s := range streams[1:] {
		s.until("reload")
	}
}

// TestHarden10TruncateAndWrite saves a note many times the way VS Code
// does (truncate, then write), at random short intervals, some of the
// writes in two pieces with a pause between them (a first piece of "-" and
// "--" among them), and checks that no half-written version is ever shown:
// no problems event lists an error, and the last save is served.
func TestHarden10TruncateAndWrite(t *testing.T) {
	h := start(t, fixture, nil)
	s := h.subscribe("")
	p := "content/people/Lee Park.md"
	rnd := rand.New(rand.NewPCG(1, 2))
	saves := 300
	if testing.Short() {
		saves = 100
	}
	var last string
	for i := range saves {
		last = strings.Replace(fixture[p], "boats", fmt.Sprintf("boats %d", i), 1)
		f, err := os.OpenFile(h.path(p), os.O_WRONLY|os.O_TRUNC, 0)
		if err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(rnd.IntN(3000)) * time.Microsecond) // the editor between truncating and writing
		rest := last
		if i%10 == 0 { // in two pieces, with a pause longer than the gather time
			cut := []int{1, 2, 1 + rnd.IntN(len(last)-1)}[i/10%3]
			_, err = f.WriteString(last[:cut])
			must(t, err)
			rest = last[cut:]
			time.Sleep(time.Duration(10+rnd.IntN(30)) * time.Millisecond)
		}
		_, err = f.WriteString(rest)
		must(t, err)
		must(t, f.Close())
		time.Sleep(time.Duration(rnd.IntN(8000)) * time.Microsecond)
	}
	want := strings.Replace("Lee builds boats N.", "N", fmt.Sprint(saves-1), 1)
	deadline := time.Now().Add(wait)
	for !strings.Contains(h.page("/people/lee-park/"), want) {
		if time.Now().After(deadline) {
			t.Fatalf("the last save never showed")
		}
		time.Sleep(20 * time.Millisecond)
	}
	for drained := false; !drained; { // take the events sent so far
		select {
		case ev := <-s.events:
			s.seen = append(s.seen, ev)
		case <-time.After(5 * DefaultDebounce):
			drained = true
		}
	}
	for _, ev := range s.seen {
		if ev.name == "problems" && ev.data != `{"problems":[]}` {
			t.Errorf("got problems %s while saving, want none", ev.data)
		}
	}
	for len(h.reports) > 0 {
		if r := <-h.reports; len(r.Problems) > 0 {
			t.Errorf("got reported problems %v while saving, want none", r.Problems)
		}
	}
}

// TestOneFile checks that the content package parses the very bytes the
// update loop judged: a note, and kith.yaml, read through oneFile.
func TestOneFile(t *testing.T) {
	set := &content.Set{Docs: map[string]content.Doc{}, Problems: map[string]content.Problems{}}
	p := "content/people/a.md"
	if ok, err := set.Update(oneFile{p, []byte("---\nname: Ann Lee\n---\nAnn plays chess.\n")}, p); !ok || err != nil {
		t.Fatalf("Update: got %v, %v, want true, nil", ok, err)
	}
	if d := set.Docs[p]; d.Person == nil || d.Person.Name != "Ann Lee" || len(set.Problems[p]) != 0 {
		t.Errorf("got %+v with problems %v, want Ann Lee without problems", d, set.Problems[p])
	}
	if _, err := set.Update(oneFile{content.ConfigPath, []byte("title: Given bytes\n")}, content.ConfigPath); err != nil || set.Config.Title != "Given bytes" {
		t.Errorf("got title %q, %v, want the given bytes parsed", set.Config.Title, err)
	}
	if _, err := fs.ReadFile(oneFile{p, nil}, "content/people/b.md"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("reading another file: got %v, want fs.ErrNotExist", err)
	}
}
