package render_test

import (
	"bytes"
	"os"
	"testing"

	"kith/generator/render/gen"
	"kith/templates"
)

// TestGenerated fails when generated.go is not what go generate makes of
// the default theme's templates now: after editing a template, run
// go generate ./generator/render and review the diff. (Until then the
// built site still follows the template: the edited kinds are rendered by
// html/template.)
func TestGenerated(t *testing.T) {
	want, err := gen.Generate(templates.FS())
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("generated.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Error("generated.go differs from what the templates generate; run go generate ./generator/render and review the diff")
	}
}
