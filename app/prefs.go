package app

import (
	"context"
	"fmt"
	"image/color"
	"os"
	"os/user"
	"slices"
	"strconv"
	"strings"

	"github.com/hamesh-app/hamesh/annotations/suggest"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/annotations/formats"
	"github.com/hamesh-app/hamesh/app/textfield"
	"github.com/hamesh-app/hamesh/assets"
)

// Preference keys (Fyne preferences of the app id).
const (
	PrefAnnotator = "annotator"
	PrefFontSize  = "font_size"
	PrefTheme     = "theme" // "system", "light" or "dark"
	PrefBlind     = "blind" // show only the annotator's own layer
	// PrefBackendURL is the Label Studio ML backend asked for suggestions
	// (Suggestions menu); "" for none. Only its host is contacted.
	PrefBackendURL = "suggestion_backend_url"
	// PrefMaxArticleSize is the largest article text an import reads, as
	// formats.ParseSize reads it ("20 MB"); empty means the default.
	PrefMaxArticleSize = "max_article_size"
	// PrefLanguage is the interface language: "en", "ar", or "" for the
	// system locale's (SetLanguage); it applies from the next start.
	PrefLanguage = "language"
	// PrefDigits is the digits of counts in the interface: DigitsWestern
	// or DigitsArabicIndic (SetDigits); never the article text or exports.
	PrefDigits = "digits"
)

// languageValues and languageNames are the interface language choices;
// a language's name is written in that language.
var (
	languageValues = []string{"", LangEnglish, LangArabic}
	languageNames  = []string{K("as the system"), "English", "العربية"}
	digitValues    = []string{DigitsWestern, DigitsArabicIndic}
	digitNames     = []string{K("Western (0123456789)"), K("Arabic-Indic (٠١٢٣٤٥٦٧٨٩)")}
	themeValues    = []string{"system", "light", "dark"}
	themeNames     = []string{K("system"), K("light"), K("dark")}
)

// choice is a row of radio buttons (mirrored in the Arabic interface)
// showing names (translated with TK) for values, with cur chosen; its
// function returns the value chosen.
func choice(values, names []string, cur string) (*radioChoice, func() string) {
	shown := make([]string, len(names))
	for i, n := range names {
		shown[i] = visualString(TK(n))
	}
	g := newRadioChoice(shown, true)
	for i, v := range values {
		if v == cur {
			g.SetSelected(shown[i])
		}
	}
	return g, func() string {
		for i, s := range shown {
			if s == g.Selected() {
				return values[i]
			}
		}
		return cur
	}
}

// applyInterfacePrefs sets the interface language and digits from the
// preferences; it runs before the window's widgets are made.
func applyInterfacePrefs(p fyne.Preferences) {
	SetLanguage(p.String(PrefLanguage))
	SetDigits(p.String(PrefDigits))
}

// setInterfacePrefs stores the interface language ("", "en" or "ar") and
// digits; the digits apply at once, the language from the next start. It
// reports whether the language changed.
func (ws *Workspace) setInterfacePrefs(language, digits string) (bool, error) {
	if !slices.Contains(languageValues, language) {
		return false, annotations.Errorf(annotations.EINVALID, T("interface language %q: want en, ar or empty (the system's)"), language)
	}
	if !slices.Contains(digitValues, digits) {
		return false, annotations.Errorf(annotations.EINVALID, T("digits %q: want %s or %s"), digits, DigitsWestern, DigitsArabicIndic)
	}
	p := ws.app.Preferences()
	changed := p.String(PrefLanguage) != language
	p.SetString(PrefLanguage, language)
	p.SetString(PrefDigits, digits)
	SetDigits(digits)
	ws.palette.SetLabels(ws.sess.Labels(), ws.labelColor)
	ws.library.Refresh()
	ws.inspector.Show(ws.inspectorState())
	return changed, nil
}

const (
	defaultFontSize = 20
	minFontSize     = 10
	maxFontSize     = 48
)

// annotator returns the annotator name stored on new spans: the one the
// workspace was given (the command line's --annotator), else the
// preference. It is "" until the user has said who they are (askAnnotator):
// no placeholder shared by everyone is ever stamped on a span.
func (ws *Workspace) annotator() string {
	if ws.annotatorName != "" {
		return ws.annotatorName
	}
	return ws.app.Preferences().String(PrefAnnotator)
}

// osUserName is the login name offered when the app asks who the user is.
func osUserName() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	return os.Getenv("USER")
}

// settingAnnotator is the database setting holding the annotator's name
// (data.SettingAnnotator), so the command line knows who works in it.
const settingAnnotator = "annotator"

// settingsStore is a store with settings (data.DB).
type settingsStore interface {
	Setting(ctx context.Context, key string) (string, error)
	SetSetting(ctx context.Context, key, value string) error
}

// storedAnnotator returns the annotator's name the database's settings
// hold, "" if none (or the store has no settings).
func (ws *Workspace) storedAnnotator() string {
	if st, ok := ws.sess.Store().(settingsStore); ok {
		if name, err := st.Setting(ws.sess.Context(), settingAnnotator); err == nil {
			return strings.TrimSpace(name)
		}
	}
	return ""
}

