package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/data"
)

// The real-window benchmarks of issue 16, from outside the app: the
// hamesh binary runs as a child process on the X display in $DISPLAY
// (Xvfb), keys go in as XTest events, and a region of the article view is
// watched on the screen (x11_linux.go). A key's time is from sending it
// to the last change of the region before it stays unchanged for
// settleQuiet: the changed and settled frame. The app's CPU comes from
// /proc/PID/stat (all its threads, Mesa's software rasteriser included).

// The watched region, in screen pixels: a band across the article view of
// the 1300×820 window at the top left of the screen.
const (
	regionX, regionY, regionW, regionH = 340, 300, 660, 200
	settleQuiet                        = 300 * time.Millisecond
)

// procCPU returns the CPU time (user and system, all threads) process pid
// has used.
func procCPU(pid int) (time.Duration, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	// The command name, in parentheses, may hold spaces: count from after it.
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(f) < 13 {
		return 0, fmt.Errorf("/proc/%d/stat: too few fields", pid)
	}
	ut, _ := strconv.ParseInt(f[11], 10, 64)
	st, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(ut+st) * time.Second / 100, nil // USER_HZ is 100 on Linux
}

// bareWindow shows a Fyne window of the workspace's size with one line of
// text in its middle and nothing else, until killed: the reference for the
// idle CPU and, as it changes its text on every key, for the cost of one
// repainted frame per key.
func bareWindow() error {
	a := fyneapp.NewWithID("app.hamesh.bench.bare")
	w := a.NewWindow("bare")
	n := 0
	txt := canvas.NewText("A bare Fyne window: 0 keys", theme.Color(theme.ColorNameForeground))
	txt.TextSize = 40
	w.SetContent(container.NewCenter(txt))
	w.Canvas().SetOnTypedKey(func(*fyne.KeyEvent) {
		n++
		txt.Text = fmt.Sprintf("A bare Fyne window: %d keys", n)
		txt.Refresh()
	})
	w.Resize(fyne.NewSize(1300, 820))
	w.ShowAndRun()
	return nil
}

