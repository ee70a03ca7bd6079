package app

import (
	"embed"
	"encoding/json"
	"fmt"
	"os"
	"runtime"
	"strings"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"github.com/jeandeaual/go-locale"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/app/session"
)

// Translation: every string the interface shows goes through T (or TN for
// a count), whose first argument is the English text, a fmt format, and
// the message's id in translations/en.json and translations/ar.json. The
// Arabic text may reorder the arguments with explicit indexes (%[2]s).
// Integers among the arguments are written with the digits the user chose
// (SetDigits); texts (titles, names, the article's words) are never
// touched. i18n_test.go fails when an id used in code is missing from a
// file, or a file holds an id no code uses.
//
// The files are registered with Fyne's lang package too (so Fyne's own
// widgets, whose strings fyne.ar.json translates, speak Arabic when Fyne
// picks Arabic); the app's own strings go through a localizer of the same
// go-i18n that lang bundles, because lang only ever follows the system
// locale and Hamesh lets the user choose the language.

//go:embed translations/*.json
var translationFS embed.FS

// Interface languages.
const (
	LangEnglish = "en"
	LangArabic  = "ar"
)

// Digit styles (PrefDigits).
const (
	DigitsWestern     = "western"
	DigitsArabicIndic = "arabic-indic"
)

// pluralIDs are, per language, the ids its file gives plural forms.
var pluralIDs map[string]map[string]bool

var i18nState struct {
	sync.RWMutex
	bundle    *i18n.Bundle
	localizer *i18n.Localizer
	lang      string // LangEnglish or LangArabic
	indic     bool   // Arabic-Indic digits in counts
}

func init() {
	b := i18n.NewBundle(language.English)
	b.RegisterUnmarshalFunc("json", json.Unmarshal)
	for _, name := range []string{"en.json", "ar.json"} {
		if _, err := b.LoadMessageFileFS(translationFS, "translations/"+name); err != nil {
			panic(fmt.Sprintf("load translation file %s: %v", name, err))
		}
	}
	i18nState.bundle = b
	pluralIDs = map[string]map[string]bool{}
	for _, code := range []string{LangEnglish, LangArabic} {
		raw, err := translationFS.ReadFile("translations/" + code + ".json")
		if err != nil {
			panic(err)
		}
		var m map[string]json.RawMessage
		if err := json.Unmarshal(raw, &m); err != nil {
			panic(fmt.Sprintf("read translation file %s.json: %v", code, err))
		}
		pluralIDs[code] = map[string]bool{}
		for id, v := range m {
			if len(v) > 0 && v[0] == '{' {
				pluralIDs[code][id] = true
			}
		}
	}
	i18nState.localizer = i18n.NewLocalizer(b, LangEnglish)
	i18nState.lang = LangEnglish
}

// SetLanguage makes code ("en", "ar", or "" for the system locale's
// language, English unless it is Arabic) the interface language, for the
// strings made from now on, and steers Fyne's own widgets the same way
// where the platform lets it. It returns the language chosen.
func SetLanguage(code string) string {
	code = resolveLanguage(code, systemLocale())
	i18nState.Lock()
	i18nState.lang = code
	i18nState.localizer = i18n.NewLocalizer(i18nState.bundle, code)
	i18nState.Unlock()
	steerFyneLanguage(code)
	return code
}

// systemLocale is the system's locale ("ar-EG"), "" when it has none (C,
// POSIX): read as Fyne's lang reads it, without its complaint about C.
func systemLocale() string {
	l, err := locale.GetLocale()
	if err != nil {
		return ""
	}
	return l
}

// resolveLanguage returns the interface language for the preference pref
// on a system whose locale is system.
func resolveLanguage(pref, system string) string {
	switch pref {
	case LangEnglish, LangArabic:
		return pref
	}
	if strings.HasPrefix(strings.ToLower(system), "ar") {
		return LangArabic
	}
	return LangEnglish
}

var fyneLangOnce sync.Once

// steerFyneLanguage asks Fyne's lang package for code: lang follows only
// the locale environment (on Linux and BSD: LANGUAGE, LC_ALL, LC_MESSAGES,
// LANG), which this process sets before lang reads it again. On Windows and
// macOS lang reads the system's settings, so Fyne's own strings (file
// dialog) follow the system there.
func steerFyneLanguage(code string) {
	if runtime.GOOS != "windows" && runtime.GOOS != "darwin" {
		os.Setenv("LANGUAGE", code)
		for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
			if s := os.Getenv(v); s != "" {
				if s == "C" || s == "POSIX" {
					os.Setenv(v, code)
				}
				break
			}
		}
		if os.Getenv("LC_ALL")+os.Getenv("LC_MESSAGES")+os.Getenv("LANG") == "" {
			os.Setenv("LC_MESSAGES", code)
		}
	}
	var err error
	fyneLangOnce.Do(func() { err = lang.AddTranslationsFS(translationFS, "translations") })
	if err == nil {
		// Registering again makes lang read the locale again.
		err = lang.AddTranslationsForLocale([]byte("{}"), fyne.Locale(code))
	}
	if err != nil {
		fyne.LogError("register the translations with Fyne", err)
	}
}

