package serve

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
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
