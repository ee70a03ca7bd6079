#!/usr/bin/env python3
"""Builds assets/fonts/HameshUI-*.ttf: Noto Sans merged with Noto Naskh Arabic.

Fyne draws labels, lists and entries with one theme font per style and falls
back to system fonts for characters it lacks; Noto Sans has no Arabic and Noto
Naskh Arabic has no Latin letters. One merged face per style lets the GUI
outside the article view show Arabic on a machine with no fonts installed.
Both sources are SIL OFL 1.1 with no reserved font name; the merged faces are
renamed "Hamesh UI" and stay under the OFL (assets/fonts/OFL.txt).

The library's status marks (○ ◐ ●) and the done mark (✔) come from Noto Sans
Symbols 2, the arrows of the key help and first-run pane (← ↑ → ↓) from Noto
Sans Symbols (both OFL); app's TestUIFontCoversWhatTheGUIShows names any
character of the GUI's strings these faces lack.
Needs Debian's python3-fonttools and fonts-noto-core (for Noto Naskh Arabic
Bold and Noto Sans Symbols and Symbols 2) and Fyne's bundled Noto Sans faces from the Go module cache:
    python3 scripts/make-ui-fonts.py "$(go env GOMODCACHE)/fyne.io/fyne/v2@v2.7.1/theme/font"
The output is committed; this script only documents and repeats how it was made.
"""
import os
import sys
import tempfile
from fontTools import merge, subset

fyne = sys.argv[1]
naskh = "/usr/share/fonts/truetype/noto/NotoNaskhArabic-%s.ttf"
out = "assets/fonts/HameshUI-%s.ttf"

tmp = tempfile.mkdtemp()


def subset_of(path, unicodes, name):
    """Writes the given characters of the face at path into tmp/name."""
    out = os.path.join(tmp, name)
    opts = subset.Options()
    opts.layout_features = []
    sub = subset.Subsetter(opts)
    font = subset.load_font(path, opts)
    sub.populate(unicodes=unicodes)
    sub.subset(font)
    subset.save_font(font, out, opts)
    return out


noto = "/usr/share/fonts/truetype/noto/"
# The status marks the library shows (○ ◐ ●) and its done mark (✔).
symbols = subset_of(noto + "NotoSansSymbols2-Regular.ttf", [0x25CB, 0x25D0, 0x25CF, 0x2714], "symbols2.ttf")
# The arrows of the key help and the first-run pane.
arrows = subset_of(noto + "NotoSansSymbols-Regular.ttf", [0x2190, 0x2191, 0x2192, 0x2193], "arrows.ttf")
for style, latin, arabic in [
    ("Regular", "NotoSans-Regular.ttf", "Regular"),
    ("Bold", "NotoSans-Bold.ttf", "Bold"),
    ("Italic", "NotoSans-Italic.ttf", "Regular"),
]:
    font = merge.Merger().merge([f"{fyne}/{latin}", naskh % arabic, symbols, arrows])
    names = {1: "Hamesh UI", 2: style, 4: f"Hamesh UI {style}", 6: f"HameshUI-{style}", 16: "Hamesh UI", 17: style}
    for rec in font["name"].names:
        if rec.nameID in names:
            rec.string = names[rec.nameID]
    font.save(out % style)
    print(out % style)
