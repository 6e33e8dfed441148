#!/usr/bin/env python3
"""Build the large rule packs of issue 15 (item 9) in a directory, to measure
how loading scales.

    scripts/hostile_packs.py OUT [--rules 1000 10000 30000 100000]
                                 [--alternatives 10000 30000 100000]
                                 [--lexicon 1000000] [--seed 15]

Each pack is a directory OUT/<kind>-<n> usable with
`zhengming rules check --rules OUT/<kind>-<n>`:

- rules-N: one rule file with N rules, each a literal of 2-4 random CJK
  characters (a national gazetteer written as rules);
- alternatives-N: one rule whose pattern is N distinct literals of 2-4
  characters joined by |;
- lexicon-N: one lexicon of N distinct random words of 3-6 CJK characters
  and one rule that reads it.

Measure with `/usr/bin/time -v zhengming rules check --rules OUT/rules-10000`
(elapsed time and "Maximum resident set size"). Nothing here is committed
output: the packs are random, seeded, and rebuilt in a second.
"""
import argparse
import os
import random

CJK_FIRST, CJK_LAST = 0x4E00, 0x9FA5


def words(rng, count, shortest, longest):
    """`count` distinct random words of CJK ideographs."""
    seen = set()
    while len(seen) < count:
        length = rng.randint(shortest, longest)
        seen.add("".join(chr(rng.randint(CJK_FIRST, CJK_LAST)) for _ in range(length)))
    return sorted(seen)


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)


MANIFEST = "name: {name}\nlabels: [LOC]\nphases: [main]\n"


def rules_pack(root, count, rng):
    directory = os.path.join(root, f"rules-{count}")
    lines = ["label: LOC", "phase: main", "rules:"]
    for number, word in enumerate(words(rng, count, 2, 4)):
        lines.append(f"  - name: hostile.r{number}")
        lines.append(f"    pattern: '{word}'")
    write(os.path.join(directory, "pack.yaml"), MANIFEST.format(name=f"rules-{count}"))
    write(os.path.join(directory, "rules.yaml"), "\n".join(lines) + "\n")
    return directory


def alternatives_pack(root, count, rng):
    directory = os.path.join(root, f"alternatives-{count}")
    pattern = "|".join(words(rng, count, 2, 4))
    text = f"label: LOC\nphase: main\nrules:\n  - name: hostile.alternatives\n    pattern: '{pattern}'\n"
    write(os.path.join(directory, "pack.yaml"), MANIFEST.format(name=f"alternatives-{count}"))
    write(os.path.join(directory, "rules.yaml"), text)
    return directory


def lexicon_pack(root, count, rng):
    directory = os.path.join(root, f"lexicon-{count}")
    rule = "label: LOC\nphase: main\nrules:\n  - name: hostile.lexicon\n    pattern: '{random-words}'\n"
    write(os.path.join(directory, "pack.yaml"), MANIFEST.format(name=f"lexicon-{count}"))
    write(os.path.join(directory, "rules.yaml"), rule)
    write(os.path.join(directory, "lexicons", "random-words.txt"), "\n".join(words(rng, count, 3, 6)) + "\n")
    return directory


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out")
    parser.add_argument("--rules", type=int, nargs="*", default=[1000, 10000, 30000, 100000])
    parser.add_argument("--alternatives", type=int, nargs="*", default=[10000, 30000, 100000])
    parser.add_argument("--lexicon", type=int, nargs="*", default=[1000000])
    parser.add_argument("--seed", type=int, default=15)
    arguments = parser.parse_args()
    rng = random.Random(arguments.seed)
    for count in arguments.rules:
        print(rules_pack(arguments.out, count, rng))
    for count in arguments.alternatives:
        print(alternatives_pack(arguments.out, count, rng))
    for count in arguments.lexicon:
        print(lexicon_pack(arguments.out, count, rng))


if __name__ == "__main__":
    main()
