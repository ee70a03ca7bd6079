package html

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hamesh-app/hamesh/annotations"
)

// newsServer is a local web site. Any path it does not serve — an image,
// script or stylesheet of the page above all — fails the test: Fetch must
// request nothing but the page (and the redirects it is sent).
type newsServer struct {
	*httptest.Server
	t       *testing.T
	mu      sync.Mutex
	paths   []string
	arrived chan string   // a /slow request has arrived
	release chan struct{} // closed when the test ends, to free /slow handlers
}

func startServer(t *testing.T, tls bool) *newsServer {
	t.Helper()
	s := &newsServer{t: t, arrived: make(chan string, 10), release: make(chan struct{})}
	ar, en := readFixture(t, "news-ar.html"), readFixture(t, "news-en.html")
	index := readFixture(t, "index-ar.html")
	html := func(ctype string, body []byte) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			if ctype == "" {
				w.Header()["Content-Type"] = nil // no type at all, not even a sniffed one
			} else {
				w.Header().Set("Content-Type", ctype)
			}
			w.Write(body)
		}
	}
	mux := http.NewServeMux()
	mux.Handle("GET /news/ar", html("text/html; charset=utf-8", ar))
	mux.Handle("GET /news/en", html("text/html", en)) // charset from its <meta>
	mux.Handle("GET /news/xhtml", html("application/xhtml+xml", ar))
	mux.Handle("GET /news/untyped", html("", ar))
	mux.Handle("GET /index", html("text/html; charset=utf-8", index))
	mux.Handle("GET /report.pdf", html("application/pdf", []byte("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")))
	mux.Handle("GET /untyped.pdf", html("", []byte("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")))
	mux.Handle("GET /photo", html("image/jpeg", []byte("\xff\xd8\xff\xe0\x00\x10JFIF")))
	mux.Handle("GET /api/article", html("application/json; charset=utf-8", []byte(`{"title":"x"}`)))
	mux.Handle("GET /notes.txt", html("text/plain; charset=utf-8", []byte("plain text")))
	mux.HandleFunc("GET /old", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/news/ar", http.StatusMovedPermanently)
	})
	mux.HandleFunc("GET /loop", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/loop", http.StatusFound)
	})
	mux.HandleFunc("GET /chain/{n}", func(w http.ResponseWriter, r *http.Request) {
		n, _ := strconv.Atoi(r.PathValue("n"))
		if n == 0 {
			http.Redirect(w, r, "/news/en", http.StatusFound)
			return
		}
		http.Redirect(w, r, fmt.Sprintf("/chain/%d", n-1), http.StatusFound)
	})
	mux.HandleFunc("GET /to-file", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Location", "file:///etc/passwd")
		w.WriteHeader(http.StatusFound)
	})
	mux.HandleFunc("GET /missing", func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) })
	mux.HandleFunc("GET /broken", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "database on fire", http.StatusInternalServerError)
	})
	mux.HandleFunc("GET /big", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Content-Length", strconv.Itoa(len(ar)))
		w.Write(ar)
	})
	mux.HandleFunc("GET /big-chunked", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		for i := 0; i < len(ar); i += 1000 {
			w.Write(ar[i:min(i+1000, len(ar))])
			w.(http.Flusher).Flush() // no Content-Length: the limit must stop the read
		}
	})
	slow := func(partial bool) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			if partial {
				w.Header().Set("Content-Type", "text/html")
				w.Write(ar[:2000])
				w.(http.Flusher).Flush()
			}
			s.arrived <- r.URL.Path
			select {
			case <-r.Context().Done():
			case <-s.release:
			}
		}
	}
	mux.Handle("GET /slow", slow(false))
	mux.Handle("GET /slow-body", slow(true))
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("the server was asked for %s %s, which Fetch must never request", r.Method, r.URL)
		http.NotFound(w, r)
	})
	record := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.paths = append(s.paths, r.URL.Path)
		s.mu.Unlock()
		if r.Method != http.MethodGet {
			t.Errorf("request method %s, want GET", r.Method)
		}
		mux.ServeHTTP(w, r)
	})
	s.Server = httptest.NewUnstartedServer(record)
	// The untrusted-certificate test makes the server log a failed
	// handshake; keep the test output for real failures.
	s.Config.ErrorLog = log.New(io.Discard, "", 0)
	if tls {
		s.StartTLS()
	} else {
		s.Start()
	}
	t.Cleanup(func() {
		close(s.release)
		s.Close()
	})
	return s
}

// requested returns the paths asked for so far, and forgets them.
func (s *newsServer) requested() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.paths
	s.paths = nil
	return p
}

