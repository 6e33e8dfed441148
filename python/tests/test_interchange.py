"""Every export loads in its tool's own reader, unmodified (issue 16).

Each test exports a small corpus with the real binary and the default pack,
then reads the files with the library a researcher would use: spaCy's
``convert`` (``-c conllu``, ``-c ner``) and ``DocBin``, the ``conllu``
parser, Hugging Face ``datasets``, seqeval, the Label Studio SDK's
validation of tasks and predictions against the labeling config, and
doccano's documented JSONL shape (``jsonschema``). The corpus has
characters outside the BMP (𠀀, an emoji), NBSP, a full-width space and a
tab, where offsets and placeholders matter.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import List

import pytest

from conftest import REPOSITORY, require

TEXTS = [
    "𠀀😀湖南省委书记杜家毫在长沙市调研。\n他强调要抓好落实。",
    "中央第六巡视组组长王荣军主持召开会议，辽宁省委书记陈求发\u00a0讲话。",
    "北京市委书记蔡奇😀出席会议。\u3000会议在北京市举行。",
    "2018年2月22日上午，省人大常委会\t召开会议。",
]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    directory = tmp_path_factory.mktemp("interchange")
    lines = [json.dumps({"id": f"t{index}", "source": f"src-{index}", "text": text}, ensure_ascii=False)
             for index, text in enumerate(TEXTS)]
    (directory / "corpus.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return directory


def export(binary: str, corpus: Path, name: str, *arguments: str) -> Path:
    out = corpus / name
    result = subprocess.run([binary, "export", str(corpus / "corpus.jsonl"), "--out", str(out), "--split", "1",
                             "--quiet", *arguments], capture_output=True, text=True,
                            env={**os.environ, "ZHENGMING_RULES": str(REPOSITORY / "Rules")})
    assert result.returncode == 0, result.stderr
    return out


def jsonl(path: Path) -> List[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def sentences(binary, corpus) -> Path:
    """Sentence records in every format."""
    return export(binary, corpus, "sentences", "--unit", "sentence",
                  "--format", "jsonl,conllu,char-bio,conll,label-studio,doccano")


@pytest.fixture(scope="module")
def documents(binary, corpus) -> Path:
    """Document records; CoNLL in the two columns spaCy's converter reads."""
    return export(binary, corpus, "documents", "--format", "jsonl,conll,label-studio,doccano",
                  "--columns", "form,tag", "--docstart")


def spans_by_label(records: List[dict]) -> Counter:
    return Counter((span["label"], span["text"]) for record in records for span in record["spans"])


