package suggest

import (
	"context"
	"strings"
	"unicode"

	"github.com/hamesh-app/hamesh/annotations"
)

// The labels the built-in recognisers suggest.
const (
	LabelDate     = "DATE"
	LabelTime     = "TIME"
	LabelCardinal = "CARDINAL"
	LabelOrdinal  = "ORDINAL"
	LabelPercent  = "PERCENT"
	LabelMoney    = "MONEY"
	LabelWebsite  = "WEBSITE"
)

// PatternLabels lists the labels Patterns can suggest, in the order a tie
// between two recognisers of the same length is decided.
var PatternLabels = []string{LabelWebsite, LabelDate, LabelTime, LabelMoney, LabelPercent, LabelOrdinal, LabelCardinal}

// Patterns is the Source of the built-in recognisers: dates (Gregorian
// months in the Egyptian/Gulf, Levantine/Iraqi and Maghrebi series, paired
// forms such as يونيو/حزيران, Hijri dates with هـ, numeric dates, years after
// عام, relative dates such as العام الماضي), times (10:30, الساعة 9
// مساءً, صباح اليوم), money (amounts with دولار, يورو, جنيه, ريال, دينار,
// درهم, ليرة and the like, with ألف, مليون, مليار, and $ € £), percentages
// (12%, ١٢٫٥٪, 40 في المئة), ordinals (الأول, الثاني, ثالث, 1st), cardinals
// (digits in any of the three digit sets with ٫ ٬ . , separators, scale
// words, number words) and websites (URLs, e-mail addresses, bare domain
// names). English month names and year cues are known too (26 November
// 2026, by March 2027, since 2016).
//
// It reads a folded copy of the text (annotations.Fold), so harakat,
// tatweel (الـ30), alef forms and digit sets do not matter, and reports
// ranges of the original text. Word-based recognisers take the whole word
// with its proclitics (بيونيو); a number glued to a clitic (الـ30, لـ33)
// starts at its first digit; a number glued to other letters (G20,
// كوفيد-19) or standing in a quoted name after a word (غوتشيفر 2.0) is not
// suggested. Where recognisers overlap, the leftmost longest match wins
// (ties in PatternLabels order), so تشرين الأول is a date, not an ordinal.
type Patterns struct {
	labels map[string]bool
}

// NewPatterns returns the recognisers for labels (all of PatternLabels
// when none is given). An unknown label is refused.
func NewPatterns(labels ...string) (*Patterns, error) {
	p := &Patterns{labels: map[string]bool{}}
	if len(labels) == 0 {
		labels = PatternLabels
	}
	for _, l := range labels {
		ok := false
		for _, k := range PatternLabels {
			ok = ok || k == l
		}
		if !ok {
			return nil, annotations.Errorf(annotations.EINVALID, "patterns: no built-in recogniser for label %q (there are %s)", l, strings.Join(PatternLabels, ", "))
		}
		p.labels[l] = true
	}
	return p, nil
}

// Name returns "patterns"; each suggestion's Source is "patterns:LABEL".
func (p *Patterns) Name() string { return "patterns" }

type tokKind uint8

const (
	tNum tokKind = iota + 1
	tWord
	tPunct
)

type token struct {
	kind       tokKind
	s          string   // folded text
	start, end int      // folded runes
	glued      bool     // no whitespace between the previous token and this one
	sep        bool     // a number with separators (٫ ٬ . ,)
	cores      []string // a word's forms with proclitics off (annotations.WordCores), once asked for
}

// coresOf returns token i's cores, computing them the first time.
func (s *scan) coresOf(i int) []string {
	t := &s.toks[i]
	if t.cores == nil {
		t.cores = annotations.WordCores(t.s)
	}
	return t.cores
}

type scan struct {
	runes []rune
	toks  []token
	web   []bool // per token: inside a website
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }
func isNumSep(r rune) bool {
	return r == '.' || r == ',' || r == '٫' || r == '٬'
}

