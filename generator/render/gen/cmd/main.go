// Command gen writes generator/render/generated.go from the default theme's
// templates (go generate ./generator/render).
package main

import (
	"fmt"
	"os"

	"kith/generator/render/gen"
	"kith/templates"
)

func main() {
	src, err := gen.Generate(templates.FS())
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		if src != nil {
			os.WriteFile("generated.go.broken", src, 0o644)
		}
		os.Exit(1)
	}
	if err := os.WriteFile("generated.go", src, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}
