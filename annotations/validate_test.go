package annotations

import (
	"strings"
	"testing"
)

func validDoc() Document {
	text := "ادّعى مؤسس موقع ويكيليكس، جوليان أسانج، أنه تواصل 👨‍👩‍👧 مع ترامب."
	return Document{
		Article: Article{ID: "a1", Title: "ترامب الابن", Text: text, Lang: "ar", Direction: RTL, Status: StatusTodo},
		Spans: []Span{
			{ID: "s1", ArticleID: "a1", Kind: KindEntity, Label: "PERS", Start: 26, End: 38},
			{ID: "s2", Kind: KindClaim, Label: "CLAIM", Start: 0, End: 62,
				Attributes: map[string]string{AttrVerdict: "unverifiable", AttrCheckWorthy: "yes", AttrNormalizedClaim: "أسانج تواصل مع ترامب الابن", AttrStance: ""}},
			{ID: "s3", Kind: KindEntity, Label: "ORG", Start: 16, End: 24},
		},
		Relations: []Relation{{ID: "r1", ArticleID: "a1", Type: RelClaimant, From: "s2", To: "s1"}},
	}
}

func TestValidateDocumentOK(t *testing.T) {
	d := validDoc()
	if got := slice(d.Article.Text, Range{26, 38}); got != "جوليان أسانج" {
		t.Fatalf("fixture offsets moved: %q", got)
	}
	if err := ValidateDocument(&d); err != nil {
		t.Fatal(err)
	}
	// Empty ids are accepted; the store fills them.
	d.Article.ID = ""
	d.Spans = append(d.Spans, Span{Kind: KindEntity, Label: "PERS", Start: 60, End: 65})
	for i := range d.Spans {
		d.Spans[i].ArticleID = ""
	}
	d.Relations[0].ArticleID = ""
	d.Relations = append(d.Relations, Relation{Type: "cue", From: "s2", To: "s3"})
	if err := ValidateDocument(&d); err != nil {
		t.Fatal(err)
	}
}

// validateErrs: each change makes validDoc invalid with a message holding
// every one of the want fragments.
var validateErrs = []struct {
	name   string
	change func(d *Document)
	want   []string
}{
	{"EndAfterText", func(d *Document) { d.Spans[0].End = 100 }, []string{`article "a1" ("ترامب الابن")`, `span "s1" [26,100) ends after the text (length 65)`}},
	{"NegativeStart", func(d *Document) { d.Spans[0].Start = -1 }, []string{`span "s1" [-1,38) starts before the text`}},
	{"Empty", func(d *Document) { d.Spans[0].End = 26 }, []string{`span "s1" [26,26) is empty`}},
	{"Reversed", func(d *Document) { d.Spans[0].End = 20 }, []string{`[26,20) is empty or reversed`}},
	{"UnknownKind", func(d *Document) { d.Spans[0].Kind = "person" }, []string{`unknown kind "person"`}},
	{"NoLabel", func(d *Document) { d.Spans[0].Label = " " }, []string{`span "s1" [26,38) has no label`}},
	{"InsideCluster", func(d *Document) { d.Spans[0].Start = 2; d.Spans[0].End = 5 }, []string{`span "s1" [2,5) starts inside the character cluster "دّ"`}},
	{"InsideEmoji", func(d *Document) { d.Spans[0].Start = 50; d.Spans[0].End = 53 }, []string{"ends inside the character cluster \"👨\\u200d👩\\u200d👧\""}},
	{"OtherArticle", func(d *Document) { d.Spans[1].ArticleID = "a2" }, []string{`span "s2" [0,62) belongs to article "a2"`}},
	{"DuplicateSpanID", func(d *Document) { d.Spans[2].ID = "s1" }, []string{`span id "s1" is used twice`}},
	{"NoIDByPosition", func(d *Document) { d.Spans[2].ID = ""; d.Spans[2].Label = "" }, []string{`span #3 [16,24) has no label`}},
	{"BadVerdict", func(d *Document) { d.Spans[1].Attributes[AttrVerdict] = "maybe" }, []string{`verdict="maybe"`, "unverifiable"}},
	{"BadCheckWorthy", func(d *Document) { d.Spans[1].Attributes[AttrCheckWorthy] = "Yes" }, []string{`check_worthy="Yes"`}},
	{"EmptyAttrKey", func(d *Document) { d.Spans[1].Attributes[""] = "x" }, []string{"attribute with an empty name"}},
	{"RelationNoType", func(d *Document) { d.Relations[0].Type = "" }, []string{`relation "r1" has no type`}},
	{"RelationMissingSpan", func(d *Document) { d.Relations[0].To = "s9" }, []string{`relation "r1" points to span "s9", which is not in this article`}},
	{"RelationMissingFrom", func(d *Document) { d.Relations[0].From = "s8" }, []string{`starts from span "s8"`}},
	{"RelationSelf", func(d *Document) { d.Relations[0].To = "s2" }, []string{`links span "s2" to itself`}},
	{"RelationOtherArticle", func(d *Document) { d.Relations[0].ArticleID = "zz" }, []string{`relation "r1" belongs to article "zz"`}},
	{"DuplicateRelationID", func(d *Document) {
		d.Relations = append(d.Relations, Relation{ID: "r1", Type: "cue", From: "s2", To: "s3"})
	}, []string{`relation id "r1" is used twice`}},
	{"BadStatus", func(d *Document) { d.Article.Status = "finished" }, []string{`article "a1" ("ترامب الابن"): unknown status "finished"`}},
	{"BadUTF8", func(d *Document) { d.Article.Text = "\xff"; d.Spans = nil; d.Relations = nil }, []string{"not valid UTF-8"}},
}

func TestValidateDocumentErrors(t *testing.T) {
	for _, c := range validateErrs {
		t.Run(c.name, func(t *testing.T) {
			d := validDoc()
			c.change(&d)
			err := ValidateDocument(&d)
			if ErrorCode(err) != EINVALID {
				t.Fatalf("err = %v (code %q), want EINVALID", err, ErrorCode(err))
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
	if err := ValidateDocument(nil); ErrorCode(err) != EINVALID {
		t.Errorf("ValidateDocument(nil) = %v", err)
	}
}

func TestValidateSpan(t *testing.T) {
	d := validDoc()
	text := d.Article.Text
	s := d.Spans[0]
	for _, off := range []*Offsets{nil, NewOffsets(text)} {
		if err := ValidateSpan(text, off, s); err != nil {
			t.Fatal(err)
		}
		bad := s
		bad.End = 70
		err := ValidateSpan(text, off, bad)
		if want := `article "a1": span "s1" [26,70) ends after the text (length 65)`; err == nil || err.Error() != want {
			t.Errorf("ValidateSpan = %v, want %q", err, want)
		}
	}
	if err := ValidateRelation(Relation{Type: "claimant", From: "a", To: "a"}); ErrorCode(err) != EINVALID {
		t.Errorf("ValidateRelation self link = %v", err)
	}
	if err := ValidateAttributes(map[string]string{AttrStance: "agree", "free": "anything"}); err != nil {
		t.Error(err)
	}
	if err := ValidateAttributes(map[string]string{AttrStance: "against"}); ErrorCode(err) != EINVALID {
		t.Errorf("ValidateAttributes bad stance = %v", err)
	}
}