func tokenize(f []rune) []token {
	toks := make([]token, 0, len(f)/5+16) // about one token per five runes in news text

	glued := false
	for i := 0; i < len(f); {
		r := f[i]
		switch {
		case unicode.IsSpace(r):
			glued = false
			i++
			continue
		case isDigit(r):
			j := i + 1
			sep := false
			for j < len(f) && (isDigit(f[j]) || isNumSep(f[j]) && j+1 < len(f) && isDigit(f[j+1])) {
				sep = sep || isNumSep(f[j])
				j++
			}
			toks = append(toks, token{kind: tNum, s: string(f[i:j]), start: i, end: j, glued: glued, sep: sep})
			i = j
		case unicode.IsLetter(r) || unicode.IsMark(r):
			j := i + 1
			for j < len(f) && (unicode.IsLetter(f[j]) || unicode.IsMark(f[j])) {
				j++
			}
			toks = append(toks, token{kind: tWord, s: string(f[i:j]), start: i, end: j, glued: glued})
			i = j
		default:
			toks = append(toks, token{kind: tPunct, s: string(r), start: i, end: i + 1, glued: glued})
			i++
		}
		glued = true
	}
	return toks
}

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[annotations.FoldString(w)] = true
	}
	return m
}

var (
	monthsOne = map[string]bool{} // unambiguous one-word Gregorian months
	monthsAmb = set("مارس", "آب", "ماي", "جوان", "أوت", "march", "may", "jan", "mar", "jun", "oct", "dec")
	hijriOne  = set("محرم", "صفر", "رجب", "شعبان", "رمضان", "شوال")
	// two-word months: first word → second words
	monthsTwo = map[string]map[string]bool{
		"كانون": set("الثاني", "الأول"),
		"تشرين": set("الأول", "الثاني"),
	}
	hijriTwo = map[string]map[string]bool{
		"ربيع":  set("الأول", "الآخر", "الثاني"),
		"جمادى": set("الأولى", "الآخرة", "الثانية", "الأول", "الآخر"),
		"ذو":    set("القعدة", "الحجة"),
		"ذي":    set("القعدة", "الحجة"),
	}
	weekdays     = set("الاثنين", "الإثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد")
	yearWords    = set("عام", "العام", "سنة", "السنة", "عامي")
	eraWords     = set("هـ", "م", "هجري", "هجرية", "ميلادي", "ميلادية", "للهجرة")
	yearCues     = set("في", "منذ", "حتى", "قبل", "بعد", "خلال", "مطلع", "أواخر", "أوائل", "منتصف", "نهاية", "بداية", "in", "since", "by", "until", "before", "after", "from", "during")
	periods      = set("العام", "الشهر", "الأسبوع", "الأسابيع", "الأشهر", "الشهور", "السنة", "الأيام", "الأعوام", "السنوات", "العقد")
	relatives    = set("الماضي", "الماضية", "المقبل", "المقبلة", "القادم", "القادمة", "الجاري", "الحالي", "الحالية", "المنصرم", "المنصرمة", "الفائت", "الفائتة")
	thisWords    = set("هذا", "هذه")
	thisPeriod   = set("العام", "الشهر", "الأسبوع", "السنة")
	dayWords     = set("أمس", "البارحة")
	timeOfDay    = set("صباح", "مساء", "ظهر", "فجر", "ليل", "ليلة", "عصر", "صباحا", "مساءا")
	dayRef       = set("اليوم", "أمس", "الغد", "البارحة")
	hourWords    = set("الساعة")
	dayParts     = set("صباحا", "صباحاً", "مساء", "مساءً", "ظهرا", "ظهراً", "ليلا", "ليلاً", "فجرا", "عصرا", "ص", "م", "am", "pm", "والنصف", "والربع", "gmt")
	scales       = set("ألف", "آلاف", "ألفا", "ألفاً", "مليون", "ملايين", "مليونا", "مليار", "مليارات", "مليارا", "بليون", "تريليون", "ترليون")
	vagueScale   = set("آلاف", "ملايين", "مليارات")
	currencies   = set("دولار", "دولارا", "دولارات", "الدولارات", "يورو", "جنيه", "جنيها", "جنيهات", "ريال", "ريالا", "ريالات", "دينار", "دينارا", "دنانير", "درهم", "درهما", "دراهم", "ليرة", "ليرات", "روبل", "روبلا", "روبية", "فرنك", "ين", "يوان", "usd", "eur", "gbp", "sar", "aed", "egp", "dollars", "dollar", "euros")
	currAdj      = set("أمريكي", "أميركي", "أوروبي", "إسترليني", "استرليني", "مصري", "سعودي", "إماراتي", "أردني", "كويتي", "قطري", "عراقي", "لبناني", "سوري", "تونسي", "جزائري", "مغربي", "ليبي", "بحريني", "عماني", "يمني", "سوداني", "تركي", "روسي", "صيني", "أمريكية", "تركية", "سورية", "لبنانية")
	currSyms     = map[string]bool{"$": true, "€": true, "£": true}
	percents     = set("%", "٪")
	perCent      = set("المئة", "المائة", "مئة", "مائة")
	perCentOne   = set("بالمئة", "بالمائة")
	ordinals     = set("الأول", "الأولى", "الثاني", "الثانية", "الثالث", "الثالثة", "الرابع", "الرابعة", "الخامس", "الخامسة", "السادس", "السادسة", "السابع", "السابعة", "الثامن", "الثامنة", "التاسع", "التاسعة", "العاشر", "العاشرة", "أول", "ثاني", "ثالث", "رابع", "خامس", "سادس", "سابع", "ثامن", "تاسع", "عاشر", "ثالثة", "رابعة", "خامسة")
	yawmWord     = set("يوم")
	minWord      = set("من")
	bitawqitWord = set("بتوقيت")
	fiWord       = set("في")
	latinOrd     = set("st", "nd", "rd", "th")
	// ستون and ستين are left out: روجر ستون is Roger Stone.
	numWords = set("واحد", "اثنان", "اثنين", "اثنتان", "اثنتين", "ثلاث", "ثلاثة", "أربع", "أربعة", "خمس", "خمسة", "ستة", "سبعة", "ثماني", "ثمانية", "تسع", "تسعة", "عشر", "عشرة", "عشرون", "عشرين", "ثلاثون", "ثلاثين", "أربعون", "أربعين", "خمسون", "خمسين", "سبعون", "سبعين", "ثمانون", "ثمانين", "تسعون", "تسعين", "مئة", "مائة", "مئتان", "مئتين", "مائتين", "ألف", "ألفان", "ألفين", "مليون", "مليار")
	// Letters a number may be glued to: a proclitic with or without ال.
	numPrefixes = set("ال", "لل", "ل", "ب", "و", "ف", "ك", "وال", "بال", "فال", "كال", "ولل", "وب", "ول", "فب", "فل", "وبال")
	closeQuote  = map[string]bool{"\"": true, "»": true, "”": true, "'": true}
	tlds        = map[string]bool{"com": true, "net": true, "org": true, "info": true, "gov": true, "edu": true, "int": true, "io": true, "co": true, "tv": true, "news": true, "uk": true, "fr": true, "de": true, "ru": true, "qa": true, "sa": true, "ae": true, "eg": true, "jo": true, "lb": true, "ma": true, "tn": true, "dz": true, "iq": true, "sy": true, "ps": true, "kw": true, "bh": true, "om": true, "ye": true, "sd": true, "ly": true, "me": true, "arab": true}
)

