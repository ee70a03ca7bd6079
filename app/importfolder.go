package app

import (
	"os"
	"path/filepath"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/annotations/formats/brat"
)

// folderImportExts are the extensions Import folder reads (lower case);
// other files, whatever their content, are skipped.
var folderImportExts = map[string]bool{
	".txt": true, ".md": true, ".markdown": true, ".html": true, ".htm": true,
	".jsonl": true, ".json": true, ".ann": true,
}

// folderImport is what Import folder reads from one folder.
type folderImport struct {
	paths   []string // files to import, by name; the folder itself for a brat collection
	brat    bool     // the folder holds .ann files: its .txt/.ann pairs are one brat collection
	skipped []string // files not imported: hidden or of an unknown extension
	links   []string // symbolic links and special files, never followed or opened
}

// planFolderImport lists what importing the folder dir reads: every
// regular file directly in it (not in subfolders) with a known extension,
// hidden files skipped. Symbolic links and special files (FIFOs, devices,
// sockets) are never followed or opened: they are listed in links. A folder holding .ann files is a brat collection: it is read as
// one (its .txt and .ann files belong to it), and its other known files
// one by one.
func planFolderImport(dir string) (folderImport, error) {
	var plan folderImport
	entries, err := os.ReadDir(dir)
	if err != nil {
		return plan, annotations.Errorf(annotations.EINVALID, T("cannot read the folder %s: %v"), dir, err)
	}
	for _, e := range entries {
		if e.Type().IsRegular() && strings.EqualFold(filepath.Ext(e.Name()), ".ann") && !strings.HasPrefix(e.Name(), ".") {
			plan.brat = true
			plan.paths = append(plan.paths, dir)
			break
		}
	}
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() {
			continue
		}
		if !e.Type().IsRegular() {
			plan.links = append(plan.links, name)
			continue
		}
		ext := strings.ToLower(filepath.Ext(name))
		switch {
		case plan.brat && !strings.HasPrefix(name, ".") && (ext == ".txt" || ext == ".ann" || ext == ".conf" || name == brat.MetaFile):
			// part of the brat collection: its documents, its configuration
			// and the articles' metadata Hamesh writes beside them
		case strings.HasPrefix(name, "."), !folderImportExts[ext]:
			plan.skipped = append(plan.skipped, name)
		default:
			plan.paths = append(plan.paths, filepath.Join(dir, name))
		}
	}
	sort.Strings(plan.skipped)
	sort.Strings(plan.links)
	return plan, nil
}

// note says, for the status, what the plan leaves out and how it reads a
// brat collection.
func (p folderImport) note() string {
	var parts []string
	if p.brat {
		parts = append(parts, T("the .txt/.ann pairs read as one brat collection"))
	}
	if n := len(p.skipped); n > 0 {
		parts = append(parts, T("%d file(s) skipped as hidden or not an importable type: %s", n, ellipsize(strings.Join(p.skipped, ", "), 120)))
	}
	if n := len(p.links); n > 0 {
		parts = append(parts, T("%d symbolic link(s) or special file(s) skipped, never followed: %s", n, ellipsize(strings.Join(p.links, ", "), 120)))
	}
	if len(parts) == 0 {
		return ""
	}
	return "(" + strings.Join(parts, "; ") + ")"
}

// importFolder imports every supported file directly in the folder dir
// (.txt, .md, .markdown, .html, .htm, .jsonl, .json; a folder holding .ann
// files as one brat collection) in the background, as ImportFiles does:
// with progress and Cancel, and a status saying how many files were
// imported and which failed.
func (ws *Workspace) importFolder(dir string) {
	plan, err := planFolderImport(dir)
	if err != nil {
		ws.showError("import folder", err)
		return
	}
	if len(plan.paths) == 0 {
		ws.setStatus("%s holds no files to import (.txt, .md, .html, .jsonl, .json, or a brat collection) %s", filepath.Base(dir), plan.note())
		return
	}
	ws.importPaths(T("Importing %d file(s) from %s", len(plan.paths), ellipsize(filepath.Base(dir), 40)), plan.paths, plan.note())
}

// showImportFolder opens a folder dialog and imports the chosen folder.
func (ws *Workspace) showImportFolder() {
	d := dialog.NewFolderOpen(func(dir fyne.ListableURI, err error) {
		if err != nil {
			ws.showError("import folder", err)
			return
		}
		if dir == nil {
			return
		}
		ws.importFolder(dir.Path())
	}, ws.win)
	d.Resize(fyne.NewSize(900, 600))
	ws.showModal(d)
}
