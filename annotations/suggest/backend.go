package suggest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"math"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/hamesh-app/hamesh/annotations"
)

// Backend is a Source that asks a Label Studio ML backend for predictions:
// POST {URL}/predict with the article as a Label Studio task, results read
// in Label Studio's region format. Only URL's host is contacted.
type Backend struct {
	// URL is the backend's base URL (http or https), without /predict.
	URL string
	// Model names the model in suggestions' Source ("Model@model_version");
	// the URL's host when empty.
	Model string
	// LabelConfig is the Label Studio labeling config sent with the tasks
	// (label_config); many backends need it to know the labels.
	LabelConfig string
	// Project is sent as the request's project id, if set.
	Project string
	// Timeout bounds one call (30 s when zero); the context may end it
	// earlier.
	Timeout time.Duration
	// Client is the HTTP client (http.DefaultClient when nil).
	Client *http.Client
}

// NewBackend returns a Backend for the backend at rawURL, refusing a URL
// that is not http or https with a host.
func NewBackend(rawURL string) (*Backend, error) {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, annotations.Errorf(annotations.EINVALID, "Label Studio ML backend URL %q: want http:// or https:// and a host", rawURL)
	}
	return &Backend{URL: strings.TrimRight(rawURL, "/")}, nil
}

// Name returns the model's name: Model, or the URL's host.
func (b *Backend) Name() string {
	if b.Model != "" {
		return b.Model
	}
	if u, err := url.Parse(b.URL); err == nil && u.Host != "" {
		return u.Host
	}
	return "label studio backend"
}

type lsTask struct {
	ID   int               `json:"id"`
	Data map[string]string `json:"data"`
}

type lsRequest struct {
	Tasks       []lsTask `json:"tasks"`
	LabelConfig string   `json:"label_config,omitempty"`
	Project     string   `json:"project,omitempty"`
}

type lsValue struct {
	Start  *float64 `json:"start"`
	End    *float64 `json:"end"`
	Text   *string  `json:"text"`
	Labels []string `json:"labels"`
}

type lsRegion struct {
	Type  string   `json:"type"`
	Value lsValue  `json:"value"`
	Score *float64 `json:"score"`
}

type lsPrediction struct {
	Result       []lsRegion `json:"result"`
	Score        *float64   `json:"score"`
	ModelVersion string     `json:"model_version"`
}

// Suggest sends in.Text as one task and returns the backend's labelled
// regions as suggestions, one per label of a region, with the region's
// score (or the prediction's) and Source "name@model_version". A failed
// call, a status other than 2xx, an answer that is not Label Studio
// predictions, or a region whose offsets fall outside the text (in code
// points, or in UTF-16 units when only that reading matches the region's
// text) is an error naming the URL, and no suggestion is returned.
func (b *Backend) Suggest(ctx context.Context, in Input) ([]Suggestion, error) {
	endpoint := b.URL + "/predict"
	fail := func(format string, args ...any) error {
		return annotations.Errorf(annotations.EINVALID, "Label Studio ML backend %s: %s", endpoint, annotations.Notef(format, args...))
	}
	timeout := b.Timeout
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	body, err := json.Marshal(lsRequest{Tasks: []lsTask{{ID: 1, Data: map[string]string{"text": in.Text}}}, LabelConfig: b.LabelConfig, Project: b.Project})
	if err != nil {
		return nil, fail("%v", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, bytes.NewReader(body))
	if err != nil {
		return nil, fail("%v", err)
	}
	req.Header.Set("Content-Type", "application/json")
	client := b.Client
	if client == nil {
		client = http.DefaultClient
	}
	resp, err := client.Do(req)
	if err != nil {
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return nil, annotations.Errorf(annotations.EINVALID, "Label Studio ML backend %s: no answer within %v", endpoint, timeout)
		}
		return nil, fail("%v", err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return nil, fail("reading the answer: %v", err)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		snippet := strings.TrimSpace(string(data))
		if len(snippet) > 200 {
			snippet = snippet[:200] + "…"
		}
		return nil, fail("HTTP %d %s: %s", resp.StatusCode, http.StatusText(resp.StatusCode), snippet)
	}
	preds, err := parsePredictions(data)
	if err != nil {
		return nil, fail("the answer is not Label Studio predictions: %v", err)
	}
	if len(preds) > 1 {
		return nil, fail("%d predictions for one task", len(preds))
	}
	off := annotations.NewOffsets(in.Text)
	var out []Suggestion
	for _, p := range preds {
		source := ModelSource(b.Name(), p.ModelVersion)
		for i, r := range p.Result {
			if r.Value.Start == nil && r.Value.End == nil {
				continue // not a text region (a choice, a rating...)
			}
			if r.Value.Start == nil || r.Value.End == nil {
				return nil, fail("region %d has a start or an end but not both", i+1)
			}
			start, end, err := regionOffsets(*r.Value.Start, *r.Value.End, r.Value.Text, in.Text, off)
			if err != nil {
				return nil, fail("region %d: %v", i+1, err)
			}
			score := r.Score
			if score == nil {
				score = p.Score
			}
			for _, l := range r.Value.Labels {
				if l == "" {
					return nil, fail("region %d has an empty label", i+1)
				}
				out = append(out, Suggestion{ArticleID: in.ArticleID, Start: start, End: end, Label: l, Source: source, Score: score, Status: Pending})
			}
		}
	}
	sortSuggestions(out)
	return out, nil
}

// parsePredictions reads {"results": [prediction...]} or a bare array of
// predictions.
func parsePredictions(data []byte) ([]lsPrediction, error) {
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) > 0 && trimmed[0] == '[' {
		var preds []lsPrediction
		err := json.Unmarshal(trimmed, &preds)
		return preds, err
	}
	var wrapped struct {
		Results *[]lsPrediction `json:"results"`
	}
	if err := json.Unmarshal(trimmed, &wrapped); err != nil {
		return nil, err
	}
	if wrapped.Results == nil {
		return nil, annotations.Failf("no \"results\"")
	}
	return *wrapped.Results, nil
}

// regionOffsets turns a region's start and end into code points of text.
func regionOffsets(fs, fe float64, want *string, text string, off *annotations.Offsets) (int, int, error) {
	if fs != math.Trunc(fs) || fe != math.Trunc(fe) {
		return 0, 0, annotations.Failf("offsets [%v,%v) are not whole numbers", fs, fe)
	}
	s, e := int(fs), int(fe)
	n := off.Len()
	cpOK := s >= 0 && s < e && e <= n
	if want == nil {
		if !cpOK {
			return 0, 0, annotations.Failf("[%d,%d) is outside the text (%d code points)", s, e, n)
		}
		return s, e, nil
	}
	if cpOK && off.Slice(text, s, e) == *want {
		return s, e, nil
	}
	// Label Studio's older versions count UTF-16 units.
	cs, ok1 := off.FromUTF16(s)
	ce, ok2 := off.FromUTF16(e)
	if ok1 && ok2 && cs < ce && off.Slice(text, cs, ce) == *want {
		return cs, ce, nil
	}
	if !cpOK {
		return 0, 0, annotations.Failf("[%d,%d) is outside the text (%d code points)", s, e, n)
	}
	return 0, 0, annotations.Failf("text %q does not match the text at [%d,%d), %q, in code points or UTF-16 units", *want, s, e, off.Slice(text, s, e))
}
