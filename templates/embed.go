// Package templates holds kith's default theme: html/template pages, one CSS
// file and a small script, embedded into the binary. A journal's own
// templates/ folder overrides these files one by one.
package templates

import (
	"embed"
	"io/fs"
)

//go:embed *.html *.css *.js
var files embed.FS

// FS returns the default theme's files.
func FS() fs.FS { return files }
