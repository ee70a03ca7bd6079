package interchange

import "testing"

func TestLoneSurrogate(t *testing.T) {
	cases := []struct {
		json string
		off  int
	}{
		{`{"text": "plain"}`, -1},
		{`{"text": "\ud83d\udc4d pair"}`, -1},
		{`{"text": "\uD83D\uDC4D upper-case pair"}`, -1},
		{`{"text": "\\udc00 an escaped backslash, then text"}`, -1},
		{`{"text": "\u0041\u00e9"}`, -1},
		{`{"text": "\udc00 low alone"}`, 10},
		{`{"text": "x\ud83d high alone"}`, 11},
		{`{"text": "\ud83d\u0041 high then no low"}`, 10},
		{`{"text": "\ud83d`, 10},
		{`{"text": "\ud8`, -1}, // malformed: the JSON decoder reports it
	}
	for _, c := range cases {
		if got, esc := LoneSurrogate([]byte(c.json)); got != c.off {
			t.Errorf("LoneSurrogate(%s) = %d %q, want %d", c.json, got, esc, c.off)
		}
	}
}
