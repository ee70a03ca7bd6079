package data

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// saveBeforeMigrate makes sure a complete copy of the database at path, at
// schema version v and as it is now, exists beside it as
// PATH.bak-v<v>-<timestamp> before a migration changes it, and returns the
// copy's name. There is one such copy per schema version:
//
//   - a copy of version v made after the database last changed (by the
//     modification times of PATH and PATH-wal, on the file system's clock;
//     see vacuumInto) is reused, so a migration that fails does not leave
//     a new full copy per try;
//   - otherwise a new copy is made, and the older copies of version v,
//     which no longer hold what the database holds, are removed once it is
//     complete.
//
// Half-written copies (PATH.bak-v<v>-<timestamp>.tmp-N, left by a kill)
// are neither reused nor removed.
func saveBeforeMigrate(ctx context.Context, path string, v int) (string, error) {
	old := savedCopies(path, v)
	if n := len(old); n > 0 && copyIsCurrent(ctx, path, old[n-1], v) {
		return old[n-1], nil
	}
	dst := fmt.Sprintf("%s.bak-v%d-%s", path, v, time.Now().UTC().Format("20060102T150405.000000000Z"))
	if err := copyDB(ctx, path, dst); err != nil {
		return "", mapErr(fmt.Sprintf("open %s: save a copy to %s before upgrading its schema from version %d", path, dst, v), err)
	}
	for _, o := range old {
		if o != dst {
			os.Remove(o)
		}
	}
	return dst, nil
}

// savedCopies returns the complete copies of version v saved beside path,
// oldest first (their names hold the time they were made).
func savedCopies(path string, v int) []string {
	dir, base := filepath.Dir(path), filepath.Base(path)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	prefix := fmt.Sprintf("%s.bak-v%d-", base, v)
	var out []string
	for _, e := range entries {
		if n := e.Name(); strings.HasPrefix(n, prefix) && !strings.Contains(n[len(prefix):], ".tmp-") && e.Type().IsRegular() {
			out = append(out, filepath.Join(dir, n))
		}
	}
	sort.Strings(out)
	return out
}

// copyIsCurrent reports whether the copy at bak is a Hamesh database at
// schema version v made after the database at path last changed.
func copyIsCurrent(ctx context.Context, path, bak string, v int) bool {
	bi, err := os.Stat(bak)
	if err != nil {
		return false
	}
	for _, p := range []string{path, path + "-wal"} {
		if fi, err := os.Stat(p); err == nil && !fi.ModTime().Before(bi.ModTime()) {
			return false
		}
	}
	h, err := readHeader(ctx, bak, "file:"+uriPath(bak)+"?mode=ro&immutable=1")
	return err == nil && !h.notSQLite && h.appID == ApplicationID && h.userVersion == v
}
