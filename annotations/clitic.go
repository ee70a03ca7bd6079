package annotations

// Exports of the find bar's matching rules (fold.go) for other matchers,
// such as the gazetteers of annotations/suggest, so that every matcher in
// Hamesh agrees on what an occurrence is.

// WordCores returns the forms that a folded word (FoldString of one of
// Words) can match a query's first word as: itself; with a proclitic prefix
// (و|ف)?(ب|ك|ل)? taken off; and, when ل + ال contracted to لل, the form with
// ال restored (للمغرب → المغرب). A core keeps at least two letters. These are
// the rules of Matcher.Find.
func WordCores(folded string) []string { return cores(folded) }

// FoldGap normalises the folded text between two words the way
// Matcher.Find compares it: each run of whitespace becomes one space.
func FoldGap(folded string) string { return normGap(folded) }
