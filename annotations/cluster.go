package annotations

import (
	"fmt"
	"net/url"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Cluster is a set of claims, in one article or many, that state the same
// thing. Its members are the claim spans whose AttrClusterID is its id; a
// member keeps its own attributes, and the cluster's verdict is the one a
// fact-check gave the claim itself.
type Cluster struct {
	ID         string `json:"id"`
	Text       string `json:"text"`                  // the normalized claim
	ClaimantID string `json:"claimant_id,omitempty"` // a registry Entry, or ""
	ClaimDate  string `json:"claim_date,omitempty"`  // YYYY-MM-DD (or YYYY-MM, YYYY), or ""
	// Verdict is the rating's name as the reviewer gave it (ClaimReview's
	// reviewRating.alternateName), e.g. "false" or "مضلل"; "" while the
	// claim is not reviewed.
	Verdict string `json:"verdict,omitempty"`
	// Rating places Verdict on the scale WorstRating..BestRating; 0 when
	// the verdict has no place on a scale (e.g. unverifiable).
	Rating      int          `json:"rating,omitempty"`
	BestRating  int          `json:"best_rating,omitempty"`
	WorstRating int          `json:"worst_rating,omitempty"`
	ReviewURL   string       `json:"review_url,omitempty"`  // the fact-check's page
	Reviewer    string       `json:"reviewer,omitempty"`    // who published the fact-check
	ReviewDate  string       `json:"review_date,omitempty"` // when, YYYY-MM-DD
	Appearances []Appearance `json:"appearances,omitempty"` // where else the claim was seen
}

// Appearance is a place a claim was published that is not a span of a
// stored article: a URL and when it was seen (YYYY-MM-DD or "").
type Appearance struct {
	URL  string `json:"url"`
	Date string `json:"date,omitempty"`
}

// DefaultRatingScale maps the verdicts of the claim attribute
// AttrVerdict onto a 1..5 scale (1 worst, 5 best), as ClaimReview's
// reviewRating wants a number; unverifiable and not_enough_evidence have
// no place on it (0).
var DefaultRatingScale = map[string]int{"false": 1, "partly_false": 2, "true": 5}

// SetVerdict sets c's verdict, placing one of AttrVerdict's values on
// DefaultRatingScale (1..5); any other verdict keeps no rating unless one
// is given afterwards.
func (c *Cluster) SetVerdict(v string) {
	c.Verdict = strings.TrimSpace(v)
	c.Rating, c.BestRating, c.WorstRating = 0, 0, 0
	if r, ok := DefaultRatingScale[c.Verdict]; ok {
		c.Rating, c.BestRating, c.WorstRating = r, 5, 1
	}
}

// Reviewed reports whether c carries what a published review needs: a
// verdict and the fact-check's URL. Missing says which of them lack.
func (c *Cluster) Reviewed() bool { return c.Missing() == "" }

// Missing names what c lacks to be a published review ("verdict", "url",
// "verdict and url"), or "".
func (c *Cluster) Missing() string {
	var m []string
	if c.Verdict == "" {
		m = append(m, "verdict")
	}
	if c.ReviewURL == "" {
		m = append(m, "fact-check url")
	}
	return strings.Join(m, " and ")
}

// checkDate accepts "", YYYY, YYYY-MM and YYYY-MM-DD.
func checkDate(s string) bool {
	if s == "" {
		return true
	}
	for _, layout := range []string{"2006-01-02", "2006-01", "2006"} {
		if _, err := time.Parse(layout, s); err == nil {
			return true
		}
	}
	return false
}

// checkURL accepts "" and absolute http(s) URLs.
func checkURL(s string) bool {
	if s == "" {
		return true
	}
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// Validate checks a cluster: an id and normalized text, UTF-8, dates as
// YYYY[-MM[-DD]], http(s) URLs, and a rating within its scale.
func (c *Cluster) Validate() error {
	who := fmt.Sprintf("claim cluster %q", c.ID)
	if strings.TrimSpace(c.ID) == "" {
		return Errorf(EINVALID, "claim cluster %q has no id", c.Text)
	}
	if strings.TrimSpace(c.Text) == "" {
		return Errorf(EINVALID, "%s has no normalized claim text", who)
	}
	for _, s := range []string{c.ID, c.Text, c.ClaimantID, c.ClaimDate, c.Verdict, c.ReviewURL, c.Reviewer, c.ReviewDate} {
		if !utf8.ValidString(s) {
			return Errorf(EINVALID, "%s: a field is not valid UTF-8", who)
		}
	}
	if !checkDate(c.ClaimDate) {
		return Errorf(EINVALID, "%s: claim date %q is not YYYY-MM-DD", who, c.ClaimDate)
	}
	if !checkDate(c.ReviewDate) {
		return Errorf(EINVALID, "%s: review date %q is not YYYY-MM-DD", who, c.ReviewDate)
	}
	if !checkURL(c.ReviewURL) {
		return Errorf(EINVALID, "%s: fact-check url %q is not an http(s) URL", who, c.ReviewURL)
	}
	if c.Rating != 0 && (c.BestRating <= c.WorstRating || c.Rating < c.WorstRating || c.Rating > c.BestRating) {
		return Errorf(EINVALID, "%s: rating %d is not within its scale %d..%d", who, c.Rating, c.WorstRating, c.BestRating)
	}
	if c.Rating == 0 && (c.BestRating != 0 || c.WorstRating != 0) && c.BestRating <= c.WorstRating {
		return Errorf(EINVALID, "%s: rating scale %d..%d is empty", who, c.WorstRating, c.BestRating)
	}
	for _, a := range c.Appearances {
		if a.URL == "" || !checkURL(a.URL) {
			return Errorf(EINVALID, "%s: appearance %q is not an http(s) URL", who, a.URL)
		}
		if !checkDate(a.Date) {
			return Errorf(EINVALID, "%s: appearance %s has date %q, not YYYY-MM-DD", who, a.URL, a.Date)
		}
	}
	return nil
}

// Conflicts returns the distinct verdicts of members (their AttrVerdict)
// that disagree with the cluster's verdict, or, when the cluster has none,
// every distinct member verdict if there are two or more; sorted. Empty
// means nothing to flag.
func (c *Cluster) Conflicts(members []Span) []string {
	set := map[string]bool{}
	for _, s := range members {
		if v := s.Attributes[AttrVerdict]; v != "" {
			set[v] = true
		}
	}
	var out []string
	for v := range set {
		if c.Verdict == "" || v != c.Verdict {
			out = append(out, v)
		}
	}
	if c.Verdict == "" && len(out) < 2 {
		return nil
	}
	sort.Strings(out)
	return out
}

// ClaimWords returns the words of a claim as compared for clustering:
// folded (FoldString), each with a proclitic (و ف ب ك ل) and then the
// article ال taken off when at least two letters stay, digits and letters
// only.
func ClaimWords(text string) []string {
	var out []string
	for _, w := range foldedWords(text) {
		cs := WordCores(w)
		core := cs[len(cs)-1]
		r := []rune(core)
		if len(r) >= 4 && r[0] == 'ا' && r[1] == 'ل' {
			core = string(r[2:])
		}
		if core != "" && !isPunct(core) {
			out = append(out, core)
		}
	}
	return out
}

// isPunct reports whether w has no letter or digit.
func isPunct(w string) bool {
	for _, r := range w {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

// ClaimShingles returns the set of word unigrams and bigrams of
// ClaimWords(text), the features ClaimSimilarity compares.
func ClaimShingles(text string) map[string]bool {
	ws := ClaimWords(text)
	set := make(map[string]bool, 2*len(ws))
	for i, w := range ws {
		set[w] = true
		if i+1 < len(ws) {
			set[w+" "+ws[i+1]] = true
		}
	}
	return set
}

// ClaimSimilarity is the Dice coefficient of two claims' shingle sets
// (ClaimShingles): 1 for the same words in the same order once folded and
// clitics stripped, 0 for no word in common.
func ClaimSimilarity(a, b string) float64 { return dice(ClaimShingles(a), ClaimShingles(b)) }

func dice(a, b map[string]bool) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	n := 0
	for k := range a {
		if b[k] {
			n++
		}
	}
	return 2 * float64(n) / float64(len(a)+len(b))
}

// DefaultClusterThreshold is the similarity below which SuggestMembers
// offers nothing.
const DefaultClusterThreshold = 0.5

// ClaimText is a claim offered to SuggestMembers: its span id and text
// (its normalized_claim when it has one, else its span's text).
type ClaimText struct {
	SpanID    string
	ArticleID string
	Text      string
}

// MemberSuggestion is a claim SuggestMembers offers for a cluster, with
// its similarity score.
type MemberSuggestion struct {
	ClaimText
	Score float64
}

// SuggestMembers returns the claims whose similarity (ClaimSimilarity) to
// any of refs — the cluster's normalized text and its members' texts — is
// at least threshold, best score first (then span id). A claim listed in
// refs by span id is never offered.
func SuggestMembers(refs []ClaimText, claims []ClaimText, threshold float64) []MemberSuggestion {
	var sets []map[string]bool
	in := map[string]bool{}
	for _, r := range refs {
		sets = append(sets, ClaimShingles(r.Text))
		if r.SpanID != "" {
			in[r.SpanID] = true
		}
	}
	var out []MemberSuggestion
	for _, c := range claims {
		if in[c.SpanID] {
			continue
		}
		s := ClaimShingles(c.Text)
		best := 0.0
		for _, r := range sets {
			best = max(best, dice(r, s))
		}
		if best >= threshold && best > 0 {
			out = append(out, MemberSuggestion{c, best})
		}
	}
	slices.SortFunc(out, func(a, b MemberSuggestion) int {
		if a.Score != b.Score {
			if a.Score > b.Score {
				return -1
			}
			return 1
		}
		return strings.Compare(a.SpanID, b.SpanID)
	})
	return out
}