// starters holds every word a recogniser's match can begin with; other
// words are skipped without trying the recognisers.
var starters = map[string]bool{}

// starterRunes holds the first letters of starters and of the proclitics.
var starterRunes = map[rune]bool{'و': true, 'ف': true, 'ب': true, 'ك': true, 'ل': true}

func init() {
	defer func() {
		for _, m := range []map[string]bool{monthsOne, monthsAmb, hijriOne, weekdays, yawmWord, yearWords, periods, thisWords, dayWords, timeOfDay, hourWords, scales, ordinals, numWords} {
			for k := range m {
				starters[k] = true
			}
		}
		for _, m := range []map[string]map[string]bool{monthsTwo, hijriTwo} {
			for k := range m {
				starters[k] = true
			}
		}
		for k := range starters {
			starterRunes[[]rune(k)[0]] = true
		}
	}()
	for _, m := range []string{"يناير", "فبراير", "أبريل", "إبريل", "مايو", "يونيو", "يونيه", "يوليو", "يوليه", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر",
		"شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "أيلول",
		"جانفي", "فيفري", "أفريل", "جويلية", "غشت",
		"january", "february", "april", "june", "july", "august", "september", "october", "november", "december",
		"feb", "apr", "jul", "aug", "sep", "sept", "nov"} {
		monthsOne[annotations.FoldString(m)] = true
	}
	fold := func(m map[string]map[string]bool) {
		for k, v := range m {
			delete(m, k)
			m[annotations.FoldString(k)] = v
		}
	}
	fold(monthsTwo)
	fold(hijriTwo)
}

