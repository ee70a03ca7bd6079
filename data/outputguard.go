package data

import (
	"os"
	"path/filepath"
	"strings"

	"github.com/hamesh-app/hamesh/annotations"
)

// sidecar is a file SQLite (or Hamesh) keeps beside a database PATH, as
// PATH+suffix, and what it is, for messages.
type sidecar struct {
	suffix string
	what   annotations.Note
}

// sidecars are the files an output must never replace: the database itself,
// its WAL and shared-memory index (WAL mode), its rollback journal (a hot
// journal left by a crash in rollback mode is the only copy of the
// database's old pages), the lock file of SQLite's dot-file locking and
// the import lock (replacing it would let two imports run at once).
var sidecars = []sidecar{
	{"", annotations.Notef("the database")},
	{"-wal", annotations.Notef("the database's write-ahead log")},
	{"-shm", annotations.Notef("the database's shared-memory index")},
	{"-journal", annotations.Notef("the database's rollback journal")},
	{".lock", annotations.Notef("the database's lock file")},
	{".import-lock", annotations.Notef("the database's import lock")},
}

var _ annotations.OutputGuard = (*DB)(nil)

// CheckOutput implements annotations.OutputGuard for the database's own
// file: see CheckOutput.
func (db *DB) CheckOutput(path string) error { return CheckOutput(db.path, path) }

// CheckOutput returns an EINVALID error when writing the file or folder out
// would replace the database at dbPath or one of the files beside it that
// belong to it (its -wal, -shm, -journal and lock files), or when out is a
// folder holding the database; nil when out is safe to write, and always
// for "-" (standard output) and "".
//
// Paths are compared after resolving them (made absolute, every symbolic
// link followed, also a dangling one and also in the folders above), and
// existing files also by identity (os.SameFile), which catches hard links
// and bind mounts. dbPath need not exist yet: a command that would create
// the database is refused an output at the same place.
//
// The error names out as given, the database as given, and the resolved
// path when it differs from both.
func CheckOutput(dbPath, out string) error {
	if out == "" || out == "-" || dbPath == "" {
		return nil
	}
	outRes := resolvePath(out)
	outInfo, outErr := os.Stat(out)
	dbRes := resolvePath(dbPath)
	for _, sc := range sidecars {
		for _, p := range uniq(dbPath+sc.suffix, dbRes+sc.suffix) {
			same := resolvePath(p) == outRes
			if !same && outErr == nil {
				if fi, err := os.Stat(p); err == nil && os.SameFile(fi, outInfo) {
					same = true
				}
			}
			if same {
				return refuseOutput(out, outRes, dbPath, sc.what, dbPath+sc.suffix)
			}
		}
	}
	// A folder holding the database: an export directory there would have
	// to replace it (and a file there cannot be written over it).
	if outRes != "" && dbRes != "" && strings.HasPrefix(dbRes, strings.TrimSuffix(outRes, string(filepath.Separator))+string(filepath.Separator)) {
		return refuseOutput(out, outRes, dbPath, annotations.Notef("a folder holding the database"), dbPath)
	}
	if outErr == nil && outInfo.IsDir() {
		for d := filepath.Dir(dbRes); ; d = filepath.Dir(d) {
			if fi, err := os.Stat(d); err == nil && os.SameFile(fi, outInfo) {
				return refuseOutput(out, outRes, dbPath, annotations.Notef("a folder holding the database"), dbPath)
			}
			if d == filepath.Dir(d) {
				break
			}
		}
	}
	return nil
}

// refuseOutput returns CheckOutput's error: out (resolving to res) is what
// (a file named target) of the database dbPath.
func refuseOutput(out, res, dbPath string, what annotations.Note, target string) error {
	via := annotations.Note{}
	if abs, _ := filepath.Abs(out); res != "" && res != abs {
		via = annotations.Notef(" (it resolves to %s)", res)
	}
	if target == dbPath {
		return annotations.Errorf(annotations.EINVALID,
			"refused to write %s%s: it is %s %s; nothing was written: choose another output path", out, via, what, dbPath)
	}
	return annotations.Errorf(annotations.EINVALID,
		"refused to write %s%s: it is %s %s of the database %s; nothing was written: choose another output path", out, via, what, target, dbPath)
}

// uniq returns a and b, or only a when they are equal.
func uniq(a, b string) []string {
	if a == b {
		return []string{a}
	}
	return []string{a, b}
}

// resolvePath returns path made absolute and clean with every symbolic link
// followed: in the folders above it, and path itself even when the link
// dangles (its target's folder resolved in turn). Parts that do not exist
// are kept as given. It returns "" only when the working directory is
// unknown.
func resolvePath(path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		return ""
	}
	for range 40 { // as many links as Linux follows
		if r, err := filepath.EvalSymlinks(abs); err == nil {
			return r
		}
		// abs, or a folder above it, does not exist (or dangles).
		dir, base := filepath.Dir(abs), filepath.Base(abs)
		if dir == abs {
			return abs
		}
		rdir := resolvePath(dir)
		if rdir == "" {
			rdir = dir
		}
		p := filepath.Join(rdir, base)
		target, err := os.Readlink(p)
		if err != nil {
			return p // not a link: a name still to be created
		}
		if !filepath.IsAbs(target) {
			target = filepath.Join(rdir, target)
		}
		abs = filepath.Clean(target)
	}
	return abs
}