def spacy_convert(source: Path, converter: str, out: Path) -> List:
    spacy = require("spacy")
    from spacy.tokens import DocBin
    out.mkdir(exist_ok=True)
    result = subprocess.run([sys.executable, "-m", "spacy", "convert", str(source), str(out), "-c", converter],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    nlp = spacy.blank("zh")
    return list(DocBin().from_disk(out / (source.stem + ".spacy")).get_docs(nlp.vocab))


def test_spacy_reads_the_conllu_entities(sentences):
    docs = spacy_convert(sentences / "conllu" / "train.conllu", "conllu", sentences / "spacy-conllu")
    expected = spans_by_label(jsonl(sentences / "jsonl" / "train.jsonl"))
    assert sum(expected.values()) > 10
    found = Counter((ent.label_, ent.text.replace(" ", "")) for doc in docs for ent in doc.ents)
    assert found == Counter({(label, text.replace(" ", "")): n for (label, text), n in expected.items()})


def test_spacy_convert_ner_reads_words_entities_and_documents(documents):
    docs = spacy_convert(documents / "conll" / "train.conll", "ner", documents / "spacy-ner")
    records = jsonl(documents / "jsonl" / "train.jsonl")
    assert len(docs) == len(records), "one Doc per -DOCSTART- document"
    words = [token.text for doc in docs for token in doc]
    assert "-DOCSTART-" not in words
    assert all(token.tag_ in ("", "-") for doc in docs for token in doc), "no column read as a part of speech"
    for doc, record in zip(docs, records):
        assert "".join(token.text for token in doc) == re.sub(r"\s", "", record["text"])
        assert [(ent.label_, ent.text.replace(" ", "")) for ent in doc.ents] == \
            [(span["label"], span["text"]) for span in record["spans"]]
    assert any(token.text == "王荣军" for doc in docs for token in doc), "a name is one token"


def test_spacy_convert_iob_reads_words_and_entities(binary, corpus):
    out = export(binary, corpus, "iob", "--unit", "sentence", "--format", "iob,jsonl")
    docs = spacy_convert(out / "iob" / "train.iob", "iob", out / "spacy-iob")
    records = jsonl(out / "jsonl" / "train.jsonl")
    words = [token.text for doc in docs for token in doc]
    assert "".join(words) == "".join(re.sub(r"\s", "", record["text"]) for record in records)
    found = Counter((ent.label_, ent.text.replace(" ", "")) for doc in docs for ent in doc.ents)
    assert found == spans_by_label(records)


def test_spacy_docbin_from_jsonl_char_spans(sentences):
    spacy = require("spacy")
    from spacy.tokens import DocBin
    nlp, db = spacy.blank("zh"), DocBin()
    count = 0
    for record in jsonl(sentences / "jsonl" / "train.jsonl"):
        doc = nlp.make_doc(record["text"])
        ents = [doc.char_span(s["start"], s["end"], label=s["label"], alignment_mode="expand") for s in record["spans"]]
        assert all(ent is not None and ent.text == s["text"] for ent, s in zip(ents, record["spans"]))
        doc.ents = ents
        db.add(doc)
        count += len(ents)
    db.to_disk(sentences / "train.spacy")
    back = list(DocBin().from_disk(sentences / "train.spacy").get_docs(nlp.vocab))
    assert sum(len(doc.ents) for doc in back) == count > 10


def test_sentence_records_trace_back_to_their_document(sentences):
    by_id = {f"t{index}": text for index, text in enumerate(TEXTS)}
    for record in jsonl(sentences / "jsonl" / "train.jsonl"):
        document = by_id[record["document"]]
        offset = record["offset"]
        assert document[offset:offset + len(record["text"])] == record["text"]
        assert record["id"] == f"{record['document']}#{record['sentence']}"
        assert record["source"] == "src-" + record["document"][1:]
        for span in record["spans"]:
            assert document[offset + span["start"]:offset + span["end"]] == span["text"]


def test_conllu_parser(sentences):
    conllu = require("conllu")
    parsed = conllu.parse((sentences / "conllu" / "train.conllu").read_text(encoding="utf-8"))
    records = jsonl(sentences / "jsonl" / "train.jsonl")
    assert len(parsed) == len(records)
    for sentence, record in zip(parsed, records):
        assert [token["id"] for token in sentence] == list(range(1, len(sentence) + 1))
        assert all(re.fullmatch(r"O|[BI]-[A-Z_]+", token["misc"]["NE"]) for token in sentence)
        assert "".join(token["form"] for token in sentence) == re.sub(r"\s", "", record["text"])


def test_datasets_loads_jsonl_and_char_bio(sentences):
    datasets = require("datasets")
    from datasets import ClassLabel, Dataset, Features, Sequence, Value
    loaded = datasets.load_dataset("json", data_files={"train": str(sentences / "jsonl" / "train.jsonl")},
                                   cache_dir=str(sentences / "hf-cache"))
    assert loaded["train"].num_rows == len(jsonl(sentences / "jsonl" / "train.jsonl"))
    assert set(loaded["train"].column_names) >= {"id", "document", "sentence", "offset", "text", "spans", "tokens"}
    labels = (sentences / "labels.txt").read_text(encoding="utf-8").split()

    def char_bio(path):
        chars, tags = [], []
        for line in list(open(path, encoding="utf-8")) + ["\n"]:
            if line.strip():
                c, t = line.split()
                chars.append(c)
                tags.append(t)
            elif chars:
                yield {"tokens": chars, "ner_tags": tags}
                chars, tags = [], []

    train = Dataset.from_generator(char_bio, gen_kwargs={"path": str(sentences / "char-bio" / "train.txt")},
                                   features=Features({"tokens": Sequence(Value("string")),
                                                      "ner_tags": Sequence(ClassLabel(names=labels))}),
                                   cache_dir=str(sentences / "hf-cache"))
    records = jsonl(sentences / "jsonl" / "train.jsonl")
    assert train.num_rows == len(records)
    for row, record in zip(train, records):
        assert "".join(row["tokens"]) == re.sub(r"\s", "", record["text"])


def test_char_bio_keep_spaces_joins_back_to_the_text(binary, corpus):
    out = export(binary, corpus, "spaces", "--unit", "sentence", "--format", "char-bio,jsonl", "--keep-spaces")
    blocks = (out / "char-bio" / "train.txt").read_text(encoding="utf-8").split("\n\n")
    blocks = [block for block in blocks if block.strip()]
    records = jsonl(out / "jsonl" / "train.jsonl")
    assert len(blocks) == len(records)
    placeholders = 0
    for block, record in zip(blocks, records):
        characters = []
        for line in block.split("\n"):
            character, tag = line.split(" ")
            if re.fullmatch(r"\[U\+[0-9A-F]{4,6}\]", character):
                placeholders += 1
                character = chr(int(character[3:-1], 16))
            characters.append(character)
        assert "".join(characters) == record["text"]
    inside = sum(1 for record in records for character in record["text"] if character.isspace())
    assert placeholders == inside >= 2, "white space inside sentences (NBSP, the tab) is kept"


def test_seqeval_reads_the_conll_tags(sentences):
    require("seqeval")
    from seqeval.metrics import classification_report, f1_score
    from seqeval.metrics.sequence_labeling import get_entities
    sequences, tags = [], []
    for line in list(open(sentences / "conll" / "train.conll", encoding="utf-8")) + ["\n"]:
        columns = line.rstrip("\n").split("\t")
        if len(columns) == 5:
            tags.append(columns[4])
        elif tags:
            sequences.append(tags)
            tags = []
    records = jsonl(sentences / "jsonl" / "train.jsonl")
    assert len(get_entities(sequences)) == sum(len(record["spans"]) for record in records)
    assert f1_score(sequences, sequences, mode="strict") == 1.0
    assert "ORGAN" in classification_report(sequences, sequences, mode="strict")


def test_label_studio_tasks_validate_against_the_labeling_config(documents):
    require("label_studio_sdk")
    from label_studio_sdk.label_interface import LabelInterface
    interface = LabelInterface((documents / "label-studio" / "labeling-config.xml").read_text(encoding="utf-8"))
    tasks = json.loads((documents / "label-studio" / "train.json").read_text(encoding="utf-8"))
    records = jsonl(documents / "jsonl" / "train.jsonl")
    assert len(tasks) == len(records)
    for task, record in zip(tasks, records):
        # (The SDK's validate_task calls validate_prediction without its
        # argument when a task has predictions; each is validated apart.)
        assert interface.validate_task({"data": task["data"]})
        for prediction in task["predictions"]:
            assert interface.validate_prediction(prediction, return_errors=True) == []
            assert re.fullmatch(r"zhengming-\d+\.\d+\.\d+\+[0-9a-f]{12}", prediction["model_version"])
            text = task["data"]["text"]
            units = text.encode("utf-16-le")
            for region in prediction["result"]:
                value = region["value"]
                # JavaScript's text.slice(start, end): UTF-16 code units.
                assert units[2 * value["start"]:2 * value["end"]].decode("utf-16-le") == value["text"]
            assert [(r["value"]["labels"][0], r["value"]["text"]) for r in prediction["result"]] == \
                [(s["label"], s["text"]) for s in record["spans"]]
        assert task["data"]["id"] == record["id"] and task["data"]["source"] == record["source"]
    shifted = [r for task in tasks for r in task["predictions"][0]["result"]
               if r["value"]["start"] != len(task["data"]["text"].encode("utf-16-le")[:2 * r["value"]["start"]].decode("utf-16-le"))]
    assert shifted, "the corpus must put spans after characters outside the BMP"


DOCCANO_SCHEMA = {
    # doccano's sequence-labelling JSONL import: `text`, and `label` as
    # [start, end, label] triples of character offsets; other keys are metadata.
    "type": "object",
    "required": ["text", "label"],
    "properties": {
        "text": {"type": "string"},
        "label": {"type": "array", "items": {
            "type": "array", "minItems": 3, "maxItems": 3,
            "prefixItems": [{"type": "integer", "minimum": 0}, {"type": "integer", "minimum": 0}, {"type": "string"}]}},
    },
}


def test_doccano_jsonl_has_doccanos_shape_and_python_offsets(documents):
    jsonschema = require("jsonschema")
    records = jsonl(documents / "jsonl" / "train.jsonl")
    lines = jsonl(documents / "doccano" / "train.jsonl")
    assert len(lines) == len(records)
    for line, record in zip(lines, records):
        jsonschema.validate(line, DOCCANO_SCHEMA)
        assert [(start, end, label) for start, end, label in line["label"]] == \
            [(s["start"], s["end"], s["label"]) for s in record["spans"]]
        assert [line["text"][start:end] for start, end, _ in line["label"]] == [s["text"] for s in record["spans"]]
        assert line["id"] == record["id"] and line["source"] == record["source"]
