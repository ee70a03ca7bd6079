package app

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/annotations/formats"
	"github.com/hamesh-app/hamesh/annotations/formats/text"
	"github.com/hamesh-app/hamesh/app/textfield"
)

// importFiles imports the files at paths in the background, one
// transaction per file (a directory is read as one brat collection); a
// file that fails is reported by name and the rest go on.
// When done the library is reloaded and the last new article opened.
func (ws *Workspace) importFiles(paths []string) {
	ws.importPaths(T("Importing %d file(s)", len(paths)), paths, "")
}

// importOne imports the file (or brat directory) p into store
// (formats.Import), its spans that name no annotator stamped with who's
// name. A store that imports as it reads (the database) gets a native JSONL
// file line by line, in the memory of one batch whatever its size, and
// progress, when not nil, is told the bytes read; the import is all or
// nothing either way.
func importOne(ctx context.Context, store annotations.Store, p string, scheme []annotations.Label, opts formats.ReadOptions, who string, progress func(done, total int64)) (annotations.ImportResult, []string, error) {
	s, err := formats.OpenStream(ctx, p, "auto", scheme, opts)
	if err != nil {
		return annotations.ImportResult{}, nil, err
	}
	defer s.Close()
	var told time.Time
	rep, err := formats.Import(ctx, store, p, s, func(d *annotations.Document) {
		annotations.StampAnnotator([]annotations.Document{*d}, who)      // shares d.Spans: spans naming no one join the importer's layer
		if progress != nil && time.Since(told) >= 100*time.Millisecond { // a repaint per tell: not per document
			told = time.Now()
			progress(s.Progress())
		}
	})
	if progress != nil {
		progress(s.Progress())
	}
	return rep.ImportResult, warningTexts(s.Warnings, s.WarningNotes), err
}

// warningTexts returns a reader's warnings in the interface's language:
// its notes translated (TNote), or its English sentences when it gave no
// notes for them.
func warningTexts(warnings []string, notes []annotations.Note) []string {
	if len(notes) != len(warnings) {
		return warnings
	}
	out := make([]string, len(notes))
	for i, n := range notes {
		out[i] = TNote(n)
	}
	return out
}

// importPaths runs ImportFiles' job named name; a directory among paths is
// read as one brat collection. note (optional) is added to the status.
func (ws *Workspace) importPaths(name string, paths []string, note string) {
	if len(paths) == 0 {
		return
	}
	var opened, cancelled string
	scheme := append([]annotations.Label(nil), ws.sess.Labels()...)
	opts := ws.readOptions()
	ws.runJob(name, func(ctx context.Context, progress progressFunc) (string, error) {
		var total annotations.ImportResult
		var failed, failedNames, warnings []string
		imported := 0
		for i, p := range paths {
			if ctx.Err() != nil {
				break
			}
			progress(i, len(paths))
			// One file's progress is its bytes read (in KB), several files'
			// the files done.
			var fileProgress func(done, total int64)
			if len(paths) == 1 {
				fileProgress = func(done, total int64) { progress(int(done>>10), int(max(total>>10, 1))) }
			}
			res, fileWarnings, err := importOne(ctx, ws.sess.Store(), p, scheme, opts, ws.annotator(), fileProgress)
			for _, w := range fileWarnings {
				warnings = append(warnings, T("%s: %v", filepath.Base(p), w))
			}
			total.Articles += res.Articles
			total.Merged += res.Merged
			total.Spans += res.Spans
			if err == nil && len(res.ArticleIDs) > 0 {
				opened = res.ArticleIDs[len(res.ArticleIDs)-1]
			}
			if err != nil {
				if ctx.Err() != nil { // cancelled during this file: it was rolled back
					break
				}
				failed = append(failed, TErr(err))
				failedNames = append(failedNames, filepath.Base(p))
			} else {
				imported++
			}
			progress(i+1, len(paths))
		}
		msg := T("imported %d new articles, %d merged, %d spans", total.Articles, total.Merged, total.Spans)
		if len(paths) > 1 {
			msg = T("imported %d of %d files: %d new articles, %d merged, %d spans", imported, len(paths), total.Articles, total.Merged, total.Spans)
		}
		if note != "" {
			msg += " " + note
		}
		if err := ctx.Err(); err != nil {
			cancelled = T("import cancelled: %d of %d files had been imported (%s)", imported, len(paths), msg)
			return "", fmt.Errorf("%s: %w", T("import cancelled after %d of %d files", imported, len(paths)), err)
		}
		if len(warnings) > 0 {
			msg += T(" (%d warnings: %s)", len(warnings), strings.Join(warnings, "; "))
		}
		if len(failed) > 0 {
			return msg, errors.New(T("%s; %d file(s) failed (%s):\n%s", msg, len(failed), strings.Join(failedNames, ", "), strings.Join(failed, "\n")))
		}
		return msg, nil
	}, func(msg string, err error) {
		ws.afterImport()
		if opened != "" {
			ws.sess.Open(opened)
		}
		if cancelled != "" {
			ws.setStatus("%s", cancelled)
			return
		}
		if err != nil {
			ws.showError("import", err)
			return
		}
		if msg != "" {
			ws.setStatus("%s", msg)
		}
	})
}

