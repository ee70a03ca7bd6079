package layout

import (
	"bytes"
	"log"
	"sync"
	"sync/atomic"
	"unicode"

	"github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/font/opentype"
	"github.com/go-text/typesetting/font/opentype/tables"
	"github.com/go-text/typesetting/language"
	"github.com/go-text/typesetting/unicodedata"
	"github.com/hamesh-app/hamesh/assets"
)

// FaceID names one of the bundled font faces.
type FaceID uint8

// The bundled faces, from package assets.
const (
	FaceArabic FaceID = iota // Noto Naskh Arabic: Arabic script, digits, Arabic punctuation
	FaceLatin                // Noto Sans: Latin, Greek, Cyrillic, general punctuation
	FaceEmoji                // EmojiOne Color
	FaceHebrew               // Noto Sans Hebrew
	FaceSyriac               // Noto Sans Syriac
	FaceThaana               // Noto Sans Thaana
	FaceNKo                  // Noto Sans NKo
	FaceAdlam                // Noto Sans Adlam
	numFaces
)

// scriptFaces maps the scripts that have a bundled face of their own (the
// right-to-left ones beside Arabic, assets.ScriptFonts) to it.
var scriptFaces = map[language.Script]FaceID{
	language.Hebrew: FaceHebrew,
	language.Syriac: FaceSyriac,
	language.Thaana: FaceThaana,
	language.Nko:    FaceNKo,
	language.Adlam:  FaceAdlam,
}

// String returns the family name of the face.
func (f FaceID) String() string {
	switch f {
	case FaceArabic:
		return "Noto Naskh Arabic"
	case FaceLatin:
		return "Noto Sans"
	case FaceEmoji:
		return "EmojiOne Color"
	case FaceHebrew:
		return "Noto Sans Hebrew"
	case FaceSyriac:
		return "Noto Sans Syriac"
	case FaceThaana:
		return "Noto Sans Thaana"
	case FaceNKo:
		return "Noto Sans NKo"
	case FaceAdlam:
		return "Noto Sans Adlam"
	}
	return "unknown face"
}

// fontSet holds the parsed bundled fonts. A *font.Font is safe for
// concurrent use; a *font.Face is not, so every worker makes its own faces.
type fontSet struct {
	// fonts[f] is face f's font; nil for the emoji face, which emoji
	// parses on first use.
	fonts [numFaces]*font.Font
	// emoji is the emoji face, parsed the first time a text needs it: it is
	// the largest bundled font (4 MB of CFF outlines and SVG glyphs, 4.7 MB
	// of heap once parsed) and most articles have no emoji.
	emoji *lazyFont
	// cover[f] is a bitmap of the BMP code points face f maps to a glyph.
	cover [numFaces][]uint64
	// Vertical metrics of the strut (the Arabic face, first in the family
	// list as in a browser), in em.
	ascent, descent float32
	// fb finds faces, beyond the bundled ones, for the characters none of
	// them has; nil for none.
	fb *fallback
}

// font returns face f's font.
func (fs *fontSet) font(f FaceID) *font.Font {
	if f == FaceEmoji {
		return fs.emoji.get(fs.fonts[FaceLatin])
	}
	if f < numFaces {
		return fs.fonts[f]
	}
	return fs.fb.font(f)
}

// lazyFont is a bundled font parsed on first use. Until then only its
// character map is known (cmap), which is all face selection asks.
type lazyFont struct {
	name string
	data []byte
	cmap font.Cmap
	once sync.Once
	font *font.Font  // set once by get
	done atomic.Bool // get has run
}

