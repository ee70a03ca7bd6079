package html

import (
	"context"
	"errors"

	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
)

// deepPage is an Arabic article inside n nested <div>s.
func deepPage(n int) []byte {
	body := strings.Repeat("<p>قال وزير الخارجية إن المحادثات ستستأنف الأسبوع المقبل في عمّان بحضور الوفود كلها.</p>", 8)
	return []byte("<html lang=ar><head><title>خبر</title></head><body>" + strings.Repeat(`<div class="wrap">`, n) + body + strings.Repeat("</div>", n) + "</body></html>")
}

// TestDeepNestingLinear reads a page of 50,000 nested <div>s (it used to
// take over a minute in golang.org/x/net/html) well under a second, with its
// whole text: the levels past MaxDepth are flattened, not dropped.
func TestDeepNestingLinear(t *testing.T) {
	page := deepPage(50000)
	start := time.Now()
	d, err := ReadHTMLContext(context.Background(), "deep.html", page, "")
	took := time.Since(start)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("50,000 nested divs (%d KB) read in %s", len(page)>>10, took)
	if took > 2*time.Second { // well under a second alone; slack for a shared machine
		t.Errorf("50,000 nested divs took %s, want well under a second", took)
	}
	if got := strings.Count(d.Article.Text, "عمّان"); got != 8 {
		t.Errorf("the text holds %d of the 8 paragraphs:\n%s", got, d.Article.Text)
	}
	// Time grows linearly: 4 times the depth, not much more than 4 times the time.
	start = time.Now()
	if _, err := ReadHTMLContext(context.Background(), "deep.html", deepPage(200000), ""); err != nil {
		t.Fatal(err)
	}
	if big := time.Since(start); big > 10*took+time.Second {
		t.Errorf("200,000 nested divs took %s, 50,000 took %s: not linear", big, took)
	}
}

// TestFlattenKeepsShallowPages leaves a page within MaxDepth byte for byte
// as it is, and flattens only what is deeper, keeping the text.
func TestFlattenKeepsShallowPages(t *testing.T) {
	src := "<html><body>" + strings.Repeat("<div><p>a<p>b<ul><li>x<li>y</ul>", 300) + strings.Repeat("</div>", 300) + "<br><img src=x></body></html>"
	out, removed, err := flatten(context.Background(), src)
	if err != nil || removed != 0 || out != src {
		t.Fatalf("a page of 300 levels (unclosed <p> and <li> closing each other) was changed: %d tags removed, err %v", removed, err)
	}
	deep := strings.Repeat("<span>", MaxDepth+10) + "text" + strings.Repeat("</span>", MaxDepth+10)
	out, removed, err = flatten(context.Background(), deep)
	if err != nil {
		t.Fatal(err)
	}
	if removed != 20 || !strings.Contains(out, "text") || strings.Count(out, "<span>") != MaxDepth {
		t.Errorf("removed %d tags (want 20), %d <span> kept (want %d)", removed, strings.Count(out, "<span>"), MaxDepth)
	}
}

// TestReadHTMLContextCancelled stops reading a large deep page when the
// context is cancelled, returning at once with an error that says so.
func TestReadHTMLContextCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	page := deepPage(200000)
	start := time.Now()
	_, err := ReadHTMLContext(ctx, "deep.html", page, "")
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "deep.html") {
		t.Fatalf("err = %v, want a cancellation naming deep.html", err)
	}
	if took := time.Since(start); took > time.Second { // returns before parsing: slack for a loaded machine
		t.Errorf("a cancelled read took %s", took)
	}
	ctx, cancel = context.WithTimeout(context.Background(), 5*time.Millisecond)
	defer cancel()
	_, err = ReadHTMLContext(ctx, "deep.html", deepPage(400000), "")
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want the deadline", err)
	}
}

// TestFetchTimeoutCoversParsing gives Fetch a time limit a fifth of what
// reading the page takes on this machine (measured first): the limit stops
// the parsing too, so the fetch fails with the limit, and well before a
// whole parse would end.
func TestFetchTimeoutCoversParsing(t *testing.T) {
	page := deepPage(400000)
	start := time.Now()
	if _, err := ReadHTMLContext(context.Background(), "deep.html", page, ""); err != nil {
		t.Fatal(err)
	}
	parse := time.Since(start)
	limit := max(parse/5, time.Millisecond)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(page)
	}))
	defer srv.Close()
	start = time.Now()
	_, err := Fetch(context.Background(), srv.URL, FetchOptions{Timeout: limit, MaxBytes: 64 << 20})
	took := time.Since(start)
	if err == nil || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want the time limit (%s; a parse takes %s)", err, limit, parse)
	}
	if took > parse+2*time.Second { // slack for a loaded machine
		t.Errorf("the fetch with a %s limit took %s; a whole parse takes %s", limit, took, parse)
	}
}

// TestFetchRedirectsSameHostOnly follows a redirect within the host and
// stores the final URL as the source, refuses one to another port or host
// with both URLs named, and follows it when allowed.
func TestFetchRedirectsSameHostOnly(t *testing.T) {
	article := deepPage(3)
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write(article)
	}))
	defer other.Close()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/moved":
			http.Redirect(w, r, "/article", http.StatusFound)
		case "/away":
			http.Redirect(w, r, other.URL+"/secret", http.StatusFound)
		case "/article":
			w.Header().Set("Content-Type", "text/html")
			w.Write(article)
		}
	}))
	defer srv.Close()

	d, err := Fetch(context.Background(), srv.URL+"/moved", FetchOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if d.Article.Source != srv.URL+"/article" {
		t.Errorf("source %q, want the final URL %s/article", d.Article.Source, srv.URL)
	}
	_, err = Fetch(context.Background(), srv.URL+"/away", FetchOptions{})
	if err == nil {
		t.Fatal("a redirect to another port was followed")
	}
	for _, want := range []string{srv.URL + "/away", other.URL + "/secret", "another host"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("message %q does not say %q", err, want)
		}
	}
	d, err = Fetch(context.Background(), srv.URL+"/away", FetchOptions{FollowRedirectsAnywhere: true})
	if err != nil {
		t.Fatal(err)
	}
	if d.Article.Source != other.URL+"/secret" {
		t.Errorf("source %q, want %s/secret", d.Article.Source, other.URL)
	}
}

// TestSameSite is the rule for redirects: same host, scheme and port, or
// http upgraded to https on the same host.
func TestSameSite(t *testing.T) {
	for _, tc := range []struct {
		from, to string
		want     bool
	}{
		{"http://a.example/x", "http://a.example/y", true},
		{"http://a.example/x", "http://A.EXAMPLE:80/y", true},
		{"http://a.example/x", "https://a.example/y", true},
		{"https://a.example/x", "http://a.example/y", false},
		{"http://a.example/x", "http://b.example/y", false},
		{"http://a.example/x", "http://a.example:8080/y", false},
		{"http://a.example:8080/x", "https://a.example/y", false},
		{"http://a.example/x", "http://169.254.169.254/latest", false},
		{"http://127.0.0.1:1234/x", "http://localhost:1234/x", false},
	} {
		from, to := mustURL(t, tc.from), mustURL(t, tc.to)
		if got := sameSite(from, to); got != tc.want {
			t.Errorf("sameSite(%s, %s) = %v, want %v", tc.from, tc.to, got, tc.want)
		}
	}
}

func mustURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}