// afterImport shows what an import stored: the labels it added to the
// scheme (ImportResult.NewLabels) in the palette and inspector, and the new
// articles in the library.
func (ws *Workspace) afterImport() {
	if err := ws.sess.Imported(); err != nil {
		ws.setStatus("reload the label scheme: %v", err)
	}
	ws.library.Reload()
}

// showImport opens a file dialog to import a file.
func (ws *Workspace) showImport() {
	d := dialog.NewFileOpen(func(rc fyne.URIReadCloser, err error) {
		if err != nil {
			ws.showError("import", err)
			return
		}
		if rc == nil {
			return
		}
		path := rc.URI().Path()
		rc.Close()
		ws.importFiles([]string{path})
	}, ws.win)
	d.Resize(fyne.NewSize(900, 600))
	ws.showModal(d)
}

// onDropped imports files dropped on the window.
func (ws *Workspace) onDropped(_ fyne.Position, uris []fyne.URI) {
	var paths []string
	for _, u := range uris {
		if u.Scheme() == "file" {
			paths = append(paths, u.Path())
		}
	}
	ws.importFiles(paths)
}

// importURL fetches a web page in the background and imports its article
// (title and body as a reader mode extracts them), following redirects
// only within its host.
func (ws *Workspace) importURL(rawURL string) { ws.importURLWith(rawURL, false) }

// importURLWith is importURL; anywhere lets redirects lead to other hosts
// (the URL dialog's checkbox).
func (ws *Workspace) importURLWith(rawURL string, anywhere bool) {
	var opened string
	opts := ws.readOptions()
	opts.FollowRedirectsAnywhere = anywhere
	ws.runJob(T("Fetching %s", ellipsize(rawURL, 50)), func(ctx context.Context, _ progressFunc) (string, error) {
		if !formats.IsURL(rawURL) {
			return "", annotations.Errorf(annotations.EINVALID, T("%q is not an http:// or https:// address"), rawURL)
		}
		in, err := formats.ReadWith(ctx, rawURL, "html", nil, opts)
		if err != nil {
			return "", err
		}
		if len(in.Documents) == 0 {
			return "", annotations.Errorf(annotations.EINVALID, T("%s: no article found"), rawURL)
		}
		doc := in.Documents[0]
		res, err := ws.sess.Store().ImportDocuments(ctx, []annotations.Document{doc})
		if err != nil {
			return "", err
		}
		if len(res.ArticleIDs) > 0 {
			opened = res.ArticleIDs[0]
		}
		return T("imported “%s” (%d new, %d merged)", iso(doc.Article.Title), res.Articles, res.Merged), nil
	}, func(msg string, err error) {
		if err != nil {
			ws.showError(T("import %s", rawURL), err)
			return
		}
		ws.afterImport()
		if opened != "" {
			ws.sess.Open(opened)
		}
		if msg != "" {
			ws.setStatus("%s", msg)
		}
	})
}

// showImportURL asks for a URL to import.
func (ws *Workspace) showImportURL() {
	e := textfield.New()
	e.SetPlaceHolder(T("https://…"))
	anywhere, anywhereRow := newCheck(TV("Follow redirects to other hosts"), nil)
	d := newFormDialog(TV("Import a web page"), TV("Import"), TV("Cancel"),
		[]*widget.FormItem{widget.NewFormItem(TV("URL"), e), widget.NewFormItem("", anywhereRow)}, func(ok bool) {
			if ok && strings.TrimSpace(e.Text) != "" {
				ws.importURLWith(strings.TrimSpace(e.Text), anywhere.Checked)
			}
		}, ws.win)
	d.Resize(fyne.NewSize(600, 200))
	ws.showModal(d)
	ws.win.Canvas().Focus(e)
}

