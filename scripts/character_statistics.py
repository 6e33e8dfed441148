#!/usr/bin/env python3
"""Derive person-name and place-name character statistics for the default pack.

Reads a NER corpus in Zhengming's gold JSONL shape (`text`, `spans` with
`start`, `end`, `label`; the People's Daily development split by default,
`../shared/corpus/peoples_daily_dev.jsonl`) and the pack's own place
lexicons, and writes three lexicons:

  Rules/lexicons/name-surnames.txt     one line per surname of surnames.txt
  Rules/lexicons/name-given-chars.txt  one line per character worth scoring
  Rules/lexicons/place-name-chars.txt  characters of place names (the names of
                                       provinces.txt, cities.txt, counties.txt
                                       without their level suffix, and the
                                       corpus's LOC spans) against the text

Each line carries `score`, a smoothed log-odds (natural log) that an
occurrence of the character is part of a person's name in that role, against
its occurrences anywhere else in the corpus:

  score(c) = ln((n(c) + 1/2) / (E(c) + 1/2))

the observed count n of the character in that role against the count E
expected if names used characters as the rest of the text does:

  surname:  n = times c begins a Chinese PER name; E = o(c) / k, with o the
            occurrences of c elsewhere and k the ratio of all such other
            occurrences to all name starts over the surname list.
  given:    n = times c is a given-name character; E = G * t(c) / T, with G
            all given-name characters, t(c) the occurrences of c outside
            names and T all such characters.

So a character the corpus says nothing about scores about 0 (neutral), a
character frequent in text but never in a name scores strongly negative
(的 -4.4, 进 -2.0, 场 -1.9), and a common given-name character positive
(伟 2.7). Place-name characters are scored the same way, n counting the
characters of place names and E their expectation from the text. Rules use the scores through the
pack's `scores:` models (Rules/README.md, "Scores"). The counts are facts
about the corpus; the files are generated, never edited by hand: rerun

  python3 scripts/character_statistics.py [--corpus FILE]

after changing surnames.txt or the corpus.
"""
import argparse
import collections
import json
import math
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


# Characters of the corpus that the annotator's normalisation (ICU
# Traditional-Simplified) folds onto another character of the corpus; their
# counts are merged so that the lexicon has one entry per folded character
# (`zhengming rules check` reports any other collision as Z040).
FOLDS = {"著": "着", "俱": "具", "乾": "干", "阪": "坂"}
# Level suffixes stripped from lexicon place names (河北省 → 河北).
LEVEL_SUFFIXES = set("省市县区旗州盟")


def is_han(ch):
    cp = ord(ch)
    return 0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0x20000 <= cp <= 0x2FFFF


def read_surnames(path):
    singles, compounds = set(), set()
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if not line or line.startswith("#"):
            continue
        entry = line.split("\t")[0]
        (compounds if len(entry) > 1 else singles).add(entry)
    return singles, compounds


def split_name(name, singles, compounds):
    """(surname, given) for a Chinese name, or None for anything else."""
    if not (2 <= len(name) <= 4) or not all(is_han(c) for c in name):
        return None
    if len(name) >= 3 and name[:2] in compounds:
        return name[:2], name[2:]
    if name[0] in singles and len(name) <= 3:
        return name[0], name[1:]
    return None


