package articleview

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/app/layout"
	"github.com/hamesh-app/hamesh/scripts/benchtool/corpus"
)

// growthCopies are the sizes of the growth benchmarks: the seed article
// repeated a third, two thirds and all of 170 times (1 MB).
var growthCopies = []int{57, 113, 170}

// BenchmarkLayoutGrowth lays the seed repeated 57, 113 and 170 times out
// completely at the view's width for an 800 px window, with a new engine
// each time (cold shaping cache), to show how layout time grows with the
// text: app/layout's BenchmarkLayout1MB at three sizes.
//
//	go test ./app/articleview -run '^$' -bench 'LayoutGrowth|OpenGrowth' -benchtime 5x
func BenchmarkLayoutGrowth(b *testing.B) {
	for _, n := range growthCopies {
		text := strings.Repeat(seedText(b), n)
		b.Run(fmt.Sprintf("x%d", n), func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			var cpu corpus.CPUMeter
			for b.Loop() {
				cpu.Start()
				e, err := layout.NewEngine()
				if err != nil {
					b.Fatal(err)
				}
				d, err := e.NewDocument(text, layout.RTL)
				if err != nil {
					b.Fatal(err)
				}
				l, err := d.Layout(layout.Options{Width: 800 - 2*8, FontSize: 18, BadgeBand: layout.BadgeBand(18)})
				if err != nil {
					b.Fatal(err)
				}
				if err := l.Complete(context.Background()); err != nil {
					b.Fatal(err)
				}
				cpu.Stop()
			}
			cpu.Report(b)
		})
	}
}

// BenchmarkOpenGrowth opens the seed repeated 57, 113 and 170 times in the
// view (800×600 window) until the background layout is complete and every
// job applied: BenchmarkOpen1MB at three sizes.
func BenchmarkOpenGrowth(b *testing.B) {
	for _, n := range growthCopies {
		text := strings.Repeat(seedText(b), n)
		b.Run(fmt.Sprintf("x%d", n), func(b *testing.B) {
			test.NewTempApp(b)
			v := New(newAsync())
			win := test.NewTempWindow(b, v)
			win.Resize(fyne.NewSize(800, 600))
			b.SetBytes(int64(len(text)))
			var cpu corpus.CPUMeter
			for b.Loop() {
				cpu.Start()
				v.SetText(text, annotations.RTL)
				v.waitIdle()
				cpu.Stop()
				b.StopTimer()
				if v.lay == nil || !v.lay.Done() {
					b.Fatal("the layout is not complete after the jobs ran")
				}
				v.SetText("", annotations.RTL)
				v.waitIdle()
				b.StartTimer()
			}
			cpu.Report(b)
		})
	}
}