// rememberAnnotator stores the annotator's name in the preferences and in
// the database's settings.
func (ws *Workspace) rememberAnnotator(name string) error {
	ws.app.Preferences().SetString(PrefAnnotator, name)
	ws.annotatorName = name // the name chosen now rules over --annotator
	if st, ok := ws.sess.Store().(settingsStore); ok && ws.readOnly == "" {
		if err := st.SetSetting(ws.sess.Context(), settingAnnotator, name); err != nil {
			return fmt.Errorf("store the annotator's name in the database: %w", err)
		}
	}
	return nil
}

// askAnnotator asks, on the first start, who the user is, offering the
// login name: every span they make is stamped with it, and their layer is
// the spans that carry it.
func (ws *Workspace) askAnnotator() {
	name := textfield.New()
	name.SetText(osUserName())
	name.Validator = func(s string) error {
		if strings.TrimSpace(s) == "" {
			return annotations.Errorf(annotations.EINVALID, "%s", T("give a name: it is stamped on every span you make"))
		}
		return annotations.ValidAnnotatorName(strings.TrimSpace(s)) // not "gold", no comma
	}
	items := []*widget.FormItem{widget.NewFormItem(TV("Your name"), name)}
	d := newFormDialog(TV("Who is annotating?"), TV("Start"), TV("Later"), items, func(ok bool) {
		if !ok {
			ws.setStatus("no annotator name yet: spans carry no name until you set one (Ctrl+,)")
			return
		}
		if err := ws.rememberAnnotator(strings.TrimSpace(name.Text)); err != nil {
			ws.showError("preferences", err)
			return
		}
		ws.setStatus("annotating as %s", strings.TrimSpace(name.Text))
	}, ws.win)
	name.OnSubmitted = func(string) { d.Submit() } // Enter takes the name
	d.Resize(fyne.NewSize(460, 200))
	ws.showModal(d)
	ws.win.Canvas().Focus(name)
}

// fontSize returns the article text size preference.
func (ws *Workspace) fontSize() float32 {
	s := ws.app.Preferences().FloatWithFallback(PrefFontSize, defaultFontSize)
	if s < minFontSize || s > maxFontSize {
		s = defaultFontSize
	}
	return float32(s)
}

// applyTheme sets the light/dark preference on the app.
func (ws *Workspace) applyTheme() {
	ws.app.Settings().SetTheme(&variantTheme{variant: ws.app.Preferences().StringWithFallback(PrefTheme, "system")})
}

// variantTheme is Fyne's default theme forced to light or dark ("system"
// follows the desktop).
type variantTheme struct{ variant string }

var _ fyne.Theme = (*variantTheme)(nil)

// Color returns the default theme's colour for the chosen variant.
func (t *variantTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	switch t.variant {
	case "light":
		v = theme.VariantLight
	case "dark":
		v = theme.VariantDark
	}
	return theme.DefaultTheme().Color(n, v)
}

// The GUI's faces: Noto Sans merged with Noto Naskh Arabic (package assets).
var (
	uiRegular = fyne.NewStaticResource("HameshUI-Regular.ttf", assets.FontUI(false, false))
	uiBold    = fyne.NewStaticResource("HameshUI-Bold.ttf", assets.FontUI(true, false))
	uiItalic  = fyne.NewStaticResource("HameshUI-Italic.ttf", assets.FontUI(false, true))
)

// Font returns the bundled UI face for proportional text, so labels, lists
// and entries outside the article view show Arabic on a machine with no
// fonts installed (Fyne's own Noto Sans has none and it would otherwise look
// for a system font). Monospace and symbol text keep the default fonts.
func (t *variantTheme) Font(s fyne.TextStyle) fyne.Resource {
	switch {
	case s.Monospace || s.Symbol:
		return theme.DefaultTheme().Font(s)
	case s.Bold:
		return uiBold
	case s.Italic:
		return uiItalic
	}
	return uiRegular
}

// Icon returns the default theme's icon.
func (t *variantTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return theme.DefaultTheme().Icon(n) }

// Size returns the default theme's size.
func (t *variantTheme) Size(n fyne.ThemeSizeName) float32 { return theme.DefaultTheme().Size(n) }

// setPreferences stores the annotator name, font size and theme ("system",
// "light" or "dark") and applies them.
func (ws *Workspace) setPreferences(annotator string, fontSize float32, themeName string) error {
	if strings.TrimSpace(annotator) == "" {
		return annotations.Errorf(annotations.EINVALID, "%s", T("annotator name: give one; it is stamped on every span you make"))
	}
	if err := annotations.ValidAnnotatorName(strings.TrimSpace(annotator)); err != nil {
		return err // "gold" is the curated layer, "all" every layer
	}
	if fontSize < minFontSize || fontSize > maxFontSize {
		return annotations.Errorf(annotations.EINVALID, T("font size %g: want %d to %d"), fontSize, minFontSize, maxFontSize)
	}
	switch themeName {
	case "system", "light", "dark":
	default:
		return annotations.Errorf(annotations.EINVALID, T("theme %q: want system, light or dark"), themeName)
	}
	p := ws.app.Preferences()
	if err := ws.rememberAnnotator(strings.TrimSpace(annotator)); err != nil {
		return err
	}
	p.SetFloat(PrefFontSize, float64(fontSize))
	p.SetString(PrefTheme, themeName)
	ws.view.SetFontSize(fontSize)
	ws.applyTheme()
	return nil
}

