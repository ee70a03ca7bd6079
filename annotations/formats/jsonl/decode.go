package jsonl

import (
	"unicode/utf16"
	"unicode/utf8"
	"unsafe"
)

// fastUnmarshal reads one line into a the way json.Unmarshal does, for
// the lines Hamesh itself writes and any others of the same plain shape:
// known keys spelled exactly (no escapes in keys), each at most once,
// values of the field's JSON type (integers without fraction or exponent
// for offsets), no null, valid UTF-8 in every string and no lone UTF-16
// surrogate escape. It reports false for anything else — other keys,
// other spellings, duplicates, nulls, floats, syntax errors, invalid UTF-8,
// lone surrogates — and the caller then runs its own checks and asks
// encoding/json, which decides and words the error. Where it reports
// true, a holds what json.Unmarshal would have stored (TestFastUnmarshal),
// and the line is valid UTF-8 without a lone surrogate escape
// (TestFastUnmarshalChecks): outside strings it accepts only JSON's ASCII,
// inside them it checks each sequence and each escape.
//
// line is only read during the call: every string of a is a view of one
// new buffer of len(line) bytes, which decoded strings never outgrow (an
// escape is never shorter than what it stands for).
func fastUnmarshal(line []byte, a *article) bool {
	if len(line) == 0 {
		return false
	}
	p := parser{s: unsafe.String(&line[0], len(line)), arena: make([]byte, 0, len(line))}
	if !p.article(a) {
		return false
	}
	p.space()
	return p.i == len(p.s)
}

// parser reads s. Decoded strings are appended to arena, whose capacity
// (len(s)) is never exceeded, so that it is never moved and the strings
// made from it stay put.
type parser struct {
	s     string
	i     int
	arena []byte
	ints  []int // the current slab of the offsets read (intPtr)
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
		key, ok := p.key()
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

// key reads an object's key without copying it: a view of the line, valid
// while the line is. A key holding an escape is left to encoding/json.
func (p *parser) key() (string, bool) {
	if !p.consume('"') {
		return "", false
	}
	start := p.i
	if !p.plain() {
		return "", false
	}
	if p.i < len(p.s) && p.s[p.i] == '"' {
		p.i++
		return p.s[start : p.i-1], true
	}
	return "", false
}

// keep copies k, a view of the line, into the arena.
func (p *parser) keep(k string) string {
	if k == "" {
		return ""
	}
	from := len(p.arena)
	p.arena = append(p.arena, k...)
	return unsafe.String(&p.arena[from], len(k))
}

// str reads a string value into the arena.
func (p *parser) str() (string, bool) {
	if !p.consume('"') {
		return "", false
	}
	from := len(p.arena)
	for {
		run := p.i
		if !p.plain() {
			return "", false
		}
		p.arena = append(p.arena, p.s[run:p.i]...)
		if p.i >= len(p.s) {
			return "", false
		}
		if p.s[p.i] == '"' {
			p.i++
			b := p.arena[from:]
			if len(b) == 0 {
				return "", true
			}
			return unsafe.String(&b[0], len(b)), true
		}
		if p.s[p.i] != '\\' || !p.escape() {
			return "", false // a control character, or a bad escape
		}
	}
}

// plain moves past the bytes that stand for themselves in a string: not a
// quote, a backslash or a control character. It reports false at a byte
// that is not valid UTF-8.
func (p *parser) plain() bool {
	s := p.s
	i := p.i
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == '"' || c == '\\' {
				break
			}
			i++
			continue
		}
		// Two-byte sequences (Arabic, most of Latin-1's letters) inline.
		if c >= 0xC2 && c <= 0xDF && i+1 < len(s) && s[i+1]&0xC0 == 0x80 {
			i += 2
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			p.i = i
			return false
		}
		i += n
	}
	p.i = i
	return true
}

// escape appends what the escape at p.i stands for to the arena. It
// reports false for an escape JSON does not have, and for a UTF-16
// surrogate escape that is not half of a proper pair.
func (p *parser) escape() bool {
	if p.i+1 >= len(p.s) {
		return false
	}
	e := p.s[p.i+1]
	p.i += 2
	switch e {
	case '"', '\\', '/':
		p.arena = append(p.arena, e)
	case 'b':
		p.arena = append(p.arena, '\b')
	case 'f':
		p.arena = append(p.arena, '\f')
	case 'n':
		p.arena = append(p.arena, '\n')
	case 'r':
		p.arena = append(p.arena, '\r')
	case 't':
		p.arena = append(p.arena, '\t')
	case 'u':
		r, ok := p.hex4()
		if !ok {
			return false
		}
		if utf16.IsSurrogate(r) {
			// Only a proper pair; anything else is left to the caller.
			if p.i+1 >= len(p.s) || p.s[p.i] != '\\' || p.s[p.i+1] != 'u' {
				return false
			}
			p.i += 2
			r2, ok := p.hex4()
			if !ok {
				return false
			}
			if r = utf16.DecodeRune(r, r2); r == utf8.RuneError {
				return false
			}
		}
		p.arena = utf8.AppendRune(p.arena, r)
	default:
		return false
	}
	return true
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
	// The integers of a line share a few allocations: a slab is never
	// appended to beyond its capacity, so the pointers into it stay put.
	if len(p.ints) == cap(p.ints) {
		p.ints = make([]int, 0, 32)
	}
	p.ints = append(p.ints, v)
	return &p.ints[len(p.ints)-1], true
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
				k = p.keep(k) // k is a view of the line
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
