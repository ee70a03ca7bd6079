"""Reads a Hamesh brat export with brat's own server code, for TestBrat
(brat_real_test.go).

    python3 reread.py BRAT_SERVER_SRC COLLECTION_DIR OUT_DIR

BRAT_SERVER_SRC is server/src of a checkout of nlplab/brat (MIT licence).
For every NAME.txt of the collection it parses NAME.ann with annotation.py
(TextAnnotations, which checks each span's text against the .txt), then
does what brat's span dialog does when a user opens each span and presses
OK: the dialog shows the span's AnnotatorNotes as visualizer.js sets
entity.annotatorNotes (the last AnnotatorNotes line of the span wins), and
OK sends that text to annotator.py's _set_comments, which writes it over the
span's first AnnotatorNotes line. _set_comments is compiled from brat's
annotator.py as it is (importing that module would start brat's server
machinery). The rewritten NAME.ann (str() of brat's annotations) and
NAME.txt go to OUT_DIR. It also reads the collection's configuration with
projectconfig.py: the text direction (visual.conf [options]), the keyboard
shortcuts (kb_shortcuts.conf) and the entity and attribute types
(annotation.conf), with every warning brat gives about them. It prints
one JSON object.
"""
import ast
import json
import os
import shutil
import sys
import types

src, coll, out_dir = sys.argv[1:4]
sys.path.insert(0, src)
# annotation.py runs stand-alone (its PROGRAMMATIC mode) when brat's server
# modules cannot be imported.
sys.modules["common"] = None
import annotation  # noqa: E402
import codecs  # noqa: E402

# brat opens files with codecs.open(name, "rU"), which Python 3.11 refuses
# ("U" was removed; codecs.open reads bytes either way, so without it the
# text read is the same).
annotation.codecs_open = lambda name, mode="r", **kw: codecs.open(name, mode.replace("U", ""), **kw)

messages = []


class Messager:
    @staticmethod
    def warning(msg, duration=3, escaped=False):
        messages.append(["warning", str(msg)])

    @staticmethod
    def error(msg, duration=3, escaped=False):
        messages.append(["error", str(msg)])

    @staticmethod
    def info(msg, duration=3, escaped=False):
        messages.append(["info", str(msg)])

    @staticmethod
    def debug(msg, duration=3, escaped=False):
        pass


sys.modules["message"] = types.SimpleNamespace(Messager=Messager)
# brat looks for each configuration file from the collection up to BASE_DIR
# (and loops for ever above "/" when it finds none): stop at the collection.
sys.modules["config"] = types.SimpleNamespace(BASE_DIR=os.path.abspath(coll))
import projectconfig  # noqa: E402

# annotator.py's _set_comments, compiled from its source.
tree = ast.parse(open(os.path.join(src, "annotator.py"), encoding="utf8").read())
fn = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "_set_comments")
ns = {"OnelineCommentAnnotation": annotation.OnelineCommentAnnotation}
exec(compile(ast.Module(body=[fn], type_ignores=[]), "annotator.py", "exec"), ns)
_set_comments = ns["_set_comments"]


class Mods:
    def change(self, before, after): pass
    def addition(self, ann): pass
    def deletion(self, ann): pass


result = {"documents": {}, "messages": messages}
os.makedirs(out_dir, exist_ok=True)
for name in sorted(f[:-4] for f in os.listdir(coll) if f.endswith(".txt")):
    base = os.path.join(coll, name)
    doc = {"textbounds": [], "attributes": [], "relations": [], "notes": [], "dialog": {}}
    with annotation.TextAnnotations(base, read_only=True) as anns:
        for a in anns.get_textbounds():
            doc["textbounds"].append([a.id, a.type, [list(s) for s in a.spans], a.text])
        for a in anns.get_attributes():
            doc["attributes"].append([a.id, a.type, a.target, a.value])
        for a in anns.get_relations():
            doc["relations"].append([a.id, a.type, a.arg1, a.arg2])
        for a in anns.get_oneline_comments():
            doc["notes"].append([a.id, a.type, a.target, a.get_text()])
        # the span dialog: shown text, then OK
        shown = {}
        for a in anns.get_oneline_comments():
            if a.type == "AnnotatorNotes":
                shown[a.target] = a.tail.strip()  # document.py sends tail.strip(); the last wins
        for tb in list(anns.get_textbounds()):
            if tb.id in shown:
                doc["dialog"][tb.id] = shown[tb.id]
                _set_comments(anns, tb, shown[tb.id], Mods())
        with open(os.path.join(out_dir, name + ".ann"), "w", encoding="utf8") as f:
            f.write(str(anns))
    shutil.copy(base + ".txt", os.path.join(out_dir, name + ".txt"))
    result["documents"][name] = doc

cfg = projectconfig.ProjectConfiguration(os.path.abspath(coll))
result["text_direction"] = projectconfig.visual_options_get_text_direction(os.path.abspath(coll))
result["kb_shortcuts"] = cfg.get_kb_shortcuts()
result["entity_types"] = cfg.get_entity_types()
result["attribute_types"] = cfg.get_attribute_types()
json.dump(result, sys.stdout, ensure_ascii=False, indent=1)