// newLazyFont reads the character map of the font in data, leaving the
// rest of it unparsed.
func newLazyFont(name string, data []byte) (*lazyFont, error) {
	ld, err := opentype.NewLoader(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	raw, err := ld.RawTable(opentype.MustNewTag("cmap"))
	if err != nil {
		return nil, err
	}
	tbl, _, err := tables.ParseCmap(raw)
	if err != nil {
		return nil, err
	}
	cm, _, err := font.ProcessCmap(tbl, 0)
	if err != nil {
		return nil, err
	}
	return &lazyFont{name: name, data: data, cmap: cm}, nil
}

// get parses the font the first time it is asked for and returns it; if
// it cannot be parsed (a damaged build: the tests parse every bundled
// font), it returns instead, whose missing-glyph boxes then stand for the
// characters.
func (l *lazyFont) get(instead *font.Font) *font.Font {
	l.once.Do(func() {
		face, err := font.ParseTTF(bytes.NewReader(l.data))
		if err != nil {
			log.Printf("layout: parsing bundled font %s: %v; its characters show as boxes", l.name, err)
			return
		}
		l.font = face.Font
	})
	l.done.Store(true)
	if l.font == nil {
		return instead
	}
	return l.font
}

// parsed reports whether the font has been parsed.
func (l *lazyFont) parsed() bool { return l.done.Load() }

// faceName returns the family name of face f, bundled or fallback.
func (fs *fontSet) faceName(f FaceID) string {
	if f < numFaces {
		return f.String()
	}
	return fs.fb.name(f)
}

// withFallback returns a copy of the bundled fonts fs that falls back on
// fb (shared bundled fonts, its own fallback).
func (fs *fontSet) withFallback(fb *fallback) *fontSet {
	c := *fs
	c.fb = fb
	return &c
}

var (
	defaultFontsOnce sync.Once
	defaultFonts     *fontSet
	defaultFontsErr  error
)

// loadFonts returns the bundled fonts, read once per process.
func loadFonts() (*fontSet, error) {
	defaultFontsOnce.Do(func() { defaultFonts, defaultFontsErr = readFonts() })
	return defaultFonts, defaultFontsErr
}

// readFonts parses the bundled fonts (the emoji face's character map
// only: see fontSet.emoji) and finds the system's fallback fonts.
func readFonts() (*fontSet, error) {
	fs := &fontSet{}
	all := [numFaces][]byte{FaceArabic: assets.FontArabic(), FaceLatin: assets.FontLatin(), FaceEmoji: assets.FontEmoji()}
	scripts := map[string]FaceID{"Hebr": FaceHebrew, "Syrc": FaceSyriac, "Thaa": FaceThaana, "Nkoo": FaceNKo, "Adlm": FaceAdlam}
	for _, sf := range assets.ScriptFonts() {
		if id, ok := scripts[sf.Script]; ok {
			all[id] = sf.Data
		}
	}
	for id, data := range all {
		if data == nil {
			return nil, errorf(Internal, "layout: no bundled font for %s", FaceID(id))
		}
		var cmap font.Cmap
		if FaceID(id) == FaceEmoji {
			lf, err := newLazyFont(FaceID(id).String(), data)
			if err != nil {
				return nil, errorf(Internal, "layout: reading the character map of bundled font %s: %v", FaceID(id), err)
			}
			fs.emoji, cmap = lf, lf.cmap
		} else {
			face, err := font.ParseTTF(bytes.NewReader(data))
			if err != nil {
				return nil, errorf(Internal, "layout: parsing bundled font %s: %v", FaceID(id), err)
			}
			fs.fonts[id], cmap = face.Font, face.Cmap
		}
		bits := make([]uint64, 0x10000/64)
		for r := rune(0); r < 0x10000; r++ {
			if _, ok := cmap.Lookup(r); ok {
				bits[r>>6] |= 1 << (r & 63)
			}
		}
		fs.cover[id] = bits
	}
	ext, _ := font.NewFace(fs.fonts[FaceArabic]).FontHExtents()
	upem := float32(fs.fonts[FaceArabic].Upem())
	fs.ascent = ext.Ascender / upem
	fs.descent = -ext.Descender / upem
	fs.fb = systemFallback()
	return fs, nil
}

// has reports whether face f has a glyph for r.
func (fs *fontSet) has(f FaceID, r rune) bool {
	if f >= numFaces {
		return fs.fb.has(f, r)
	}
	if r >= 0 && r < 0x10000 {
		return fs.cover[f][r>>6]&(1<<(r&63)) != 0
	}
	if f == FaceEmoji {
		_, ok := fs.emoji.cmap.Lookup(r)
		return ok
	}
	_, ok := fs.fonts[f].NominalGlyph(r)
	return ok
}

// runeKind classifies a rune for face selection.
type runeKind uint8

const (
	kindCommon runeKind = iota // Common or Inherited script: takes the face around it
	kindMark                   // combining mark: takes the face of its base
	kindArabic                 // Arabic script
	kindEmoji                  // emoji presentation
	kindOther                  // any other script
)

var asciiKind [128]runeKind

func init() {
	for r := range asciiKind {
		if unicode.IsLetter(rune(r)) {
			asciiKind[r] = kindOther
		}
	}
}

func isEmojiComponent(r rune) bool {
	return r == 0x200D || r == 0xFE0F || r == 0x20E3 || (r >= 0x1F3FB && r <= 0x1F3FF) ||
		(r >= 0xE0020 && r <= 0xE007F) || (r >= 0x1F1E6 && r <= 0x1F1FF)
}

// kindOf classifies runes[i]; next is the following rune or 0.
func kindOf(r, next rune) (runeKind, language.Script) {
	if r < 0x80 {
		if next == 0xFE0F || next == 0x20E3 {
			if r == '#' || r == '*' || (r >= '0' && r <= '9') {
				return kindEmoji, language.Common
			}
		}
		return asciiKind[r], language.Latin
	}
	if r >= 0x0600 && r <= 0x06FF {
		// The Arabic block: letters, harakat, Arabic-Indic digits and Arabic
		// punctuation, all drawn by the Arabic face.
		return kindArabic, language.Arabic
	}
	if unicode.Is(unicodedata.Extended_Pictographic, r) {
		if r >= 0x1F000 || next == 0xFE0F {
			return kindEmoji, language.Common
		}
	}
	if r >= 0x1F1E6 && r <= 0x1F1FF {
		return kindEmoji, language.Common
	}
	s := language.LookupScript(r)
	switch s {
	case language.Arabic:
		return kindArabic, s
	case language.Inherited:
		return kindMark, s
	case language.Common, language.Unknown:
		if unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r) {
			return kindMark, s
		}
		return kindCommon, s
	}
	return kindOther, s
}

