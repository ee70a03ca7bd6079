package app

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/app/textfield"
)

// The registry view and the cluster view (issue 17): every registry entry
// with its mention count and articles, and every claim cluster by size and
// verdict; choosing one lists its mentions or members, and choosing one of
// those opens its article with the span selected. An entry can be renamed
// there (its old name stays an alias).

// viewStore returns the store's registry views, or nil (then the views say
// the store has none).
func (ws *Workspace) viewStore() annotations.RegistryViewStore {
	r, _ := ws.sess.Store().(annotations.RegistryViewStore)
	return r
}

// openMention opens m's article with its span selected, closing d.
func (ws *Workspace) openMention(d dialog.Dialog, m annotations.Mention) {
	d.Hide()
	if err := ws.sess.Open(m.Span.ArticleID); err != nil {
		ws.showError("open the article", err)
		return
	}
	ws.sess.SelectSpan(m.Span.ID, true)
	ws.focusView()
}

// mentionList is a list of mentions that opens the one chosen.
func (ws *Workspace) mentionList(d *dialog.Dialog, ms *[]annotations.Mention) *widget.List {
	l := widget.NewList(func() int { return len(*ms) },
		func() fyne.CanvasObject { return newBidiLabel(false) },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			m := (*ms)[i]
			extra := ""
			if v := m.Span.Attributes[annotations.AttrVerdict]; v != "" {
				extra = " · verdict " + v
			}
			o.(*bidiLabel).SetText(T("“%s” — %s%s", ellipsize(m.Text, 50), ellipsize(m.ArticleTitle, 40), extra))
		})
	l.OnSelected = func(i widget.ListItemID) {
		if *d != nil && i < len(*ms) {
			ws.openMention(*d, (*ms)[i])
		}
	}
	return l
}

// showRegistry opens the registry view.
func (ws *Workspace) showRegistry() {
	vs := ws.viewStore()
	if vs == nil {
		ws.setStatus("this store keeps no entity registry")
		return
	}
	ctx := context.Background()
	stats, err := vs.EntryStats(ctx)
	if err != nil {
		ws.showError("read the registry", err)
		return
	}
	var d dialog.Dialog
	var mentions []annotations.Mention
	chosen := -1
	ml := ws.mentionList(&d, &mentions)
	name := textfield.New()
	name.SetPlaceHolder(T("canonical name"))
	var el *widget.List
	// Merging: the chosen entry goes into the one picked here.
	var targets []int // into stats, behind into's options
	into := newSelect(nil, nil)
	into.PlaceHolder = TV("merge into…")
	merge := widget.NewButton(TV("Merge"), func() {
		i := into.SelectedIndex()
		if chosen < 0 || i < 0 || i >= len(targets) {
			ws.setStatus("choose an entry, then the entry to merge it into")
			return
		}
		keep, gone := targets[i], chosen
		e, n, err := vs.MergeEntries(ctx, stats[keep].Entry.ID, stats[gone].Entry.ID)
		if err != nil {
			ws.showError("merge the entries", err)
			return
		}
		goneName := stats[gone].Entry.Name
		stats[keep].Entry = e
		stats[keep].Mentions += stats[gone].Mentions
		stats = append(stats[:gone], stats[gone+1:]...)
		chosen = -1
		el.UnselectAll()
		el.Refresh()
		mentions = nil
		ml.Refresh()
		ws.sess.ReloadRegistry()
		ws.setStatus("merged “%s” into “%s”: %d mentions relinked (the old name stays an alias)", goneName, e.Name, n)
	})
	rename := widget.NewButton(TV("Rename"), func() {
		if chosen < 0 || strings.TrimSpace(name.Text) == "" {
			return
		}
		e, err := vs.RenameEntry(ctx, stats[chosen].Entry.ID, name.Text)
		if err != nil {
			ws.showError("rename the entry", err)
			return
		}
		stats[chosen].Entry = e
		el.RefreshItem(chosen)
		ws.sess.ReloadRegistry()
		ws.setStatus("renamed to “%s”; the old name stays an alias", e.Name)
	})
	el = widget.NewList(func() int { return len(stats) },
		func() fyne.CanvasObject { return newBidiLabel(false) },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			s := stats[i]
			kb := ""
			if s.Entry.KBID != "" {
				kb = " · " + s.Entry.KBID
			}
			o.(*bidiLabel).SetText(T("%s%s · %s — %d mentions in %d articles", s.Entry.Name, kb, s.Entry.Label, s.Mentions, s.Articles))
		})
	el.OnSelected = func(i widget.ListItemID) {
		chosen = i
		name.SetText(stats[i].Entry.Name)
		targets, into.Options = targets[:0], nil
		for k, o := range stats {
			if k != i && o.Entry.Label == stats[i].Entry.Label {
				targets = append(targets, k)
				into.Options = append(into.Options, visualString(o.Entry.Name))
			}
		}
		into.ClearSelected()
		ms, err := vs.EntryMentions(ctx, stats[i].Entry.ID)
		if err != nil {
			ws.showError("read the mentions", err)
			return
		}
		mentions = ms
		ml.UnselectAll()
		ml.Refresh()
	}
	head := widget.NewLabel(visualLines(T("%d entries. Choose one for its mentions; choose a mention to open it; rename it, or merge it into another entry of its type.", len(stats)), registryTextWidth))
	head.Wrapping = fyne.TextWrapWord
	edit := container.NewVBox(atEnd(name, rename), atEnd(into, merge))
	right := container.NewBorder(edit, nil, nil, nil, ml)
	split := readingSplit(el, right, 0.45)
	d = dialog.NewCustom(TV("Entity registry"), TV("Close"), container.NewBorder(head, nil, nil, nil, split), ws.win)
	d.Resize(fyne.NewSize(1100, 650))
	ws.showModal(d)
}

