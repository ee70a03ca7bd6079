# Hamesh — the two commands a newcomer needs:
#   make run    set up what is missing, build, open the app on the default database
#   make test   set up what is missing and run every test (GUI tests under Xvfb)
# Both work as root or with sudo on a fresh Debian machine.

SHELL := /bin/bash
GO_VERSION := 1.26.8
# Go from /usr/local/go if present, else a toolchain fetched from the Go module proxy.
GOROOT_LOCAL := $(HOME)/.cache/hamesh/go$(GO_VERSION)
export PATH := /usr/local/go/bin:$(GOROOT_LOCAL)/bin:$(PATH)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_PACKAGES := gcc libc6-dev make pkg-config libgl1-mesa-dev xorg-dev libxkbcommon-dev \
	xvfb xauth x11-xkb-utils xdotool imagemagick unicode-data libfribidi-bin sqlite3 curl unzip ca-certificates
BIN := bin/hamesh
# The version stamped into the binary: `git describe` of a release tag, else
# FyneApp.toml's version with the commit (no tag yet); -trimpath keeps the
# build reproducible whatever the checkout's path.
FYNE_VERSION := $(shell sed -n 's/^ *Version *= *"\(.*\)"/\1/p' FyneApp.toml)
COMMIT := $(shell git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
VERSION := $(shell git describe --tags --match 'v*' 2>/dev/null | sed 's/^v//' || true)
ifeq ($(VERSION),)
VERSION := $(FYNE_VERSION)+$(COMMIT)
endif
GO_LDFLAGS := -X main.version=$(VERSION) -X main.commit=$(COMMIT)

.PHONY: run test deps go build bench bench-peer fuzz clean dist dist-linux dist-windows dist-deps dist-check dist-fresh-check install uninstall

run: deps build
	./$(BIN)

build: go
	go build -trimpath -ldflags "$(GO_LDFLAGS)" -o $(BIN) ./cmd/hamesh

test: deps
	go vet ./...
	xvfb-run -a -s "-screen 0 1400x900x24" go test -count=1 -timeout 40m ./...

bench: deps
	./scripts/bench.sh

fuzz: deps
	./scripts/fuzz.sh

# bench-peer measures Hamesh beside labelbuddy on the same documents
# (import, database size, export); LABELBUDDY_SRC is a checkout of its source.
bench-peer: deps
	LABELBUDDY_SRC='$(LABELBUDDY_SRC)' ./scripts/bench-peer.sh

# deps installs the Debian packages Fyne's cgo build and the GUI tests need,
# only those missing, then makes sure a Go toolchain is on PATH.
deps:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing:" $$missing; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi
	@$(MAKE) --no-print-directory go

# go fetches the Go toolchain from the Go module proxy when none is installed.
go:
	@if ! command -v go >/dev/null 2>&1; then \
		echo "fetching Go $(GO_VERSION) from the Go module proxy"; \
		mkdir -p $(GOROOT_LOCAL).tmp && \
		curl -fsSL -o $(GOROOT_LOCAL).zip \
			https://proxy.golang.org/golang.org/toolchain/@v/v0.0.1-go$(GO_VERSION).linux-amd64.zip && \
		unzip -q -o $(GOROOT_LOCAL).zip -d $(GOROOT_LOCAL).tmp && \
		rm -rf $(GOROOT_LOCAL) && \
		mv $(GOROOT_LOCAL).tmp/golang.org/toolchain@v0.0.1-go$(GO_VERSION).linux-amd64 $(GOROOT_LOCAL) && \
		chmod +x $(GOROOT_LOCAL)/bin/* $(GOROOT_LOCAL)/pkg/tool/*/* && \
		rm -rf $(GOROOT_LOCAL).tmp $(GOROOT_LOCAL).zip; \
	fi
	@go version

clean:
	rm -rf bin dist

# ---- Packages (README "Install"); none of this is needed by `make test`.
# make dist        dist/hamesh-VERSION-linux-amd64.tar.xz and
#                  dist/hamesh-VERSION-windows-amd64.zip (mingw-w64 cross build)
# make install     PREFIX=~/.local by default: binary, menu entry, icons, AppStream
# make uninstall   removes them again (the database is kept)
# make dist-check  validates both packages, runs the .exe under Wine and
#                  compares its export with the Linux one byte for byte
PREFIX ?= $(HOME)/.local
DIST := dist
DIST_ENV := VERSION='$(VERSION)' COMMIT='$(COMMIT)' GO_LDFLAGS='$(GO_LDFLAGS)'
DIST_PACKAGES := gcc-mingw-w64-x86-64 binutils-mingw-w64-x86-64 xz-utils zip unzip \
	desktop-file-utils appstream wine wine64 file

dist: dist-linux dist-windows

dist-linux: deps
	$(DIST_ENV) ./scripts/dist-linux.sh $(DIST)

dist-windows: deps dist-deps
	$(DIST_ENV) ./scripts/dist-windows.sh $(DIST)

dist-deps:
	@missing=$$(for p in $(DIST_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing:" $$missing; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

dist-check: dist
	$(DIST_ENV) ./scripts/dist-check.sh $(DIST)

# dist-fresh-check runs the Linux tarball in a fresh Debian 12 chroot (no Go,
# no compiler, no fonts; debootstrap from Debian's mirror, needs root).
dist-fresh-check: dist-linux
	./scripts/dist-fresh-check.sh $(DIST)

install: dist-linux
	PREFIX='$(PREFIX)' $(DIST)/hamesh-$(VERSION)-linux-amd64/install.sh

uninstall:
	@if [ -x $(DIST)/hamesh-$(VERSION)-linux-amd64/install.sh ]; then \
		PREFIX='$(PREFIX)' $(DIST)/hamesh-$(VERSION)-linux-amd64/install.sh --uninstall; \
	else \
		PREFIX='$(PREFIX)' ./packaging/linux/install.sh --uninstall; \
	fi
