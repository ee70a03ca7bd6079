package main

import "os"

// Windows sets neither HOME nor XDG_DATA_HOME, so the default database
// ($XDG_DATA_HOME/hamesh/hamesh.db, else $HOME/.local/share/…) would have no
// place and a double-clicked hamesh-gui.exe would stop with "no database
// given" where nobody can read it. Where neither is set, the database goes
// where Windows keeps a user's local application data:
// %LOCALAPPDATA%\hamesh\hamesh.db. $HAMESH_DB and --db still win.
func init() {
	if os.Getenv("XDG_DATA_HOME") != "" || os.Getenv("HOME") != "" {
		return
	}
	if dir := os.Getenv("LOCALAPPDATA"); dir != "" {
		os.Setenv("XDG_DATA_HOME", dir)
	}
}
