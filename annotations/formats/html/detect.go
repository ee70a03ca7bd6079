package html

import (
	"bytes"
	"path/filepath"
	"strings"
)

// IsURL reports whether s is an http or https URL, i.e. something to
// Fetch rather than a file path to read.
func IsURL(s string) bool {
	s = strings.ToLower(strings.TrimSpace(s))
	return strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://")
}

// IsHTML reports whether the file name with contents data is an HTML page:
// its extension is .html, .htm, .xhtml or .shtml, or its first bytes (after
// a byte order mark, white space, an XML declaration and comments) open
// an HTML document.
func IsHTML(name string, data []byte) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".html", ".htm", ".xhtml", ".shtml":
		return true
	}
	data = bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))
	if len(data) > 1024 {
		data = data[:1024]
	}
	head := bytes.ToLower(data)
	// Skip an XML declaration and comments ("<!-- saved from url=... -->",
	// which browsers write at the top of a saved page).
	for {
		head = bytes.TrimLeft(head, " \t\r\n\f")
		var end []byte
		switch {
		case bytes.HasPrefix(head, []byte("<?xml")):
			end = []byte("?>")
		case bytes.HasPrefix(head, []byte("<!--")):
			end = []byte("-->")
		default:
			return bytes.HasPrefix(head, []byte("<!doctype html")) || bytes.HasPrefix(head, []byte("<html"))
		}
		i := bytes.Index(head, end)
		if i < 0 {
			return false
		}
		head = head[i+len(end):]
	}
}
