package crypt

import (
	"bytes"
	_ "embed"
	"encoding/base64"
	"fmt"
	"html/template"
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
// published at UnlockJSPath. Each call returns a fresh copy.
func UnlockJS() []byte { return []byte(unlockJS) }

// ShellOptions describes one shell page.
type ShellOptions struct {
	// Root is the relative path from the page to the site root, such as
	// "../../", or "" for a page at the root. It locates the key file and
	// unlock.js, and keys the browser's stored site key.
	Root string
	// Name is the name the page was sealed under (the AAD). It is written
	// in clear text, so it must be the page's public, opaque path.
	Name string
	// Sealed is the page as returned by Key.Seal.
	Sealed []byte
}

// shellData is what shell.html is executed with.
type shellData struct {
	Root, Name string
	// Payload is base64, whose alphabet needs no escaping; html/template
	// would turn '+' into an entity, which a <script> element never decodes.
	Payload template.HTML
}

// Shell returns the unlock page that stands in for a sealed page: generic
// words, a passphrase form, the sealed page as base64 in a non-executing
// <script type="application/octet-stream" id="kith-sealed"> element, and
// a reference to Root + UnlockJSPath, which decrypts the page in place.
func Shell(opts ShellOptions) ([]byte, error) {
	root := opts.Root
	if root != "" && !strings.HasSuffix(root, "/") {
		root += "/"
	}
	t, err := template.New("shell").Parse(shellHTML)
	if err != nil {
		return nil, fmt.Errorf("shell template: %w", err)
	}
	var buf bytes.Buffer
	buf.Grow(len(shellHTML) + base64.StdEncoding.EncodedLen(len(opts.Sealed)))
	err = t.Execute(&buf, shellData{
		Root:    root,
		Name:    opts.Name,
		Payload: template.HTML(base64.StdEncoding.EncodeToString(opts.Sealed)),
	})
	if err != nil {
		return nil, fmt.Errorf("shell %q: %w", opts.Name, err)
	}
	return buf.Bytes(), nil
}
