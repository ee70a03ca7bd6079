package html

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strings"
	"syscall"
	"time"

	"github.com/hamesh-app/hamesh/annotations"
)

// Defaults of FetchOptions' zero values.
const (
	DefaultMaxBytes     = 10 << 20         // 10 MB
	DefaultTimeout      = 30 * time.Second // for the whole fetch
	DefaultMaxRedirects = 5
)

// userAgent identifies Hamesh to the servers it fetches from.
const userAgent = "Hamesh/1 (article import; +https://github.com/hamesh-app/hamesh)"

// FetchOptions tune Fetch. The zero value gives the defaults.
type FetchOptions struct {
	// MaxBytes is the largest body accepted, in bytes; 0 means
	// DefaultMaxBytes. A larger body is refused, not truncated.
	MaxBytes int64
	// Timeout bounds the whole fetch, from connecting to the end of the
	// body; 0 means DefaultTimeout.
	Timeout time.Duration
	// MaxRedirects is how many redirects are followed; 0 means
	// DefaultMaxRedirects and a negative value follows none.
	MaxRedirects int
	// Transport makes the requests; nil means http.DefaultTransport.
	Transport http.RoundTripper
	// FollowRedirectsAnywhere lets redirects lead to any host. Otherwise
	// a redirect is followed only to the host (and port) of the URL asked
	// for, or from http to https on that host; one elsewhere is refused
	// with a message naming both URLs.
	FollowRedirectsAnywhere bool
}

// Fetch downloads the web page at rawURL (http or https only) and returns
// its article as ReadHTML does, with the final URL after redirects as the
// article's Source. Only that page is requested: nothing it links to or
// embeds is fetched and nothing in it runs. It stops when ctx is cancelled.
// See the package documentation for the limits and errors.
func Fetch(ctx context.Context, rawURL string, opts FetchOptions) (annotations.Document, error) {
	var doc annotations.Document
	u, err := url.Parse(strings.TrimSpace(rawURL))
	if err != nil {
		return doc, annotations.Errorf(annotations.EINVALID, "cannot fetch %q: not a valid URL: %v", rawURL, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return doc, annotations.Errorf(annotations.EINVALID, "cannot fetch %q: only http and https URLs can be imported", rawURL)
	}
	if u.Host == "" {
		return doc, annotations.Errorf(annotations.EINVALID, "cannot fetch %q: the URL has no host", rawURL)
	}
	u.Fragment = ""
	name := u.Redacted() // for messages: no password

	maxBytes := opts.MaxBytes
	if maxBytes <= 0 {
		maxBytes = DefaultMaxBytes
	}
	timeout := opts.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	maxRedirects := opts.MaxRedirects
	if maxRedirects == 0 {
		maxRedirects = DefaultMaxRedirects
	} else if maxRedirects < 0 {
		maxRedirects = 0
	}
	transport := opts.Transport
	if transport == nil {
		transport = http.DefaultTransport
	}

	ctx, cancel := context.WithTimeoutCause(ctx, timeout, errTimedOut)
	defer cancel()
	client := &http.Client{
		Transport: transport,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
				return &redirectError{fmt.Sprintf("the server redirected to %s, which is not an http or https URL", req.URL.Redacted())}
			}
			if !opts.FollowRedirectsAnywhere && !sameSite(via[0].URL, req.URL) {
				return &redirectError{fmt.Sprintf("the server redirected to %s, another host than %s; only redirects within the host asked for are followed (allow others with hamesh import --follow-redirects-anywhere, or the window's \"follow redirects to other hosts\" box)", req.URL.Redacted(), via[0].URL.Redacted())}
			}
			if len(via) > maxRedirects {
				return &redirectError{fmt.Sprintf("stopped after %d redirects (the last to %s): a redirect loop?", maxRedirects, req.URL.Redacted())}
			}
			return nil
		},
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return doc, annotations.Errorf(annotations.EINVALID, "cannot fetch %s: %v", name, err)
	}
	req.Header.Set("User-Agent", userAgent)
	req.Header.Set("Accept", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1")

	resp, err := client.Do(req)
	if err != nil {
		return doc, netError(ctx, name, timeout, err)
	}
	defer resp.Body.Close()
	final := resp.Request.URL.Redacted()

	if resp.StatusCode >= 400 {
		return doc, annotations.Errorf(annotations.EINVALID, "cannot fetch %s: the server answered %s", name, statusText(resp))
	}
	if resp.StatusCode < 200 || resp.StatusCode >= 300 {
		return doc, annotations.Errorf(annotations.EINVALID, "cannot fetch %s: the server answered %s, not a page", name, statusText(resp))
	}
	ctype := resp.Header.Get("Content-Type")
	if strings.TrimSpace(ctype) != "" {
		if err := checkType(name, ctype); err != nil {
			return doc, err
		}
	}
	if resp.ContentLength > maxBytes {
		return doc, annotations.Errorf(annotations.EINVALID, "cannot fetch %s: the page is %s, more than the %s limit", name, size(resp.ContentLength), size(maxBytes))
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxBytes+1))
	if err != nil {
		return doc, netError(ctx, name, timeout, err)
	}
	if int64(len(data)) > maxBytes {
		return doc, annotations.Errorf(annotations.EINVALID, "cannot fetch %s: the page is larger than the %s limit", name, size(maxBytes))
	}
	if strings.TrimSpace(ctype) == "" {
		// No declared type: refuse what the body's first bytes show to be
		// something else (a PDF, an image); text goes on to the parser.
		if sniffed := http.DetectContentType(data); !strings.HasPrefix(sniffed, "text/") {
			if err := checkType(name, sniffed); err != nil {
				return doc, err
			}
		}
	}
	// The time limit covers the parsing too.
	doc, err = read(ctx, final, data, ctype, final)
	if err != nil && context.Cause(ctx) == errTimedOut {
		return doc, &causeError{annotations.Errorf(annotations.EINTERNAL, "cannot fetch %s: timed out after %s while reading the page", name, timeout), context.DeadlineExceeded}
	}
	return doc, err
}

