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

// check answers 403 with a one-line reason when the request's Host does
// not name this computer, or when a request for the live-reload stream
// comes from a page of another origin, and returns that reason ("" when
// the request may go on). A missing Origin is fine (it is not a browser's
// cross-origin request).
func (h hosts) check(w http.ResponseWriter, r *http.Request, stream bool) (refused string) {
	host := splitHost(r.Host)
	if !h.allowed(host) {
		forbid(w, fmt.Sprintf("kith serve answers only requests for this computer, and %q is not localhost, a loopback address or the address it listens on; if you reach it through that name on purpose, start it with --allow-host %s", r.Host, host))
		return fmt.Sprintf("Host %q", r.Host)
	}
	if !stream {
		return ""
	}
	origin := r.Header.Get("Origin")
	if origin == "" {
		return ""
	}
	u, err := url.Parse(origin)
	if err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" &&
		(strings.EqualFold(u.Host, r.Host) || h.names[canonHost(u.Hostname())]) {
		return ""
	}
	forbid(w, fmt.Sprintf("kith serve's live reload answers only its own pages, and a page of %q is not one; if you open it through that name on purpose, start it with --allow-host NAME", origin))
	return fmt.Sprintf("Origin %q", origin)
}

// maxRefusals is how many refused names are reported, each once; a page
// trying names in a loop cannot flood the terminal.
const maxRefusals = 10

// refuse reports a refused Host or Origin to the command layer, the first
// time it is seen and for the first maxRefusals of them.
func (s *Server) refuse(what string) {
	s.refusedMu.Lock()
	report := !s.refused[what] && len(s.refused) < maxRefusals
	if report {
		s.refused[what] = true
	}
	s.refusedMu.Unlock()
	if report {
		s.report(Report{Err: fmt.Errorf("refused a request with %s: not this computer or its own page (a web page may be trying to read the preview; --allow-host NAME allows a name of yours)", what), Pages: s.pages()})
	}
}

func forbid(w http.ResponseWriter, reason string) {
	http.Error(w, strings.ReplaceAll(reason, "\n", " "), http.StatusForbidden)
}
