package main

import (
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/widget"
	_ "github.com/mattn/go-sqlite3"
	_ "github.com/go-text/typesetting/shaping"
)

func main() {
	a := app.New()
	w := a.NewWindow("Hamesh")
	w.SetContent(widget.NewLabel("x"))
	w.ShowAndRun()
}