func (s *scan) word(i int, m map[string]bool) bool {
	if i >= len(s.toks) || s.toks[i].kind != tWord || s.web[i] {
		return false
	}
	for _, c := range s.coresOf(i) {
		if m[c] {
			return true
		}
	}
	return false
}

func (s *scan) punct(i int, p string) bool {
	return i < len(s.toks) && s.toks[i].kind == tPunct && s.toks[i].s == p
}

// canStart reports whether a recogniser's match may begin at token i.
func (s *scan) canStart(i int) bool {
	t := &s.toks[i]
	switch t.kind {
	case tNum:
		return true
	case tPunct:
		return currSyms[t.s]
	}
	if len(t.s) > 40 || !starterRunes[[]rune(t.s)[0]] {
		return false
	}
	for _, c := range s.coresOf(i) {
		if starters[c] {
			return true
		}
	}
	return false
}

// num reports whether token i is a number that may be suggested: not part
// of a name or a website, not glued to letters other than proclitics.
func (s *scan) num(i int) bool {
	if i >= len(s.toks) || s.toks[i].kind != tNum || s.web[i] {
		return false
	}
	t := s.toks[i]
	if t.glued && i > 0 {
		p := s.toks[i-1]
		switch {
		case p.kind == tWord && !numPrefixes[p.s]:
			return false // G20, غوتشيفر2
		case p.kind == tPunct && p.s == "-" && p.glued && i > 1 && s.toks[i-2].kind == tWord:
			return false // كوفيد-19
		}
	}
	return true
}

// gluedAfter reports whether token i+1 is a word glued to token i.
func (s *scan) gluedAfter(i int) bool {
	return i+1 < len(s.toks) && s.toks[i+1].glued && s.toks[i+1].kind == tWord
}

func (s *scan) intValue(i int) int {
	t := s.toks[i]
	if t.sep || len(t.s) > 4 {
		return -1
	}
	v := 0
	for _, r := range t.s {
		v = v*10 + int(r-'0')
	}
	return v
}

// month returns the end of a month name at i, whether it is Hijri and
// whether it is ambiguous on its own (مارس, آب...).
func (s *scan) month(i int) (end int, hijri, amb bool) {
	if i >= len(s.toks) || s.toks[i].kind != tWord || s.web[i] {
		return -1, false, false
	}
	for _, c := range s.coresOf(i) {
		switch {
		case monthsOne[c]:
			return i + 1, false, false
		case monthsAmb[c]:
			return i + 1, false, true
		case hijriOne[c]:
			return i + 1, true, true
		case monthsTwo[c] != nil && s.word(i+1, monthsTwo[c]):
			return i + 2, false, false
		case hijriTwo[c] != nil && s.word(i+1, hijriTwo[c]):
			return i + 2, true, false
		}
	}
	return -1, false, false
}

// monthPair extends a month with a paired name: يونيو/حزيران, سبتمبر (أيلول).
func (s *scan) monthPair(i int) (end int, hijri, amb bool) {
	e, h, a := s.month(i)
	if e < 0 {
		return e, h, a
	}
	if s.punct(e, "/") {
		if e2, _, _ := s.month(e + 1); e2 > 0 {
			return e2, h, false
		}
	}
	if s.punct(e, "(") {
		if e2, _, _ := s.month(e + 1); e2 > 0 && s.punct(e2, ")") {
			return e2 + 1, h, false
		}
	}
	return e, h, a
}