// importText stores text as a new article titled title (the first line
// when empty), built as a .txt import builds it, and opens it. The reading
// and storing run in the background; the error returned is only for text
// that holds nothing to import (or a job already running), later failures
// are shown as they happen.
func (ws *Workspace) importText(title, body string) error {
	if strings.TrimSpace(body) == "" {
		err := annotations.Errorf(annotations.EINVALID, "%s", T("the pasted text is empty"))
		ws.showError("paste article", err)
		return err
	}
	if ws.sess.JobRunning() {
		err := annotations.Errorf(annotations.ECONFLICT, "%s", T("another job is running; paste again when it ends"))
		ws.setStatus("%v", err)
		return err
	}
	var opened, name string
	ws.runJob(T("Pasting an article"), func(ctx context.Context, _ progressFunc) (string, error) {
		doc, err := text.ReadText("pasted.txt", []byte(body), "txt")
		if err != nil {
			return "", err
		}
		if t := strings.TrimSpace(title); t != "" {
			doc.Article.Title = t
		}
		doc.Article.Source = "clipboard"
		res, err := ws.sess.Store().ImportDocuments(ctx, []annotations.Document{doc})
		if err != nil {
			return "", err
		}
		name = doc.Article.Title
		if len(res.ArticleIDs) > 0 {
			opened = res.ArticleIDs[0]
		}
		if res.Merged > 0 {
			return T("pasted “%s”: merged into an existing article with the same text", iso(name)), nil
		}
		return T("pasted “%s” as a new article", iso(name)), nil
	}, func(msg string, err error) {
		if err != nil {
			ws.showError("paste article", err)
			return
		}
		ws.afterImport()
		if opened != "" {
			ws.sess.Open(opened)
		}
		if msg != "" {
			ws.setStatus("%s", msg)
		}
	})
	return nil
}

// pastePreviewBytes is how much of the clipboard the paste dialog shows.
const pastePreviewBytes = 2048

// pastePreview returns the start of clip for the paste dialog (at most
// pastePreviewBytes, cut between code points) and whether it was cut.
func pastePreview(clip string) (string, bool) {
	if len(clip) <= pastePreviewBytes {
		return clip, false
	}
	n := pastePreviewBytes
	for n > 0 && !utf8.RuneStart(clip[n]) {
		n--
	}
	return clip[:n], true
}

// showPasteArticle offers the clipboard's text as a new article: a title to
// edit and a read-only preview of the start of the text with its length
// (an editable field holding a whole long article took over a minute to
// lay out). Import stores the clipboard's text itself.
func (ws *Workspace) showPasteArticle() {
	clip := ws.app.Clipboard().Content()
	if strings.TrimSpace(clip) == "" {
		ws.setStatus("the clipboard holds no text to paste as an article")
		return
	}
	title := textfield.New()
	first, _, _ := strings.Cut(strings.TrimSpace(clip), "\n")
	title.SetText(ellipsize(first, 120))
	head, cut := pastePreview(clip)
	preview := container.NewVBox()
	lines := strings.Split(head, "\n")
	if len(lines) > 12 {
		lines, cut = lines[:12], true
	}
	for _, line := range lines {
		if strings.TrimSpace(line) == "" {
			continue
		}
		l := widget.NewLabel(visualString(line))
		l.Truncation = fyne.TextTruncateEllipsis
		preview.Add(l)
	}
	size := T("%d characters", utf8.RuneCountInString(clip))
	if cut {
		size += T(" (the start is shown)")
	}
	d := newFormDialog(TV("Paste as a new article"), TV("Import"), TV("Cancel"),
		[]*widget.FormItem{widget.NewFormItem(TV("Title"), title), widget.NewFormItem(TV("Text"), preview),
			widget.NewFormItem("", newLeadingLabel(visualString(size)))},
		func(ok bool) {
			if ok {
				ws.importText(title.Text, clip)
			}
		}, ws.win)
	d.Resize(fyne.NewSize(800, 520))
	ws.showModal(d)
}

// ExportSelection says which articles to export.
type ExportSelection string

// The export choices.
const (
	ExportAll      ExportSelection = "All articles"
	ExportDone     ExportSelection = "Done articles"
	ExportFiltered ExportSelection = "The articles the library shows"
	ExportCurrent  ExportSelection = "The open article"
)

