"""Run doccano's own import pipeline on a doccano JSONL file, without Django.

usage: python3 doccano_real.py DOCCANO_CHECKOUT FILE relation|plain allow|disallow

Loads backend/data_import/pipeline (readers.py, parsers.py' JSONLParser,
makers.py' LabelMaker, label.py' SpanLabel/RelationLabel, labels.py' Spans)
from a doccano checkout, with Django's models and the parsers' unused
dependencies (pyexcel, seqeval) stubbed, and does what
datasets.SequenceLabelingDataset.save or RelationExtractionDataset.save do
before touching the database: read the rows, make the span labels from the
"label" (plain project) or "entities" column (a project with "Use relation
labeling"), Spans.clean them with the project's allow_overlapping, and look
every relation's ends up among the spans kept, as RelationLabel.create does
through Spans.id_to_span. Prints JSON: the errors doccano reports, the spans
kept per line, the relations kept, and the KeyError of the first relation to
a dropped span. Needs pandas and pydantic 1 (Debian's python3-pandas and
python3-pydantic).
"""

import json
import os
import sys
import types


def stub(name, **attrs):
    mod = types.ModuleType(name)
    mod.__dict__.update(attrs)
    sys.modules[name] = mod
    return mod


class _Model:
    def __init__(self, *args, **kwargs):
        self.__dict__.update(kwargs)


for pkg, names in {
    "examples.models": ["Example"],
    "label_types.models": ["CategoryType", "LabelType", "RelationType", "SpanType"],
    "labels.models": ["Category", "Label", "Relation", "Span", "TextLabel"],
    "projects.models": ["Project", "ProjectType"],
}.items():
    stub(pkg.split(".")[0])
    stub(pkg, **{n: type(n, (_Model,), {}) for n in names})
stub("pyexcel", iget_records=None)
stub("pyexcel.exceptions", FileTypeNotSupported=Exception)
stub("seqeval")
stub("seqeval.scheme", BILOU=None, IOB2=None, IOBES=None, IOE2=None, Tokens=None)

src, path, kind, overlap = sys.argv[1:5]
pipeline = os.path.join(src, "backend", "data_import", "pipeline")
pkg = stub("data_import")
pkg.__path__ = [os.path.join(src, "backend", "data_import")]
sub = stub("data_import.pipeline")
sub.__path__ = [pipeline]

from data_import.pipeline.readers import FileName, Reader, UUID_COLUMN  # noqa: E402
from data_import.pipeline.parsers import JSONLParser  # noqa: E402
from data_import.pipeline.makers import LabelMaker  # noqa: E402
from data_import.pipeline.label import RelationLabel, SpanLabel  # noqa: E402
from data_import.pipeline.labels import Spans  # noqa: E402

relation = kind == "relation"
project = types.SimpleNamespace(allow_overlapping=overlap == "allow")
parser = JSONLParser(encoding="utf_8")
reader = Reader([FileName(full_path=path, generated_name=path, upload_name=os.path.basename(path))], parser)
out = {"errors": [], "spans": [], "relations": 0, "relation_error": ""}
for df in reader.batch(1000):
    order = [str(u) for u in df[UUID_COLUMN]]
    span_maker = LabelMaker(column="entities" if relation else "label", label_class=SpanLabel)
    spans = Spans(span_maker.make(df), None)
    spans.clean(project)
    out["errors"] += [e.dict()["message"] for e in span_maker.errors]
    per = {u: [] for u in order}
    for s in spans.labels:
        per[str(s.example_uuid)].append([s.label, s.start_offset, s.end_offset])
    out["spans"] += [per[u] for u in order]
    if relation:
        rel_maker = LabelMaker(column="relations", label_class=RelationLabel)
        # Spans.id_to_span's keys, without the database lookup of its values.
        id_to_span = {(s.id, str(s.example_uuid)) for s in spans.labels}
        for r in rel_maker.make(df):
            for end in (r.from_id, r.to_id):
                if (end, str(r.example_uuid)) not in id_to_span and not out["relation_error"]:
                    out["relation_error"] = "KeyError: %r" % ((end, str(r.example_uuid)),)
            if (r.from_id, str(r.example_uuid)) in id_to_span and (r.to_id, str(r.example_uuid)) in id_to_span:
                out["relations"] += 1
        out["errors"] += [e.dict()["message"] for e in rel_maker.errors]
out["errors"] += [e.dict()["message"] for e in reader.errors]
print(json.dumps(out, ensure_ascii=False))
