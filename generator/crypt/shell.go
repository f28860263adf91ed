package crypt

import (
	_ "embed"
	"encoding/base64"
	"fmt"
	"html"
	"slices"
	"strings"
)

// Where the browser side lives in the published site, relative to its root.
const (
	// KeyFilePath is where the key file is published.
	KeyFilePath = "_kith/key.json"
	// UnlockJSPath is where UnlockJS is published.
	UnlockJSPath = "_kith/unlock.js"
)

//go:embed shell.html
var shellHTML string

//go:embed unlock.js
var unlockJS string

// UnlockJS returns the browser script that unlocks a shell page, to be
// published at UnlockJSPath. Each call returns a fresh copy. Once a page
// is open, the script offers the theme window.kith.lock(),
// window.kith.fetchText(path) for sealed data files (path relative to the
// site root, which must also be the name they were sealed under) and
// window.kith.root; elements with a data-kith-lock attribute are shown
// and lock the site when clicked.
func UnlockJS() []byte { return []byte(unlockJS) }

// ShellOptions describes one shell page.
type ShellOptions struct {
	// Root is the path from the page to the site root: "" for a page at
	// the root, a relative path such as "../../", or an absolute path such
	// as "/journal/". It locates the key file and unlock.js, and keys the
	// browser's stored site key.
	Root string
	// Name is the name the page was sealed under (the AAD). It is written
	// in clear text, so it must be the page's public, opaque path.
	Name string
	// Sealed is the page as returned by Key.Seal.
	Sealed []byte
}

// Shell returns the unlock page that stands in for a sealed page: generic
// words, a passphrase form, the sealed page as base64 in a non-executing
// <script type="application/octet-stream" id="kith-sealed"> element, and
// a reference to Root + UnlockJSPath, which decrypts the page in place.
// It refuses a Root that is not a plain path (a scheme or "//host").
func Shell(opts ShellOptions) ([]byte, error) {
	return AppendShell(nil, opts)
}

// AppendShell is Shell, appending the page to dst and returning the
// extended slice, so that a caller making many pages can reuse one buffer.
func AppendShell(dst []byte, opts ShellOptions) ([]byte, error) {
	root := opts.Root
	if root != "" && !strings.HasSuffix(root, "/") {
		root += "/"
	}
	if !plainPath(root) {
		return nil, fmt.Errorf("shell %q: root %q is not a relative or absolute path", opts.Name, opts.Root)
	}
	// The template is filled by plain replacement: parsing html/template
	// for every page cost five times the sealing. Both values are escaped
	// for a double-quoted attribute, and base64 needs no escaping.
	root, name := html.EscapeString(root), html.EscapeString(opts.Name)
	before, after, _ := strings.Cut(shellHTML, "{{PAYLOAD}}")
	size := base64.StdEncoding.EncodedLen(len(opts.Sealed))
	dst = slices.Grow(dst, len(shellHTML)+2*len(root)+len(name)+size)
	dst = slices.Grow(fill(dst, before, root, name), size)
	dst = dst[:len(dst)+size]
	base64.StdEncoding.Encode(dst[len(dst)-size:], opts.Sealed)
	return fill(dst, after, root, name), nil
}

// fill appends the template text s to dst with {{ROOT}} and {{NAME}}
// replaced.
func fill(dst []byte, s, root, name string) []byte {
	for {
		i := strings.Index(s, "{{")
		if i < 0 {
			return append(dst, s...)
		}
		dst = append(dst, s[:i]...)
		s = s[i:]
		switch {
		case strings.HasPrefix(s, "{{ROOT}}"):
			dst, s = append(dst, root...), s[len("{{ROOT}}"):]
		case strings.HasPrefix(s, "{{NAME}}"):
			dst, s = append(dst, name...), s[len("{{NAME}}"):]
		default:
			dst, s = append(dst, "{{"...), s[2:]
		}
	}
}

// plainPath reports whether root is "", a relative path or an absolute
// path: nothing a browser would read as a scheme or another host.
func plainPath(root string) bool {
	if strings.HasPrefix(root, "//") || strings.ContainsAny(root, "\\?#") {
		return false
	}
	first, _, _ := strings.Cut(root, "/")
	return !strings.Contains(first, ":")
}
