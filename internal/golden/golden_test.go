package golden

import (
	"fmt"
	"image"
	"image/color"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// recorder is a testing.TB that records failures instead of failing.
type recorder struct {
	testing.TB
	errors []string
	fatal  bool
}

func (r *recorder) Helper() {}
func (r *recorder) Errorf(format string, args ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}
func (r *recorder) Fatalf(format string, args ...any) {
	r.Errorf(format, args...)
	r.fatal = true
	runtime.Goexit()
}
func (r *recorder) Fatal(args ...any) { r.Fatalf("%s", fmt.Sprint(args...)) }

// run calls fn with a recorder on its own goroutine, so Fatalf can stop it.
func run(t *testing.T, fn func(tb testing.TB)) *recorder {
	r := &recorder{TB: t}
	done := make(chan struct{})
	go func() { defer close(done); fn(r) }()
	<-done
	return r
}

func TestAssert(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.golden")
	if err := os.WriteFile(path, []byte("one\ntwo\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if r := run(t, func(tb testing.TB) { Assert(tb, path, []byte("one\ntwo\n")) }); len(r.errors) > 0 {
		t.Errorf("equal bytes failed: %v", r.errors)
	}
	r := run(t, func(tb testing.TB) { Assert(tb, path, []byte("one\nthree\n")) })
	if len(r.errors) != 1 || !strings.Contains(r.errors[0], "line 2:") || !strings.Contains(r.errors[0], FailedPath(path)) {
		t.Errorf("a mismatch reported %q, want the line and the failed file", r.errors)
	}
	if b, err := os.ReadFile(FailedPath(path)); err != nil || string(b) != "one\nthree\n" {
		t.Errorf("failed output = %q, %v; want what was got", b, err)
	}
	run(t, func(tb testing.TB) { Assert(tb, path, []byte("one\ntwo\n")) })
	if _, err := os.Stat(FailedPath(path)); !os.IsNotExist(err) {
		t.Errorf("a passing comparison left %s behind", FailedPath(path))
	}
	r = run(t, func(tb testing.TB) { Assert(tb, filepath.Join(dir, "missing.golden"), nil) })
	if !r.fatal || !strings.Contains(r.errors[0], "-update") {
		t.Errorf("a missing golden file reported %q, want a fatal error naming -update", r.errors)
	}
}

func TestAssertUpdate(t *testing.T) {
	*update = true
	defer func() { *update = false }()
	path := filepath.Join(t.TempDir(), "new", "out.golden")
	if r := run(t, func(tb testing.TB) { Assert(tb, path, []byte("x")) }); len(r.errors) > 0 {
		t.Fatal(r.errors)
	}
	if b, err := os.ReadFile(path); err != nil || string(b) != "x" {
		t.Errorf("-update wrote %q, %v", b, err)
	}
}

func gray(w, h int, level uint8) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.SetNRGBA(x, y, color.NRGBA{level, level, level, 0xff})
		}
	}
	return img
}

func TestAssertImage(t *testing.T) {
	path := filepath.Join(t.TempDir(), "img.png")
	*update = true
	run(t, func(tb testing.TB) { AssertImage(tb, path, gray(50, 20, 100), Tolerance{}) })
	*update = false

	near := gray(50, 20, 110) // every pixel 10 levels off
	few := gray(50, 20, 100)  // two pixels far off
	few.SetNRGBA(0, 0, color.NRGBA{255, 0, 0, 255})
	few.SetNRGBA(1, 0, color.NRGBA{255, 0, 0, 255})
	for _, tc := range []struct {
		name string
		img  image.Image
		tol  Tolerance
		ok   bool
	}{
		{"identical, exact", gray(50, 20, 100), Tolerance{}, true},
		{"near, exact", near, Tolerance{}, false},
		{"near, within level", near, Tolerance{Level: 10}, true},
		{"two pixels off, share 2/1000", few, Tolerance{Share: 2.0 / 1000}, true},
		{"two pixels off, share 1/1000", few, Tolerance{Share: 1.0 / 1000}, false},
		{"other size", gray(20, 50, 100), Tolerance{Level: 255, Share: 1}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := run(t, func(tb testing.TB) { AssertImage(tb, path, tc.img, tc.tol) })
			if ok := len(r.errors) == 0; ok != tc.ok {
				t.Errorf("match = %v, want %v (%v)", ok, tc.ok, r.errors)
			}
			_, err := os.Stat(FailedPath(path))
			if failed := err == nil; failed == tc.ok {
				t.Errorf("failed image written = %v, want %v", failed, !tc.ok)
			}
		})
	}
}
