package annotations

import (
	"crypto/sha256"
	"encoding/hex"
	"time"
	"unicode/utf8"
)

// Status is where an article stands in the annotation workflow.
type Status string

// The three statuses an article can have.
const (
	StatusTodo       Status = "todo"
	StatusInProgress Status = "in_progress"
	StatusDone       Status = "done"
)

// Valid reports whether s is one of the known statuses.
func (s Status) Valid() bool {
	return s == StatusTodo || s == StatusInProgress || s == StatusDone
}

// Direction is an article's base text direction.
type Direction string

// Directions an article can have.
const (
	LTR Direction = "ltr"
	RTL Direction = "rtl"
)

// Valid reports whether d is ltr or rtl.
func (d Direction) Valid() bool { return d == LTR || d == RTL }

// Article is one imported text. Its Text is never modified after import:
// every span offset refers to it exactly as stored.
type Article struct {
	ID        string    `json:"id"`
	Title     string    `json:"title"`
	Text      string    `json:"text"`
	Lang      string    `json:"lang"`
	Direction Direction `json:"direction"`
	Source    string    `json:"source"`
	Status    Status    `json:"status"`
	Note      string    `json:"note"`
	// Curation is set when a curator marked the article curated (its gold
	// layer decided); nil while it is not. It is not a Status: an article
	// is curated whatever its status.
	Curation *Curation `json:"curation,omitempty"`
	// Rejections are the units of the article a curator rejected (every
	// version of it left out of gold), one per unit, in unit order; they
	// are kept whether or not the article is curated.
	Rejections []Rejection `json:"rejections,omitempty"`
	CreatedAt  time.Time   `json:"created_at"`
	UpdatedAt  time.Time   `json:"updated_at"`
}

// Curation records who marked an article curated, and when.
type Curation struct {
	By string    `json:"by"` // the curator's annotator name
	At time.Time `json:"at"`
}

// TextSHA256 returns the hex SHA-256 of the article's UTF-8 text; it
// identifies the text across databases and formats.
func (a *Article) TextSHA256() string { return TextHash(a.Text) }

// TextHash returns the hex SHA-256 of text's UTF-8 bytes.
func TextHash(text string) string {
	sum := sha256.Sum256([]byte(text))
	return hex.EncodeToString(sum[:])
}

// Validate checks the article's own fields (not its spans).
func (a *Article) Validate() error {
	if !utf8.ValidString(a.Text) {
		return Errorf(EINVALID, "article %q: text is not valid UTF-8", a.ID)
	}
	if !utf8.ValidString(a.Title) {
		return Errorf(EINVALID, "article %q: title is not valid UTF-8", a.ID)
	}
	if !utf8.ValidString(a.Note) || !utf8.ValidString(a.Source) || !utf8.ValidString(a.Lang) || !utf8.ValidString(a.ID) {
		return Errorf(EINVALID, "article %q: note, source, language or id is not valid UTF-8", a.ID)
	}
	if !a.Status.Valid() {
		return Errorf(EINVALID, "article %q: unknown status %q (want todo, in_progress or done)", a.ID, a.Status)
	}
	if !a.Direction.Valid() {
		return Errorf(EINVALID, "article %q: unknown direction %q (want ltr or rtl)", a.ID, a.Direction)
	}
	return nil
}

// ArticleSummary is a row of the library: an article without its text.
type ArticleSummary struct {
	ID        string    `json:"id"`
	Title     string    `json:"title"`
	Lang      string    `json:"lang"`
	Direction Direction `json:"direction"`
	Status    Status    `json:"status"`
	Entities  int       `json:"entities"`
	Claims    int       `json:"claims"`
	Chars     int       `json:"chars"`
	UpdatedAt time.Time `json:"updated_at"`
	// CuratedBy names who marked the article curated (Article.Curation);
	// "" while it is not.
	CuratedBy string `json:"curated_by,omitempty"`
	// Suggestions counts the article's pending suggestions.
	Suggestions int `json:"suggestions,omitempty"`
}

// Document is an article with its spans and relations: the unit of import,
// export and display.
type Document struct {
	Article   Article
	Spans     []Span
	Relations []Relation
	// Suggestions are the article's suggestions (never spans): filled by
	// imports that carry them and by exports asked for them
	// (--with-suggestions); nil otherwise.
	Suggestions []Suggestion `json:",omitempty"`
	// Stored is set by a store on a document it reads back for export:
	// every part of it passed validation when it was written, so an
	// exporter need not validate it again. Code that changes such a
	// document must clear it.
	Stored bool `json:"-"`
}
