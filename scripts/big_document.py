#!/usr/bin/env python3
"""Write one big document, or the same text as many documents, for measuring
memory and throughput on documents of any size (issue 15, items 10 and 11).

The text is the texts of a JSONL corpus (`../shared/corpus/dev2.jsonl` by
default, read at run time: no corpus text is kept in the repository)
concatenated in order, over and over, until it reaches `--megabytes` of
UTF-8. `--separator` says what goes between two texts: nothing (one
endless paragraph, the hardest case for windows: only sentence ends cut
it), a newline, or a blank line.

Formats:
  txt    the text as one `.txt` document
  jsonl  one JSONL line `{"id": "big", "text": …}`
  many   the same text as one JSONL record per corpus text (`big-N` ids),
         the many-documents reference of the same characters

    scripts/big_document.py --megabytes 12 --format jsonl -o /tmp/big12.jsonl
    scripts/big_document.py --megabytes 100 --format txt -o /tmp/big100.txt
"""

import argparse
import json
import os
import sys

# ../shared/corpus/dev2.jsonl from the checkout root, wherever the script is run.
DEFAULT_CORPUS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "corpus", "dev2.jsonl")


def texts(corpus):
    with open(corpus, encoding="utf-8") as handle:
        for line in handle:
            line = line.strip()
            if line:
                yield json.loads(line)["text"]


def pieces(corpus, megabytes, separator):
    """The corpus texts, cycled, until `megabytes` of UTF-8 (at least one)."""
    base = list(texts(corpus))
    if not base:
        sys.exit(f"{corpus}: no texts")
    limit = int(megabytes * 1_000_000)
    size = 0
    index = 0
    while size < limit or index == 0:
        text = base[index % len(base)]
        if index > 0:
            text = separator + text
        size += len(text.encode("utf-8"))
        yield text
        index += 1


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", default=DEFAULT_CORPUS)
    parser.add_argument("--megabytes", type=float, default=12)
    parser.add_argument("--format", choices=["txt", "jsonl", "many"], default="jsonl")
    parser.add_argument("--separator", choices=["none", "newline", "paragraph"], default="none")
    parser.add_argument("-o", "--output", required=True)
    arguments = parser.parse_args()
    separator = {"none": "", "newline": "\n", "paragraph": "\n\n"}[arguments.separator]
    if arguments.format == "many":
        separator = ""
    chunks = pieces(arguments.corpus, arguments.megabytes, separator)
    with open(arguments.output, "w", encoding="utf-8", newline="\n") as out:
        if arguments.format == "many":
            for number, text in enumerate(chunks):
                out.write(json.dumps({"id": f"big-{number}", "text": text}, ensure_ascii=False) + "\n")
        elif arguments.format == "jsonl":
            out.write(json.dumps({"id": "big", "text": "".join(chunks)}, ensure_ascii=False) + "\n")
        else:
            out.write("".join(chunks))


if __name__ == "__main__":
    main()
