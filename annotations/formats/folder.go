package formats

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/annotations/formats/brat"
)

// isBratFolder reports whether the directory dir is a brat collection that
// a directory import reads without --format brat: it holds, directly, a
// .ann file, brat's annotation.conf or Hamesh's brat.MetaFile. Any other
// directory (a home folder, /usr/share) is refused rather than searched for
// .txt files.
func isBratFolder(dir string) (bool, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return false, err
	}
	for _, e := range entries {
		name := e.Name()
		if !e.Type().IsRegular() || strings.HasPrefix(name, ".") {
			continue
		}
		if strings.EqualFold(filepath.Ext(name), ".ann") || name == "annotation.conf" || name == brat.MetaFile {
			return true, nil
		}
	}
	return false, nil
}

// guardFS is the view of a brat folder that a folder import reads: only
// its directories and regular files. Symbolic links (to files or folders)
// and special files (FIFOs, devices, sockets) are left out of every
// listing, counted in skipped, and never opened: a link named passwd.txt
// pointing to /etc/passwd is not read. Files are opened as openRegular
// opens them, without following links, and a file larger than its limit
// (.txt: the article limit, others: the line limit) is refused unread.
type guardFS struct {
	ctx     context.Context // a cancellation stops the reading at the next file
	root    string
	opts    ReadOptions
	skipped map[string]string // slash path → what it is, for the warning
}

// Open opens name (for fs.FS): a directory as os.DirFS would, a file only
// if regular and not a link.
func (g *guardFS) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	p := filepath.Join(g.root, filepath.FromSlash(name))
	st, err := os.Lstat(p)
	if err != nil {
		return nil, err
	}
	if st.IsDir() {
		return os.Open(p)
	}
	f, _, err := openRegular(p, true)
	if err != nil {
		return nil, err
	}
	return f, nil
}

// Stat returns name's own information, links not followed (fs.StatFS).
func (g *guardFS) Stat(name string) (fs.FileInfo, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: fs.ErrInvalid}
	}
	if name == "." {
		return os.Stat(g.root) // the folder asked for, even through a link
	}
	return os.Lstat(filepath.Join(g.root, filepath.FromSlash(name)))
}

// ReadDir lists the directories and regular files of name, leaving out and
// recording links and special files (fs.ReadDirFS).
func (g *guardFS) ReadDir(name string) ([]fs.DirEntry, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrInvalid}
	}
	entries, err := os.ReadDir(filepath.Join(g.root, filepath.FromSlash(name)))
	if err != nil {
		return nil, err
	}
	kept := entries[:0]
	for _, e := range entries {
		if t := e.Type(); t.IsDir() || t.IsRegular() {
			kept = append(kept, e)
			continue
		}
		g.skipped[path.Join(name, e.Name())] = kindOf(e.Type())
	}
	return kept, nil
}

// ReadFile reads name if it is a regular file within its limit
// (fs.ReadFileFS). A name left out as a link or special file reads as
// missing (so a linked .ann leaves its .txt unannotated, with the warning
// saying why); a link that appeared since the listing is refused.
func (g *guardFS) ReadFile(name string) ([]byte, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "read", Path: name, Err: fs.ErrInvalid}
	}
	if _, ok := g.skipped[name]; ok {
		return nil, &fs.PathError{Op: "read", Path: name, Err: fs.ErrNotExist}
	}
	if g.ctx.Err() != nil {
		return nil, cancelledRead(g.ctx, filepath.Join(g.root, filepath.FromSlash(name)))
	}
	p := filepath.Join(g.root, filepath.FromSlash(name))
	if st, err := os.Lstat(p); err != nil {
		return nil, err // missing: the caller tells fs.ErrNotExist apart
	} else if st.Mode()&fs.ModeSymlink != 0 || (!st.Mode().IsRegular() && !st.IsDir()) {
		g.skipped[name] = kindOf(st.Mode())
		return nil, &fs.PathError{Op: "read", Path: name, Err: fs.ErrNotExist}
	}
	f, st, err := openRegular(p, true)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	limit, what := g.opts.LineLimit(), "per brat file"
	if strings.HasSuffix(name, ".txt") {
		limit, what = g.opts.ArticleLimit(), "per article"
	}
	return readWhole(p, f, st.Size(), limit, what)
}

// skippedNote is the warning that counts and names what guardFS left out,
// or "" when nothing was.
func (g *guardFS) skippedNote() annotations.Note {
	if len(g.skipped) == 0 {
		return annotations.Note{}
	}
	var names []string
	links := 0
	for p, kind := range g.skipped {
		names = append(names, fmt.Sprintf("%s (%s)", p, kind))
		if kind == "a symbolic link" {
			links++
		}
	}
	sort.Strings(names)
	return annotations.Notef("skipped %d entries that are not regular files or folders (%d symbolic links; a folder import does not follow links): %s",
		len(names), links, strings.Join(names, ", "))
}

// readFolder reads the brat collection in dir through guardFS, stopping
// at the next file when ctx is cancelled. explicit
// says --format brat was asked for; otherwise dir must be a brat folder
// (isBratFolder).
func readFolder(ctx context.Context, dir string, explicit bool, scheme []annotations.Label, opts ReadOptions) (*Input, error) {
	if !explicit {
		ok, err := isBratFolder(dir)
		if err != nil {
			return nil, annotations.Errorf(annotations.EINVALID, "cannot read the folder %s: %v", dir, err)
		}
		if !ok {
			return nil, annotations.Errorf(annotations.EINVALID,
				"%s is a directory and not a brat collection (it holds no .ann file, annotation.conf or %s); give the files to import, or --format brat to read its .txt files as one (nothing was read)",
				dir, brat.MetaFile)
		}
	}
	g := &guardFS{ctx: ctx, root: dir, opts: opts, skipped: map[string]string{}}
	r, err := brat.ImportFS(g, scheme)
	if ctx.Err() != nil {
		return nil, cancelledRead(ctx, dir)
	}
	if err != nil {
		return nil, annotations.Errorf(annotations.ErrorCode(err), "%s: %v", dir, err)
	}
	in := &Input{Format: "brat", Documents: r.Documents, Warnings: r.Warnings, WarningNotes: r.WarningNotes}
	if note := g.skippedNote(); note.Format != "" {
		in.Warnings = append(in.Warnings, note.String())
		in.WarningNotes = append(in.WarningNotes, note)
	}
	return in, nil
}