// idleCPU starts cmd, waits wait, and returns the share of a core it used
// over the next span.
func idleCPU(cmd *exec.Cmd, wait, span time.Duration) (float64, error) {
	if err := cmd.Start(); err != nil {
		return 0, err
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	time.Sleep(wait)
	c0, err := procCPU(cmd.Process.Pid)
	if err != nil {
		return 0, err
	}
	time.Sleep(span)
	c1, err := procCPU(cmd.Process.Pid)
	if err != nil {
		return 0, err
	}
	return float64(c1-c0) / float64(span), nil
}

// windowBench runs the scroll, burst, launch and idle measurements on the
// first article of -db with the hamesh binary -app.
func windowBench(args []string) error {
	fs := flag.NewFlagSet("window", flag.ContinueOnError)
	appPath := fs.String("app", "", "the hamesh binary")
	dbPath := fs.String("db", "", "database holding the article (copied first: the app writes its state)")
	keys := fs.Int("keys", 50, "Page_Downs (and Page_Ups) timed one by one, and in the burst")
	jumps := fs.Int("jumps", 10, "End and Home keys timed, each")
	idle := fs.Duration("idle", 10*time.Second, "how long idle CPU is measured")
	label := fs.String("label", "", "name printed before each figure")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *appPath == "" || *dbPath == "" {
		return fmt.Errorf("-app and -db are required")
	}
	tmp, err := os.MkdirTemp("", "hamesh-window-bench")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	db := filepath.Join(tmp, "a.db")
	if b, err := os.ReadFile(*dbPath); err != nil {
		return err
	} else if err := os.WriteFile(db, b, 0o600); err != nil {
		return err
	}
	store, err := data.Open(db)
	if err != nil {
		return err
	}
	list, err := store.ListArticles(context.Background(), annotations.ArticleFilter{Limit: 1})
	store.Close()
	if err != nil || len(list) == 0 {
		return fmt.Errorf("no article in %s: %v", *dbPath, err)
	}
	id := list[0].ID
	pr := func(format string, a ...any) { fmt.Printf("%s"+format+"\n", append([]any{*label}, a...)...) }

	sw, err := newScreenWatch(regionX, regionY, regionW, regionH)
	if err != nil {
		return err
	}
	defer sw.close()
	blank, _ := sw.grab()

	cmd := exec.Command(*appPath, "gui", "--db", db, "--annotator", "bench", "--article", id)
	cmd.Env = append(os.Environ(), "HOME="+tmp, "FYNE_SCALE=1")
	t0 := time.Now()
	if err := cmd.Start(); err != nil {
		return err
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	pid := cmd.Process.Pid

	// Launch → first article text: the first frame with text in the
	// region, and the frame it then settles on.
	var first time.Time
	for first.IsZero() {
		if time.Since(t0) > 30*time.Second {
			return fmt.Errorf("no article text on the screen 30 s after launch")
		}
		if _, ink := sw.grab(); ink > 2000 {
			first = time.Now()
		}
		time.Sleep(time.Millisecond)
	}
	h, _ := sw.grab()
	settled, _, _, err := sw.settle(first, h, time.Second, 30*time.Second)
	if err != nil {
		return err
	}
	pr("launch → first article text: %.0f ms (settled %.0f ms)", ms(first.Sub(t0)), ms(settled.Sub(t0)))
	_ = blank
	time.Sleep(2 * time.Second) // the rest of the background layout

	// press times one key (count times at once) to its settled frame.
	press := func(name string, count int) (time.Duration, uint64, int, error) {
		before, _ := sw.grab()
		t := time.Now()
		sw.key(name, count, time.Millisecond)
		quiet := settleQuiet
		if count > 1 {
			quiet = 2 * time.Second // the server spaces the presses out
		}
		last, hash, changes, err := sw.settle(t, before, quiet, 20*time.Second)
		return last.Sub(t), hash, changes, err
	}
	stats := func(name string, ds []time.Duration, unchanged, frames int) {
		slices.Sort(ds)
		n := len(ds)
		if n == 0 {
			pr("key %s: the screen never changed", name)
			return
		}
		p99 := ds[min(n-1, (n*99+99)/100-1)]
		pr("key %s: n=%d median %.1f ms, p99 %.1f ms, worst %.1f ms; %.1f changed frames per key%s", name, n,
			ms(ds[n/2]), ms(p99), ms(ds[n-1]), float64(frames)/float64(n),
			map[bool]string{true: fmt.Sprintf(" (%d more left the screen unchanged for %v: not counted)", unchanged, settleQuiet), false: ""}[unchanged > 0])
	}
	run := func(name string, n int) ([]time.Duration, uint64, time.Duration, error) {
		var ds []time.Duration
		var hash uint64
		unchanged, frames := 0, 0
		c0, _ := procCPU(pid)
		for range n {
			d, h, changes, err := press(name, 1)
			if err != nil {
				return nil, 0, 0, fmt.Errorf("%s: %v", name, err)
			}
			hash = h
			if changes == 0 {
				// Nothing changed within settleQuiet (a loaded machine):
				// the change shows up in the next key's time, not as 0 ms.
				unchanged++
				continue
			}
			frames += changes
			ds = append(ds, d)
		}
		c1, _ := procCPU(pid)
		stats(name, ds, unchanged, frames)
		return ds, hash, c1 - c0, nil
	}
	if _, _, _, err := press("Home", 1); err != nil {
		return err
	}
	_, afterN, cpuN, err := run("Page_Down", *keys)
	if err != nil {
		return err
	}
	// The CPU includes the settling pauses (settleQuiet of idle window
	// after each key); the idle figure below says what those cost.
	pr("app CPU for %d Page_Downs: %.0f ms (%.1f ms per key, idle pauses included)", *keys, ms(cpuN), ms(cpuN)/float64(*keys))
	if _, _, _, err := run("Page_Up", *keys); err != nil {
		return err
	}
	var ends, homes []time.Duration
	var endFrames, homeFrames int
	for range *jumps {
		d, _, n, err := press("End", 1)
		if err != nil {
			return err
		}
		ends, endFrames = append(ends, d), endFrames+n
		d, _, n, err = press("Home", 1)
		if err != nil {
			return err
		}
		homes, homeFrames = append(homes, d), homeFrames+n
	}
	stats("End", ends, 0, endFrames)
	stats("Home", homes, 0, homeFrames)

	// The burst: N Page_Downs sent 1 ms apart (see screenWatch.key) must
	// end where N one by one did.
	c0, _ := procCPU(pid)
	d, burst, _, err := press("Page_Down", *keys)
	if err != nil {
		return err
	}
	c1, _ := procCPU(pid)
	verdict := "the same screen as one by one: no key lost"
	if burst != afterN {
		verdict = "NOT the screen of one by one: keys lost or extra"
	}
	pr("burst of %d Page_Downs 1 ms apart: settled after %.0f ms, app CPU %.0f ms; %s", *keys, ms(d), ms(c1-c0), verdict)

	// Idle: the app as it stands, then a bare Fyne window.
	time.Sleep(time.Second)
	ic0, _ := procCPU(pid)
	time.Sleep(*idle)
	ic1, _ := procCPU(pid)
	cmd.Process.Kill()
	cmd.Wait()
	self, err := os.Executable()
	if err != nil {
		return err
	}
	bare := exec.Command(self, "bare-window")
	bare.Env = cmd.Env
	bareCPU, err := idleCPU(bare, 3*time.Second, *idle)
	if err != nil {
		return err
	}
	pr("idle CPU over %v: app %.2f%% of a core, bare Fyne window %.2f%%", *idle,
		100*float64(ic1-ic0)/float64(*idle), 100*bareCPU)

	// The floor: the bare window, launch → its text on the screen, then
	// repainting one line of text per key.
	bare = exec.Command(self, "bare-window")
	bare.Env = cmd.Env
	tb := time.Now()
	if err := bare.Start(); err != nil {
		return err
	}
	defer func() { bare.Process.Kill(); bare.Wait() }()
	for {
		if time.Since(tb) > 30*time.Second {
			return fmt.Errorf("no text in the bare window 30 s after launch")
		}
		if _, ink := sw.grab(); ink > 500 {
			break
		}
		time.Sleep(time.Millisecond)
	}
	pr("bare Fyne window: launch → its text: %.0f ms", ms(time.Since(tb)))
	time.Sleep(3 * time.Second)
	pid = bare.Process.Pid
	*label += "bare Fyne window, one text changed per key: "
	if _, _, cpu, err := run("Page_Down", *keys); err != nil {
		return err
	} else {
		pr("CPU for %d keys: %.0f ms (%.1f ms per key, idle pauses included)", *keys, ms(cpu), ms(cpu)/float64(*keys))
	}
	return nil
}