// year returns the end of a year at i (a number, an optional era glued or
// after it), or -1.
func (s *scan) year(i int, hijri bool) int {
	if !s.num(i) {
		return -1
	}
	v := s.intValue(i)
	if !(!hijri && v >= 1000 && v <= 2100 || hijri && v >= 1 && v <= 1500) {
		return -1
	}
	j := i + 1
	if s.gluedAfter(i) {
		if !eraWords[s.toks[j].s] {
			return -1
		}
		return j + 1
	}
	if s.word(j, eraWords) {
		j++
	}
	return j
}

func (s *scan) date(i int) int {
	j := i
	weekday := false
	if s.word(j, yawmWord) && s.word(j+1, weekdays) {
		j += 2
		weekday = true
	} else if s.word(j, weekdays) {
		k := j + 1
		if s.punct(k, "،") || s.punct(k, ",") {
			k++
		}
		if s.num(k) || func() bool { e, _, _ := s.month(k); return e > 0 }() {
			j++
			weekday = true
		}
	}
	if weekday && (s.punct(j, "،") || s.punct(j, ",")) {
		j++
	}
	day := false
	if s.num(j) && !s.gluedAfter(j) {
		if v := s.intValue(j); v >= 1 && v <= 31 {
			k := j + 1
			if s.word(k, minWord) {
				k++
			}
			if e, _, _ := s.month(k); e > 0 {
				j = k
				day = true
			}
		}
	}
	e, hijri, amb := s.monthPair(j)
	if e < 0 {
		if weekday {
			// يوم الخميس, الخميس 14... without a month: the weekday alone.
			end := j
			for end > i && s.toks[end-1].kind == tPunct {
				end--
			}
			return end
		}
		return s.dateNoMonth(i)
	}
	j = e
	hasYear := false
	k := j
	if s.punct(k, "،") || s.punct(k, ",") {
		k++
	}
	if s.word(k, yearWords) {
		k++
	}
	if y := s.year(k, hijri); y > 0 {
		j = y
		hasYear = true
	}
	if amb && !day && !hasYear {
		return -1
	}
	return j
}

// dateNoMonth recognises dates without a month name at i.
func (s *scan) dateNoMonth(i int) int {
	if s.word(i, yearWords) {
		if y := s.year(i+1, false); y > 0 {
			return y
		}
		if y := s.year(i+1, true); y > 0 && s.word(y-1, eraWords) {
			return y
		}
	}
	switch {
	case s.word(i, periods) && s.word(i+1, relatives):
		return i + 2
	case s.word(i, thisWords) && s.word(i+1, thisPeriod):
		return i + 2
	case s.word(i, dayWords):
		return i + 1
	case s.num(i):
		// 14/11/2017, 2017-11-14, 14.11.2017
		t := s.toks[i]
		if t.sep && strings.Count(t.s, ".") == 2 && !strings.ContainsAny(t.s, ",٫٬") {
			parts := strings.Split(t.s, ".")
			if len(parts[0]) <= 2 && len(parts[1]) <= 2 && len(parts[2]) == 4 {
				return i + 1
			}
		}
		for _, sep := range []string{"/", "-"} {
			if s.punct(i+1, sep) && s.num(i+2) && s.punct(i+3, sep) && s.num(i+4) &&
				s.toks[i+1].glued && s.toks[i+2].glued && s.toks[i+3].glued && s.toks[i+4].glued {
				a, b, c := len(t.s), len(s.toks[i+2].s), len(s.toks[i+4].s)
				if (a <= 2 && b <= 2 && c == 4) || (a == 4 && b <= 2 && c <= 2) {
					return i + 5
				}
			}
		}
		// A year after في, منذ, حتى...
		if i > 0 && s.word(i-1, yearCues) && !s.toks[i].glued {
			if v := s.intValue(i); v >= 1900 && v <= 2100 && !s.word(i+1, scales) && !s.word(i+1, currencies) {
				if y := s.year(i, false); y > 0 {
					return y
				}
			}
		}
	}
	return -1
}

