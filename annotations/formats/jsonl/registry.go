package jsonl

import (
	"bytes"
	"encoding/json"
	"io"
	"maps"
	"unicode/utf8"

	"github.com/hamesh-app/hamesh/annotations/formats/interchange"

	"github.com/hamesh-app/hamesh/annotations"
)

// Registry records (issue 17). Before its articles, a file may hold one
// line per registry entry, claim cluster and relation type, told from an
// article by its "record" field:
//
//	{"record":"relation_type","name":"supports","from":"span","to":"claim","color":"#2a9d8f","hotkey":"s"}
//	{"record":"entity","id":"…","name":"جوليان أسانج","aliases":["أسانج"],"label":"PERS","kb_id":"Q47112"}
//	{"record":"cluster","id":"…","text":"…","claimant_id":"…","verdict":"false","rating":1,…}
//
// A span linked to an entry carries the entry's id in its "entity_id"
// attribute and, when the entry has one, its QID as "kb_id" beside it;
// kb_id is written from the registry and dropped on reading (the entity
// record is what is stored), so export → import → export gives the same
// bytes. A claim in a cluster carries "cluster_id".

// Record kinds, the values of "record".
const (
	RecordEntity       = "entity"
	RecordCluster      = "cluster"
	RecordRelationType = "relation_type"
)

// AttrKBID is the span attribute the encoder adds beside entity_id.
const AttrKBID = "kb_id"

type entityRecord struct {
	Record string `json:"record"`
	annotations.Entry
}

type clusterRecord struct {
	Record string `json:"record"`
	annotations.Cluster
}

type relationTypeRecord struct {
	Record string `json:"record"`
	annotations.RelationType
}

// EncodeRegistry writes r's records, one line each (relation types, then
// entries, then clusters, in r's order), and makes the encoder add each
// linked span's kb_id from then on. Call it before the first Encode.
func (e *Encoder) EncodeRegistry(r *annotations.Registry) error {
	if r == nil {
		return nil
	}
	e.kb = map[string]string{}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	for _, t := range r.RelationTypes {
		if err := enc.Encode(relationTypeRecord{RecordRelationType, t}); err != nil {
			return err
		}
	}
	for _, en := range r.Entries {
		if en.KBID != "" {
			e.kb[en.ID] = en.KBID
		}
		if err := enc.Encode(entityRecord{RecordEntity, en}); err != nil {
			return err
		}
	}
	for _, c := range r.Clusters {
		if err := enc.Encode(clusterRecord{RecordCluster, c}); err != nil {
			return err
		}
	}
	if _, err := e.w.Write(buf.Bytes()); err != nil {
		return annotations.Errorf(annotations.EINTERNAL, "write the registry: %v", err)
	}
	return nil
}

// withKB returns d with each linked span's kb_id attribute set from the
// registry given to EncodeRegistry, or d itself when none is.
func (e *Encoder) withKB(d *annotations.Document) *annotations.Document {
	if len(e.kb) == 0 {
		return d
	}
	var out *annotations.Document
	for i, s := range d.Spans {
		kb := e.kb[s.Attributes[annotations.AttrEntityID]]
		if kb == "" || s.Attributes[AttrKBID] == kb {
			continue
		}
		if out == nil {
			c := *d
			c.Spans = append([]annotations.Span(nil), d.Spans...)
			out = &c
		}
		out.Spans[i].Attributes = maps.Clone(s.Attributes)
		out.Spans[i].Attributes[AttrKBID] = kb
	}
	if out == nil {
		return d
	}
	return out
}

// recordKind returns the "record" of a registry line, or "" for an
// article line.
func recordKind(line []byte) (string, error) {
	if !bytes.Contains(line, []byte(`"record"`)) {
		return "", nil
	}
	var probe struct {
		Record *string `json:"record"`
	}
	if err := json.Unmarshal(line, &probe); err != nil || probe.Record == nil {
		return "", nil // an article's decoder words the error
	}
	return *probe.Record, nil
}

// decodeRecord adds one registry line to r.
func decodeRecord(kind string, line []byte, r *annotations.Registry) error {
	if !utf8.Valid(line) {
		return errorf("not valid UTF-8 (bad byte at column %d)", interchange.FirstInvalidUTF8(line)+1)
	}
	dec := func(v any) error {
		d := json.NewDecoder(bytes.NewReader(line))
		d.DisallowUnknownFields()
		if err := d.Decode(v); err != nil {
			return errorf("not a valid %s record: %v", kind, jsonError(line, err))
		}
		return nil
	}
	switch kind {
	case RecordEntity:
		var x entityRecord
		if err := dec(&x); err != nil {
			return err
		}
		if err := x.Entry.Validate(); err != nil {
			return err
		}
		r.Entries = append(r.Entries, x.Entry)
	case RecordCluster:
		var x clusterRecord
		if err := dec(&x); err != nil {
			return err
		}
		if err := x.Cluster.Validate(); err != nil {
			return err
		}
		r.Clusters = append(r.Clusters, x.Cluster)
	case RecordRelationType:
		var x relationTypeRecord
		if err := dec(&x); err != nil {
			return err
		}
		if err := x.RelationType.Validate(); err != nil {
			return err
		}
		r.RelationTypes = append(r.RelationTypes, x.RelationType)
	default:
		return errorf("unknown record %q (want %s, %s or %s)", kind, RecordEntity, RecordCluster, RecordRelationType)
	}
	return nil
}

// dropKB removes the kb_id attribute the encoder derived from the
// registry, on spans that also carry an entity_id.
func dropKB(d *annotations.Document) {
	for i := range d.Spans {
		a := d.Spans[i].Attributes
		if _, ok := a[AttrKBID]; ok && a[annotations.AttrEntityID] != "" {
			delete(a, AttrKBID)
			if len(a) == 0 {
				d.Spans[i].Attributes = nil
			}
		}
	}
}

// DecodeAll is Decode that also returns the registry records of the
// stream (nil when it has none), checked together (Registry.Validate).
func DecodeAll(rd io.Reader, name string) ([]annotations.Document, *annotations.Registry, error) {
	var reg annotations.Registry
	docs, err := decode(rd, name, &reg)
	if err != nil {
		return nil, nil, err
	}
	if reg.Empty() {
		return docs, nil, nil
	}
	if err := reg.Validate(); err != nil {
		return nil, nil, annotations.Errorf(annotations.EINVALID, "%s: %s", name, err)
	}
	return docs, &reg, nil
}
