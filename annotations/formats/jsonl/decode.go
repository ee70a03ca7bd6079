package jsonl

import (
	"unicode/utf16"
	"unicode/utf8"
)

// fastUnmarshal reads one line into a the way json.Unmarshal does, for
// the lines Hamesh itself writes and any others of the same plain shape:
// known keys spelled exactly, each at most once, values of the field's
// JSON type (integers without fraction or exponent for offsets), no null.
// It reports false for anything else — other keys, other spellings,
// duplicates, nulls, floats, syntax errors — and the caller then asks
// encoding/json, which decides and words the error. Where it reports true,
// a holds what json.Unmarshal would have stored (TestFastUnmarshal).
//
// The line must be valid UTF-8 (the caller checks). Strings without
// escapes share the memory of one copy of the line.
func fastUnmarshal(line []byte, a *article) bool {
	p := parser{s: string(line)}
	if !p.article(a) {
		return false
	}
	p.space()
	return p.i == len(p.s)
}

type parser struct {
	s string
	i int
}

func (p *parser) space() {
	for p.i < len(p.s) {
		switch p.s[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

// consume skips white space and then c, reporting whether c was there.
func (p *parser) consume(c byte) bool {
	p.space()
	if p.i < len(p.s) && p.s[p.i] == c {
		p.i++
		return true
	}
	return false
}

// object calls member for each key of an object, the parser standing at the
// key's value; member reports false to give up.
func (p *parser) object(member func(key string) bool) bool {
	if !p.consume('{') {
		return false
	}
	if p.consume('}') {
		return true
	}
	for {
		key, ok := p.str()
		if !ok || !p.consume(':') || !member(key) {
			return false
		}
		if p.consume(',') {
			continue
		}
		return p.consume('}')
	}
}

// array calls elem for each element of an array.
func (p *parser) array(elem func() bool) bool {
	if !p.consume('[') {
		return false
	}
	if p.consume(']') {
		return true
	}
	for {
		if !elem() {
			return false
		}
		if p.consume(',') {
			continue
		}
		return p.consume(']')
	}
}

// str reads a string.
func (p *parser) str() (string, bool) {
	if !p.consume('"') {
		return "", false
	}
	start := p.i
	p.plain()
	if p.i < len(p.s) && p.s[p.i] == '"' {
		p.i++
		return p.s[start : p.i-1], true
	}
	if p.i < len(p.s) && p.s[p.i] == '\\' {
		return p.escaped(start)
	}
	return "", false
}

// plain moves past the bytes that stand for themselves in a string: not a
// quote, a backslash or a control character.
func (p *parser) plain() {
	s := p.s
	i := p.i
	for i < len(s) {
		c := s[i]
		if c < 0x20 || c == '"' || c == '\\' {
			break
		}
		i++
	}
	p.i = i
}

// escaped finishes a string holding escapes.
func (p *parser) escaped(start int) (string, bool) {
	b := make([]byte, 0, p.i-start+64)
	b = append(b, p.s[start:p.i]...)
	for p.i < len(p.s) {
		run := p.i
		p.plain()
		b = append(b, p.s[run:p.i]...)
		if p.i >= len(p.s) {
			break
		}
		switch c := p.s[p.i]; {
		case c == '"':
			p.i++
			return string(b), true
		case c < 0x20:
			return "", false
		}
		if p.i+1 >= len(p.s) {
			return "", false
		}
		e := p.s[p.i+1]
		p.i += 2
		switch e {
		case '"', '\\', '/':
			b = append(b, e)
		case 'b':
			b = append(b, '\b')
		case 'f':
			b = append(b, '\f')
		case 'n':
			b = append(b, '\n')
		case 'r':
			b = append(b, '\r')
		case 't':
			b = append(b, '\t')
		case 'u':
			r, ok := p.hex4()
			if !ok {
				return "", false
			}
			if utf16.IsSurrogate(r) {
				// Only a proper pair; anything else is left to encoding/json.
				if p.i+1 >= len(p.s) || p.s[p.i] != '\\' || p.s[p.i+1] != 'u' {
					return "", false
				}
				p.i += 2
				r2, ok := p.hex4()
				if !ok {
					return "", false
				}
				if r = utf16.DecodeRune(r, r2); r == utf8.RuneError {
					return "", false
				}
			}
			b = utf8.AppendRune(b, r)
		default:
			return "", false
		}
	}
	return "", false
}

func (p *parser) hex4() (rune, bool) {
	if p.i+4 > len(p.s) {
		return 0, false
	}
	var r rune
	for _, c := range []byte(p.s[p.i : p.i+4]) {
		switch {
		case c >= '0' && c <= '9':
			r = r<<4 | rune(c-'0')
		case c >= 'a' && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case c >= 'A' && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	p.i += 4
	return r, true
}

// intPtr reads an integer (no fraction, no exponent, within ±10^15).
func (p *parser) intPtr() (*int, bool) {
	p.space()
	neg := false
	if p.i < len(p.s) && p.s[p.i] == '-' {
		neg = true
		p.i++
	}
	start := p.i
	v := 0
	for p.i < len(p.s) && p.s[p.i] >= '0' && p.s[p.i] <= '9' {
		v = v*10 + int(p.s[p.i]-'0')
		p.i++
	}
	n := p.i - start
	if n == 0 || n > 15 || (n > 1 && p.s[start] == '0') {
		return nil, false
	}
	if p.i < len(p.s) && (p.s[p.i] == '.' || p.s[p.i] == 'e' || p.s[p.i] == 'E') {
		return nil, false
	}
	if neg {
		v = -v
	}
	return &v, true
}

// field reads a string into *dst once; seen guards against a repeated key.
func (p *parser) field(dst *string, seen *uint32, bit uint32) bool {
	if *seen&bit != 0 {
		return false
	}
	*seen |= bit
	v, ok := p.str()
	*dst = v
	return ok
}

func (p *parser) strPtr(dst **string, seen *uint32, bit uint32) bool {
	if *seen&bit != 0 {
		return false
	}
	*seen |= bit
	v, ok := p.str()
	*dst = &v
	return ok
}

func (p *parser) int(dst **int, seen *uint32, bit uint32) bool {
	if *seen&bit != 0 {
		return false
	}
	*seen |= bit
	v, ok := p.intPtr()
	*dst = v
	return ok
}

func (p *parser) article(a *article) bool {
	var seen uint32
	return p.object(func(key string) bool {
		switch key {
		case "id":
			return p.field(&a.ID, &seen, 1<<0)
		case "title":
			return p.field(&a.Title, &seen, 1<<1)
		case "text":
			return p.strPtr(&a.Text, &seen, 1<<2)
		case "lang":
			return p.field(&a.Lang, &seen, 1<<3)
		case "direction":
			return p.field(&a.Direction, &seen, 1<<4)
		case "source":
			return p.field(&a.Source, &seen, 1<<5)
		case "status":
			return p.field(&a.Status, &seen, 1<<6)
		case "note":
			return p.field(&a.Note, &seen, 1<<7)
		case "annotator":
			return p.field(&a.Annotator, &seen, 1<<8)
		case "text_sha256":
			return p.field(&a.TextSHA256, &seen, 1<<9)
		case "offset_unit":
			return p.field(&a.OffsetUnit, &seen, 1<<10)
		case "created_at":
			return p.field(&a.CreatedAt, &seen, 1<<11)
		case "updated_at":
			return p.field(&a.UpdatedAt, &seen, 1<<12)
		case "spans":
			if seen&(1<<13) != 0 {
				return false
			}
			seen |= 1 << 13
			a.Spans = []span{}
			return p.array(func() bool {
				a.Spans = append(a.Spans, span{})
				return p.span(&a.Spans[len(a.Spans)-1])
			})
		case "curation":
			if seen&(1<<15) != 0 {
				return false
			}
			seen |= 1 << 15
			a.Curation = &curation{}
			var cs uint32
			return p.object(func(key string) bool {
				switch key {
				case "by":
					return p.field(&a.Curation.By, &cs, 1<<0)
				case "at":
					return p.field(&a.Curation.At, &cs, 1<<1)
				}
				return false
			})
		case "relations":
			if seen&(1<<14) != 0 {
				return false
			}
			seen |= 1 << 14
			a.Relations = []relation{}
			return p.array(func() bool {
				a.Relations = append(a.Relations, relation{})
				return p.relation(&a.Relations[len(a.Relations)-1])
			})
		}
		return false
	})
}

func (p *parser) span(s *span) bool {
	var seen uint32
	return p.object(func(key string) bool {
		switch key {
		case "id":
			return p.field(&s.ID, &seen, 1<<0)
		case "kind":
			return p.field(&s.Kind, &seen, 1<<1)
		case "label":
			return p.field(&s.Label, &seen, 1<<2)
		case "start":
			return p.int(&s.Start, &seen, 1<<3)
		case "end":
			return p.int(&s.End, &seen, 1<<4)
		case "text":
			return p.strPtr(&s.Text, &seen, 1<<5)
		case "start_utf16":
			return p.int(&s.StartUTF16, &seen, 1<<6)
		case "end_utf16":
			return p.int(&s.EndUTF16, &seen, 1<<7)
		case "start_byte":
			return p.int(&s.StartByte, &seen, 1<<8)
		case "end_byte":
			return p.int(&s.EndByte, &seen, 1<<9)
		case "note":
			return p.field(&s.Note, &seen, 1<<10)
		case "annotator":
			return p.field(&s.Annotator, &seen, 1<<11)
		case "created_at":
			return p.field(&s.CreatedAt, &seen, 1<<12)
		case "updated_at":
			return p.field(&s.UpdatedAt, &seen, 1<<13)
		case "attributes":
			if seen&(1<<14) != 0 {
				return false
			}
			seen |= 1 << 14
			m := map[string]string{}
			s.Attributes = m
			return p.object(func(k string) bool {
				if _, dup := m[k]; dup {
					return false
				}
				v, ok := p.str()
				m[k] = v
				return ok
			})
		}
		return false
	})
}

func (p *parser) relation(r *relation) bool {
	var seen uint32
	return p.object(func(key string) bool {
		switch key {
		case "id":
			return p.field(&r.ID, &seen, 1<<0)
		case "type":
			return p.field(&r.Type, &seen, 1<<1)
		case "from":
			return p.field(&r.From, &seen, 1<<2)
		case "to":
			return p.field(&r.To, &seen, 1<<3)
		case "created_at":
			return p.field(&r.CreatedAt, &seen, 1<<4)
		}
		return false
	})
}
