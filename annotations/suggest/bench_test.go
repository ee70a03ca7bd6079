package suggest

import (
	"context"
	"math/rand/v2"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// cpuTime returns the process's user and system CPU time so far. The
// development machine is shared, so benchmarks report CPU time per
// operation (cpu-ms/op) beside the wall time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// cpuLoop runs b.Loop and reports the CPU milliseconds per iteration.
func cpuLoop(b *testing.B, body func()) {
	var c0 time.Duration
	n := 0
	for b.Loop() {
		if n == 0 {
			c0 = cpuTime()
		}
		body()
		n++
	}
	b.ReportMetric(float64(cpuTime()-c0)/float64(time.Millisecond)/float64(n), "cpu-ms/op")
}

// syntheticName returns a deterministic Arabic-like name of one to three
// words of two to four syllables.
func syntheticName(r *rand.Rand) string {
	cons := []rune("بتثجحخدذرزسشصضطظعغفقكلمنهوي")
	vow := []string{"ا", "و", "ي", ""}
	words := 1 + r.IntN(3)
	var b strings.Builder
	for w := 0; w < words; w++ {
		if w > 0 {
			b.WriteByte(' ')
		}
		for s := 2 + r.IntN(3); s > 0; s-- {
			b.WriteRune(cons[r.IntN(len(cons))])
			b.WriteString(vow[r.IntN(len(vow))])
		}
	}
	return b.String()
}

// syntheticGazetteer returns n deterministic entries with labels PERS,
// ORG and GPE.
func syntheticGazetteer(n int) []Entry {
	r := rand.New(rand.NewPCG(15, 2017))
	labels := []string{"PERS", "ORG", "GPE"}
	out := make([]Entry, n)
	for i := range out {
		out[i] = Entry{Text: syntheticName(r), Label: labels[i%3]}
	}
	return out
}

// syntheticArticles returns n articles: the seed article's paragraphs
// shuffled, each article with twenty gazetteer names inserted, half of them
// with a clitic (و، ب، لل...).
func syntheticArticles(seed string, entries []Entry, n int) []string {
	r := rand.New(rand.NewPCG(3000, 1))
	paras := strings.Split(seed, "\n\n")
	clitics := []string{"", "و", "ب", "ل", "وب", "ف"}
	out := make([]string, n)
	for i := range out {
		var b strings.Builder
		for _, j := range r.Perm(len(paras)) {
			b.WriteString(paras[j])
			b.WriteString(" ")
			for k := 0; k < 2; k++ {
				b.WriteString(clitics[r.IntN(len(clitics))])
				b.WriteString(entries[r.IntN(len(entries))].Text)
				b.WriteString("، ")
			}
			b.WriteString("\n\n")
		}
		out[i] = b.String()
	}
	return out
}

var benchData struct {
	once     sync.Once
	entries  []Entry
	articles []string
}

func gazetteerBenchData(b *testing.B) ([]Entry, []string) {
	benchData.once.Do(func() {
		benchData.entries = syntheticGazetteer(100_000)
		benchData.articles = syntheticArticles(seedText(b), benchData.entries, 3000)
	})
	return benchData.entries, benchData.articles
}

// BenchmarkGazetteerBuild builds a 100,000-entry gazetteer.
func BenchmarkGazetteerBuild(b *testing.B) {
	entries, _ := gazetteerBenchData(b)
	b.ReportAllocs()
	cpuLoop(b, func() {
		if _, err := NewGazetteer("bench", entries); err != nil {
			b.Fatal(err)
		}
	})
}

// BenchmarkGazetteer3000Articles matches a 100,000-entry gazetteer over
// 3,000 articles the size of the seed (one goroutine; the build is not
// timed, see BenchmarkGazetteerBuild).
func BenchmarkGazetteer3000Articles(b *testing.B) {
	entries, articles := gazetteerBenchData(b)
	g, err := NewGazetteer("bench", entries)
	if err != nil {
		b.Fatal(err)
	}
	chars := 0
	for _, a := range articles {
		chars += len([]rune(a))
	}
	b.ReportMetric(float64(chars), "chars/op")
	ctx := context.Background()
	b.ResetTimer()
	n := 0
	cpuLoop(b, func() {
		n = 0
		for _, a := range articles {
			s, err := g.Suggest(ctx, Input{Text: a})
			if err != nil {
				b.Fatal(err)
			}
			n += len(s)
		}
	})
	b.ReportMetric(float64(n), "suggestions/op")
}

// BenchmarkPatterns1MB runs every built-in recogniser over a 1 MB article:
// the seed article repeated.
func BenchmarkPatterns1MB(b *testing.B) {
	seed := seedText(b)
	text := strings.Repeat(seed+"\n\n", (1<<20)/len(seed)+1)
	p, err := NewPatterns()
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(text)))
	ctx := context.Background()
	n := 0
	cpuLoop(b, func() {
		s, err := p.Suggest(ctx, Input{Text: text})
		if err != nil {
			b.Fatal(err)
		}
		n = len(s)
	})
	b.ReportMetric(float64(n), "suggestions/op")
}

// BenchmarkGazetteer3000ArticlesRun is BenchmarkGazetteer3000Articles
// through Run, one worker per core.
func BenchmarkGazetteer3000ArticlesRun(b *testing.B) {
	entries, articles := gazetteerBenchData(b)
	g, err := NewGazetteer("bench", entries)
	if err != nil {
		b.Fatal(err)
	}
	inputs := make([]Input, len(articles))
	for i, a := range articles {
		inputs[i] = Input{Text: a}
	}
	cpuLoop(b, func() {
		if _, err := Run(context.Background(), g, inputs, 0); err != nil {
			b.Fatal(err)
		}
	})
}
