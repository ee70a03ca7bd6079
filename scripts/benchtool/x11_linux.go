package main

// An X client for the real-window benchmarks: XTest key events in, a
// screen region watched out (XShm), as issue 16 asks ("an X client that
// watches a screen region").

/*
#cgo LDFLAGS: -lX11 -lXtst -lXext
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <X11/keysym.h>
#include <X11/extensions/XTest.h>
#include <X11/extensions/XShm.h>

typedef struct {
	Display *d;
	XImage *im;
	XShmSegmentInfo shm;
	int x, y;
} watcher;

static watcher *watch_open(int x, int y, int w, int h) {
	Display *d = XOpenDisplay(NULL);
	if (!d) return NULL;
	int ev, er, maj, min;
	if (!XTestQueryExtension(d, &ev, &er, &maj, &min) || !XShmQueryExtension(d)) {
		XCloseDisplay(d);
		return NULL;
	}
	watcher *wt = calloc(1, sizeof(watcher));
	wt->d = d;
	wt->x = x;
	wt->y = y;
	int scr = DefaultScreen(d);
	wt->im = XShmCreateImage(d, DefaultVisual(d, scr), DefaultDepth(d, scr), ZPixmap, NULL, &wt->shm, w, h);
	wt->shm.shmid = shmget(IPC_PRIVATE, wt->im->bytes_per_line * wt->im->height, IPC_CREAT | 0600);
	wt->shm.shmaddr = wt->im->data = shmat(wt->shm.shmid, 0, 0);
	wt->shm.readOnly = False;
	XShmAttach(d, &wt->shm);
	XSync(d, False);
	shmctl(wt->shm.shmid, IPC_RMID, 0);
	return wt;
}

static void watch_close(watcher *wt) {
	XShmDetach(wt->d, &wt->shm);
	XDestroyImage(wt->im);
	shmdt(wt->shm.shmaddr);
	XCloseDisplay(wt->d);
	free(wt);
}

// watch_grab copies the region into the shared image and returns a hash
// of it (FNV-1a over its pixels) and, through ink, how many pixels differ
// clearly from its top left one (the background): text, in either theme.
static unsigned long long watch_grab(watcher *wt, int *ink) {
	XShmGetImage(wt->d, DefaultRootWindow(wt->d), wt->im, wt->x, wt->y, AllPlanes);
	unsigned long long h = 1469598103934665603ULL;
	int n = 0;
	unsigned int bg = *(unsigned int *)wt->im->data & 0xffffff;
	for (int y = 0; y < wt->im->height; y++) {
		unsigned int *row = (unsigned int *)(wt->im->data + y * wt->im->bytes_per_line);
		for (int x = 0; x < wt->im->width; x++) {
			unsigned int p = row[x] & 0xffffff;
			h = (h ^ p) * 1099511628211ULL;
			int d = abs((int)((p >> 16) & 0xff) - (int)((bg >> 16) & 0xff)) +
				abs((int)((p >> 8) & 0xff) - (int)((bg >> 8) & 0xff)) + abs((int)(p & 0xff) - (int)(bg & 0xff));
			if (d > 0x100) n++;
		}
	}
	*ink = n;
	return h;
}

// watch_key presses and releases a key count times, each press delay ms
// after the previous release (the server delays it: distinct times).
static void watch_key(watcher *wt, KeySym sym, int count, int delay) {
	KeyCode k = XKeysymToKeycode(wt->d, sym);
	for (int i = 0; i < count; i++) {
		XTestFakeKeyEvent(wt->d, k, True, i == 0 ? CurrentTime : delay);
		XTestFakeKeyEvent(wt->d, k, False, CurrentTime);
	}
	XFlush(wt->d);
}

static void watch_click(watcher *wt, int x, int y) {
	XTestFakeMotionEvent(wt->d, -1, x, y, CurrentTime);
	XTestFakeButtonEvent(wt->d, 1, True, CurrentTime);
	XTestFakeButtonEvent(wt->d, 1, False, CurrentTime);
	XFlush(wt->d);
}
*/
import "C"

import (
	"fmt"
	"time"
)

// screenWatch sends XTest input to the X display in $DISPLAY and watches
// a region of its root window.
type screenWatch struct{ w *C.watcher }

// newScreenWatch watches the region of w×h pixels at (x, y).
func newScreenWatch(x, y, w, h int) (*screenWatch, error) {
	wt := C.watch_open(C.int(x), C.int(y), C.int(w), C.int(h))
	if wt == nil {
		return nil, fmt.Errorf("cannot open the X display in $DISPLAY with the XTest and MIT-SHM extensions")
	}
	return &screenWatch{wt}, nil
}

func (s *screenWatch) close() { C.watch_close(s.w) }

// grab returns a hash of the region's pixels and how many are ink (differ
// clearly from the background).
func (s *screenWatch) grab() (hash uint64, ink int) {
	var n C.int
	h := C.watch_grab(s.w, &n)
	return uint64(h), int(n)
}

// X keysyms of the keys the benchmark presses.
var keysyms = map[string]C.KeySym{
	"Page_Down": C.XK_Next, "Page_Up": C.XK_Prior, "Home": C.XK_Home, "End": C.XK_End,
}

// key presses and releases the named key count times, the presses delay
// apart. GLFW's X11 backend drops a press that has the same server time as
// the previous press of that key (x11_window.c, keyPressTimes: its filter
// for input methods' duplicates), so a burst of XTest events sent with no
// delay reaches a Fyne window as one or two keys; a keyboard's auto-repeat
// is some 30 ms apart. A burst with 1 ms between presses still delivers
// many keys per frame.
func (s *screenWatch) key(name string, count int, delay time.Duration) {
	C.watch_key(s.w, keysyms[name], C.int(count), C.int(delay.Milliseconds()))
}

// click clicks the first button at (x, y).
func (s *screenWatch) click(x, y int) { C.watch_click(s.w, C.int(x), C.int(y)) }

// settle polls the region until it has not changed for quiet, at most
// limit, and returns the time of its last change (from, when it never
// changed), its hash then, and how many times it changed (frames seen).
func (s *screenWatch) settle(from time.Time, before uint64, quiet, limit time.Duration) (last time.Time, hash uint64, changes int, err error) {
	last, hash = from, before
	deadline := from.Add(limit)
	for {
		h, _ := s.grab()
		now := time.Now()
		if h != hash {
			hash, last = h, now
			changes++
		} else if now.Sub(last) >= quiet {
			return last, hash, changes, nil
		}
		if now.After(deadline) {
			return last, hash, changes, fmt.Errorf("the screen still changing after %v", limit)
		}
		time.Sleep(time.Millisecond)
	}
}