func (s *scan) time(i int) int {
	j := -1
	switch {
	case s.num(i) && s.punct(i+1, ":") && s.num(i+2) && s.toks[i+1].glued && s.toks[i+2].glued:
		h, m := s.intValue(i), s.intValue(i+2)
		if h < 0 || h > 24 || m < 0 || m > 59 || len(s.toks[i+2].s) != 2 {
			return -1
		}
		j = i + 3
	case s.word(i, hourWords) && s.num(i+1):
		j = i + 2
		if h := s.intValue(i + 1); h < 0 || h > 24 {
			return -1
		}
		if s.punct(j, ":") && s.num(j+1) {
			j += 2
		}
	case s.word(i, timeOfDay) && s.word(i+1, dayRef):
		return i + 2
	default:
		return -1
	}
	if s.word(j, dayParts) {
		j++
	}
	if s.word(j, bitawqitWord) && j+1 < len(s.toks) && s.toks[j+1].kind == tWord {
		j += 2
	}
	return j
}

// amount returns the end of a number with its scale words at i, or -1.
func (s *scan) amount(i int) int {
	if !s.num(i) {
		return -1
	}
	j := i + 1
	if s.gluedAfter(i) && !(latinOrd[s.toks[i+1].s]) {
		// 2017م and 30٪ are taken by their recognisers; other letters
		// glued after a number make it a code or a name.
		return -1
	}
	for s.word(j, scales) && !s.toks[j].glued {
		j++
	}
	return j
}

func (s *scan) money(i int) int {
	if i < len(s.toks) && s.toks[i].kind == tPunct && currSyms[s.toks[i].s] {
		if e := s.amount(i + 1); e > 0 {
			return e
		}
		return -1
	}
	j := s.amount(i)
	if j < 0 {
		if s.word(i, scales) && s.word(i+1, currencies) {
			j = i + 1 // مليار دولار
		} else {
			return -1
		}
	}
	if j < len(s.toks) && s.toks[j].kind == tPunct && currSyms[s.toks[j].s] {
		return j + 1
	}
	if s.word(j, currencies) {
		j++
		if s.word(j, currAdj) {
			j++
		}
		return j
	}
	return -1
}

func (s *scan) percent(i int) int {
	j := s.amount(i)
	if j < 0 {
		return -1
	}
	switch {
	case j < len(s.toks) && s.toks[j].kind == tPunct && percents[s.toks[j].s]:
		return j + 1
	case s.word(j, fiWord) && s.word(j+1, perCent):
		return j + 2
	case s.word(j, perCentOne):
		return j + 1
	}
	return -1
}

func (s *scan) ordinal(i int) int {
	if s.word(i, ordinals) {
		return i + 1
	}
	if s.num(i) && !s.toks[i].sep && s.gluedAfter(i) && latinOrd[s.toks[i+1].s] {
		return i + 2
	}
	return -1
}

func (s *scan) cardinal(i int) int {
	if s.num(i) {
		j := s.amount(i)
		if j < 0 || (j < len(s.toks) && s.toks[j].kind == tWord && s.toks[j].glued) {
			return -1
		}
		if j == i+1 && i > 0 && s.toks[i-1].kind == tWord && !s.toks[i].glued && j < len(s.toks) && s.toks[j].glued && closeQuote[s.toks[j].s] {
			return -1 // "غوتشيفر 2.0": a number in a quoted name
		}
		return j
	}
	if s.word(i, numWords) {
		j := i + 1
		for s.word(j, numWords) && strings.HasPrefix(s.toks[j].s, "و") || s.word(j, scales) && !s.word(j, vagueScale) {
			j++
		}
		return j
	}
	return -1
}

