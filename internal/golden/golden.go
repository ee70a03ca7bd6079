// Package golden compares what a test produced with a golden file committed
// beside the test, the one way every package of Hamesh does it.
//
// A golden file holds the expected output. [Assert] compares bytes exactly;
// [AssertImage] compares pixels within a [Tolerance], for renderings whose
// anti-aliasing may differ by a few levels between machines. Run the tests
// with -update to rewrite the golden files from what the code now produces
// (then read the diff before committing it):
//
//	go test ./annotations/formats/html -update
//
// The flag exists only in test binaries of packages that import golden, so
// name those packages rather than a pattern that matches others.
//
// When a comparison fails, the output is written beside the golden file as
// <path>.failed (git-ignored), so it can be diffed or viewed; a later pass
// removes it.
//
// The package is meant for tests only. It registers the -update flag, so a
// test package that imports it must not define its own.
package golden

import (
	"bytes"
	"flag"
	"fmt"
	"image"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files with what the tests produce, instead of comparing")

// Updating reports whether the tests run with -update, for a test that
// must do more than Assert when it rewrites its golden files (such as
// removing a stale one).
func Updating() bool { return *update }

// UpdateFlag returns the -update flag itself, for a helper package that
// hands it on to its tests as a *bool (annotations/formats/internal/fixture
// does).
func UpdateFlag() *bool { return update }

// FailedPath is where a failed comparison leaves the output it got: path
// with ".failed" appended.
func FailedPath(path string) string { return path + ".failed" }

// Assert checks that got equals the contents of the golden file at path
// (relative to the test's package directory) byte for byte. With -update it
// writes got to path instead, creating directories as needed. A missing
// golden file fails the test. On a mismatch it reports the first differing
// line and writes got to FailedPath(path).
func Assert(t testing.TB, path string, got []byte) {
	t.Helper()
	if *update {
		write(t, path, got)
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("golden file %s: %v (run go test -update to create it)", path, err)
	}
	if bytes.Equal(got, want) {
		os.Remove(FailedPath(path))
		return
	}
	failed := FailedPath(path)
	note := "the output is in " + failed
	if err := os.WriteFile(failed, got, 0o644); err != nil {
		note = "could not write the output: " + err.Error()
	}
	t.Errorf("%s differs from the golden file (go test -update rewrites it, if the change is intended); %s\n%s", path, note, firstDiff(want, got))
}

// firstDiff describes where two texts first differ: the line number and both
// lines, quoted.
func firstDiff(want, got []byte) string {
	wl := strings.Split(string(want), "\n")
	gl := strings.Split(string(got), "\n")
	for i := 0; i < len(wl) || i < len(gl); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return fmt.Sprintf("line %d:\nwant %q\ngot  %q", i+1, w, g)
		}
	}
	return "(same lines, different bytes)"
}

// Tolerance is how far an image may stray from its golden image and still
// match. The zero Tolerance asks for identical pixels.
type Tolerance struct {
	// Level is the largest difference, in 8-bit levels (0–255), of any of
	// a pixel's red, green, blue and alpha channels for which the pixel
	// still counts as equal.
	Level uint8
	// Share is the fraction (0–1) of the image's pixels that may differ by
	// more than Level.
	Share float64
}

// AssertImage checks that img matches the PNG golden file at path within tol:
// the same bounds, and at most tol.Share of the pixels differing by more
// than tol.Level in a channel. With -update it writes img to path as a PNG
// instead. On a mismatch it writes img to FailedPath(path) (a PNG).
func AssertImage(t testing.TB, path string, img image.Image, tol Tolerance) {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatalf("encoding the image for %s: %v", path, err)
	}
	if *update {
		write(t, path, buf.Bytes())
		return
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("golden image %s: %v (run go test -update to create it)", path, err)
	}
	want, err := png.Decode(f)
	f.Close()
	if err != nil {
		t.Fatalf("golden image %s: %v", path, err)
	}
	msg := ""
	if want.Bounds() != img.Bounds() {
		msg = fmt.Sprintf("size %v, golden %v", img.Bounds(), want.Bounds())
	} else if bad, limit := diffPixels(want, img, tol); bad > limit {
		msg = fmt.Sprintf("%d pixels differ by more than %d levels (at most %d may)", bad, tol.Level, limit)
	}
	if msg == "" {
		os.Remove(FailedPath(path))
		return
	}
	failed := FailedPath(path)
	note := "the image got is in " + failed
	if err := os.WriteFile(failed, buf.Bytes(), 0o644); err != nil {
		note = "could not write the image got: " + err.Error()
	}
	t.Errorf("%s: %s (go test -update rewrites it, if the change is intended); %s", path, msg, note)
}

// diffPixels counts the pixels of got that differ from want by more than
// tol.Level in a channel, and returns the count allowed by tol.Share.
func diffPixels(want, got image.Image, tol Tolerance) (bad, limit int) {
	b := got.Bounds()
	level := uint32(tol.Level) * 0x101 // RGBA() is 16-bit: 0xff is 0xffff
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r1, g1, b1, a1 := got.At(x, y).RGBA()
			r2, g2, b2, a2 := want.At(x, y).RGBA()
			if absDiff(r1, r2) > level || absDiff(g1, g2) > level || absDiff(b1, b2) > level || absDiff(a1, a2) > level {
				bad++
			}
		}
	}
	return bad, int(math.Floor(float64(b.Dx()*b.Dy())*tol.Share + 1e-9))
}

func absDiff(a, b uint32) uint32 {
	if a > b {
		return a - b
	}
	return b - a
}

// write writes a golden file under -update and removes a stale failed copy.
func write(t testing.TB, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	os.Remove(FailedPath(path))
}
