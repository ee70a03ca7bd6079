"""Runs the Label Studio SDK's own JSON_MIN and CSV conversions on a Hamesh
export, for TestSDKConverters (sdk_test.go).

    python3 convert.py SDK_CONVERTER_DIR CONFIG.xml TASKS.json OUT_DIR

SDK_CONVERTER_DIR is src/label_studio_sdk/converter of a checkout of
HumanSignal/label-studio-sdk (Apache License 2.0). The SDK's package imports
a web client, image and NLP libraries the conversions never call, so this
script does not import it: it compiles, from the SDK's own files, the
functions and methods the two conversions run (parse_config,
prettify_result, get_annotator, get_json_root_type and ensure_dir from
utils.py; Converter.annotation_result_from_task, _maybe_matching_tag_from_schema,
get_data, iter_from_json_file, convert_to_json_min and convert_to_csv from
converter.py; all of exports/csv2.py) and runs them unchanged. It needs
lxml (Debian: python3-lxml). It writes OUT_DIR/result.json (JSON_MIN) and
OUT_DIR/result.csv (CSV, tab-separated).
"""
import ast
import io
import json
import logging
import os
import re
import sys
import types
from collections import defaultdict
from copy import deepcopy
from glob import glob
from typing import List, Optional, Tuple

from lxml import etree

sdk, config_path, tasks_path, out_dir = sys.argv[1:5]


def compile_defs(path, names, cls=None, assigns=()):
    """Compiles the named top-level functions (or methods of class cls) and
    module-level assignments of path, as the file spells them."""
    tree = ast.parse(open(path, encoding="utf8").read(), path)
    body = tree.body
    if cls:
        body = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == cls).body
    picked = [n for n in body if isinstance(n, ast.FunctionDef) and n.name in names]
    picked += [n for n in tree.body if isinstance(n, ast.Assign)
               and any(isinstance(t, ast.Name) and t.id in assigns for t in n.targets)]
    missing = set(names) - {n.name for n in picked if isinstance(n, ast.FunctionDef)}
    if missing:
        sys.exit("%s: no %s" % (path, ", ".join(sorted(missing))))
    return compile(ast.Module(body=picked, type_ignores=[]), path, "exec")


ns = {"deepcopy": deepcopy, "defaultdict": defaultdict, "re": re, "os": os, "io": io, "glob": glob,
      "etree": etree, "json": json, "logger": logging.getLogger("sdk"),
      "Optional": Optional, "List": List, "Tuple": Tuple}
exec(compile_defs(os.path.join(sdk, "utils.py"),
                  {"parse_config", "prettify_result", "get_annotator", "get_json_root_type", "ensure_dir"},
                  assigns={"_LABEL_TAGS", "_NOT_CONTROL_TAGS"}), ns)

# exports/csv2.py imports these by module name.
utils = types.ModuleType("label_studio_sdk.converter.utils")
for k in ("ensure_dir", "get_annotator", "prettify_result"):
    setattr(utils, k, ns[k])
sys.modules["label_studio_sdk.converter.utils"] = utils
sys.modules["ujson"] = json
csv2 = types.ModuleType("csv2")
exec(compile(open(os.path.join(sdk, "exports", "csv2.py"), encoding="utf8").read(), "csv2.py", "exec"), csv2.__dict__)

# ijson streams the tasks file; json reads it whole, the same items.
ns["ijson"] = types.SimpleNamespace(backend="json", items=lambda f, prefix, use_float=True: iter(json.load(f)))
ns["csv2"] = csv2
ns["Format"] = types.SimpleNamespace(JSON_MIN="JSON_MIN", CSV="CSV")
methods = {}
exec(compile_defs(os.path.join(sdk, "converter.py"),
                  {"annotation_result_from_task", "_maybe_matching_tag_from_schema", "get_data",
                   "iter_from_json_file", "convert_to_json_min", "convert_to_csv", "_check_format"},
                  cls="Converter"), ns, methods)
ns.update(methods)
Converter = type("Converter", (), dict(methods, get_data=staticmethod(methods["get_data"])))
ns["Converter"] = Converter

conv = Converter()
conv._schema = ns["parse_config"](open(config_path, encoding="utf8").read())
conv.is_keypoints = False
conv.convert_to_json_min(tasks_path, out_dir, is_dir=False)
conv.convert_to_csv(tasks_path, os.path.join(out_dir, "result.csv"), is_dir=False, sep="\t")