// exportFilter returns the store filter for which: for ExportFiltered the
// library's current text and status filter (what its list shows now, with
// any filter text still being typed applied first). ok is false, with the
// status saying why, when which needs an open article and none is.
func (ws *Workspace) exportFilter(which ExportSelection) (annotations.ArticleFilter, bool) {
	f := annotations.ArticleFilter{}
	switch which {
	case ExportDone:
		f.Status = []annotations.Status{annotations.StatusDone}
	case ExportFiltered:
		lf := ws.library.CurrentFilter()
		f.Query, f.Status = lf.Query, append([]annotations.Status(nil), lf.Status...)
	case ExportCurrent:
		if ws.sess.Document() == nil {
			ws.setStatus("no article is open")
			return f, false
		}
		f.IDs = []string{ws.sess.Document().Article.ID}
	}
	return f, true
}

// libraryFilterName describes the library's current filter for the export
// dialog, e.g. title has “ترامب”, done.
func (ws *Workspace) libraryFilterName() string {
	l := ws.library
	var parts []string
	if q := l.filter.Query; q != "" {
		parts = append(parts, T("title has “%s”", iso(ellipsize(q, 30))))
	}
	if i := l.StatusSel.SelectedIndex(); i > 0 {
		parts = append(parts, strings.ToLower(TK(statusChoices[i].name)))
	}
	if len(parts) == 0 {
		return T("no filter")
	}
	return strings.Join(parts, ", ")
}

// exportChoices returns the export dialog's choices, each labelled with
// what it selects and how many articles that is; the open article only
// when one is open.
func (ws *Workspace) exportChoices() ([]ExportSelection, []string) {
	which := []ExportSelection{ExportAll, ExportDone, ExportFiltered}
	if ws.sess.Document() != nil {
		which = append(which, ExportCurrent)
	}
	labels := make([]string, len(which))
	for i, w := range which {
		f, _ := ws.exportFilter(w)
		f.Limit = 1 // only the total is wanted
		page, err := ws.sess.Store().ArticlePage(ws.sess.Context(), f)
		n := page.Total
		count := Num(n)
		if err != nil {
			count = "?"
		}
		switch w {
		case ExportAll:
			labels[i] = T("All articles (%s)", count)
		case ExportDone:
			labels[i] = T("Done articles only (%s)", count)
		case ExportFiltered:
			labels[i] = T("The articles the library lists now: %s (%s)", ws.libraryFilterName(), count)
		case ExportCurrent:
			labels[i] = T("The open article: %s", iso(ellipsize(displayTitle(ws.sess.Document().Article.Title), 40)))
		}
	}
	return which, labels
}

// export writes the chosen articles in format to out in the background,
// with the default layer; finish (optional) runs on the UI goroutine when
// it ends.
func (ws *Workspace) export(format, out string, which ExportSelection, finish func(error)) {
	ws.exportLayer(format, out, which, "", finish)
}

// exportLayer is export with the layer asked for: "" (the default),
// annotations.GoldLayer, annotations.LayerAll or an annotator's name.
func (ws *Workspace) exportLayer(format, out string, which ExportSelection, asked string, finish func(error)) {
	f, ok := ws.exportFilter(which)
	if !ok {
		return
	}
	ws.runJob(T("Exporting to %s", filepath.Base(out)), func(ctx context.Context, progress progressFunc) (string, error) {
		if g, ok := ws.sess.Store().(annotations.OutputGuard); ok { // never over the database (issue 11)
			for _, p := range formats.OutputPaths(format, out) {
				if err := g.CheckOutput(p); err != nil {
					return "", err
				}
			}
		}
		if c, ok := ws.sess.Store().(annotations.ExportChecker); ok { // never skip an article silently (issue 11)
			if err := c.CheckExport(ctx, f); err != nil {
				return "", err
			}
		}
		cf := f
		cf.Limit = 1 // only the total is wanted
		page, err := ws.sess.Store().ArticlePage(ctx, cf)
		total := page.Total
		if err != nil {
			return "", err
		}
		scheme, err := ws.sess.Store().Labels(ctx)
		if err != nil {
			return "", err
		}
		layer, err := ws.chooseLayer(ctx, format, asked, f)
		if err != nil {
			return "", err
		}
		n := 0
		var warnings []string // what the format left out (doccano, Prodigy, CoNLL)
		opts := formats.Options{Scheme: scheme, Layer: layer.Layer, Warn: func(w annotations.Note) { warnings = append(warnings, TNote(w)) }}
		if rx, ok := ws.sess.Store().(annotations.RegistryExchange); ok {
			reg, err := rx.Registry(ctx)
			if err != nil {
				return "", err
			}
			opts.Registry = reg.ForExport(format)
		}
		err = formats.Write(format, out, os.Stdout, opts, func(fn func(*annotations.Document) error) error {
			return ws.sess.Store().ExportDocuments(ctx, f, func(d *annotations.Document) error {
				if err := ctx.Err(); err != nil {
					return err
				}
				n++
				progress(n, total)
				return fn(d)
			})
		})
		if err != nil {
			return "", err
		}
		msg := T("exported %d articles as %s to %s", n, format, out)
		if layer.Note != "" {
			msg += ", " + layer.Note
		}
		if len(warnings) > 0 {
			msg += " (" + strings.Join(warnings, "; ") + ")"
		}
		return msg, nil
	}, func(msg string, err error) {
		if err != nil {
			ws.showError("export", err)
		} else if msg != "" {
			ws.setStatus("%s", msg)
		}
		if finish != nil {
			finish(err)
		}
	})
}