// website marks URLs, e-mail addresses and bare domains in f and returns
// their folded ranges.
func websites(f []rune) [][2]int {
	var out [][2]int
	isURL := func(r rune) bool {
		return !unicode.IsSpace(r) && !strings.ContainsRune("\"«»<>()[]{}،؛“”'", r)
	}
	trim := func(a, b int) int {
		for b > a && strings.ContainsRune(".,;:!?،؛)-", f[b-1]) {
			b--
		}
		return b
	}
	isHost := func(r rune) bool { return r < 128 && (unicode.IsLetter(r) || isDigit(r) || r == '-' || r == '.') }
	for i := 0; i < len(f); i++ {
		if i > 0 && (isHost(f[i-1]) || f[i-1] == '@' || f[i-1] == '/') {
			continue
		}
		rest := f[i:]
		if hasPrefix(rest, "http://") || hasPrefix(rest, "https://") || hasPrefix(rest, "www.") {
			j := i
			for j < len(f) && isURL(f[j]) {
				j++
			}
			if j = trim(i, j); j > i+4 {
				out = append(out, [2]int{i, j})
				i = j
			}
			continue
		}
		if !isHost(f[i]) || f[i] == '.' || f[i] == '-' {
			continue
		}
		j := i
		local := func(r rune) bool { return isHost(r) || r == '_' || r == '+' || r == '%' }
		for j < len(f) && local(f[j]) {
			j++
		}
		if j < len(f) && f[j] == '@' {
			k := j + 1
			for k < len(f) && isHost(f[k]) {
				k++
			}
			k = trim(j+1, k)
			if k > j+1 && strings.Contains(string(f[j+1:k]), ".") {
				out = append(out, [2]int{i, k})
				i = k
			}
			continue
		}
		// A bare domain: labels joined by dots, ending in a known TLD.
		k := i
		for k < len(f) && isHost(f[k]) {
			k++
		}
		k = trim(i, k)
		host := string(f[i:k])
		if dot := strings.LastIndexByte(host, '.'); dot > 0 && tlds[host[dot+1:]] && (k == len(f) || f[k] != '@') {
			// The first label must hold a letter (not 3.14.com... nor 2.0).
			if strings.IndexFunc(host[:dot], unicode.IsLetter) >= 0 {
				out = append(out, [2]int{i, k})
			}
		}
		i = k
	}
	return out
}

func hasPrefix(r []rune, p string) bool {
	i := 0
	for _, x := range p {
		if i >= len(r) || r[i] != x {
			return false
		}
		i++
	}
	return true
}

// Suggest returns the recognisers' suggestions for in, leftmost longest
// first, leaving out those that overlap a span of the same label.
func (p *Patterns) Suggest(ctx context.Context, in Input) ([]Suggestion, error) {
	folded, origin := annotations.Fold(in.Text)
	f := []rune(folded)
	s := &scan{runes: f, toks: tokenize(f)}
	s.web = make([]bool, len(s.toks))
	var found []struct {
		a, b  int
		label string
	}
	webs := websites(f)
	for _, w := range webs {
		found = append(found, struct {
			a, b  int
			label string
		}{w[0], w[1], LabelWebsite})
	}
	for t, w := 0, 0; t < len(s.toks); t++ {
		for w < len(webs) && webs[w][1] <= s.toks[t].start {
			w++
		}
		s.web[t] = w < len(webs) && s.toks[t].start < webs[w][1] && webs[w][0] < s.toks[t].end
	}
	rules := []struct {
		label string
		fn    func(int) int
	}{{LabelDate, s.date}, {LabelTime, s.time}, {LabelMoney, s.money}, {LabelPercent, s.percent}, {LabelOrdinal, s.ordinal}, {LabelCardinal, s.cardinal}}
	for i := 0; i < len(s.toks); {
		if i&1023 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		best, label := -1, ""
		if !s.web[i] && s.canStart(i) {
			for _, r := range rules {
				if e := r.fn(i); e > i && e > best {
					best, label = e, r.label
				}
			}
		}
		if best < 0 {
			i++
			continue
		}
		found = append(found, struct {
			a, b  int
			label string
		}{s.toks[i].start, s.toks[best-1].end, label})
		i = best
	}
	var out []Suggestion
	orig := []rune(in.Text)
	for _, x := range found {
		if !p.labels[x.label] {
			continue
		}
		start, end := origin[x.a], origin[x.b-1]+1
		// Keep the harakat and tatweel that folding dropped after the last
		// letter (هـ, ألفَ), never a control character.
		for end < len(orig) && (orig[end] >= 0x064B && orig[end] <= 0x0652 || orig[end] == 0x0670 || orig[end] == 0x0640) {
			end++
		}
		if labelledAlready(start, end, x.label, in.Spans) {
			continue
		}
		out = append(out, Suggestion{ArticleID: in.ArticleID, Start: start, End: end, Label: x.label, Source: SourcePatternsPrefix + x.label, Status: Pending})
	}
	sortSuggestions(out)
	return out, nil
}
