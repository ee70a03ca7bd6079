package html

import "testing"

func TestIsURL(t *testing.T) {
	for s, want := range map[string]bool{
		"https://www.alaraby.co.uk/a": true, "HTTP://example.com": true, " http://x.test/ ": true,
		"ftp://x": false, "file:///tmp/a.html": false, "article.html": false, "/home/u/https.html": false, "": false,
	} {
		if got := IsURL(s); got != want {
			t.Errorf("IsURL(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestIsHTML(t *testing.T) {
	tests := []struct {
		name, data string
		want       bool
	}{
		{"page.html", "", true},
		{"PAGE.HTM", "anything", true},
		{"saved.xhtml", "", true},
		{"page.txt", "\xEF\xBB\xBF\r\n  <!DOCTYPE html><html>", true},
		{"noext", "<html lang=\"ar\">", true},
		{"saved", "<!-- saved from url=(0047)https://www.alaraby.co.uk/ -->\n<!DOCTYPE html>", true},
		{"page.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Strict//EN\">", true},
		{"feed.xml", "<?xml version=\"1.0\"?><rss version=\"2.0\">", false},
		{"x", "<!-- unterminated", false},
		{"article.txt", "دونالد ترامب <b>الابن</b>", false},
		{"notes.md", "# Title\n<html> in a code block", false},
		{"data.jsonl", `{"text":"<html>"}`, false},
	}
	for _, tc := range tests {
		if got := IsHTML(tc.name, []byte(tc.data)); got != tc.want {
			t.Errorf("IsHTML(%q, %q) = %v, want %v", tc.name, tc.data, got, tc.want)
		}
	}
}
