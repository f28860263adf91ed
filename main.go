// Command kith compiles a personal networking journal into a private, browsable site.
package main

import (
	"os"

	"kith/generator/cli"
)

func main() {
	os.Exit(cli.Run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
