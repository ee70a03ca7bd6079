package app

import (
	"fmt"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/hamesh-app/hamesh/annotations"
)

// BenchmarkLibrary10k measures what the library costs on a SQLite store of
// 10,000 articles: counting, fetching the first page and drawing the rows
// on screen after a filter change, and jumping to the end of the list.
func BenchmarkLibrary10k(b *testing.B) {
	db, err := openBenchDB(b)
	if err != nil {
		b.Fatal(err)
	}
	docs := make([]annotations.Document, 10000)
	for i := range docs {
		docs[i].Article = annotations.Article{
			Title: fmt.Sprintf("مقال رقم %05d عن ويكيليكس", i), Text: fmt.Sprintf("نص المقال رقم %d.", i),
			Lang: "ar", Direction: annotations.RTL, Status: annotations.StatusTodo,
		}
	}
	if _, err := db.ImportDocuments(b.Context(), docs); err != nil {
		b.Fatal(err)
	}
	a := test.NewApp()
	defer a.Quit()
	w := a.NewWindow("bench")
	w.Resize(fyne.NewSize(1300, 820))
	ws, err := NewWorkspace(a, w, db, testOptions)
	if err != nil {
		b.Fatal(err)
	}
	w.Show()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ws.library.Filter.SetText(fmt.Sprintf("%d", i%10)) // a filter change: recount, first page
		ws.library.Filter.SetText("")
		ws.library.List.ScrollToBottom() // the last page
		ws.library.List.ScrollToTop()
	}
	b.StopTimer()
	if ws.library.Total() != 10000 {
		b.Fatalf("library lists %d articles", ws.library.Total())
	}
}
