// Package assets embeds what Hamesh ships inside its binary: the fonts the
// article view measures and draws with and the GUI's own face with Arabic (so
// both look the same on a machine with no fonts installed), and the sample
// articles a new database is seeded with.
// It imports nothing of ours.
package assets

import (
	"embed"
	"io/fs"
	"path"
)

//go:embed fonts/NotoNaskhArabic-Regular.ttf
var fontArabic []byte

//go:embed fonts/NotoSans-Regular.ttf
var fontLatin []byte

//go:embed fonts/EmojiOneColor.otf
var fontEmoji []byte

//go:embed fonts/HameshUI-Regular.ttf
var fontUIRegular []byte

//go:embed fonts/HameshUI-Bold.ttf
var fontUIBold []byte

//go:embed fonts/HameshUI-Italic.ttf
var fontUIItalic []byte

//go:embed samples/*.txt
var samples embed.FS

// FontArabic returns Noto Naskh Arabic Regular (SIL OFL 1.1, fonts/OFL.txt).
func FontArabic() []byte { return fontArabic }

// FontLatin returns Noto Sans Regular (SIL OFL 1.1, fonts/OFL.txt).
func FontLatin() []byte { return fontLatin }

// FontEmoji returns EmojiOne Color (CC-BY 4.0, fonts/LICENSE_EmojiOneColor.txt).
func FontEmoji() []byte { return fontEmoji }

// FontUI returns the face the GUI's labels, lists and entries use: Noto Sans
// merged with Noto Naskh Arabic (SIL OFL 1.1, fonts/OFL.txt; built by
// scripts/make-ui-fonts.py), bold or italic as asked (bold wins).
func FontUI(bold, italic bool) []byte {
	switch {
	case bold:
		return fontUIBold
	case italic:
		return fontUIItalic
	}
	return fontUIRegular
}

// Sample is one bundled sample article.
type Sample struct {
	Name string // file name, used as the article's source
	Text string
}

// Samples returns the bundled sample articles in file-name order.
func Samples() []Sample {
	entries, err := fs.ReadDir(samples, "samples")
	if err != nil {
		panic("assets: embedded samples missing: " + err.Error())
	}
	var out []Sample
	for _, e := range entries {
		b, err := samples.ReadFile(path.Join("samples", e.Name()))
		if err != nil {
			panic("assets: embedded sample unreadable: " + err.Error())
		}
		out = append(out, Sample{Name: e.Name(), Text: string(b)})
	}
	return out
}
