"""Run the CoNLL readers' own Python code on a file, without their packages.

usage: python3 readers_real.py READERS_DIR spacy|hf|wojood FILE

READERS_DIR holds checkouts (or exports) of the readers' sources:

  spaCy/       spacy/training/converters/conll_ner_to_docs.py and
               spacy/training/iob_utils.py (github.com/explosion/spaCy)
  datasets/    datasets/conll2003/conll2003.py (github.com/huggingface/datasets,
               before the dataset scripts moved to the Hub)
  ArabicNER/   arabiner/utils/data.py and arabiner/data/datasets.py
               (github.com/SinaLab/ArabicNER, Wojood's code)

Each reader's module is loaded from its file as it is; what it imports
beyond the standard library (spaCy's Doc and wasabi, the datasets library,
torch) is replaced by small stubs that record what the reader builds. Prints
JSON: for spacy the documents (words, tags, entities as [label, first,
last]) and the converter's warnings; for hf the examples (tokens, pos,
chunk, ner) and the ClassLabel names of the script's features; for wojood
the segments (text, gold_tag).
"""

import importlib.util
import json
import logging
import os
import sys
import types


def stub(name, **attrs):
    mod = types.ModuleType(name)
    mod.__dict__.update(attrs)
    mod.__path__ = []
    sys.modules[name] = mod
    return mod


def load(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    spec.loader.exec_module(mod)
    return mod


root, reader, path = sys.argv[1:4]

if reader == "spacy":
    warnings = []

    class Printer:
        def __init__(self, **kwargs):
            pass

        def warn(self, text):
            warnings.append(text)

        def info(self, text):
            pass

    class Errors:
        def __getattr__(self, name):
            return name + ": {tag}{start}{tags}"

    class Token:
        def __init__(self, text):
            self.text, self.tag_, self.is_sent_start = text, "", False

    class Doc:
        def __init__(self, vocab, words=None, **kwargs):
            self.tokens = [Token(w) for w in words]
            self.ents = []

        def __iter__(self):
            return iter(self.tokens)

    class Span:
        def __init__(self, doc, start, end, label):
            self.start, self.end, self.label_ = start, end, label

    class Lang:
        vocab = None

    stub("wasabi", Printer=Printer)
    stub("spacy")
    stub("spacy.errors", Errors=Errors(), Warnings=Errors())
    stub("spacy.tokens", Doc=Doc, Span=Span)
    stub("spacy.util", get_lang_class=lambda name: Lang, load_model=None)
    training = stub("spacy.training")
    stub("spacy.training.converters")
    base = os.path.join(root, "spaCy", "spacy", "training")
    iob = load("spacy.training.iob_utils", os.path.join(base, "iob_utils.py"))
    training.iob_to_biluo, training.tags_to_entities = iob.iob_to_biluo, iob.tags_to_entities
    conv = load("spacy.training.converters.conll_ner_to_docs", os.path.join(base, "converters", "conll_ner_to_docs.py"))
    with open(path, encoding="utf-8") as f:
        data = f.read()
    docs = []
    # spacy convert's default for --n-sents is 1; -n 10 is the usual choice.
    for doc in conv.conll_ner_to_docs(data, n_sents=10):
        docs.append({
            "words": [t.text for t in doc],
            "tags": [t.tag_ for t in doc],
            "sent_starts": [bool(t.is_sent_start) for t in doc],
            "ents": [[e.label_, e.start, e.end - 1] for e in doc.ents],
        })
    print(json.dumps({"docs": docs, "warnings": warnings}, ensure_ascii=False))

elif reader == "hf":
    names = {}

    class Anything:
        def __init__(self, *args, **kwargs):
            self.args, self.kwargs = args, kwargs

    class ClassLabel(Anything):
        pass

    class Sequence(Anything):
        pass

    class Features(dict):
        pass

    datasets = stub(
        "datasets",
        logging=types.SimpleNamespace(get_logger=logging.getLogger),
        BuilderConfig=Anything,
        GeneratorBasedBuilder=object,
        Version=Anything,
        DatasetInfo=Anything,
        Features=Features,
        Sequence=Sequence,
        Value=Anything,
        SplitGenerator=Anything,
        Split=types.SimpleNamespace(TRAIN="train", VALIDATION="validation", TEST="test"),
    )
    datasets.features = types.SimpleNamespace(ClassLabel=ClassLabel)
    mod = load("conll2003", os.path.join(root, "datasets", "datasets", "conll2003", "conll2003.py"))
    builder = mod.Conll2003.__new__(mod.Conll2003)
    for key, seq in builder._info().kwargs["features"].items():
        if isinstance(seq, Sequence) and isinstance(seq.args[0], ClassLabel):
            names[key] = seq.args[0].kwargs["names"]
    out = {"examples": [], "class_labels": names, "error": ""}
    try:
        for _, ex in builder._generate_examples(path):
            out["examples"].append(ex)
    except Exception as e:  # the loader's own failure, e.g. IndexError
        out["error"] = "%s: %s" % (type(e).__name__, e)
    print(json.dumps(out, ensure_ascii=False))

elif reader == "wojood":
    stub("torch")
    stub("torch.utils")
    stub("torch.utils.data", DataLoader=None, Dataset=object)
    stub("torch.nn")
    stub("torch.nn.utils")
    stub("torch.nn.utils.rnn", pad_sequence=None)
    stub("arabiner")
    stub("arabiner.utils")
    stub("arabiner.utils.helpers", load_object=None)
    stub("arabiner.data")
    stub("arabiner.data.transforms", BertSeqTransform=None, NestedTagsTransform=None)
    base = os.path.join(root, "ArabicNER", "arabiner")
    load("arabiner.data.datasets", os.path.join(base, "data", "datasets.py"))
    data = load("arabiner.utils.data", os.path.join(base, "utils", "data.py"))
    segments = data.conll_to_segments(path)
    print(json.dumps({"segments": [[[t.text, t.gold_tag] for t in s] for s in segments]}, ensure_ascii=False))
