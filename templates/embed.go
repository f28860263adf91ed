// Package templates holds kith's default theme: html/template pages, one CSS
// file, small scripts and a favicon, embedded into the binary. A journal's own
// templates/ folder overrides these files one by one.
package templates

import (
	"embed"
	"io/fs"
)

//go:embed *.html *.css *.js *.svg
var files embed.FS

// FS returns the default theme's files.
func FS() fs.FS { return files }
