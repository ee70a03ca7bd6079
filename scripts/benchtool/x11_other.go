//go:build !linux

package main

import (
	"errors"
	"time"
)

// screenWatch needs X11 with XTest and MIT-SHM (x11_linux.go).
type screenWatch struct{}

func newScreenWatch(x, y, w, h int) (*screenWatch, error) {
	return nil, errors.New("benchtool window runs on Linux under X11 (Xvfb) only")
}

func (s *screenWatch) close()                                      {}
func (s *screenWatch) grab() (uint64, int)                         { return 0, 0 }
func (s *screenWatch) key(name string, count int, d time.Duration) {}
func (s *screenWatch) click(x, y int)                              {}
func (s *screenWatch) settle(from time.Time, before uint64, quiet, limit time.Duration) (time.Time, uint64, int, error) {
	return from, before, 0, errors.New("no X11")
}
