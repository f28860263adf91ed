//go:build !linux

package build

import "os"

// readCache returns the bytes of a file of kith's cache folder.
func readCache(name string) ([]byte, error) { return os.ReadFile(name) }
