package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/hamesh-app/hamesh/annotations"
)

// pathStore is a fake store that names its file, as data.DB does.
type pathStore struct {
	*fakeStore
	path string
}

func (p pathStore) Path() string { return p.path }

// TestFirstRunPaneAndReopen: with no article open the middle pane says
// what to do, with the keys; opening an article replaces it by the view;
// the next start on the same database reopens that article where it was
// read, and --article opens another directly.
func TestFirstRunPaneAndReopen(t *testing.T) {
	st := newFakeStore()
	long := strings.Repeat(sample+"\n", 400)
	id := st.addArticle("طويل", long, annotations.StatusTodo)
	other := st.addArticle("قصير", sample, annotations.StatusTodo)
	store := pathStore{st, "/tmp/first-run.db"}
	a := test.NewTempApp(t)
	w := test.NewTempWindow(t, nil)
	w.Resize(fyne.NewSize(1300, 820))
	ws, err := NewWorkspace(a, w, store, testOptions)
	if err != nil {
		t.Fatal(err)
	}
	if !ws.welcome.Visible() {
		t.Fatal("with no article open the first-run pane is not shown")
	}
	for _, key := range []string{"Ctrl+O", "Ctrl+Shift+V", "Ctrl+U", "Ctrl+L"} {
		if !strings.Contains(welcomeText(), key) {
			t.Errorf("the first-run pane does not mention %s", key)
		}
	}
	if err := ws.sess.Open(id); err != nil {
		t.Fatal(err)
	}
	if ws.welcome.Visible() {
		t.Fatal("opening an article left the first-run pane")
	}
	mid := annotations.CodePoints(long) / 2
	ws.view.ScrollTo(mid)
	read := ws.view.ReadingOffset()
	if read < mid/2 {
		t.Fatalf("reading offset %d after scrolling to %d", read, mid)
	}
	ws.rememberPosition()

	// The next start, same app preferences, same database.
	w2 := test.NewTempWindow(t, nil)
	w2.Resize(fyne.NewSize(1300, 820))
	ws2, err := NewWorkspace(a, w2, store, testOptions)
	if err != nil {
		t.Fatal(err)
	}
	if d := ws2.sess.Document(); d == nil || d.Article.ID != id {
		t.Fatalf("the next start opened %v, want %s", d, id)
	}
	if got := ws2.view.ReadingOffset(); got != read {
		t.Errorf("reopened at offset %d, left at %d", got, read)
	}
	// --article wins.
	opt := testOptions
	opt.Article = other
	ws3, err := NewWorkspace(a, test.NewTempWindow(t, nil), store, opt)
	if err != nil {
		t.Fatal(err)
	}
	if d := ws3.sess.Document(); d == nil || d.Article.ID != other {
		t.Fatalf("--article opened %v, want %s", d, other)
	}
	// Another database does not reopen this one's article.
	ws4, err := NewWorkspace(a, test.NewTempWindow(t, nil), pathStore{st, "/tmp/other.db"}, testOptions)
	if err != nil {
		t.Fatal(err)
	}
	if d := ws4.sess.Document(); d != nil {
		t.Fatalf("a different database reopened %s", d.Article.ID)
	}
}