// chooseFaces sets faces[i] and scripts[i] for every rune of a paragraph.
// Arabic-script runes take the Arabic face, emoji the emoji face, other
// scripts the Latin face. Common and inherited runes (spaces, digits,
// punctuation, harakat) take the face of the text around them — the last
// face chosen for a strong rune, or for the paragraph's leading neutrals the
// first one — when it has a glyph for them, else the first face that has:
// so ، « » and digits inside Arabic come from the Arabic face, while ( )
// and " (which it lacks) come from the Latin one. Their script for shaping
// is that of their face's text. A rune no bundled face has takes a
// fallback font that has it (fontSet.fb: the system's fonts), and when
// there is none, Noto Sans or Noto Naskh, whose .notdef glyph is a visible
// box: shaping and drawing use that one face, so the box is measured and
// highlighted where it is drawn.
func (fs *fontSet) chooseFaces(runes []rune, faces []FaceID, scripts []language.Script, rtl bool) {
	cur := FaceLatin
	if rtl {
		cur = FaceArabic
	}
	curScript := language.Latin
	// The first strong rune decides the face of leading neutrals.
	for i, r := range runes {
		next := rune(0)
		if i+1 < len(runes) {
			next = runes[i+1]
		}
		k, s := kindOf(r, next)
		if k == kindArabic {
			cur, curScript = FaceArabic, s
			break
		} else if k == kindEmoji {
			cur, curScript = FaceEmoji, language.Common
			break
		} else if k == kindOther {
			cur, curScript = FaceLatin, s
			if sf, ok := scriptFaces[s]; ok {
				cur = sf
			}
			break
		}
	}
	if cur == FaceArabic {
		curScript = language.Arabic
	}
	textFace, textScript := cur, curScript
	if cur == FaceEmoji {
		textFace, textScript = FaceLatin, language.Latin
		if rtl {
			textFace, textScript = FaceArabic, language.Arabic
		}
	}
	for i, r := range runes {
		next := rune(0)
		if i+1 < len(runes) {
			next = runes[i+1]
		}
		k, s := kindOf(r, next)
		var f FaceID
		switch k {
		case kindArabic:
			f, cur, curScript = FaceArabic, FaceArabic, language.Arabic
			textFace, textScript = cur, curScript
		case kindEmoji:
			f, cur, curScript = FaceEmoji, FaceEmoji, language.Common
		case kindOther:
			face := FaceLatin
			if sf, ok := scriptFaces[s]; ok {
				face = sf
			}
			f, cur, curScript = face, face, s
			textFace, textScript = cur, curScript
			if !fs.has(face, r) && fs.has(FaceArabic, r) {
				f = FaceArabic
			}
		case kindMark:
			f = cur
			if i > 0 {
				f = faces[i-1]
			}
			s = curScript
			if i > 0 {
				s = scripts[i-1]
			}
		default:
			f, s = cur, curScript
			if cur == FaceEmoji && !isEmojiComponent(r) {
				// A space or punctuation after an emoji goes back to the
				// face of the text before it.
				f, s = textFace, textScript
			}
		}
		if !fs.has(f, r) && !isDefaultIgnorable(r) {
			found := false
			for alt := range FaceID(numFaces) {
				if fs.has(alt, r) {
					f, found = alt, true
					break
				}
			}
			if !found {
				// Control characters (tabs above all) are shaped as spaces
				// in the face around them: they are never looked up.
				fb := noFace
				if !isControl(r) {
					fb = fs.fb.face(r)
				}
				switch {
				case fb != noFace:
					f = fb
				case isControl(r):
				case f != FaceArabic:
					f = FaceLatin // its .notdef is a box (the emoji face's is not)
				}
				if k == kindOther {
					// The spaces and punctuation after it take it too
					// when it has them.
					cur, textFace = f, f
				}
			}
			if f == FaceArabic {
				s = language.Arabic
			} else if f == FaceLatin && s == language.Arabic {
				s = language.Latin
			}
		}
		faces[i] = f
		scripts[i] = s
	}
}

// isControl reports the C0 and C1 control characters.
func isControl(r rune) bool { return r < 0x20 || (r >= 0x7F && r < 0xA0) }

// isDefaultIgnorable reports the invisible format characters that must not
// trigger a face change (they are drawn as nothing in any face).
func isDefaultIgnorable(r rune) bool {
	switch {
	case r == 0x00AD, r == 0x061C, r >= 0x200B && r <= 0x200F, r >= 0x202A && r <= 0x202E,
		r >= 0x2060 && r <= 0x206F, r == 0xFEFF, r >= 0xFE00 && r <= 0xFE0F:
		return true
	}
	return false
}
