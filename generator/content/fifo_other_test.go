//go:build !unix

package content

import "errors"

// mkfifo says that this system has no named pipes a test can make.
func mkfifo(string) error { return errors.ErrUnsupported }