func TestFetchArticle(t *testing.T) {
	s := startServer(t, false)
	want := mustRead(t, "news-ar.html", readFixture(t, "news-ar.html"))
	for _, path := range []string{"/news/ar", "/news/xhtml", "/news/untyped"} {
		d, err := Fetch(context.Background(), s.URL+path+"#comments", FetchOptions{})
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		a := d.Article
		if a.Text != want.Text || a.Title != want.Title || a.Lang != "ar" || a.Direction != annotations.RTL {
			t.Errorf("%s: fetched article differs from the file's: %q %q %q", path, a.Title, a.Lang, a.Direction)
		}
		if a.Source != s.URL+path {
			t.Errorf("%s: source %q, want the URL without its fragment", path, a.Source)
		}
		if a.Status != annotations.StatusTodo {
			t.Errorf("%s: status %q", path, a.Status)
		}
		// The page links an image, scripts, a stylesheet, an iframe and a
		// tracking pixel: none of them may be requested (the catch-all
		// handler fails the test), and only this one page is.
		if got := s.requested(); len(got) != 1 || got[0] != path {
			t.Errorf("%s: requests %v, want only the page", path, got)
		}
	}
	// The English page's charset comes from its <meta>.
	d, err := Fetch(context.Background(), s.URL+"/news/en", FetchOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if en := mustRead(t, "news-en.html", readFixture(t, "news-en.html")); d.Article.Text != en.Text {
		t.Errorf("English page text differs from the file's")
	}
	s.requested()
}

func TestFetchRedirects(t *testing.T) {
	s := startServer(t, false)
	d, err := Fetch(context.Background(), s.URL+"/old", FetchOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if d.Article.Source != s.URL+"/news/ar" {
		t.Errorf("source %q, want the final URL after the redirect", d.Article.Source)
	}
	if got := s.requested(); strings.Join(got, " ") != "/old /news/ar" {
		t.Errorf("requests %v, want /old then /news/ar", got)
	}

	if _, err := Fetch(context.Background(), s.URL+"/chain/4", FetchOptions{}); err != nil {
		t.Errorf("5 redirects (the default limit): %v", err)
	}
	s.requested()

	tests := []struct {
		path string
		opts FetchOptions
		want string
		n    int // requests made
	}{
		{"/loop", FetchOptions{}, "cannot fetch " + s.URL + "/loop: stopped after 5 redirects", 6},
		{"/chain/5", FetchOptions{}, "stopped after 5 redirects", 6},
		{"/chain/2", FetchOptions{MaxRedirects: 2}, "stopped after 2 redirects", 3},
		{"/old", FetchOptions{MaxRedirects: -1}, "stopped after 0 redirects", 1},
		{"/to-file", FetchOptions{}, "the server redirected to file:///etc/passwd, which is not an http or https URL", 1},
	}
	for _, tc := range tests {
		_, err := Fetch(context.Background(), s.URL+tc.path, tc.opts)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one containing %q", tc.path, err, tc.want)
		}
		if annotations.ErrorCode(err) != annotations.EINVALID {
			t.Errorf("%s: code %q, want invalid", tc.path, annotations.ErrorCode(err))
		}
		if got := s.requested(); len(got) != tc.n {
			t.Errorf("%s: %d requests %v, want %d", tc.path, len(got), got, tc.n)
		}
	}
}

func TestFetchRefusals(t *testing.T) {
	s := startServer(t, false)
	tests := []struct {
		path string
		opts FetchOptions
		want string
	}{
		{"/missing", FetchOptions{}, "cannot fetch " + s.URL + "/missing: the server answered 404 Not Found"},
		{"/broken", FetchOptions{}, "the server answered 500 Internal Server Error"},
		{"/report.pdf", FetchOptions{}, "cannot import " + s.URL + "/report.pdf: it is a PDF document (application/pdf), not an HTML page"},
		{"/untyped.pdf", FetchOptions{}, "it is a PDF document (application/pdf), not an HTML page"},
		{"/photo", FetchOptions{}, "it is an image (image/jpeg), not an HTML page"},
		{"/api/article", FetchOptions{}, "it is JSON data (application/json), not an HTML page"},
		{"/notes.txt", FetchOptions{}, "it is plain text (text/plain), not an HTML page"},
		{"/index", FetchOptions{}, "no article found in " + s.URL + "/index: it looks like an index of links"},
		{"/big", FetchOptions{MaxBytes: 4096}, "cannot fetch " + s.URL + "/big: the page is 14 KB, more than the 4 KB limit"},
		{"/big-chunked", FetchOptions{MaxBytes: 4096}, "cannot fetch " + s.URL + "/big-chunked: the page is larger than the 4 KB limit"},
	}
	for _, tc := range tests {
		t.Run(tc.path, func(t *testing.T) {
			_, err := Fetch(context.Background(), s.URL+tc.path, tc.opts)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one containing %q", err, tc.want)
			}
			if annotations.ErrorCode(err) != annotations.EINVALID {
				t.Errorf("code %q, want invalid", annotations.ErrorCode(err))
			}
			if got := s.requested(); len(got) != 1 || got[0] != tc.path {
				t.Errorf("requests %v, want only %s", got, tc.path)
			}
		})
	}
	// Default limit: 10 MB.
	if _, err := Fetch(context.Background(), s.URL+"/big", FetchOptions{}); err != nil {
		t.Errorf("a 14 KB page under the default limit: %v", err)
	}
}

