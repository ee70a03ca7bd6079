package main

import (
	"syscall"
	"testing"
)

// mountTmpfs mounts a new tmpfs on dir (an empty folder) and returns a
// function that remounts it read-only; false when this process may not
// mount (not root, or no CAP_SYS_ADMIN). The mount is detached when the
// test ends.
func mountTmpfs(t *testing.T, dir string) (remountRO func(), ok bool) {
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

// bindReadOnly bind-mounts the file path read-only over itself; false when
// this process may not mount.
func bindReadOnly(t *testing.T, path string) bool {
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
