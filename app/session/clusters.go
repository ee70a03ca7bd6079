package session

import (
	"context"
	"sort"
	"strings"

	"github.com/hamesh-app/hamesh/annotations"
)

// ClusterEditStore is implemented by stores that put claims in clusters
// (data.DB): the session's "Cluster…" choices and edits go through it.
type ClusterEditStore interface {
	Clusters(ctx context.Context) ([]annotations.Cluster, error)
	AddCluster(ctx context.Context, c annotations.Cluster) (annotations.Cluster, error)
	// SetClusterOf puts claim span spanID in cluster clusterID ("" takes
	// it out) as an undoable span edit; last reports that the cluster it
	// left has no member now.
	SetClusterOf(ctx context.Context, spanID, clusterID string) (annotations.Span, bool, error)
}

// ClusterChoice is a cluster a claim could join, with the similarity of
// its normalized text to the claim's (annotations.ClaimSimilarity: word
// n-grams of folded text, clitics stripped).
type ClusterChoice struct {
	Cluster annotations.Cluster
	Score   float64
}

// MaxClusterChoices is how many clusters ClusterChoices offers.
const MaxClusterChoices = 8

// claimText is what a claim span says: its normalized claim when it has
// one, else its text.
func (s *Session) claimText(sp *annotations.Span) string {
	if t := strings.TrimSpace(sp.Attributes[annotations.AttrNormalizedClaim]); t != "" {
		return t
	}
	return strings.TrimSpace(s.SpanText(*sp))
}

// ClusterChoices returns the clusters claim span id could join, most
// similar first (at most MaxClusterChoices; clusters sharing no word
// n-gram with it are left out), and whether the store keeps clusters.
func (s *Session) ClusterChoices(id string) ([]ClusterChoice, bool, error) {
	cs, ok := s.store.(ClusterEditStore)
	sp := s.Span(id)
	if !ok || sp == nil || sp.Kind != annotations.KindClaim {
		return nil, ok, nil
	}
	all, err := cs.Clusters(s.ctx)
	if err != nil {
		return nil, true, err
	}
	text := s.claimText(sp)
	var out []ClusterChoice
	for _, c := range all {
		if c.ID == sp.Attributes[annotations.AttrClusterID] {
			continue
		}
		if score := annotations.ClaimSimilarity(text, c.Text); score > 0 {
			out = append(out, ClusterChoice{c, score})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Score > out[j].Score })
	return out[:min(len(out), MaxClusterChoices)], true, nil
}

// JoinCluster puts claim span spanID in cluster clusterID ("" takes it
// out of its cluster) as one undoable span edit.
func (s *Session) JoinCluster(spanID, clusterID string) {
	s.enqueue(func() {
		cs, ok := s.store.(ClusterEditStore)
		if !ok || s.Span(spanID) == nil || s.refuseOthers(spanID) {
			return
		}
		what := "put the claim in the cluster"
		if clusterID == "" {
			what = "take the claim out of its cluster"
		}
		s.write(what, func(ctx context.Context) error {
			_, _, err := cs.SetClusterOf(ctx, spanID, clusterID)
			return err
		}, func(err error, e Event) {
			switch {
			case err != nil:
				e = failed(e, what, err)
			case clusterID == "":
				e.say("the claim left its cluster (Ctrl+Z undoes)")
			default:
				e.say("the claim joined the cluster (Ctrl+Z undoes)")
			}
			s.emit(e)
		})
	})
}

// NewClusterFromSpan makes a claim cluster whose normalized text is claim
// span spanID's (its normalized claim, else its text) and puts the claim
// in it; the membership is undoable, the cluster stays.
func (s *Session) NewClusterFromSpan(spanID string) {
	s.enqueue(func() {
		cs, ok := s.store.(ClusterEditStore)
		sp := s.Span(spanID)
		if !ok || sp == nil || sp.Kind != annotations.KindClaim || s.refuseOthers(spanID) {
			return
		}
		c := annotations.Cluster{Text: s.claimText(sp)}
		what := "make a claim cluster from the claim"
		s.write(what, func(ctx context.Context) error {
			got, err := cs.AddCluster(ctx, c)
			if err != nil {
				return err
			}
			_, _, err = cs.SetClusterOf(ctx, spanID, got.ID)
			return err
		}, func(err error, e Event) {
			if err != nil {
				e = failed(e, what, err)
			} else {
				e.say("a new cluster holds the claim; set its verdict with hamesh cluster set, or join other claims to it")
			}
			s.emit(e)
		})
	})
}

// RelationTypeSaver is implemented by stores whose scheme's relation types
// can be edited (data.DB).
type RelationTypeSaver interface {
	SaveRelationType(ctx context.Context, t annotations.RelationType) error
}

// CanEditRelationTypes reports whether the store's relation types can be
// edited.
func (s *Session) CanEditRelationTypes() bool {
	_, ok := s.store.(RelationTypeSaver)
	return ok
}

// SaveRelationType adds relation type t to the scheme or replaces the one
// of its name (its allowed kinds, colour, hotkey, description), checked
// first (annotations.RelationType.Validate); the store refuses a hotkey
// another type has and kinds that stored relations would break. It runs on
// the caller's goroutine, as SaveLabel does, so that the editor can show
// the refusal beside the field.
func (s *Session) SaveRelationType(t annotations.RelationType) error {
	st, ok := s.store.(RelationTypeSaver)
	if !ok {
		return annotations.Errorf(annotations.EINVALID, "this store keeps no relation types")
	}
	if err := t.Validate(); err != nil {
		return err
	}
	if err := st.SaveRelationType(s.ctx, t); err != nil {
		return err
	}
	s.status(0, "relation type %s saved", t.Name)
	return nil
}
