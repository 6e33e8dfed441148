#!/usr/bin/env python3
"""Validate gold annotation files (JSON Lines) and count spans per label.

Each line is one document:
    {"id": ..., "text": ..., "spans": [{"start", "end", "label", "text"}, ...]}
Offsets are code-point indexes into `text` (Python str indexes), end exclusive.

Checked: the line parses; `id` is a unique string and `text` a string; each
span has integer offsets with 0 <= start < end <= len(text), a known label and
text[start:end] == span["text"]; spans are sorted by (start, end) and do not
overlap (the gold layer is flat). Warned about, not errors: unscored labels
(EVENT, CONTACT), spans with blanks at an edge, spans that include quotes or
brackets at an edge (GUIDELINE.md keeps them outside).

With --source-dir DIR, `text` must also equal the UTF-8 contents of DIR/<id>.

Usage: check_gold.py FILE.jsonl [FILE.jsonl ...] [--source-dir DIR]
Exit status: 0 if no errors, 1 otherwise.
"""
import argparse
import json
import os
import sys
from collections import Counter

SCORED = ("OFFICIAL", "PERSON", "TITLE", "ORGAN", "SLOGAN", "LOC", "DATE")
UNSCORED = ("EVENT", "CONTACT")
EDGE_MARKS = set("“”‘’\"'《》〈〉「」『』()（）[]【】")


def check_span(text, span, where, errors, warnings):
    for key in ("start", "end", "label", "text"):
        if key not in span:
            errors.append(f"{where}: missing key {key!r}")
            return False
    start, end, label = span["start"], span["end"], span["label"]
    if not (isinstance(start, int) and isinstance(end, int)) or isinstance(start, bool):
        errors.append(f"{where}: offsets must be integers")
        return False
    if not 0 <= start < end <= len(text):
        errors.append(f"{where}: offsets {start}..{end} outside 0..{len(text)} or empty")
        return False
    if text[start:end] != span["text"]:
        errors.append(f"{where}: text[{start}:{end}]={text[start:end]!r} != {span['text']!r}")
    if label in UNSCORED:
        warnings.append(f"{where}: label {label} is not scored")
    elif label not in SCORED:
        errors.append(f"{where}: unknown label {label!r}")
    surface = text[start:end]
    if surface != surface.strip():
        warnings.append(f"{where}: blank at the edge of {surface!r}")
    if surface[0] in EDGE_MARKS or surface[-1] in EDGE_MARKS:
        warnings.append(f"{where}: quote or bracket at the edge of {surface!r}")
    return True


def check_document(doc, where, source_dir, errors, warnings):
    text, spans = doc.get("text"), doc.get("spans")
    if not isinstance(doc.get("id"), str) or not isinstance(text, str) or not isinstance(spans, list):
        errors.append(f"{where}: needs string 'id', string 'text' and list 'spans'")
        return Counter()
    if source_dir is not None:
        path = os.path.join(source_dir, doc["id"])
        try:
            with open(path, "rb") as f:
                if f.read().decode("utf-8") != text:
                    errors.append(f"{where}: text differs from {path}")
        except OSError as e:
            errors.append(f"{where}: cannot read {path}: {e}")
    counts, valid = Counter(), []
    for i, span in enumerate(spans):
        span_where = f"{where} span {i}"
        if not isinstance(span, dict) or not check_span(text, span, span_where, errors, warnings):
            continue
        counts[span["label"]] += 1
        if valid and (span["start"], span["end"]) < (valid[-1]["start"], valid[-1]["end"]):
            errors.append(f"{span_where}: not sorted by start")
        valid.append(span)
    # Overlaps are looked for in offset order, so an unsorted file reports
    # each overlap once and never reports a false one.
    ordered = sorted(valid, key=lambda s: (s["start"], s["end"]))
    for left, right in zip(ordered, ordered[1:]):
        if right["start"] < left["end"]:
            errors.append(f"{where}: {right['text']!r} at {right['start']} overlaps "
                          f"{left['text']!r} at {left['start']}")
    return counts


def check_file(path, source_dir, errors, warnings):
    per_doc, seen = [], set()
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            where = f"{path}:{n}"
            try:
                doc = json.loads(line)
            except json.JSONDecodeError as e:
                errors.append(f"{where}: invalid JSON: {e}")
                continue
            if not isinstance(doc, dict):
                errors.append(f"{where}: line is not a JSON object")
                continue
            if doc.get("id") in seen:
                errors.append(f"{where}: duplicate id {doc.get('id')!r}")
            seen.add(doc.get("id"))
            per_doc.append((doc.get("id"), check_document(doc, where, source_dir, errors, warnings)))
    return per_doc


def print_counts(per_doc):
    labels = list(SCORED) + [l for l in UNSCORED if any(c[l] for _, c in per_doc)]
    total = Counter()
    width = max([len(str(doc_id)) for doc_id, _ in per_doc] + [5])
    print(f"{'document':<{width}}  " + " ".join(f"{l:>8}" for l in labels) + f" {'all':>6}")
    for doc_id, counts in per_doc:
        total.update(counts)
        print(f"{str(doc_id):<{width}}  " + " ".join(f"{counts[l]:>8}" for l in labels)
              + f" {sum(counts.values()):>6}")
    print(f"{'total':<{width}}  " + " ".join(f"{total[l]:>8}" for l in labels)
          + f" {sum(total.values()):>6}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("files", nargs="+")
    parser.add_argument("--source-dir", help="directory holding the source file of every id")
    args = parser.parse_args()
    errors, warnings, per_doc = [], [], []
    for path in args.files:
        per_doc += check_file(path, args.source_dir, errors, warnings)
    for w in warnings:
        print(f"warning: {w}", file=sys.stderr)
    for e in errors:
        print(f"error: {e}", file=sys.stderr)
    print_counts(per_doc)
    print(f"{len(per_doc)} documents, {len(errors)} errors, {len(warnings)} warnings")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
