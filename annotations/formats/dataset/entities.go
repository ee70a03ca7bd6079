package dataset

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"

	"github.com/hamesh-app/hamesh/annotations"
)

// entityLine is one line of entities.jsonl: a registry entry with how many
// spans of the dataset link to it and in which articles.
type entityLine struct {
	annotations.Entry
	Mentions int      `json:"mentions"`
	Articles []string `json:"articles"`
}

// WriteEntities writes dir/entities.jsonl: one line per registry entry
// (id, name, aliases, label, kb_id, note) with its mention count and the
// ids of the articles mentioning it in docs, in the entries' order. The
// spans of the data files carry the entry's id as their entity_id.
func WriteEntities(dir string, docs []annotations.Document, entries []annotations.Entry) error {
	n := map[string]int{}
	arts := map[string][]string{}
	for i := range docs {
		seen := map[string]bool{}
		for _, s := range docs[i].Spans {
			id := s.Attributes[annotations.AttrEntityID]
			if id == "" {
				continue
			}
			n[id]++
			if !seen[id] {
				seen[id] = true
				arts[id] = append(arts[id], docs[i].Article.ID)
			}
		}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	for _, e := range entries {
		a := arts[e.ID]
		if a == nil {
			a = []string{}
		}
		if err := enc.Encode(entityLine{e, n[e.ID], a}); err != nil {
			return err
		}
	}
	return os.WriteFile(filepath.Join(dir, "entities.jsonl"), buf.Bytes(), 0o644)
}