// maxArticleBytes is the article limit of the window's imports: the
// preference, or formats.DefaultMaxArticleBytes when it is unset or
// unreadable.
func (ws *Workspace) maxArticleBytes() int64 {
	if n, err := formats.ParseSize(ws.app.Preferences().String(PrefMaxArticleSize)); err == nil {
		return n
	}
	return formats.DefaultMaxArticleBytes
}

// readOptions are the limits the window's imports read with.
func (ws *Workspace) readOptions() formats.ReadOptions {
	return formats.ReadOptions{MaxArticleBytes: ws.maxArticleBytes()}
}

// setMaxArticleSize stores the article limit of imports, given as
// formats.ParseSize reads it ("20 MB", "512KB"); a bad size is refused and
// changes nothing.
func (ws *Workspace) setMaxArticleSize(size string) error {
	n, err := formats.ParseSize(size)
	if err != nil {
		return annotations.Errorf(annotations.EINVALID, T("largest article: %v"), err)
	}
	ws.app.Preferences().SetString(PrefMaxArticleSize, formats.Size(n))
	return nil
}

// showPreferences opens the preferences dialog.
func (ws *Workspace) showPreferences() {
	p := ws.app.Preferences()
	name := textfield.New()
	name.SetText(ws.annotator())
	name.SetPlaceHolder(T("stored on every span you make"))
	var sizes []string
	for s := 12; s <= 36; s += 2 {
		sizes = append(sizes, strconv.Itoa(s))
	}
	// A choice, not a typed number: nothing to mistype.
	cur := fmt.Sprint(ws.fontSize())
	if !slices.Contains(sizes, cur) {
		sizes = append(sizes, cur)
	}
	size := newSelect(sizes, nil)
	size.SetSelected(cur)
	themes, themeChosen := choice(themeValues, themeNames, p.StringWithFallback(PrefTheme, "system"))
	languages, languageChosen := choice(languageValues, languageNames, p.String(PrefLanguage))
	digits, digitsChosen := choice(digitValues, digitNames, p.StringWithFallback(PrefDigits, DigitsWestern))
	maxArticle := textfield.New()
	maxArticle.SetText(formats.Size(ws.maxArticleBytes()))
	maxArticle.SetPlaceHolder(T("e.g. 20 MB"))
	backend := textfield.New()
	backend.SetText(p.String(PrefBackendURL))
	backend.SetPlaceHolder(T("Label Studio ML backend, e.g. http://localhost:9090 (optional)"))
	items := []*widget.FormItem{
		widget.NewFormItem(TV("Annotator"), name),
		widget.NewFormItem(TV("Text size"), size),
		widget.NewFormItem(TV("Theme"), themes),
		widget.NewFormItem(TV("Largest article"), maxArticle),
		widget.NewFormItem(TV("Model backend"), backend),
		widget.NewFormItem(TV("Interface language"), languages),
		widget.NewFormItem(TV("Digits in counts"), digits),
	}
	d := newFormDialog(TV("Preferences"), TV("Save"), TV("Cancel"), items, func(ok bool) {
		if !ok {
			return
		}
		fs, err := strconv.ParseFloat(size.Selected, 32)
		if err != nil {
			ws.showError("preferences", annotations.Errorf(annotations.EINVALID, T("text size %q is not a number"), size.Selected))
			return
		}
		if _, err := formats.ParseSize(maxArticle.Text); err != nil {
			ws.showError("preferences", annotations.Errorf(annotations.EINVALID, T("largest article: %v"), err))
			return
		}
		if err := ws.setPreferences(name.Text, float32(fs), themeChosen()); err != nil {
			ws.showError("preferences", err)
			return
		}
		if err := ws.setMaxArticleSize(maxArticle.Text); err != nil {
			ws.showError("preferences", err)
			return
		}
		if u := strings.TrimSpace(backend.Text); u != "" {
			if _, err := suggest.NewBackend(u); err != nil {
				ws.showError("preferences", err)
				return
			}
			p.SetString(PrefBackendURL, u)
		} else {
			p.RemoveValue(PrefBackendURL)
		}
		changed, err := ws.setInterfacePrefs(languageChosen(), digitsChosen())
		if err != nil {
			ws.showError("preferences", err)
			return
		}
		if changed {
			ws.setStatus("preferences saved; the interface language changes when Hamesh starts again")
			return
		}
		ws.setStatus("preferences saved")
	}, ws.win)
	d.Resize(fyne.NewSize(640, 420))
	ws.showModal(d)
	ws.win.Canvas().Focus(name)
}