// exportDestIn returns the export destination in folder dir, keeping the
// file name of current (or hamesh-export.jsonl when it has none).
func exportDestIn(dir, current string) string {
	name := filepath.Base(current)
	if current == "" || name == "." || name == string(filepath.Separator) {
		name = "hamesh-export.jsonl"
	}
	return filepath.Join(dir, name)
}

// exportPathFor gives the destination path the file extension of format
// (".json" for Label Studio, ".conll" for CoNLL…), or none for a format
// written as a folder (brat, dataset).
func exportPathFor(path, format string) string {
	f, err := formats.Lookup(format)
	if err != nil {
		return path
	}
	base := strings.TrimSuffix(path, filepath.Ext(path))
	if f.Dir {
		return base
	}
	return base + f.Ext()
}

// showExport opens the export dialog: format, which articles, destination.
func (ws *Workspace) showExport() {
	format := newSelect(formats.ExportFormats(), nil)
	format.SetSelectedIndex(0)
	choices, labels := ws.exportChoices()
	for i := range labels {
		labels[i] = visualString(labels[i])
	}
	which := newRadioChoice(labels, false)
	which.SetSelected(labels[0])
	home, _ := os.UserHomeDir()
	dest := textfield.New()
	dest.SetText(filepath.Join(home, "hamesh-export.jsonl"))
	format.OnChanged = func(f string) { dest.SetText(exportPathFor(dest.Text, f)) }
	// A folder dialog, not Fyne's save dialog: that one opens the chosen
	// file for writing (truncating an existing file) before it returns, so
	// picking an existing file would destroy it even if the export were
	// then cancelled. Nothing is written until Export.
	choose := widget.NewButton(TV("Choose folder…"), func() {
		fd := dialog.NewFolderOpen(func(dir fyne.ListableURI, err error) {
			if err != nil || dir == nil {
				return
			}
			dest.SetText(exportDestIn(dir.Path(), dest.Text))
		}, ws.win)
		fd.Resize(fyne.NewSize(900, 600))
		ws.showModal(fd)
	})
	layers := ws.exportLayerOptions()
	shownLayers := make([]string, len(layers))
	for i, l := range layers {
		shownLayers[i] = visualString(TK(l)) // an annotator's name is no id: it stays
	}
	layer := newSelect(shownLayers, nil)
	layer.SetSelectedIndex(0)
	items := []*widget.FormItem{
		widget.NewFormItem(TV("Format"), format),
		widget.NewFormItem(TV("Articles"), which),
		widget.NewFormItem(TV("Layer"), layer),
		widget.NewFormItem(TV("Destination"), dest),
		widget.NewFormItem("", choose),
	}
	d := newFormDialog(TV("Export"), TV("Export"), TV("Cancel"), items, func(ok bool) {
		if !ok {
			return
		}
		sel := ExportAll
		for i, l := range labels {
			if l == which.Selected() {
				sel = choices[i]
			}
		}
		ws.exportLayer(format.Selected, dest.Text, sel, askedLayer(layers[max(layer.SelectedIndex(), 0)]), nil)
	}, ws.win)
	d.Resize(fyne.NewSize(720, 420))
	ws.showModal(d)
}
