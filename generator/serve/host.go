package serve

import (
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
)

// hosts decides which Host headers the preview answers. A web page the user
// visits can point a name of its own at 127.0.0.1 (DNS rebinding) and then
// read every page as if it were the page's own site; the browser still sends
// that name as the Host, so only names that cannot be an attacker's are
// answered: localhost and names under it (RFC 6761 keeps them on this
// computer), loopback addresses, the bound address, and the names the user
// allowed.
type hosts struct {
	bind  string          // the bound address or name, lowercase
	any   bool            // bound to every interface: any IP address names this computer
	names map[string]bool // --allow-host names, lowercase without a final dot
}

func newHosts(bind string, allow []string) hosts {
	h := hosts{bind: canonHost(bind), names: map[string]bool{}}
	if ip := net.ParseIP(h.bind); ip != nil && ip.IsUnspecified() {
		h.any = true
	}
	for _, n := range allow {
		h.names[canonHost(n)] = true
	}
	return h
}

// canonHost lowercases a host name and drops a final dot and the brackets
// around an IPv6 address.
func canonHost(h string) string {
	h = strings.ToLower(strings.TrimSuffix(h, "."))
	if strings.HasPrefix(h, "[") && strings.HasSuffix(h, "]") {
		h = h[1 : len(h)-1]
	}
	return h
}

// splitHost drops the port of a Host header, if it has one.
func splitHost(hostport string) string {
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		return canonHost(h)
	}
	return canonHost(hostport)
}

// allowed reports whether a host (without its port) names this computer.
func (h hosts) allowed(host string) bool {
	host = canonHost(host)
	switch {
	case host == "":
		return false
	case host == "localhost", strings.HasSuffix(host, ".localhost"):
		return true
	case host == h.bind, h.names[host]:
		return true
	}
	if ip := net.ParseIP(host); ip != nil {
		return ip.IsLoopback() || h.any
	}
	return false
}

// check answers 403 with a one-line reason, and reports false, when the
// request's Host does not name this computer, or when a request for the
// live-reload stream comes from a page of another origin. A missing Origin
// is fine (it is not a browser's cross-origin request).
func (h hosts) check(w http.ResponseWriter, r *http.Request, stream bool) bool {
	host := splitHost(r.Host)
	if !h.allowed(host) {
		forbid(w, fmt.Sprintf("kith serve answers only requests for this computer, and %q is not localhost, a loopback address or the address it listens on; if you reach it through that name on purpose, start it with --allow-host %s", r.Host, host))
		return false
	}
	if !stream {
		return true
	}
	origin := r.Header.Get("Origin")
	if origin == "" {
		return true
	}
	u, err := url.Parse(origin)
	if err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" &&
		(strings.EqualFold(u.Host, r.Host) || h.names[canonHost(u.Hostname())]) {
		return true
	}
	forbid(w, fmt.Sprintf("kith serve's live reload answers only its own pages, and a page of %q is not one; if you open it through that name on purpose, start it with --allow-host NAME", origin))
	return false
}

func forbid(w http.ResponseWriter, reason string) {
	http.Error(w, strings.ReplaceAll(reason, "\n", " "), http.StatusForbidden)
}
