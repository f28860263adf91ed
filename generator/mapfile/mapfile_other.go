//go:build !linux

package mapfile

import "os"

// mapped reports that files are read, not mapped, here.
func mapped(*os.File, int, bool) ([]byte, error) { return nil, errNotFile }
