package assets

import _ "embed" // the faces below

// Faces for right-to-left scripts other than Arabic, all Noto (SIL OFL 1.1,
// fonts/OFL.txt), from Debian's fonts-noto-core 20201225, unmodified.

//go:embed fonts/NotoSansHebrew-Regular.ttf
var fontHebrew []byte

//go:embed fonts/NotoSansSyriac-Regular.ttf
var fontSyriac []byte

//go:embed fonts/NotoSansThaana-Regular.ttf
var fontThaana []byte

//go:embed fonts/NotoSansNKo-Regular.ttf
var fontNKo []byte

//go:embed fonts/NotoSansAdlam-Regular.ttf
var fontAdlam []byte

// ScriptFont is a bundled face for one script.
type ScriptFont struct {
	Family string // e.g. "Noto Sans Hebrew"
	Script string // ISO 15924 code, e.g. "Hebr"
	Data   []byte // the TrueType file
}

// ScriptFonts returns the bundled faces for the right-to-left scripts
// other than Arabic: Hebrew, Syriac, Thaana, N'Ko and Adlam, so that text
// in them is drawn the same on every machine, with or without system
// fonts.
func ScriptFonts() []ScriptFont {
	return []ScriptFont{
		{"Noto Sans Hebrew", "Hebr", fontHebrew},
		{"Noto Sans Syriac", "Syrc", fontSyriac},
		{"Noto Sans Thaana", "Thaa", fontThaana},
		{"Noto Sans NKo", "Nkoo", fontNKo},
		{"Noto Sans Adlam", "Adlm", fontAdlam},
	}
}
