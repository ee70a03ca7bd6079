package suggest

import (
	"context"
	"errors"
	"reflect"
	"testing"
)

type failing struct{ at string }

func (f failing) Name() string { return "failing" }
func (f failing) Suggest(ctx context.Context, in Input) ([]Suggestion, error) {
	if in.Text == f.at {
		return nil, errors.New("broken on " + in.Text)
	}
	return []Suggestion{{Label: in.Text}}, ctx.Err()
}

func TestRun(t *testing.T) {
	g := mustGazetteer(t, Entry{Text: "ويكيليكس", Label: "ORG"})
	inputs := []Input{{ArticleID: "a", Text: "قال ويكيليكس"}, {ArticleID: "b", Text: "لا شيء"}, {ArticleID: "c", Text: "وويكيليكس وويكيليكس"}}
	got, err := Run(context.Background(), g, inputs, 2)
	if err != nil {
		t.Fatal(err)
	}
	var n []int
	for i, s := range got {
		n = append(n, len(s))
		for _, x := range s {
			if x.ArticleID != inputs[i].ArticleID {
				t.Errorf("input %d: suggestion for %s", i, x.ArticleID)
			}
		}
	}
	if !reflect.DeepEqual(n, []int{1, 0, 2}) {
		t.Errorf("counts %v", n)
	}
	many := make([]Input, 100)
	for i := range many {
		many[i] = Input{Text: "ok"}
	}
	many[57].Text = "bad"
	if got, err := Run(context.Background(), failing{"bad"}, many, 3); err == nil || err.Error() != "broken on bad" || got != nil {
		t.Errorf("got %d, err %v", len(got), err)
	}
}
