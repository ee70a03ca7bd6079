// Command demo opens the article view on the seed article with a few spans
// highlighted, to look at it in a real window.
//
//	go run ./app/articleview/internal/demo [-repeat N] [-size PX]
package main

import (
	"flag"
	"fmt"
	"image/color"
	"os"
	"strings"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/app/articleview"
	"github.com/hamesh-app/hamesh/assets"
)

func main() {
	repeat := flag.Int("repeat", 1, "repeat the article N times (170: about 1 MB)")
	size := flag.Float64("size", 18, "font size")
	width := flag.Float64("width", 1000, "window width")
	height := flag.Float64("height", 800, "window height")
	flag.Parse()
	var text string
	for _, s := range assets.Samples() {
		if strings.HasPrefix(s.Name, "alaraby-") {
			text = s.Text
		}
	}
	if text == "" {
		fmt.Fprintln(os.Stderr, "demo: the seed article is missing from assets")
		os.Exit(1)
	}
	text = strings.Repeat(text, *repeat)
	a := app.New()
	w := a.NewWindow("articleview demo")
	v := articleview.New(nil)
	v.SetFontSize(float32(*size))
	v.SetText(text, annotations.RTL)
	v.SetHighlights(Highlights(text))
	status := widget.NewLabel("drag to select")
	v.OnSelectionChanged = func(r annotations.Range) {
		status.SetText(fmt.Sprintf("selection [%d, %d) %q", r.Start, r.End, slice(text, r.Start, r.End)))
	}
	v.OnSpanTapped = func(id string) { status.SetText("span " + id) }
	w.SetPadded(false) // the text area is then exactly the window width minus the view's margins
	w.SetContent(container.NewBorder(nil, status, nil, nil, v))
	w.Resize(fyne.NewSize(float32(*width), float32(*height)))
	w.ShowAndRun()
}

// slice returns the code points [a, b) of s, shortened to 60 in the middle
// (a long status text would widen the window).
func slice(s string, a, b int) string {
	r := []rune(s)[a:b]
	if len(r) > 60 {
		return string(r[:30]) + " … " + string(r[len(r)-30:])
	}
	return string(r)
}

// find returns the code-point range of the n-th occurrence of sub.
func find(text, sub string, n int) (int, int) {
	b := 0
	for ; n >= 0; n-- {
		i := strings.Index(text[b:], sub)
		if i < 0 {
			return 0, 0
		}
		b += i
		if n > 0 {
			b += len(sub)
		}
	}
	s := utf8.RuneCountInString(text[:b])
	return s, s + utf8.RuneCountInString(sub)
}

// Highlights tags a few spans of the seed article: nested, overlapping and
// a claim.
func Highlights(text string) []articleview.Highlight {
	c := func(s string) color.Color {
		var r, g, b uint8
		fmt.Sscanf(s, "#%02x%02x%02x", &r, &g, &b)
		return color.NRGBA{r, g, b, 255}
	}
	var hs []articleview.Highlight
	add := func(id, sub string, n int, label, col string, claim bool) {
		s, e := find(text, sub, n)
		if e > s {
			hs = append(hs, articleview.Highlight{ID: id, Start: s, End: e, Label: label, Color: c(col), Claim: claim})
		}
	}
	add("p1", "دونالد ترامب جونيور", 0, "PERS", "#e6194b", false)
	add("r1", "نجل الرئيس الأميركي، دونالد ترامب", 0, "ROLE", "#f58231", false)
	add("p2", "دونالد ترامب", 1, "PERS", "#e6194b", false)
	add("o1", "ويكيليكس", 1, "ORG", "#4363d8", false)
	add("o2", "نيويورك تايمز", 0, "ORG", "#4363d8", false)
	add("g1", "روسيا", 0, "GPE", "#3cb44b", false)
	add("d1", "عام 2016", 0, "DATE", "#911eb4", false)
	add("c1", "تواصل نجل الرئيس الأميركي، دونالد ترامب، دونالد ترامب جونيور، مع \"ويكيليكس\" خلال حملة الانتخابات الرئاسية الأميركية عام 2016", 0, "CLAIM", "#808000", true)
	return hs
}
