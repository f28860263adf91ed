package serve

import (
	"bytes"
	"html/template"
	"mime"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"sync"
)

// Addresses the server answers besides the site's own files.
const (
	ReloadPath   = "/_kith/reload"    // the Server-Sent Events stream
	ReloadScript = "/_kith/reload.js" // the script every served page gets
)

// cacheBudget bounds the bytes of rendered pages kept per site generation.
const cacheBudget = 32 << 20

// maxPooled is the largest render buffer kept for reuse.
const maxPooled = 4 << 20

// ServeHTTP serves the site from memory: only files the site has, never a
// path read from disk.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if refused := s.hosts.check(w, r, r.URL.Path == ReloadPath); refused != "" {
		s.refuse(refused)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	p, ok := cleanPath(r)
	if !ok {
		http.Error(w, "bad path", http.StatusBadRequest)
		return
	}
	switch p {
	case ReloadPath:
		if r.Method != http.MethodGet {
			w.Header().Set("Allow", "GET")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		s.events(w, r)
		return
	case ReloadScript:
		s.write(w, r, http.StatusOK, "reload.js", reloadJS)
		return
	}
	status, name, body, err := s.file(p)
	switch {
	case err != nil:
		http.Error(w, err.Error(), http.StatusInternalServerError)
	case status == http.StatusFound:
		http.Redirect(w, r, (&url.URL{Path: name}).EscapedPath(), http.StatusFound)
	case body == nil:
		http.Error(w, "404 page not found", http.StatusNotFound)
	default:
		s.write(w, r, status, name, body)
	}
}

// file finds and renders the file at the URL path p, holding the site for
// reading meanwhile (not while the answer is sent). It returns the status,
// the file's name (the address to go to, for a redirect) and its bytes.
func (s *Server) file(p string) (int, string, []byte, error) {
	st, release := s.use()
	defer release()
	if st.site == nil {
		return http.StatusInternalServerError, "index.html", problemsPage(st), nil
	}
	name, ok := st.site.Lookup(p)
	if !ok {
		if !strings.HasSuffix(p, "/") {
			if _, ok := st.site.Lookup(p + "/"); ok {
				return http.StatusFound, p + "/", nil, nil
			}
		}
		if body, err := s.render(st, "404.html"); err == nil {
			return http.StatusNotFound, "404.html", body, nil
		}
		return http.StatusNotFound, "", nil, nil
	}
	body, err := s.render(st, name)
	if err != nil {
		return 0, "", nil, err
	}
	return http.StatusOK, name, body, nil
}

// cleanPath refuses any request whose path could climb out of the site:
// "." or ".." segments (also percent-encoded), encoded slashes and
// backslashes, and NUL bytes.
func cleanPath(r *http.Request) (string, bool) {
	p := r.URL.Path
	raw := strings.ToLower(r.URL.RawPath)
	if !strings.HasPrefix(p, "/") || strings.ContainsAny(p, "\\\x00") ||
		strings.Contains(raw, "%2f") || strings.Contains(raw, "%5c") {
		return "", false
	}
	for _, seg := range strings.Split(p[1:], "/") {
		if seg == "." || seg == ".." {
			return "", false
		}
	}
	return p, true
}

func (s *Server) write(w http.ResponseWriter, r *http.Request, status int, name string, body []byte) {
	h := w.Header()
	h.Set("Content-Type", contentType(name))
	h.Set("Content-Length", strconv.Itoa(len(body)))
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		_, _ = w.Write(body)
	}
}

// types are the content types of the files a site has; others go by the
// system's table.
var types = map[string]string{
	".html":        "text/html; charset=utf-8",
	".css":         "text/css; charset=utf-8",
	".js":          "text/javascript; charset=utf-8",
	".txt":         "text/plain; charset=utf-8",
	".json":        "application/json",
	".ics":         "text/calendar; charset=utf-8",
	".vcf":         "text/vcard; charset=utf-8",
	".svg":         "image/svg+xml",
	".png":         "image/png",
	".jpg":         "image/jpeg",
	".jpeg":        "image/jpeg",
	".gif":         "image/gif",
	".webp":        "image/webp",
	".ico":         "image/x-icon",
	".woff":        "font/woff",
	".woff2":       "font/woff2",
	".xml":         "application/xml",
	".webmanifest": "application/manifest+json",
}

func contentType(name string) string {
	ext := strings.ToLower(path.Ext(name))
	if t, ok := types[ext]; ok {
		return t
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return "application/octet-stream"
}

// render returns a file of the site as served: HTML pages get the reload
// script. Results are kept per site generation, within a budget.
func (s *Server) render(st *state, name string) ([]byte, error) {
	if b, ok := st.cache.get(name); ok {
		return b, nil
	}
	buf, _ := s.bufs.Get().(*bytes.Buffer)
	if buf == nil {
		buf = new(bytes.Buffer)
	}
	defer func() {
		if buf.Cap() <= maxPooled {
			buf.Reset()
			s.bufs.Put(buf)
		}
	}()
	buf.Reset()
	if err := st.site.Render(buf, name); err != nil {
		return nil, err
	}
	var out []byte
	if strings.HasSuffix(name, ".html") {
		out = inject(buf.Bytes(), st.token)
	} else {
		out = bytes.Clone(buf.Bytes())
	}
	st.cache.put(name, out)
	return out, nil
}

// scriptTag is what a served page has that the built page has not.
func scriptTag(token string) string {
	return `<script src="` + ReloadScript + `?g=` + template.HTMLEscapeString(token) + `"></script>`
}

// inject copies an HTML page with the reload script added before its last
// </body>, or at its end when it has none. The script is a file of its own
// because the theme's Content-Security-Policy allows no inline scripts.
func inject(page []byte, token string) []byte {
	tag := scriptTag(token)
	i := bytes.LastIndex(page, []byte("</body>"))
	if i < 0 {
		i = len(page)
	}
	out := make([]byte, 0, len(page)+len(tag))
	out = append(out, page[:i]...)
	out = append(out, tag...)
	return append(out, page[i:]...)
}

// problemsPage is served while the journal has never linked without
// errors, so there is no good site to show yet.
func problemsPage(st *state) []byte {
	var b bytes.Buffer
	b.WriteString("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>kith: the journal has errors</title>\n</head>\n<body>\n")
	b.WriteString("<h1>The journal has errors</h1>\n<p>Fix them and this page reloads by itself.</p>\n<ul>\n")
	for _, p := range st.problems {
		b.WriteString("<li><code>" + template.HTMLEscapeString(p.Error()) + "</code></li>\n")
	}
	b.WriteString("</ul>\n" + scriptTag(st.token) + "</body>\n</html>\n")
	return b.Bytes()
}

// pageCache keeps rendered files of one site generation.
type pageCache struct {
	mu    sync.Mutex
	files map[string][]byte
	size  int
}

func (c *pageCache) get(name string) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	b, ok := c.files[name]
	return b, ok
}

func (c *pageCache) put(name string, b []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.size+len(b) > cacheBudget {
		return
	}
	if c.files == nil {
		c.files = map[string][]byte{}
	}
	if _, ok := c.files[name]; !ok {
		c.files[name] = b
		c.size += len(b)
	}
}
