package site

import (
	"context"
	"regexp"
	"testing"
	"testing/fstest"
)

// TestChromeOverrideSeesItsView overrides the header with a journal's own
// _chrome.html that prints its view, page.Chrome: each page shows its own
// section as current and its own links, although the header is cached and
// shared by the pages that show the same chrome.
func TestChromeOverrideSeesItsView(t *testing.T) {
	fsys := fstest.MapFS{
		"kith.yaml":                       {Data: []byte("title: T\nowner: Rosa\n")},
		"content/people/Ann.md":           {Data: []byte("---\nname: Ann\n---\n")},
		"content/people/Bo.md":            {Data: []byte("---\nname: Bo\n---\n")},
		"content/entries/2026-01-02-a.md": {Data: []byte("---\ndate: 2026-01-02\nwith: [Ann]\n---\nHi.\n")},
		"templates/_chrome.html": {Data: []byte(`{{define "chrome-top"}}<p id="chrome">{{.Chrome.Title}}|{{.Chrome.Home}}|{{range .Chrome.Nav}}{{if .Current}}{{.Label}}>{{.Link}}{{end}}{{end}}</p>{{end}}` +
			`{{define "chrome-foot"}}<p id="foot">{{.Foot.Owner}}</p>{{end}}`)},
	}
	s, _, err := Load(context.Background(), options(fsys))
	if err != nil {
		t.Fatal(err)
	}
	chrome := regexp.MustCompile(`<p id="chrome">([^<]*)</p>`)
	tests := []struct{ file, want string }{
		{"index.html", "T|./|"},
		{"people/index.html", "T|../|People>../people/"},
		{"people/ann/index.html", "T|../../|People>../../people/"},
		{"people/bo/index.html", "T|../../|People>../../people/"},
		{"entries/2026-01-02-a/index.html", "T|../../|Entries>../../entries/"},
		{"entries/index.html", "T|../|Entries>../entries/"},
		{"follow-ups/index.html", "T|../|Follow-ups>../follow-ups/"},
		{"404.html", "T|/|"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			b, err := s.File(tt.file)
			if err != nil {
				t.Fatal(err)
			}
			m := chrome.FindSubmatch(b)
			if m == nil {
				t.Fatalf("got no header from the override in %.300s", b)
			}
			if got := string(m[1]); got != tt.want {
				t.Errorf("got header %q, want %q", got, tt.want)
			}
			if !regexp.MustCompile(`<p id="foot">Rosa</p>`).Match(b) {
				t.Errorf("got no footer with the owner")
			}
		})
	}
}
