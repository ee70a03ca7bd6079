package main

import "github.com/hamesh-app/hamesh/app"

func cmdGUI(e *env, args []string) error {
	fs, dbFlag := newFlags(e, "gui")
	if err := parse(fs, args); err != nil {
		return err
	}
	db, err := openStore(e, *dbFlag)
	if err != nil {
		return err
	}
	defer db.Close()
	return app.Run(db)
}
