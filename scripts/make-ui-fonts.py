#!/usr/bin/env python3
"""Builds assets/fonts/HameshUI-*.ttf: Noto Sans merged with Noto Naskh Arabic
and the right-to-left script faces (Hebrew, Syriac, Thaana, N'Ko, Adlam;
Syriac with only the layout a label uses, see below).

Fyne draws labels, lists and entries with one theme font per style and falls
back to system fonts for characters it lacks; Noto Sans has no Arabic and Noto
Naskh Arabic has no Latin letters. One merged face per style lets the GUI
outside the article view (library rows, status bar, dialogs, menus) show
Arabic, Hebrew, Syriac, Thaana, N'Ko and Adlam on a machine with no fonts
installed, from the same faces the article view bundles (assets/scripts.go).
Both sources are SIL OFL 1.1 with no reserved font name; the merged faces are
renamed "Hamesh UI" and stay under the OFL (assets/fonts/OFL.txt).

The library's status marks (○ ◐ ●) and the done mark (✔) come from Noto Sans
Symbols 2, the arrows of the key help and first-run pane (← ↑ → ↓) from Noto
Sans Symbols (both OFL); app's TestUIFontCoversWhatTheGUIShows names any
character of the GUI's strings (and of the translations) these faces lack.
Needs Debian's python3-fonttools and fonts-noto-core 20201225 (for Noto Naskh
Arabic Bold, Noto Sans Symbols and Symbols 2 and the bold Hebrew, Thaana and
Adlam faces; NOTO_DIR names another directory holding them, e.g. the package
extracted with dpkg-deb -x) and Fyne's bundled Noto Sans faces from the Go
module cache:
    SOURCE_DATE_EPOCH=1764633600 /usr/bin/python3 scripts/make-ui-fonts.py \
        "$(go env GOMODCACHE)/fyne.io/fyne/v2@v2.7.1/theme/font"
Syriac and N'Ko have no bold face in that package: bold uses their regular one.

Noto Sans Syriac's layout is cut before the merge (issue 16): of its 1,388
GSUB/GPOS subtables a label uses 345 (304 once the kerning's single
adjustments are folded, below). The rest serve the language systems
SYRJ and SYRN (Western and Eastern forms, chosen by a language tag Fyne never
sets) and the stylistic features aalt, salt and ss01-ss03 (off unless asked
for). Fyne builds a new HarfBuzz shaper for every string it measures or
draws, and go-text's harfbuzz.NewFont builds an accelerator for every lookup
and subtable of the face, used or not, so each cut subtable made every new
label dearer. The cut keeps the default language system and every feature
HarfBuzz turns on for Syriac (ccmp, isol/init/medi/fina/med2/fin2/fin3, rlig,
calt, stch, kern, mark, mkmk); app's TestUIFontShapesSyriacAsNotoSansSyriac
checks that every Syriac letter, in every joining position, and every mark
on six letters shape to the same glyphs and positions as with the whole face (still
bundled unmodified for the article view, assets/scripts.go).

The output is committed; this script only documents and repeats how it was
made. SOURCE_DATE_EPOCH, if set, fixes the faces' modification time, so two
runs give the same bytes.
"""
import os
import sys
import tempfile
from fontTools import merge, subset, ttLib
from fontTools.otlLib import builder as otlbuilder

fyne = sys.argv[1]
noto = os.environ.get("NOTO_DIR", "/usr/share/fonts/truetype/noto")
naskh = noto + "/NotoNaskhArabic-%s.ttf"
# The right-to-left script faces, per style; bold where the package has one.
scripts = {
    "Regular": ["Hebrew-Regular", "Syriac-Regular", "Thaana-Regular", "NKo-Regular", "Adlam-Regular"],
    "Bold": ["Hebrew-Bold", "Syriac-Regular", "Thaana-Bold", "NKo-Regular", "Adlam-Bold"],
}
scripts["Italic"] = scripts["Regular"]
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


