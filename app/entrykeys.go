package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
)

// entryForward passes the workspace's shortcuts and keys on from an entry
// that has the focus. Fyne gives a focused entry every shortcut (only the
// main menu's go elsewhere) and every key, and an entry drops those it does
// not know, so without this Ctrl+G, Ctrl+Shift+L, Ctrl+PageDown, Ctrl+J,
// F1, F3… would be dead while the find bar, the library filter or a note is
// focused. Its functions are the owner's callbacks; either may be nil.
type entryForward struct {
	shortcut func(fyne.Shortcut) bool // runs the shortcut's action; reports whether there was one
	key      func(*fyne.KeyEvent) bool
}

// passShortcut runs the owner's action for s unless the entry uses s
// itself (clipboard, undo and redo of its text, word moves); it reports
// whether it did.
func (f entryForward) passShortcut(s fyne.Shortcut) bool {
	if f.shortcut == nil || entryOwnsShortcut(s) {
		return false
	}
	return f.shortcut(s)
}

// passKey gives F1, F3 and Escape to the owner; it reports whether the
// owner took the key.
func (f entryForward) passKey(ev *fyne.KeyEvent) bool {
	if f.key == nil {
		return false
	}
	switch ev.Name {
	case fyne.KeyF1, fyne.KeyF3, fyne.KeyEscape:
		return f.key(ev)
	}
	return false
}

// entryOwnsShortcut reports whether a text field handles s itself.
func entryOwnsShortcut(s fyne.Shortcut) bool {
	switch s.(type) {
	case *fyne.ShortcutUndo, *fyne.ShortcutRedo, *fyne.ShortcutCut, *fyne.ShortcutCopy,
		*fyne.ShortcutPaste, *fyne.ShortcutSelectAll:
		return true
	case *desktop.CustomShortcut:
		switch s.(*desktop.CustomShortcut).KeyName {
		case fyne.KeyLeft, fyne.KeyRight, fyne.KeyUp, fyne.KeyDown, fyne.KeyHome, fyne.KeyEnd,
			fyne.KeyBackspace, fyne.KeyDelete:
			return true
		case fyne.KeyZ: // Ctrl+Shift+Z redoes the field's typing, as Ctrl+Y does
			return true
		}
	}
	return false
}

// TypedShortcut passes the workspace's shortcuts on, the rest to the entry.
func (e *keyEntry) TypedShortcut(s fyne.Shortcut) {
	if !e.fwd.passShortcut(s) {
		e.Field.TypedShortcut(s)
	}
}

// TypedShortcut passes the workspace's shortcuts on, the rest to the entry.
func (e *noteEntry) TypedShortcut(s fyne.Shortcut) {
	if !e.fwd.passShortcut(s) {
		e.Field.TypedShortcut(s)
	}
}

// TypedKey passes F1, F3 and Escape on, the rest to the entry.
func (e *noteEntry) TypedKey(ev *fyne.KeyEvent) {
	if !e.fwd.passKey(ev) {
		e.Field.TypedKey(ev)
	}
}