def write_role_scores(f, role, text, column):
    """One line per character seen at least twice: ln((n + 1/2) / (E + 1/2)),
    n its count in the role, E the count expected from its text frequency."""
    N, T = sum(role.values()), sum(text.values())
    rows = []
    for c in set(role) | set(text):
        if role[c] + text[c] < 2:
            continue
        rows.append((math.log((role[c] + 0.5) / (N * text[c] / T + 0.5)), c))
    for score, c in sorted(rows, key=lambda r: (-r[0], r[1])):
        f.write(f"{c}\tscore={score:.2f}\t{column}={role[c]}\ttext={text[c]}\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default=os.path.join(ROOT, "..", "shared", "corpus", "peoples_daily_dev.jsonl"))
    ap.add_argument("--labels", default="PER", help="labels whose spans are person names (comma-separated)")
    ap.add_argument("--out", default=os.path.join(ROOT, "Rules", "lexicons"))
    args = ap.parse_args()
    if not os.path.exists(args.corpus):
        sys.exit(f"name_statistics: corpus not found: {args.corpus}")
    labels = set(args.labels.split(","))
    singles, compounds = read_surnames(os.path.join(ROOT, "Rules", "lexicons", "surnames.txt"))

    surname_starts = collections.Counter()   # c begins a Chinese name
    given = collections.Counter()            # c is a given-name character
    text = collections.Counter()             # c outside any name span
    documents = names = 0
    for line in open(args.corpus, encoding="utf-8"):
        if not line.strip():
            continue
        record = json.loads(line)
        documents += 1
        t = record["text"]
        inside = [False] * len(t)
        for span in record.get("spans", []):
            if span["label"] not in labels:
                continue
            parts = split_name(t[span["start"]:span["end"]], singles, compounds)
            for i in range(span["start"], span["end"]):
                inside[i] = True
            if parts is None:
                continue
            names += 1
            surname, rest = parts
            surname_starts[surname] += 1
            for c in rest:
                given[FOLDS.get(c, c)] += 1
        for i, c in enumerate(t):
            if not inside[i] and is_han(c):
                text[FOLDS.get(c, c)] += 1

    # Place names: the pack's lexicons (names without their level suffix)
    # and the corpus's LOC spans, each distinct name once.
    place_names = set()
    for lexicon in ("provinces", "cities", "counties"):
        for line in open(os.path.join(ROOT, "Rules", "lexicons", lexicon + ".txt"), encoding="utf-8"):
            entry = line.split("\t")[0].strip()
            if entry and not entry.startswith("#") and all(is_han(c) for c in entry):
                place_names.add(entry[:-1] if len(entry) > 2 and entry[-1] in LEVEL_SUFFIXES else entry)
    for line in open(args.corpus, encoding="utf-8"):
        if line.strip():
            record = json.loads(line)
            for span in record.get("spans", []):
                name = record["text"][span["start"]:span["end"]]
                if span["label"] == "LOC" and len(name) >= 2 and all(is_han(c) for c in name):
                    place_names.add(name[:-1] if len(name) > 2 and name[-1] in LEVEL_SUFFIXES else name)
    place = collections.Counter(FOLDS.get(c, c) for name in place_names for c in name)

    vocabulary = len(set(text) | set(given))
    G, T = sum(given.values()), sum(text.values())
    # Occurrences of a surname character (or compound) that begin no name.
    def other(s):
        return text[s] if len(s) == 1 else 0
    s_total = sum(surname_starts[s] for s in singles)
    o_total = sum(other(s) for s in singles)
    k = o_total / max(s_total, 1)

    header = (
        f"# Generated by scripts/character_statistics.py from {os.path.basename(args.corpus)}\n"
        f"# ({documents} documents, {names} Chinese {'/'.join(sorted(labels))} names, {G} given-name\n"
        f"# characters, {T} other Han characters, {vocabulary} distinct). Do not edit: rerun the script.\n"
    )
    with open(os.path.join(args.out, "name-surnames.txt"), "w", encoding="utf-8") as f:
        f.write("# Surnames: how often the character begins a person's name rather than\n"
                "# anything else, against the average surname (0); compounds score 1.\n")
        f.write(header)
        f.write("# Columns: entry, score=log-odds, names=count as a surname, other=count elsewhere.\n")
        for s in sorted(singles | compounds, key=lambda s: (-surname_starts[s], s)):
            score = math.log((surname_starts[s] + 0.5) / (other(s) / k + 0.5)) if len(s) == 1 else 1.0
            f.write(f"{s}\tscore={score:.2f}\tnames={surname_starts[s]}\tother={other(s)}\n")
    with open(os.path.join(args.out, "name-given-chars.txt"), "w", encoding="utf-8") as f:
        f.write("# Given-name characters: log-odds that an occurrence is inside a given\n"
                "# name rather than in other text; unseen characters score about 0.\n")
        f.write(header)
        f.write("# Only characters seen at least twice in all are listed.\n")
        f.write("# Columns: entry, score=log-odds, given=count in given names, text=count elsewhere.\n")
        write_role_scores(f, given, text, "given")
    P = sum(place.values())
    with open(os.path.join(args.out, "place-name-chars.txt"), "w", encoding="utf-8") as f:
        f.write("# Place-name characters: observed against expected count in place names\n"
                "# (log, see scripts/character_statistics.py); unseen characters score about 0.\n")
        f.write(f"# Generated from {len(place_names)} distinct place names ({P} characters) of\n"
                f"# provinces.txt, cities.txt, counties.txt and the LOC spans of\n"
                f"# {os.path.basename(args.corpus)}, against its {T} Han characters outside names.\n"
                "# Do not edit: rerun the script. Only characters seen at least twice in all are listed.\n")
        f.write("# Columns: entry, score=log ratio, place=count in place names, text=count elsewhere.\n")
        write_role_scores(f, place, text, "place")
    print(f"{names} names from {documents} documents; {len(place_names)} place names", file=sys.stderr)


if __name__ == "__main__":
    main()