# The features HarfBuzz (and go-text's port of it) applies to Syriac text
# unasked: the Arabic shaper's and the common ones. Noto Sans Syriac has
# besides them aalt, salt, ss01-ss03 (asked for only) and locl (in SYRJ and
# SYRN only).
SYRIAC_FEATURES = [
    "ccmp", "locl", "stch", "isol", "init", "medi", "fina", "med2", "fin2", "fin3",
    "rlig", "calt", "rclt", "liga", "clig", "mset", "curs", "kern", "mark", "mkmk",
]


def syriac_for_labels(path):
    """Writes Noto Sans Syriac with only the layout a label applies into tmp:
    the default language system (which SYR and SYRE repeat) and the features
    above, and the glyphs those still reach; every character it maps stays."""
    out = os.path.join(tmp, "syriac.ttf")
    font = ttLib.TTFont(path)
    for tag in ("GSUB", "GPOS"):
        for rec in font[tag].table.ScriptList.ScriptRecord:
            script = rec.Script
            script.LangSysRecord = [r for r in script.LangSysRecord if r.LangSysTag not in ("SYRJ", "SYRN")]
            script.LangSysCount = len(script.LangSysRecord)
    opts = subset.Options()
    opts.layout_features = SYRIAC_FEATURES
    opts.name_IDs = ["*"]
    opts.name_languages = ["*"]
    opts.glyph_names = True
    opts.notdef_outline = True
    opts.recalc_timestamp = False
    sub = subset.Subsetter(opts)
    sub.populate(unicodes=font.getBestCmap().keys())
    sub.subset(font)
    merge_single_pos(font)
    font.save(out)
    return out


def merge_single_pos(font):
    """Rewrites each GPOS single-adjustment lookup of several subtables as one
    subtable: Noto Sans Syriac's contextual kerning calls 15 such lookups
    whose 56 subtables each move a few glyphs by one value. A glyph keeps the
    value of the first subtable covering it, as HarfBuzz applies them, and a
    value the merged subtable's format adds is zero, so nothing moves
    differently; only the subtable count, which every new shaper pays for,
    falls."""
    glyph_map = font.getReverseGlyphMap()
    for lookup in font["GPOS"].table.LookupList.Lookup:
        if lookup.LookupType != 1 or len(lookup.SubTable) < 2:
            continue
        values = {}
        for st in lookup.SubTable:
            for i, g in enumerate(st.Coverage.glyphs):
                values.setdefault(g, st.Value if st.Format == 1 else st.Value[i])
        lookup.SubTable = [otlbuilder.buildSinglePosSubtable(values, glyph_map)]
        lookup.SubTableCount = 1


# The status marks the library shows (○ ◐ ●) and its done mark (✔).
symbols = subset_of(noto + "/NotoSansSymbols2-Regular.ttf", [0x25CB, 0x25D0, 0x25CF, 0x2714], "symbols2.ttf")
# The arrows of the key help and the first-run pane.
arrows = subset_of(noto + "/NotoSansSymbols-Regular.ttf", [0x2190, 0x2191, 0x2192, 0x2193], "arrows.ttf")
syriac = syriac_for_labels(noto + "/NotoSansSyriac-Regular.ttf")
for style, latin, arabic in [
    ("Regular", "NotoSans-Regular.ttf", "Regular"),
    ("Bold", "NotoSans-Bold.ttf", "Bold"),
    ("Italic", "NotoSans-Italic.ttf", "Regular"),
]:
    faces = [f"{fyne}/{latin}", naskh % arabic, symbols, arrows]
    faces += [syriac if s == "Syriac-Regular" else f"{noto}/NotoSans{s}.ttf" for s in scripts[style]]
    font = merge.Merger().merge(faces)
    names = {1: "Hamesh UI", 2: style, 4: f"Hamesh UI {style}", 6: f"HameshUI-{style}", 16: "Hamesh UI", 17: style}
    for rec in font["name"].names:
        if rec.nameID in names:
            rec.string = names[rec.nameID]
    font.save(out % style)
    print(out % style)
