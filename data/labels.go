package data

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/hamesh-app/hamesh/annotations"
)

var colorRE = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)

// Labels returns the label scheme in display order.
func (db *DB) Labels(ctx context.Context) ([]annotations.Label, error) {
	var out []annotations.Label
	err := db.view(ctx, "read the label scheme", func(tx *sql.Tx) error {
		var err error
		out, err = labels(ctx, tx, false)
		return err
	})
	return out, err
}

// labels reads the scheme; staged says whether to include the labels of
// imports not yet finished (an import sees its own).
func labels(ctx context.Context, tx *sql.Tx, staged bool) ([]annotations.Label, error) {
	where := " WHERE " + visible("l")
	if staged {
		where = ""
	}
	rows, err := tx.QueryContext(ctx, `SELECT name, kind, color, hotkey, description FROM labels l`+where+` ORDER BY position, name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []annotations.Label{}
	for rows.Next() {
		var l annotations.Label
		var kind string
		if err := rows.Scan(&l.Name, &kind, &l.Color, &l.Hotkey, &l.Description); err != nil {
			return nil, err
		}
		l.Kind = annotations.Kind(kind)
		out = append(out, l)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	names, err := arabicNames(ctx, tx)
	if err != nil {
		return nil, err
	}
	for i := range out {
		if a, ok := names[out[i].Name]; ok {
			out[i].Arabic = a
		} else {
			out[i].Arabic = annotations.DefaultArabicName(out[i].Name)
		}
	}
	return out, nil
}

// SettingLabelArabic is the setting holding the labels' Arabic display
// names, a JSON object from label name to Arabic name (the labels table has
// no column for them). A label it does not name shows the default scheme's
// Arabic name for its code; "" there shows the code.
const SettingLabelArabic = "label_arabic"

// arabicNames reads SettingLabelArabic.
func arabicNames(ctx context.Context, tx *sql.Tx) (map[string]string, error) {
	v, err := setting(ctx, tx, SettingLabelArabic)
	if err != nil || v == "" {
		return map[string]string{}, err
	}
	m := map[string]string{}
	if err := json.Unmarshal([]byte(v), &m); err != nil {
		return nil, annotations.Failf("read setting %q (the labels' Arabic names): %w", SettingLabelArabic, err)
	}
	return m, nil
}

// saveArabicName records label name's Arabic display name, dropping the
// entry of its old name (a rename).
func saveArabicName(ctx context.Context, tx *sql.Tx, oldName, name, arabic string) error {
	m, err := arabicNames(ctx, tx)
	if err != nil {
		return err
	}
	cur, ok := m[oldName]
	if !ok {
		cur = annotations.DefaultArabicName(oldName)
	}
	if oldName == name && cur == arabic {
		return nil
	}
	delete(m, oldName)
	m[name] = arabic
	b, err := json.Marshal(m)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, SettingLabelArabic, string(b))
	return err
}

// checkLabel validates a label's own fields.
func checkLabel(l annotations.Label) error {
	switch {
	case strings.TrimSpace(l.Name) == "" || l.Name != strings.TrimSpace(l.Name):
		return annotations.Errorf(annotations.EINVALID, "label name %q is empty or has spaces around it", l.Name)
	case !utf8.ValidString(l.Name) || strings.ContainsFunc(l.Name, unicode.IsControl):
		return annotations.Errorf(annotations.EINVALID, "label name %q has invalid characters", l.Name)
	case !l.Kind.Valid():
		return annotations.Errorf(annotations.EINVALID, "label %q: unknown kind %q (want entity or claim)", l.Name, l.Kind)
	case !colorRE.MatchString(l.Color):
		return annotations.Errorf(annotations.EINVALID, "label %q: colour %q is not #rrggbb", l.Name, l.Color)
	case !utf8.ValidString(l.Arabic) || utf8.RuneCountInString(l.Arabic) > 64 || strings.ContainsFunc(l.Arabic, unicode.IsControl):
		return annotations.Errorf(annotations.EINVALID, "label %q: Arabic name %q is longer than 64 characters or has invalid characters", l.Name, l.Arabic)
	case utf8.RuneCountInString(l.Hotkey) > 16 || strings.ContainsFunc(l.Hotkey, func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsControl(r)
	}):
		return annotations.Errorf(annotations.EINVALID, "label %q: hotkey %q is not a key name", l.Name, l.Hotkey)
	}
	return nil
}

// SaveLabel adds the label l, or replaces the label named oldName (l.Name
// when oldName is empty) with l, keeping its position. Renaming relabels the
// label's spans (and their undo history). It returns EINVALID for a bad
// name, kind, colour or hotkey; ENOTFOUND when oldName differs from l.Name
// and names no label; ECONFLICT when l.Name is another label's, the hotkey is
// bound to another label, or the kind would change while spans use the
// label.
func (db *DB) SaveLabel(ctx context.Context, oldName string, l annotations.Label) error {
	if oldName == "" {
		oldName = l.Name
	}
	return db.update(ctx, fmt.Sprintf("save label %q", l.Name), func(tx *sql.Tx) error {
		return saveLabel(ctx, tx, oldName, l)
	})
}

func saveLabel(ctx context.Context, tx *sql.Tx, oldName string, l annotations.Label) error {
	if err := checkLabel(l); err != nil {
		return err
	}
	if l.Hotkey != "" {
		var other string
		err := tx.QueryRowContext(ctx, `SELECT name FROM labels WHERE hotkey = ? AND name <> ?`, l.Hotkey, oldName).Scan(&other)
		if err == nil {
			return annotations.Errorf(annotations.ECONFLICT, "hotkey %q is bound to label %q", l.Hotkey, other)
		} else if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
	}
	oldKind, err := labelKind(ctx, tx, oldName)
	if annotations.ErrorCode(err) == annotations.EINVALID { // no such label: add it
		if oldName != l.Name {
			return annotations.Errorf(annotations.ENOTFOUND, "label %q not found", oldName)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO labels (name, kind, color, hotkey, description, position)
			VALUES (?, ?, ?, ?, ?, (SELECT coalesce(max(position), -1) + 1 FROM labels))`,
			l.Name, string(l.Kind), l.Color, l.Hotkey, l.Description); err != nil {
			return err
		}
		return saveArabicName(ctx, tx, l.Name, l.Name, l.Arabic)
	} else if err != nil {
		return err
	}
	if l.Kind != oldKind {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM spans WHERE label = ?`, oldName).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return annotations.Errorf(annotations.ECONFLICT, "label %q marks %d %s spans; its kind cannot become %s", oldName, n, oldKind, l.Kind)
		}
	}
	if l.Name != oldName {
		if _, err := labelKind(ctx, tx, l.Name); err == nil {
			return annotations.Errorf(annotations.ECONFLICT, "label %q already exists", l.Name)
		}
	}
	// Spans follow a rename through ON UPDATE CASCADE.
	if _, err := tx.ExecContext(ctx, `UPDATE labels SET name = ?, kind = ?, color = ?, hotkey = ?, description = ?
		WHERE name = ?`, l.Name, string(l.Kind), l.Color, l.Hotkey, l.Description, oldName); err != nil {
		return err
	}
	if err := saveArabicName(ctx, tx, oldName, l.Name, l.Arabic); err != nil {
		return err
	}
	if l.Name == oldName {
		return nil
	}
	// Undo must bring spans back under the new name.
	for _, col := range []string{"before", "after"} {
		if _, err := tx.ExecContext(ctx, `UPDATE history SET `+col+` = json_set(`+col+`, '$.span.label', ?1)
			WHERE json_extract(`+col+`, '$.span.label') = ?2`, l.Name, oldName); err != nil {
			return err
		}
	}
	return nil
}
