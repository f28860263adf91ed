//go:build !unix

package search

import "os"

// readAll returns the bytes of the file at path.
func readAll(path string) ([]byte, error) { return os.ReadFile(path) }
