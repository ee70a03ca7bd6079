//go:build linux

// Package rofs gives tests a read-only file system: a tmpfs they can remount
// read-only, or a file bind-mounted read-only over itself. Permission bits
// cannot make a folder read-only for root, so the tests of read-only
// databases (data, app, cmd/hamesh) use real mounts where the process may
// make them, and skip, saying why, where it may not.
package rofs

import (
	"syscall"
	"testing"
)

// MountTmpfs mounts a new tmpfs on dir (an empty folder) and returns a
// function that remounts it read-only; false when this process may not
// mount (not root, or no CAP_SYS_ADMIN). The mount is detached when the
// test ends.
func MountTmpfs(t testing.TB, dir string) (remountRO func(), ok bool) {
	t.Helper()
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, "size=64m"); err != nil {
		return nil, false
	}
	t.Cleanup(func() { syscall.Unmount(dir, syscall.MNT_DETACH) })
	return func() {
		if err := syscall.Mount("", dir, "", syscall.MS_REMOUNT|syscall.MS_RDONLY, ""); err != nil {
			t.Fatalf("remount %s read-only: %v", dir, err)
		}
	}, true
}

// BindReadOnly bind-mounts the file path read-only over itself; false when
// this process may not mount.
func BindReadOnly(t testing.TB, path string) bool {
	t.Helper()
	if err := syscall.Mount(path, path, "", syscall.MS_BIND, ""); err != nil {
		return false
	}
	t.Cleanup(func() { syscall.Unmount(path, syscall.MNT_DETACH) })
	if err := syscall.Mount("", path, "", syscall.MS_REMOUNT|syscall.MS_BIND|syscall.MS_RDONLY, ""); err != nil {
		t.Fatalf("remount %s read-only: %v", path, err)
	}
	return true
}
