package main

import (
	"fmt"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/app"
)

func cmdGUI(e *env, args []string) error {
	fs, dbFlag := newFlags(e, "gui")
	annotator := fs.String("annotator", "", "who annotates: the name stamped on new spans (default: the one the app stored)")
	article := fs.String("article", "", "open this article at start (default: the one open when the window last closed)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *annotator != "" {
		if err := annotations.ValidAnnotatorName(*annotator); err != nil {
			return fmt.Errorf("--annotator: %w", err)
		}
	}
	db, err := openStore(e, *dbFlag)
	if err != nil {
		return err
	}
	defer db.Close()
	return app.Run(db, app.Options{Annotator: *annotator, Article: *article})
}
