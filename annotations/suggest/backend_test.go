package suggest

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func backendServer(t *testing.T, handler func(w http.ResponseWriter, req lsRequest)) *Backend {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.URL.Path != "/predict" || r.Header.Get("Content-Type") != "application/json" {
			http.Error(w, "want POST /predict with JSON", http.StatusBadRequest)
			return
		}
		var req lsRequest
		b, _ := io.ReadAll(r.Body)
		if err := json.Unmarshal(b, &req); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		handler(w, req)
	}))
	t.Cleanup(srv.Close)
	b, err := NewBackend(srv.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	b.Model = "camel-ner"
	b.LabelConfig = `<View><Labels name="label" toName="text"><Label value="PERS"/></Labels><Text name="text" value="$text"/></View>`
	return b
}

func TestBackendPredict(t *testing.T) {
	text := "😕 قال جوليان أسانج في لندن"
	b := backendServer(t, func(w http.ResponseWriter, req lsRequest) {
		if len(req.Tasks) != 1 || req.Tasks[0].Data["text"] != text || !strings.Contains(req.LabelConfig, "PERS") {
			http.Error(w, "bad tasks", http.StatusBadRequest)
			return
		}
		// A code-point region, a UTF-16 region (the emoji counts 2), a
		// region with two labels and the prediction's score, and a choice.
		io.WriteString(w, `{"results":[{"model_version":"v3","score":0.5,"result":[
			{"from_name":"label","to_name":"text","type":"labels","value":{"start":6,"end":18,"text":"جوليان أسانج","labels":["PERS"]},"score":0.97},
			{"from_name":"label","to_name":"text","type":"labels","value":{"start":23,"end":27,"text":"لندن","labels":["GPE","LOC"]}},
			{"from_name":"sentiment","to_name":"text","type":"choices","value":{"choices":["neutral"]}}]}]}`)
	})
	got, err := b.Suggest(context.Background(), Input{ArticleID: "a1", Text: text})
	if err != nil {
		t.Fatal(err)
	}
	tx := texts(text, got)
	if len(got) != 3 || tx[0] != "جوليان أسانج" || tx[1] != "لندن" || tx[2] != "لندن" {
		t.Fatalf("got %+v %q", got, tx)
	}
	want := []struct {
		label string
		score float64
	}{{"PERS", 0.97}, {"GPE", 0.5}, {"LOC", 0.5}}
	for i, s := range got {
		if s.Label != want[i].label || s.Score == nil || *s.Score != want[i].score || s.Source != "camel-ner@v3" || s.Status != Pending || s.ArticleID != "a1" {
			t.Errorf("suggestion %d: %+v", i, s)
		}
	}
}

func TestBackendErrors(t *testing.T) {
	text := "قال أسانج"
	for _, c := range []struct {
		name    string
		status  int
		body    string
		delay   time.Duration
		wantErr string
	}{
		{"server error", 500, "model not loaded", 0, "HTTP 500 Internal Server Error: model not loaded"},
		{"not found", 404, "", 0, "HTTP 404"},
		{"garbage", 200, "<html>hello</html>", 0, "not Label Studio predictions"},
		{"no results", 200, `{"predictions":[]}`, 0, `no "results"`},
		{"outside the text", 200, `{"results":[{"result":[{"type":"labels","value":{"start":4,"end":40,"labels":["PERS"]}}]}]}`, 0, "region 1: [4,40) is outside the text (9 code points)"},
		{"negative", 200, `[{"result":[{"type":"labels","value":{"start":-1,"end":3,"labels":["PERS"]}}]}]`, 0, "outside the text"},
		{"text mismatch", 200, `{"results":[{"result":[{"type":"labels","value":{"start":0,"end":3,"text":"ترامب","labels":["PERS"]}}]}]}`, 0, `text "ترامب" does not match`},
		{"fractional", 200, `{"results":[{"result":[{"type":"labels","value":{"start":0.5,"end":3,"labels":["PERS"]}}]}]}`, 0, "not whole numbers"},
		{"timeout", 200, `{"results":[]}`, 400 * time.Millisecond, "no answer within 100ms"},
	} {
		b := backendServer(t, func(w http.ResponseWriter, req lsRequest) {
			time.Sleep(c.delay)
			w.WriteHeader(c.status)
			io.WriteString(w, c.body)
		})
		b.Timeout = 100 * time.Millisecond
		got, err := b.Suggest(context.Background(), Input{Text: text})
		if err == nil || !strings.Contains(err.Error(), c.wantErr) || !strings.Contains(err.Error(), b.URL+"/predict") || got != nil {
			t.Errorf("%s: got %v, err %v; want an error naming the URL and containing %q", c.name, got, err, c.wantErr)
		}
	}
	if _, err := NewBackend("ftp://x"); err == nil {
		t.Error("ftp URL accepted")
	}
	if _, err := NewBackend("localhost:9090"); err == nil {
		t.Error("URL without scheme accepted")
	}
}

func TestBackendCancelled(t *testing.T) {
	b := backendServer(t, func(w http.ResponseWriter, req lsRequest) { io.WriteString(w, `{"results":[]}`) })
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := b.Suggest(ctx, Input{Text: "x"}); err == nil {
		t.Error("cancelled context: no error")
	}
}
