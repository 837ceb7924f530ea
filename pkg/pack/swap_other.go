//go:build !linux

package pack

import "errors"

func renameExchange(a, b string) error { return errors.ErrUnsupported }