// Language returns the interface language ("en" or "ar").
func Language() string {
	i18nState.RLock()
	defer i18nState.RUnlock()
	return i18nState.lang
}

// RTL reports whether the interface reads right to left (Arabic).
func RTL() bool { return Language() == LangArabic }

// SetDigits chooses the digits of counts in the interface: DigitsArabicIndic
// (٠١٢…) or anything else for Western digits (012…).
func SetDigits(style string) {
	i18nState.Lock()
	i18nState.indic = style == DigitsArabicIndic
	i18nState.Unlock()
}

// T returns the translation of the English text format (a fmt format when
// args are given) formatted with args; see the comment at the top of the
// file. A session.Message among args is translated too.
func T(format string, args ...any) string { return tr(format, args...) }

// tr is T for a helper that passes on an id its callers gave (setStatus):
// i18n_test.go checks the ids at those callers.
func tr(format string, args ...any) string {
	s := lookup(format, nil)
	if len(args) == 0 {
		return s
	}
	return fmt.Sprintf(s, localArgs(args)...)
}

// TV is T for a one-line Fyne label, button, menu item or title: the
// translation rearranged in visual order (visualString), as Fyne draws
// pieces in the order it gets them. Do not combine or wrap its result.
func TV(format string, args ...any) string { return visualString(tr(format, args...)) }

// TN is T for a text about n things: the translation files give its
// plural forms ("one", "other"; Arabic "zero", "one", "two", "few",
// "many", "other"), and n is its first argument, before args.
func TN(format string, n int, args ...any) string {
	s := lookup(format, &n)
	return fmt.Sprintf(s, localArgs(append([]any{n}, args...))...)
}

// K marks the English text s as a translation id where it is not
// translated at once (a table, a constant), and returns it unchanged;
// TK translates it when it is shown.
func K(s string) string { return s }

// TK translates id, an English text marked with K (or a label of Fyne's)
// computed at run time.
func TK(id string) string { return lookup(id, nil) }

// TMsg translates a message a Fyne-free layer made (session.Message).
func TMsg(m session.Message) string {
	if m.Format == "" {
		return ""
	}
	return tr(m.Format, m.Args...)
}

func lookup(id string, count *int) string {
	i18nState.RLock()
	loc := i18nState.localizer
	i18nState.RUnlock()
	cfg := &i18n.LocalizeConfig{DefaultMessage: &i18n.Message{ID: id, Other: id}}
	if count != nil {
		cfg.PluralCount = *count
	}
	s, err := loc.Localize(cfg)
	if s == "" && err != nil {
		return id
	}
	return s
}

// localArgs returns args with integers in the chosen digits, and
// messages, notes, statuses and errors translated (TErr).
func localArgs(args []any) []any {
	out := make([]any, len(args))
	for i, a := range args {
		switch v := a.(type) {
		case int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64:
			out[i] = localNumber{v}
		case session.Message:
			out[i] = TMsg(v)
		case session.LabelRef:
			out[i] = labelName(string(v))
		case session.StatusRef:
			out[i] = statusName(annotations.Status(v))
		case annotations.Status:
			out[i] = statusName(v)
		case annotations.Kind:
			out[i] = a
			if v.Valid() {
				out[i] = TK(string(v)) // "entity" and "claim" are ids
			}
		case annotations.Note:
			out[i] = TNote(v)
		case error:
			out[i] = TErr(v)
		default:
			out[i] = a
		}
	}
	return out
}

// localNumber formats an integer with the interface's digits.
type localNumber struct{ v any }

// Format implements fmt.Formatter.
func (n localNumber) Format(f fmt.State, verb rune) {
	s := fmt.Sprintf(fmt.FormatString(f, verb), n.v)
	if verb == 'd' || verb == 'v' {
		s = localDigits(s)
	}
	fmt.Fprint(f, s)
}

// localDigits writes the Western digits of s, a number the interface
// shows (never article text), in the chosen digits.
func localDigits(s string) string {
	i18nState.RLock()
	indic := i18nState.indic
	i18nState.RUnlock()
	if !indic {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return '٠' + (r - '0')
		}
		return r
	}, s)
}

// Num writes the count n in the chosen digits.
func Num(n int) string { return localDigits(fmt.Sprint(n)) }

// labelNames are the scheme's display names by code (setLabelNames).
var labelNames sync.Map

// setLabelNames records the scheme's labels for labelName; the palette
// calls it whenever the scheme changes.
func setLabelNames(labels []annotations.Label) {
	labelNames.Clear()
	for _, l := range labels {
		labelNames.Store(l.Name, l)
	}
}

// labelName is how the interface names the label code (LabelDisplay), the
// code itself for a label not in the scheme.
func labelName(code string) string {
	if l, ok := labelNames.Load(code); ok {
		return LabelDisplay(l.(annotations.Label))
	}
	return code
}

// LabelDisplay is how the interface names label l: in Arabic, its Arabic
// display name when the scheme gives one (شخص for PERS); else the code.
// Spans, the database and exports always keep the code.
func LabelDisplay(l annotations.Label) string {
	if RTL() && strings.TrimSpace(l.Arabic) != "" {
		return l.Arabic
	}
	return l.Name
}
