//go:build !linux

package app

import "testing"

func mountTmpfs(t *testing.T, dir string) (remountRO func(), ok bool) { return nil, false }

func bindReadOnly(t *testing.T, path string) bool { return false }
