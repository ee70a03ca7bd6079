package data

import (
	"context"
	"database/sql"
	"fmt"
)

// ConnectionPragmas holds the writer's connection and n readers' at once
// and reports each one's foreign_keys, journal_mode, busy_timeout and
// synchronous settings.
func ConnectionPragmas(ctx context.Context, db *DB, n int) ([]string, error) {
	var conns []*sql.Conn
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	w, err := db.wdb.Conn(ctx)
	if err != nil {
		return nil, err
	}
	conns = append(conns, w)
	for range n {
		c, err := db.rdb.Conn(ctx)
		if err != nil {
			return nil, err
		}
		conns = append(conns, c)
	}
	var out []string
	for _, c := range conns {
		var fk, timeout, sync int
		var mode string
		err := c.QueryRowContext(ctx, `SELECT
			(SELECT foreign_keys FROM pragma_foreign_keys),
			(SELECT journal_mode FROM pragma_journal_mode),
			(SELECT timeout FROM pragma_busy_timeout),
			(SELECT synchronous FROM pragma_synchronous)`).Scan(&fk, &mode, &timeout, &sync)
		if err != nil {
			return nil, err
		}
		out = append(out, fmt.Sprintf("foreign_keys=%d journal_mode=%s busy_timeout=%d synchronous=%d", fk, mode, timeout, sync))
	}
	return out, nil
}

// AddTestMigration makes this Hamesh know one more migration, as a newer
// release would; the returned func forgets it again.
func AddTestMigration(sqlText string) (restore func()) {
	saved := migrations
	migrations = append(migrations[:len(migrations):len(migrations)],
		migration{version: len(saved) + 1, name: "test", sql: sqlText})
	return func() { migrations = saved }
}

// SetHistoryLimit changes how many edits per article undo can reach; the
// returned func restores it.
func SetHistoryLimit(n int) (restore func()) {
	saved := historyLimit
	historyLimit = n
	return func() { historyLimit = saved }
}