func TestFetchBadURL(t *testing.T) {
	for _, u := range []string{"ftp://example.com/a.html", "file:///etc/passwd", "javascript:alert(1)", "example.com/news", "", "http:///path", "http://[::1"} {
		_, err := Fetch(context.Background(), u, FetchOptions{})
		if err == nil || !strings.Contains(err.Error(), "cannot fetch") || annotations.ErrorCode(err) != annotations.EINVALID {
			t.Errorf("Fetch(%q): %v, want an invalid-URL error", u, err)
		}
	}
	_, err := Fetch(context.Background(), "ftp://example.com/a.html", FetchOptions{})
	if want := `cannot fetch "ftp://example.com/a.html": only http and https URLs can be imported`; err == nil || err.Error() != want {
		t.Errorf("error %v, want %q", err, want)
	}
}

func TestFetchTimeout(t *testing.T) {
	s := startServer(t, false)
	for _, path := range []string{"/slow", "/slow-body"} {
		_, err := Fetch(context.Background(), s.URL+path, FetchOptions{Timeout: 200 * time.Millisecond})
		want := "cannot fetch " + s.URL + path + ": timed out after 200ms"
		if err == nil || err.Error() != want {
			t.Errorf("%s: error %v, want %q", path, err, want)
		}
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("%s: error does not match context.DeadlineExceeded", path)
		}
		if annotations.ErrorCode(err) != annotations.EINTERNAL {
			t.Errorf("%s: code %q, want internal", path, annotations.ErrorCode(err))
		}
		<-s.arrived
	}
}

// TestFetchCancel cancels the context while the server is answering, as the
// GUI's cancel button does.
func TestFetchCancel(t *testing.T) {
	s := startServer(t, false)
	for _, path := range []string{"/slow", "/slow-body"} {
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() {
			_, err := Fetch(ctx, s.URL+path, FetchOptions{})
			done <- err
		}()
		<-s.arrived // the request is being served
		cancel()
		err := <-done
		if want := "fetching " + s.URL + path + " was cancelled"; err == nil || err.Error() != want {
			t.Errorf("%s: error %v, want %q", path, err, want)
		}
		if !errors.Is(err, context.Canceled) {
			t.Errorf("%s: error does not match context.Canceled", path)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Fetch(ctx, s.URL+"/news/ar", FetchOptions{}); !errors.Is(err, context.Canceled) {
		t.Errorf("already cancelled: error %v", err)
	}
}

func TestFetchNetworkErrors(t *testing.T) {
	// A port nobody listens on: take one, then close it.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	_, err = Fetch(context.Background(), "http://"+addr+"/news", FetchOptions{})
	if want := "cannot fetch http://" + addr + "/news: the server refused the connection"; err == nil || err.Error() != want {
		t.Errorf("error %v, want %q", err, want)
	}
	if annotations.ErrorCode(err) != annotations.EINTERNAL {
		t.Errorf("code %q, want internal", annotations.ErrorCode(err))
	}

	// A server that hangs up without answering.
	l, err = net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			buf := make([]byte, 1024)
			c.Read(buf)
			c.Close()
		}
	}()
	_, err = Fetch(context.Background(), "http://"+l.Addr().String()+"/", FetchOptions{})
	if err == nil || !strings.HasPrefix(err.Error(), "cannot fetch http://"+l.Addr().String()+"/: ") {
		t.Errorf("error %v, want one naming the URL", err)
	}
}

func TestFetchTLS(t *testing.T) {
	s := startServer(t, true)
	// The test server's certificate is trusted only by its own client.
	_, err := Fetch(context.Background(), s.URL+"/news/ar", FetchOptions{})
	if err == nil || !strings.Contains(err.Error(), "cannot fetch "+s.URL+"/news/ar: the server's TLS certificate is not valid") {
		t.Errorf("untrusted certificate: error %v", err)
	}
	s.requested()
	d, err := Fetch(context.Background(), s.URL+"/news/ar", FetchOptions{Transport: s.Client().Transport})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(d.Article.Source, "https://") {
		t.Errorf("source %q", d.Article.Source)
	}
	if got := s.requested(); len(got) != 1 {
		t.Errorf("requests %v, want only the page", got)
	}
}
