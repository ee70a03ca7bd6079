//go:build !linux

package rofs

import "testing"

// MountTmpfs reports false: only Linux mounts are made.
func MountTmpfs(t testing.TB, dir string) (remountRO func(), ok bool) { return nil, false }

// BindReadOnly reports false: only Linux mounts are made.
func BindReadOnly(t testing.TB, path string) bool { return false }