// showClusters opens the cluster view: clusters largest first, with their
// verdict and the member verdicts that conflict with it.
func (ws *Workspace) showClusters() {
	vs := ws.viewStore()
	if vs == nil {
		ws.setStatus("this store keeps no claim clusters")
		return
	}
	ctx := context.Background()
	stats, err := vs.ClusterStats(ctx)
	if err != nil {
		ws.showError("read the claim clusters", err)
		return
	}
	var d dialog.Dialog
	var members []annotations.Mention
	ml := ws.mentionList(&d, &members)
	cl := widget.NewList(func() int { return len(stats) },
		func() fyne.CanvasObject { return newBidiLabel(false) },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			s := stats[i]
			v := s.Cluster.Verdict
			if v == "" {
				v = T("no verdict yet")
			} else {
				v = TK(v)
			}
			conf := ""
			if len(s.Conflicts) > 0 {
				conf = T(" · conflicting: %s", strings.Join(s.Conflicts, ", "))
			}
			o.(*bidiLabel).SetText(T("%d claims, %d articles · %s%s — “%s”", s.Members, s.Articles, v, conf, ellipsize(s.Cluster.Text, 60)))
		})
	// The chosen cluster's fact-check: verdict, review URL, reviewer,
	// dates; Save stores them (the verdict's place on the rating scale
	// follows it).
	chosen := -1
	verdicts := annotations.ClaimAttributes[annotations.AttrVerdict]
	verdictOpts := []string{noneChoice}
	for _, v := range verdicts {
		verdictOpts = append(verdictOpts, visualString(TK(v)))
	}
	verdict := newSelect(verdictOpts, nil)
	url, reviewer, claimDate, reviewDate := textfield.New(), textfield.New(), textfield.New(), textfield.New()
	url.SetPlaceHolder(T("fact-check URL, https://…"))
	claimDate.SetPlaceHolder(T("YYYY-MM-DD"))
	reviewDate.SetPlaceHolder(T("YYYY-MM-DD"))
	msg := widget.NewLabel("")
	msg.Wrapping = fyne.TextWrapWord
	save := widget.NewButton(TV("Save the fact-check"), func() {
		if chosen < 0 {
			return
		}
		c := stats[chosen].Cluster
		c.SetVerdict("")
		if i := verdict.SelectedIndex(); i > 0 {
			c.SetVerdict(verdicts[i-1])
		}
		c.ReviewURL, c.Reviewer = strings.TrimSpace(url.Text), strings.TrimSpace(reviewer.Text)
		c.ClaimDate, c.ReviewDate = strings.TrimSpace(claimDate.Text), strings.TrimSpace(reviewDate.Text)
		if err := c.Validate(); err != nil {
			msg.SetText(visualString(TErr(err)))
			return
		}
		if err := vs.SaveCluster(ctx, c); err != nil {
			msg.SetText(visualString(TErr(err)))
			return
		}
		stats[chosen].Cluster = c
		cl.RefreshItem(chosen)
		ws.sess.Reload() // the members show the cluster's verdict
		msg.SetText(TV("saved"))
	})
	form := widget.NewForm(mirrorItems([]*widget.FormItem{
		widget.NewFormItem(TV("Verdict"), verdict),
		widget.NewFormItem(TV("Fact-check"), url),
		widget.NewFormItem(TV("Reviewer"), reviewer),
		widget.NewFormItem(TV("Claim date"), claimDate),
		widget.NewFormItem(TV("Review date"), reviewDate),
	})...)
	editor := container.NewVBox(form, save, msg)
	editor.Hide()
	cl.OnSelected = func(i widget.ListItemID) {
		chosen = i
		c := stats[i].Cluster
		verdict.SetSelectedIndex(0)
		for k, v := range verdicts {
			if v == c.Verdict {
				verdict.SetSelectedIndex(k + 1)
			}
		}
		url.SetText(c.ReviewURL)
		reviewer.SetText(c.Reviewer)
		claimDate.SetText(c.ClaimDate)
		reviewDate.SetText(c.ReviewDate)
		msg.SetText("")
		editor.Show()
		ms, err := vs.ClusterMembers(ctx, stats[i].Cluster.ID)
		if err != nil {
			ws.showError("read the cluster's members", err)
			return
		}
		members = ms
		ml.UnselectAll()
		ml.Refresh()
	}
	head := widget.NewLabel(visualLines(T("%d clusters, largest first. Choose one for its claims; choose a claim to open it. hamesh cluster suggest offers more members.", len(stats)), registryTextWidth))
	head.Wrapping = fyne.TextWrapWord
	split := readingSplit(cl, container.NewBorder(editor, nil, nil, nil, ml), 0.5)
	d = dialog.NewCustom(TV("Claim clusters"), TV("Close"), container.NewBorder(head, nil, nil, nil, split), ws.win)
	d.Resize(fyne.NewSize(1100, 650))
	ws.showModal(d)
}
