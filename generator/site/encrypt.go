package site

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"sort"
	"strings"
	"sync"

	"kith/generator/crypt"
	"kith/generator/page"
	"kith/generator/render"
)

// Encryption makes a site private on any host. With it, every page gets an
// opaque address, every HTML page (404.html too) is sealed with Key and
// written as an unlock shell (crypt.Shell), and the key file and unlock.js
// are added. The images notes embed are sealed too, under opaque names, and
// shown by the unlock script. Only the theme's static files (_kith/...) and
// robots.txt stay in clear text; any other file a site has is left out, so
// that a file added to sites later stays private until someone decides how
// to seal it.
type Encryption struct {
	Key     *crypt.Key
	KeyFile []byte // Key wrapped by the passphrase, published at crypt.KeyFilePath

	// Buffers reused from page to page: allocating the plaintext and the
	// sealed copy of every page made a build allocate 29% more and cost
	// 15-20% more CPU than a plain one, mostly in the garbage collector.
	plain  sync.Pool // *bytes.Buffer
	sealed sync.Pool // *[]byte
}

// shellSize bounds the unlock shell's own bytes, around the payload.
const shellSize = 2048

// Address maps a site address to the one written: the home page stays ""
// (index.html), every other page becomes a folder named by a keyed hash of
// its address, such as "people/dana-okafor/" → "k3v9…/".
func (e *Encryption) Address(addr string) string { return page.Opaque(addr, e.Key.OpaqueName) }

// namer remembers the opaque address of every page of one site, since
// every link asks for one again: an HMAC per link was 4% of a build. It
// learns while the site is laid out (one goroutine) and is read-only once
// frozen, before any page is rendered.
type namer struct {
	enc    *Encryption
	names  map[string]string
	frozen bool
}

func (n *namer) address(addr string) string {
	if w, ok := n.names[addr]; ok {
		return w
	}
	w := n.enc.Address(addr)
	if !n.frozen {
		n.names[addr] = w
	}
	return w
}

// Encrypted reports whether the site is written encrypted.
func (s *Site) Encrypted() bool { return s.enc != nil }

// encrypt narrows the site's files to what an encrypted site publishes.
func (s *Site) encrypt(e *Encryption) {
	s.enc = e
	var files []string
	for _, f := range s.files {
		if _, image := s.img.paths[f]; s.pages[f] != nil || image || f == page.RobotsFile || f == s.peopleFilter || (strings.HasPrefix(f, page.Assets) && f != crypt.KeyFilePath && f != crypt.UnlockJSPath) {
			files = append(files, f)
		}
	}
	files = append(files, crypt.KeyFilePath, crypt.UnlockJSPath)
	sort.Strings(files)
	s.files = files
}

// renderSealed renders page p, seals it under its file name and writes the
// shell that holds it.
func (e *Encryption) renderSealed(buf *bytes.Buffer, theme *render.Theme, name string, p *render.Page) error {
	plain, _ := e.plain.Get().(*bytes.Buffer)
	if plain == nil {
		plain = new(bytes.Buffer)
	}
	defer e.plain.Put(plain)
	plain.Reset()
	if err := theme.Execute(plain, p); err != nil {
		return err
	}
	sealed, _ := e.sealed.Get().(*[]byte)
	if sealed == nil {
		sealed = new([]byte)
	}
	defer e.sealed.Put(sealed)
	*sealed = e.Key.AppendSeal((*sealed)[:0], name, plain.Bytes())
	// The shell is appended in place to buf's free space.
	buf.Grow(shellSize + 2*len(p.Root) + len(name) + base64.StdEncoding.EncodedLen(len(*sealed)))
	out, err := crypt.AppendShell(buf.AvailableBuffer(), crypt.ShellOptions{Root: p.Root, Name: name, Sealed: *sealed})
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	buf.Write(out)
	return nil
}

// file returns the files only an encrypted site has.
func (e *Encryption) file(name string) ([]byte, bool) {
	switch name {
	case crypt.KeyFilePath:
		return e.KeyFile, true
	case crypt.UnlockJSPath:
		return crypt.UnlockJS(), true
	}
	return nil, false
}

// ID names the site in the record of what a build wrote (output.Sums):
// "plain", or for an encrypted site a keyed hash that changes with its key
// (and with it every file's name and bytes) and tells nothing else.
func (s *Site) ID() string { return s.enc.ID() }

// ID is the identity of the site this encryption makes: see Site.ID. A nil
// Encryption makes a plain site.
func (e *Encryption) ID() string {
	if e == nil {
		return "plain"
	}
	return "key:" + e.Key.OpaqueName("kith: the site's identity")
}
