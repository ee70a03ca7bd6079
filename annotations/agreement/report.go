package agreement

// Report is the agreement of several annotators over a set of articles, as
// `hamesh agreement --json` prints it. Every figure that may be undefined is
// a pointer: nil (JSON null) with its reason in the field beside it.
type Report struct {
	// Annotators are the annotators compared, in the order pairs use.
	Annotators []string `json:"annotators"`
	// Articles counts the articles compared: those where at least one of the
	// annotators has a span (after the label filter).
	Articles int `json:"articles"`
	// ArticlesWithoutSpans counts the articles given where none of the
	// annotators has a span; they are left out of every figure, since
	// nothing says anyone annotated them.
	ArticlesWithoutSpans int `json:"articles_without_spans"`
	// Tokens counts the word tokens of the compared articles (the κ items).
	Tokens int `json:"tokens"`
	// UnattributedSpans counts spans of the compared articles that name no
	// annotator; they belong to no one and take no part.
	UnattributedSpans int `json:"unattributed_spans"`
	// Labels are the labels compared, sorted by name.
	Labels []string `json:"labels"`
	// Pairs holds one entry for each pair of annotators, a before b in the
	// order of Annotators.
	Pairs []Pair `json:"pairs"`
	// FleissKappa is Fleiss' κ over all annotators on word tokens, each
	// token's category the label of the outermost span covering it, or O.
	FleissKappa       *float64 `json:"fleiss_kappa"`
	FleissKappaReason string   `json:"fleiss_kappa_reason,omitempty"`
	// FleissLabels is Fleiss' κ per label: each token in or out of the
	// label's spans.
	FleissLabels map[string]Kappa `json:"fleiss_labels"`
	// Attributes is Krippendorff's α (nominal) per claim attribute over all
	// annotators, the units being claims matched by overlap.
	Attributes map[string]Alpha `json:"attributes"`
	// PerArticle holds the figures of each compared article, worst first
	// (lowest overlap F1, then lowest exact F1, then id).
	PerArticle []Article `json:"per_article"`
}

// Pair is the agreement of annotator B with annotator A.
type Pair struct {
	A      string `json:"a"`
	B      string `json:"b"`
	ASpans int    `json:"a_spans"`
	BSpans int    `json:"b_spans"`
	// Exact and Overlap are micro-averaged over labels: matches, and each
	// side's spans, summed over every label before dividing.
	Exact   PRF `json:"exact"`
	Overlap PRF `json:"overlap"`
	// CohenKappa is Cohen's κ on word tokens, each token's category the
	// label of the outermost span covering it, or O.
	CohenKappa       *float64 `json:"cohen_kappa"`
	CohenKappaReason string   `json:"cohen_kappa_reason,omitempty"`
	// Labels holds the figures of each label.
	Labels map[string]Label `json:"labels"`
	// Attributes is Krippendorff's α per claim attribute over the claims of
	// A and B matched by overlap.
	Attributes map[string]Alpha `json:"attributes"`
}

// Label is a pair's agreement on one label.
type Label struct {
	Exact   PRF `json:"exact"`
	Overlap PRF `json:"overlap"`
	// A and B count each annotator's spans with this label.
	A int `json:"a"`
	B int `json:"b"`
	// CohenKappa is Cohen's κ on word tokens, each token in or out of this
	// label's spans.
	CohenKappa       *float64 `json:"cohen_kappa"`
	CohenKappaReason string   `json:"cohen_kappa_reason,omitempty"`
}

// PRF is precision, recall and F1 of B's spans against A's: Matched of B's
// spans match one of A's; precision is Matched over B's spans, recall
// Matched over A's, F1 2·Matched over both. Precision is undefined when B
// has no spans, recall when A has none, F1 when neither has any.
type PRF struct {
	Matched         int      `json:"matched"`
	Precision       *float64 `json:"precision"`
	PrecisionReason string   `json:"precision_reason,omitempty"`
	Recall          *float64 `json:"recall"`
	RecallReason    string   `json:"recall_reason,omitempty"`
	F1              *float64 `json:"f1"`
	F1Reason        string   `json:"f1_reason,omitempty"`
}

// Kappa is one κ figure, or the reason it is undefined.
type Kappa struct {
	Kappa  *float64 `json:"kappa"`
	Reason string   `json:"reason,omitempty"`
}

// Alpha is Krippendorff's α (nominal) of one claim attribute.
type Alpha struct {
	Alpha  *float64 `json:"alpha"`
	Reason string   `json:"reason,omitempty"`
	// Claims counts the matched claims: the units, claims of different
	// annotators matched by overlap.
	Claims int `json:"claims"`
	// Pairable counts the matched claims where at least two annotators set
	// the attribute, the units α is computed from.
	Pairable int `json:"pairable"`
	// Ambiguous counts groups of claims linked by overlap matches in which
	// one annotator has two claims (three or more annotators only); they
	// are no unit and are left out.
	Ambiguous int `json:"ambiguous,omitempty"`
}

// Article is the agreement on one article.
type Article struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	// Spans counts each annotator's spans in the article.
	Spans  map[string]int `json:"spans"`
	Tokens int            `json:"tokens"`
	// ExactF1 and OverlapF1 are micro-averaged over labels and over pairs.
	ExactF1         *float64 `json:"exact_f1"`
	ExactF1Reason   string   `json:"exact_f1_reason,omitempty"`
	OverlapF1       *float64 `json:"overlap_f1"`
	OverlapF1Reason string   `json:"overlap_f1_reason,omitempty"`
	// FleissKappa is Fleiss' κ over all annotators on the article's tokens
	// (outermost label or O).
	FleissKappa       *float64 `json:"fleiss_kappa"`
	FleissKappaReason string   `json:"fleiss_kappa_reason,omitempty"`
	// Pairs holds each pair's figures on this article.
	Pairs []ArticlePair `json:"pairs"`
}

// ArticlePair is one pair's agreement on one article.
type ArticlePair struct {
	A                string   `json:"a"`
	B                string   `json:"b"`
	ASpans           int      `json:"a_spans"`
	BSpans           int      `json:"b_spans"`
	Exact            PRF      `json:"exact"`
	Overlap          PRF      `json:"overlap"`
	CohenKappa       *float64 `json:"cohen_kappa"`
	CohenKappaReason string   `json:"cohen_kappa_reason,omitempty"`
}
