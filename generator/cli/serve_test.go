package cli

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// lockedBuffer is a bytes.Buffer that the server's goroutines and the test
// may use at once.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

var servingRE = regexp.MustCompile(`Serving .* at (http://\S+/) \(Ctrl-C stops\)`)

// TestServe runs kith serve on a free port, fetches a page, edits the note,
// sees the change and stops it the way Ctrl-C does.
func TestServe(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"kith.yaml":           "title: Test\n",
		"content/people/a.md": "---\nname: Ann Lee\n---\nAnn plays chess.\n",
	})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errb lockedBuffer
	opened := make(chan []string, 1)
	env := Env{
		Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb,
		Getenv: func(string) string { return "" },
		Now:    func() time.Time { return time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC) },
		Exec: func(_ context.Context, name string, args ...string) error {
			opened <- append([]string{name}, args...)
			return nil
		},
	}
	code := make(chan int, 1)
	go func() { // ends when cancel stops the server
		code <- Main(ctx, env, []string{"serve", "-s", dir, "--port", "0", "--open", "--now", "2026-11-23", "--allow-host", "notes.lan"})
	}()

	var url string
	for deadline := time.Now().Add(10 * time.Second); url == ""; {
		if m := servingRE.FindStringSubmatch(out.String()); m != nil {
			url = m[1]
		} else if time.Now().After(deadline) {
			t.Fatalf("no URL printed; stdout %q, stderr %q", out.String(), errb.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	if !strings.HasPrefix(url, "http://127.0.0.1:") {
		t.Errorf("got URL %q, want one on 127.0.0.1", url)
	}
	select {
	case got := <-opened:
		if got[len(got)-1] != url {
			t.Errorf("--open launched %q, want the URL %s last", got, url)
		}
	case <-time.After(10 * time.Second):
		t.Errorf("--open launched nothing")
	}
	get := func() string {
		t.Helper()
		resp, err := http.Get(url + "people/a/") // the slug comes from the file name
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return string(body)
	}
	if body := get(); !strings.Contains(body, "Ann plays chess.") {
		t.Fatalf("got a page without the note's text")
	}
	for host, want := range map[string]int{"notes.lan": http.StatusOK, "evil.example": http.StatusForbidden} {
		req, _ := http.NewRequest(http.MethodGet, url+"people/a/", nil)
		req.Host = host
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("Host %s: got status %d, want %d", host, resp.StatusCode, want)
		}
	}
	writeFiles(t, dir, map[string]string{"content/people/a.md": "---\nname: Ann Lee\n---\nAnn plays go.\n"})
	for deadline := time.Now().Add(10 * time.Second); !strings.Contains(get(), "Ann plays go."); {
		if time.Now().After(deadline) {
			t.Fatalf("the edit never showed; stdout %q", out.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	if !strings.Contains(out.String(), "content/people/a.md changed: ") {
		t.Errorf("got stdout %q, want a line about the change", out.String())
	}

	cancel()
	select {
	case c := <-code:
		if c != 0 {
			t.Errorf("got exit code %d, want 0; stderr %q", c, errb.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("kith serve did not stop after cancel")
	}
	if !strings.HasSuffix(out.String(), "stopped\n") {
		t.Errorf("got stdout %q, want it to end with stopped", out.String())
	}
}

func TestServeErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no such folder", []string{"serve", "-s", "/nonexistent/journal", "--port", "0"}, 1, "journal folder"},
		{"bad date", []string{"serve", "--now", "2026-13-01", "--port", "0"}, 1, "--now"},
		{"unknown flag", []string{"serve", "--nope"}, 2, "flag provided but not defined"},
		{"empty bind", []string{"serve", "--bind", "", "--port", "0"}, 1, "--bind needs an address"},
		{"blank bind", []string{"serve", "--bind=  ", "--port", "0"}, 1, "--bind needs an address"},
		{"allow-host with a port", []string{"serve", "--allow-host", "notes.lan:8080", "--port", "0"}, 2, "want a host name alone"},
		{"allow-host with a scheme", []string{"serve", "--allow-host", "http://notes.lan", "--port", "0"}, 2, "want a host name alone"},
		{"empty allow-host", []string{"serve", "--allow-host=", "--port", "0"}, 2, "want a host name alone"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := run(t, tt.args...)
			if code != tt.code || !strings.Contains(stderr, tt.want) {
				t.Errorf("got %d %q, want %d and %q", code, stderr, tt.code, tt.want)
			}
		})
	}
}

func TestLoopback(t *testing.T) {
	tests := []struct {
		host string
		want bool
	}{
		{"127.0.0.1", true},
		{"127.1.2.3", true},
		{"::1", true},
		{"localhost", true},
		{"LOCALHOST", true},
		{"0.0.0.0", false},
		{"::", false},
		{"192.168.1.10", false},
		{"example.org", false},
	}
	for _, tt := range tests {
		t.Run(tt.host, func(t *testing.T) {
			if got := loopback(tt.host); got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}