// sameSite reports whether a redirect from the URL asked for, from, to to
// stays on its site: the same host name (case-insensitive) and the same
// scheme and port, or the upgrade from http on the default port 80 to https
// on the default port 443.
func sameSite(from, to *url.URL) bool {
	if !strings.EqualFold(from.Hostname(), to.Hostname()) {
		return false
	}
	port := func(u *url.URL) string {
		if p := u.Port(); p != "" {
			return p
		}
		if u.Scheme == "https" {
			return "443"
		}
		return "80"
	}
	if from.Scheme == to.Scheme {
		return port(from) == port(to)
	}
	return from.Scheme == "http" && to.Scheme == "https" && port(from) == "80" && port(to) == "443"
}

// errTimedOut is the cause of Fetch's own deadline.
var errTimedOut = errors.New("fetch timed out")

// redirectError is returned by CheckRedirect; its text is for a person.
type redirectError struct{ msg string }

func (e *redirectError) Error() string { return e.msg }

// causeError is an *annotations.Error that also unwraps to the error that
// caused it, so callers can test errors.Is(err, context.Canceled).
type causeError struct {
	err   *annotations.Error
	cause error
}

// Error returns the message meant for a person.
func (e *causeError) Error() string { return e.err.Message }

// Unwrap returns the domain error and its cause.
func (e *causeError) Unwrap() []error { return []error{e.err, e.cause} }

