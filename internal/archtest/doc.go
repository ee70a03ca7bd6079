// Package archtest holds no code: its test checks the import rules that
// docs/ARCHITECTURE.md states, reading what each package depends on from
// `go list -deps`, so a change that breaks a layer fails `make test`.
package archtest
