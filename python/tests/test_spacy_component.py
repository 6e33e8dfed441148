"""The ``"zhengming"`` spaCy component on blank Chinese pipelines."""

from __future__ import annotations

import json
import subprocess
import sys
import warnings

import pytest

from conftest import cli_jsonl, require

spacy = require("spacy")
from spacy import displacy  # noqa: E402
from spacy.tokens import Doc  # noqa: E402

from zhengming.spacy_component import ZhengmingAlignmentWarning  # noqa: E402

TRADITIONAL_FULL_WIDTH = "中央第六巡視組組長王榮軍（２月２２日）主持召開與遼寧省委書記陳求發的見面溝通會。"
SIMPLIFIED = "会前，中央第六巡视组组长王荣军主持召开与辽宁省委书记陈求发，省委副书记、省长唐一军的见面沟通会。"


@pytest.fixture(scope="module")
def nlp(binary):
    nlp = spacy.blank("zh")
    nlp.add_pipe("zhengming", config={"binary": binary})
    yield nlp
    nlp.get_pipe("zhengming").close()


def cli_record(binary: str, text: str) -> dict:
    stdin = json.dumps({"text": text}, ensure_ascii=False) + "\n"
    return cli_jsonl(binary, "--input", "jsonl", "--nested", stdin=stdin)[0]


def offsets(spans) -> list:
    return [(span.start_char, span.end_char, span.label_) for span in spans]


@pytest.mark.parametrize("text", [SIMPLIFIED, TRADITIONAL_FULL_WIDTH, "ＣＣＴＶ報道：習近平總書記在北京。", "a  b。"])
def test_ents_and_spans_are_the_command_lines_layers(nlp, binary, text):
    doc = nlp(text)
    record = cli_record(binary, text)
    assert offsets(doc.ents) == [(s["start"], s["end"], s["label"]) for s in record["spans"]]
    assert sorted(offsets(doc.spans["zhengming"])) == sorted((s["start"], s["end"], s["label"]) for s in record["nested"])
    for ent, span in zip(doc.ents, record["spans"]):
        assert ent.text == text[span["start"]:span["end"]] == span["text"]
        assert ent._.zhengming_rule == span["rule"]
        assert ent._.zhengming_attrs == span.get("attrs", {})
    assert doc._.zhengming_unaligned == []
    assert doc._.zhengming_posts == record.get("posts", [])


def test_traditional_full_width_text_finds_its_mentions(nlp):
    doc = nlp(TRADITIONAL_FULL_WIDTH)
    found = {(ent.text, ent.label_) for ent in doc.ents}
    assert {("中央第六巡視組", "ORGAN"), ("組長", "TITLE"), ("王榮軍", "OFFICIAL"), ("２月２２日", "DATE"),
            ("遼寧省委", "ORGAN"), ("陳求發", "OFFICIAL")} <= found


def test_nlp_pipe_sets_what_nlp_sets(nlp, seeds):
    texts = list(seeds.values()) + [SIMPLIFIED, TRADITIONAL_FULL_WIDTH] * 20
    piped = list(nlp.pipe(texts, batch_size=8))
    assert [offsets(doc.ents) for doc in piped] == [offsets(nlp(text).ents) for text in texts]
    assert all(len(doc.ents) > 0 for doc in piped)


def test_displacy_renders_the_entities(nlp):
    doc = nlp(SIMPLIFIED)
    html = displacy.render(doc, style="ent")
    assert html.count("<mark") == len(doc.ents) > 0
    for ent in doc.ents:
        assert ent.text in html and ent.label_ in html


def test_mentions_that_cannot_be_aligned_are_reported_not_dropped(nlp):
    # Word tokens that cut the mentions 辽宁省委|书记|陈求发: each expands to
    # the tokens it touches; 书记 then covers both tokens and overlaps the
    # two others.
    doc = Doc(nlp.vocab, words=["辽宁省委书", "记陈求发", "主持会议。"], spaces=[False, False, False])
    component = nlp.get_pipe("zhengming")
    before = dict(component.stats)
    with pytest.warns(ZhengmingAlignmentWarning, match="doc._.zhengming_unaligned"):
        component(doc)
    assert offsets(doc.ents) == [(0, 5, "ORGAN"), (5, 9, "OFFICIAL")]
    problems = doc._.zhengming_unaligned
    assert [(p["text"], p["label"], p["reason"]) for p in problems if p["layer"] == "flat"] == [
        ("书记", "TITLE", "overlap")]
    assert component.stats["overlap"] - before["overlap"] == 1
    assert component.stats["expanded"] - before["expanded"] >= 2
    assert len(doc.ents) + len([p for p in problems if p["layer"] == "flat"]) == len(doc._.zhengming["spans"])


def test_entities_of_earlier_components_are_kept_or_overwritten(binary):
    text = "辽宁省委书记陈求发主持会议。"
    for overwrite, expected in [(False, [(0, 6, "OTHER"), (6, 9, "OFFICIAL")]),
                                (True, [(0, 4, "ORGAN"), (4, 6, "TITLE"), (6, 9, "OFFICIAL")])]:
        nlp = spacy.blank("zh")

        @spacy.Language.component(f"other_ner_{overwrite}")
        def other_ner(doc):
            doc.ents = [doc.char_span(0, 6, label="OTHER")]
            return doc

        nlp.add_pipe(f"other_ner_{overwrite}")
        nlp.add_pipe("zhengming", config={"binary": binary, "overwrite_ents": overwrite, "spans_key": None})
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            doc = nlp(text)
        assert offsets(doc.ents) == expected
        reasons = [problem["reason"] for problem in doc._.zhengming_unaligned]
        assert reasons == ([] if overwrite else ["existing-entity", "existing-entity"])
        assert bool(caught) == (not overwrite)
        assert "zhengming" not in doc.spans
        nlp.get_pipe("zhengming").close()


def test_the_factory_is_found_through_the_entry_point(binary):
    # A fresh interpreter that never imports zhengming itself: spaCy finds
    # the factory through the installed package's entry point.
    script = (
        "import spacy, json\n"
        "nlp = spacy.blank('zh')\n"
        f"nlp.add_pipe('zhengming', config={{'binary': {binary!r}, 'labels': ['OFFICIAL']}})\n"
        "doc = nlp('辽宁省委书记陈求发主持会议。')\n"
        "print(json.dumps([(e.text, e.label_) for e in doc.ents], ensure_ascii=False))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd="/")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.splitlines()[-1]) == [["陈求发", "OFFICIAL"]]


def test_a_saved_pipeline_loads_with_the_component(nlp, tmp_path):
    nlp.to_disk(tmp_path / "pipeline")
    loaded = spacy.load(tmp_path / "pipeline")
    try:
        assert loaded.pipe_names == ["zhengming"]
        assert offsets(loaded(SIMPLIFIED).ents) == offsets(nlp(SIMPLIFIED).ents)
    finally:
        loaded.get_pipe("zhengming").close()