// netError turns a failure of the request or of reading the body into a
// message naming the URL and what happened.
func netError(ctx context.Context, name string, timeout time.Duration, err error) error {
	wrap := func(code, format string, args ...any) error {
		return &causeError{annotations.Errorf(code, format, args...), err}
	}
	var re *redirectError
	if errors.As(err, &re) {
		return wrap(annotations.EINVALID, "cannot fetch %s: %s", name, re.msg)
	}
	if ctx.Err() != nil {
		if context.Cause(ctx) == errTimedOut {
			return &causeError{annotations.Errorf(annotations.EINTERNAL, "cannot fetch %s: timed out after %s", name, timeout), context.DeadlineExceeded}
		}
		if errors.Is(ctx.Err(), context.Canceled) {
			return &causeError{annotations.Errorf(annotations.EINTERNAL, "fetching %s was cancelled", name), context.Canceled}
		}
		return &causeError{annotations.Errorf(annotations.EINTERNAL, "cannot fetch %s: timed out", name), context.DeadlineExceeded}
	}
	var dnsErr *net.DNSError
	var certErr *tls.CertificateVerificationError
	var unknownCA x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	var netErr net.Error
	switch {
	case errors.As(err, &dnsErr):
		if dnsErr.IsNotFound {
			return wrap(annotations.EINTERNAL, "cannot fetch %s: the host %s does not exist (DNS lookup found nothing)", name, dnsErr.Name)
		}
		return wrap(annotations.EINTERNAL, "cannot fetch %s: cannot look up the host %s: %v", name, dnsErr.Name, dnsErr.Err)
	case errors.Is(err, syscall.ECONNREFUSED):
		return wrap(annotations.EINTERNAL, "cannot fetch %s: the server refused the connection", name)
	case errors.Is(err, syscall.ECONNRESET):
		return wrap(annotations.EINTERNAL, "cannot fetch %s: the server closed the connection", name)
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return wrap(annotations.EINTERNAL, "cannot fetch %s: the connection ended before the page was complete", name)
	case errors.As(err, &certErr), errors.As(err, &unknownCA), errors.As(err, &hostErr):
		return wrap(annotations.EINTERNAL, "cannot fetch %s: the server's TLS certificate is not valid: %v", name, err)
	case errors.As(err, &netErr) && netErr.Timeout():
		return wrap(annotations.EINTERNAL, "cannot fetch %s: the network timed out", name)
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		return wrap(annotations.EINTERNAL, "cannot fetch %s: %v", name, ue.Err)
	}
	return wrap(annotations.EINTERNAL, "cannot fetch %s: %v", name, err)
}

// checkType refuses a Content-Type that is not HTML, saying what it is.
func checkType(name, ctype string) error {
	mt, _, err := mime.ParseMediaType(ctype)
	if err != nil {
		return annotations.Errorf(annotations.EINVALID, "cannot import %s: the server sent an unreadable Content-Type %q", name, ctype)
	}
	switch {
	case mt == "text/html", mt == "application/xhtml+xml":
		return nil
	case mt == "application/pdf":
		return annotations.Errorf(annotations.EINVALID, "cannot import %s: it is a PDF document (application/pdf), not an HTML page", name)
	case strings.HasPrefix(mt, "image/"):
		return annotations.Errorf(annotations.EINVALID, "cannot import %s: it is an image (%s), not an HTML page", name, mt)
	case mt == "application/json", strings.HasSuffix(mt, "+json"):
		return annotations.Errorf(annotations.EINVALID, "cannot import %s: it is JSON data (%s), not an HTML page", name, mt)
	case mt == "text/plain":
		return annotations.Errorf(annotations.EINVALID, "cannot import %s: it is plain text (%s), not an HTML page; save it and import the file as .txt", name, mt)
	}
	return annotations.Errorf(annotations.EINVALID, "cannot import %s: the server sent %s, not an HTML page", name, mt)
}

// statusText is "404 Not Found" for resp.
func statusText(resp *http.Response) string {
	if t := http.StatusText(resp.StatusCode); t != "" {
		return fmt.Sprintf("%d %s", resp.StatusCode, t)
	}
	return fmt.Sprintf("HTTP status %d", resp.StatusCode)
}

// size formats a byte count for messages: "10 MB", "512 KB", "300 bytes".
func size(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MB", n>>20)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
