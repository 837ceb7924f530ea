// Package layout holds no code: its test asserts the import rules of
// docs/development.md with go list, so a wrong import fails make test.
package layout
