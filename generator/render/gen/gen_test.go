package gen

import (
	"io/fs"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"kith/templates"
)

// theme returns the default theme with entry.html's <h1> line replaced.
func theme(t *testing.T, h1 string) fs.FS {
	t.Helper()
	out := fstest.MapFS{}
	err := fs.WalkDir(templates.FS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(templates.FS(), p)
		if p == "entry.html" {
			if !strings.Contains(string(b), "<h1>{{$e.Title}}</h1>") {
				t.Fatal("entry.html has no <h1>{{$e.Title}}</h1>")
			}
			b = []byte(strings.Replace(string(b), "<h1>{{$e.Title}}</h1>", h1, 1))
		}
		out[p] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestGenerate checks what gen writes for a few constructs (by how many
// more times a pattern occurs than in the default theme's code), and that a
// construct it does not know is an error naming it, never a guess.
func TestGenerate(t *testing.T) {
	base, err := Generate(templates.FS())
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, h1 string
		pattern  string // in the generated code, or in the error
		more     int    // how many more times than in the default theme's code
		wantErr  bool
	}{
		{"url", `<h1><a href="{{$e.Title}}">x</a></h1>`, `w\.url\(v\d+\.Title\)`, 1, false},
		{"after a scheme", `<h1><a href="mailto:{{$e.Title}}">x</a></h1>`, `w\.urlPart\(v\d+\.Title\)`, 1, false},
		{"attribute", `<h1 title="{{$e.Kind}}">x</h1>`, `<h1 title=\\""\)\s+w\.text\(v\d+\.Kind\)`, 1, false},
		{"condition", `{{if $e.Draft}}<p class="badge">draft</p>{{end}}`, `if v\d+\.Draft \{\s+w\.lit\("<p class=\\"badge\\">draft</p>"\)`, 1, false},
		{"int in CSS", `<h1 style="--h:{{hue $e.Title}}">x</h1>`, `w\.int\(hue\(v\d+\.Title\)\)`, 1, false},
		{"unknown function", `<h1>{{printf "%s" $e.Title}}</h1>`, "printf", 1, true},
		{"string in CSS", `<h1 style="color:{{$e.Title}}">x</h1>`, "cssvaluefilter", 1, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			re := regexp.MustCompile(tt.pattern)
			src, err := Generate(theme(t, tt.h1))
			if (err != nil) != tt.wantErr {
				t.Fatalf("got error %v, want an error %v", err, tt.wantErr)
			}
			if err != nil {
				if !re.MatchString(err.Error()) {
					t.Errorf("got error %v, want it to name %s", err, tt.pattern)
				}
				return
			}
			got := len(re.FindAll(src, -1)) - len(re.FindAll(base, -1))
			if got != tt.more {
				t.Errorf("got %d more of %s than in the default theme's code, want %d", got, tt.pattern, tt.more)
			}
		})
	}
}
