package layout

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/fontscan"
)

// maxFaces bounds the faces an engine draws with: the bundled ones and at
// most maxFaces-numFaces fallback fonts. A character only a further font
// has is drawn as the missing-glyph box, as when no font has it.
const maxFaces = 64

// noFace is the cached answer "no fallback font has this rune".
const noFace FaceID = 0xFF

// fallback finds fonts for the characters no bundled face has — CJK,
// Devanagari, Cyrillic outside Noto Sans — among the system's fonts or the
// font files of given directories, through go-text's fontscan (the font
// matcher Fyne uses). The font map is built on the first character that
// needs it, not before (scanning the system's fonts takes a while the first
// time; its index is then cached on disk), and each rune's answer is
// cached, so text the bundled faces cover never reaches it. It is safe for
// concurrent use.
type fallback struct {
	mu     sync.Mutex
	load   func() (*fontscan.FontMap, error) // builds the font map, once
	loaded bool
	fm     *fontscan.FontMap // nil when there are no fonts to fall back on
	byRune map[rune]FaceID
	fonts  []*font.Font // fonts[i] is face numFaces+i
	names  []string     // their family names
	// cover caches fonts' coverage checks (has on a fallback face).
	cover map[faceRune]bool
}

type faceRune struct {
	f FaceID
	r rune
}

// quietLog discards fontscan's warnings (a broken font file among the
// system's is not our user's problem).
type quietLog struct{}

func (quietLog) Printf(string, ...interface{}) {}

// systemFallback falls back on the system's fonts, its scan index in the
// user's cache directory (hamesh/fontscan under os.UserCacheDir). fontscan
// scans the system once per process: when Fyne's own fallback has scanned
// first (it does on the window's first text), its index is the one used.
func systemFallback() *fallback {
	return &fallback{load: func() (*fontscan.FontMap, error) {
		dir := ""
		if c, err := os.UserCacheDir(); err == nil {
			dir = filepath.Join(c, "hamesh", "fontscan")
			if err := os.MkdirAll(dir, 0o755); err != nil {
				dir = os.TempDir()
			}
		} else {
			dir = os.TempDir()
		}
		fm := fontscan.NewFontMap(quietLog{})
		if err := fm.UseSystemFonts(dir); err != nil {
			return nil, err
		}
		return fm, nil
	}}
}

// dirFallback falls back on the font files (.ttf, .otf, .ttc, .otc) under
// dirs only; with no dirs there is no fallback.
func dirFallback(dirs []string) *fallback {
	return &fallback{load: func() (*fontscan.FontMap, error) {
		fm := fontscan.NewFontMap(quietLog{})
		n := 0
		for _, d := range dirs {
			filepath.WalkDir(d, func(path string, e fs.DirEntry, err error) error {
				if err != nil || e.IsDir() {
					return nil
				}
				switch strings.ToLower(filepath.Ext(path)) {
				case ".ttf", ".otf", ".ttc", ".otc":
				default:
					return nil
				}
				data, err := os.ReadFile(path)
				if err != nil {
					return nil
				}
				if fm.AddFont(bytes.NewReader(data), path, "") == nil {
					n++
				}
				return nil
			})
		}
		if n == 0 {
			return nil, nil
		}
		return fm, nil
	}}
}

// face returns the fallback face for r, or noFace when no font has a glyph
// for it.
func (fb *fallback) face(r rune) FaceID {
	if fb == nil {
		return noFace
	}
	fb.mu.Lock()
	defer fb.mu.Unlock()
	if f, ok := fb.byRune[r]; ok {
		return f
	}
	if !fb.loaded {
		fb.loaded = true
		fb.byRune = make(map[rune]FaceID)
		fb.cover = make(map[faceRune]bool)
		if fm, err := fb.load(); err == nil && fm != nil {
			fm.SetQuery(fontscan.Query{Families: []string{fontscan.SansSerif}})
			fb.fm = fm
		}
	}
	f := noFace
	if fb.fm != nil {
		// ResolveFace returns some face even when none has r: check.
		if face := fb.fm.ResolveFace(r); face != nil {
			if _, ok := face.NominalGlyph(r); ok {
				f = fb.add(face.Font, fb.fm)
			}
		}
	}
	fb.byRune[r] = f
	return f
}

// add returns the face id of ft, giving it one if it is new (noFace when
// there is no room). fb.mu must be held.
func (fb *fallback) add(ft *font.Font, fm *fontscan.FontMap) FaceID {
	for i, g := range fb.fonts {
		if g == ft {
			return FaceID(int(numFaces) + i)
		}
	}
	if int(numFaces)+len(fb.fonts) >= maxFaces {
		return noFace
	}
	fb.fonts = append(fb.fonts, ft)
	family, _ := fm.FontMetadata(ft)
	fb.names = append(fb.names, family)
	return FaceID(int(numFaces) + len(fb.fonts) - 1)
}

// font returns fallback face f's font.
func (fb *fallback) font(f FaceID) *font.Font {
	fb.mu.Lock()
	defer fb.mu.Unlock()
	return fb.fonts[int(f-numFaces)]
}

// has reports whether fallback face f has a glyph for r.
func (fb *fallback) has(f FaceID, r rune) bool {
	fb.mu.Lock()
	defer fb.mu.Unlock()
	k := faceRune{f, r}
	ok, seen := fb.cover[k]
	if !seen {
		_, ok = fb.fonts[int(f-numFaces)].NominalGlyph(r)
		fb.cover[k] = ok
	}
	return ok
}

// name returns the family name of fallback face f.
func (fb *fallback) name(f FaceID) string {
	if fb == nil {
		return "unknown face"
	}
	fb.mu.Lock()
	defer fb.mu.Unlock()
	if i := int(f - numFaces); i >= 0 && i < len(fb.names) {
		return fb.names[i]
	}
	return "unknown face"
}
