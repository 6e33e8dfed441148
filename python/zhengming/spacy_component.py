"""The ``"zhengming"`` spaCy pipeline component.

    >>> import spacy
    >>> nlp = spacy.blank("zh")              # character tokens: no jieba or pkuseg needed
    >>> nlp.add_pipe("zhengming")            # found through the package's entry point
    >>> doc = nlp("辽宁省委书记陈求发主持会议。")
    >>> [(ent.text, ent.label_) for ent in doc.ents]
    [('辽宁省委', 'ORGAN'), ('书记', 'TITLE'), ('陈求发', 'OFFICIAL')]

What the component sets on each ``Doc``:

* ``doc.ents``: the flat layer (non-overlapping mentions);
* ``doc.spans["zhengming"]`` (the ``spans_key``): the nested layer, every
  mention any phase accepted, overlaps included;
* ``doc._.zhengming``: the binary's whole record (``spans``, ``nested``,
  ``relations``, ``posts`` … as JSON);
* ``doc._.zhengming_posts``: the person–post records (``posts``), an empty
  list when the rule pack makes none;
* ``doc._.zhengming_unaligned``: every mention that could not be set, with
  why (``"no-token"``: no token lies in its characters; ``"overlap"``: after
  expansion to token boundaries it overlaps a mention already set;
  ``"existing-entity"``: it overlaps an entity another component set), never
  dropped silently: a `ZhengmingAlignmentWarning` is also issued, and
  ``component.stats`` counts them over the component's life;
* ``span._.zhengming_rule`` and ``span._.zhengming_attrs`` on the spans set.

Spans are aligned with ``doc.char_span(start, end, alignment_mode="expand")``:
with spaCy's blank Chinese tokenizer (one token per character) every mention
aligns exactly; with a word segmenter a mention that cuts a token grows to
the token's boundaries (counted in ``stats["expanded"]``).
"""

from __future__ import annotations

import warnings
from typing import Any, Dict, Iterable, Iterator, List, Optional, Set, Tuple

from spacy.language import Language
from spacy.tokens import Doc, Span

from .annotator import Annotator, Record

__all__ = ["ZhengmingComponent", "ZhengmingAlignmentWarning", "make_zhengming"]


class ZhengmingAlignmentWarning(UserWarning):
    """Some mentions of a document could not be set as spaCy spans."""


def _span_info(span: Span) -> Optional[Dict[str, Any]]:
    info = span.doc._.zhengming_span_info or {}
    return info.get(f"{span.start}:{span.end}:{span.label_}")


def _register_extensions() -> None:
    if not Doc.has_extension("zhengming"):
        Doc.set_extension("zhengming", default=None)
    if not Doc.has_extension("zhengming_unaligned"):
        Doc.set_extension("zhengming_unaligned", default=None)
    if not Doc.has_extension("zhengming_span_info"):
        Doc.set_extension("zhengming_span_info", default=None)
    if not Doc.has_extension("zhengming_posts"):
        Doc.set_extension("zhengming_posts", getter=lambda doc: list((doc._.zhengming or {}).get("posts") or []))
    if not Span.has_extension("zhengming_rule"):
        Span.set_extension("zhengming_rule", getter=lambda span: (_span_info(span) or {}).get("rule"))
    if not Span.has_extension("zhengming_attrs"):
        Span.set_extension("zhengming_attrs", getter=lambda span: dict((_span_info(span) or {}).get("attrs") or {}))


class ZhengmingComponent:
    """Sets Zhengming's mentions on spaCy documents (see the module docs).

    One `Annotator` (one ``zhengming`` process) serves the component for its
    whole life; `pipe` streams documents through it, so ``nlp.pipe`` over a
    corpus keeps the process's workers busy. Use ``n_process=1`` with
    ``nlp.pipe``: the binary is parallel already.
    """

    def __init__(self, nlp: Language, name: str = "zhengming", *, binary: Optional[str] = None,
                 rules: Iterable[str] = (), default_rules: bool = True, jobs: Optional[int] = None,
                 ents: bool = True, overwrite_ents: bool = False, spans_key: Optional[str] = "zhengming",
                 labels: Optional[Iterable[str]] = None, batch_size: int = 256,
                 annotator: Optional[Annotator] = None) -> None:
        _register_extensions()
        self.name = name
        self.ents = ents
        self.overwrite_ents = overwrite_ents
        self.spans_key = spans_key or None
        self.label_filter = None if labels is None else frozenset(labels)
        self._seen_labels: Set[str] = set()
        self.batch_size = batch_size
        self.annotator = annotator or Annotator(binary=binary, rules=list(rules), default_rules=default_rules,
                                                nested=self.spans_key is not None, jobs=jobs)
        #: Counts over the component's life: mentions seen, set, expanded to
        #: token boundaries, and not set (by reason).
        self.stats: Dict[str, int] = {"mentions": 0, "set": 0, "expanded": 0, "no-token": 0, "overlap": 0,
                                      "existing-entity": 0}

    def __call__(self, doc: Doc) -> Doc:
        self._apply(doc, self.annotator.annotate(doc.text))
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: Optional[int] = None) -> Iterator[Doc]:
        pairs = ((doc.text, doc) for doc in docs)
        for record, doc in self.annotator.pipe(pairs, batch_size=batch_size or self.batch_size, as_tuples=True):
            self._apply(doc, record)
            yield doc

    @property
    def labels(self) -> Tuple[str, ...]:
        """The entity labels the component sets (spaCy's convention, shown
        in ``nlp.meta``): the ``labels`` config when given, else those set
        so far (the rule pack decides them, not the component)."""
        return tuple(sorted(self.label_filter if self.label_filter is not None else self._seen_labels))

    def close(self) -> None:
        """Ends the annotating process."""
        self.annotator.close()

    # -- setting the annotations -------------------------------------------

    def _apply(self, doc: Doc, record: Record) -> None:
        unaligned: List[Dict[str, Any]] = []
        info: Dict[str, Dict[str, Any]] = {}
        if self.ents:
            self._set_ents(doc, record.get("spans") or [], unaligned, info)
        if self.spans_key is not None:
            group = []
            for mention in record.get("nested") or []:
                span = self._align(doc, mention, "nested", unaligned)
                if span is not None:
                    group.append(span)
                    info.setdefault(f"{span.start}:{span.end}:{span.label_}", _info(mention))
            doc.spans[self.spans_key] = group
        doc._.zhengming = record
        doc._.zhengming_span_info = info
        doc._.zhengming_unaligned = unaligned
        if unaligned:
            reasons = sorted({problem["reason"] for problem in unaligned})
            warnings.warn(
                f"zhengming: {len(unaligned)} mention(s) of a document could not be set as spaCy spans "
                f"({', '.join(reasons)}); they are listed in doc._.zhengming_unaligned",
                ZhengmingAlignmentWarning, stacklevel=3)

    def _set_ents(self, doc: Doc, mentions: List[Dict[str, Any]], unaligned: List[Dict[str, Any]],
                  info: Dict[str, Dict[str, Any]]) -> None:
        taken = [False] * len(doc)
        # Entities of earlier components: kept, and in the way of ours, or
        # (overwrite_ents) kept only where none of ours overlaps them.
        kept: List[Span] = list(doc.ents)
        if not self.overwrite_ents:
            for ent in kept:
                for index in range(ent.start, ent.end):
                    taken[index] = True
        ours: List[Span] = []
        for mention in mentions:
            if self.label_filter is not None and mention.get("label") not in self.label_filter:
                continue
            span = self._align(doc, mention, "flat", unaligned)
            if span is None:
                continue
            if any(taken[span.start:span.end]):
                reason = "overlap" if any(span.start < other.end and other.start < span.end for other in ours) \
                    else "existing-entity"
                self._report(unaligned, mention, "flat", reason)
                continue
            for index in range(span.start, span.end):
                taken[index] = True
            ours.append(span)
            self._seen_labels.add(span.label_)
            info[f"{span.start}:{span.end}:{span.label_}"] = _info(mention)
            self.stats["set"] += 1
        if self.overwrite_ents:
            kept = [ent for ent in kept if not any(ent.start < span.end and span.start < ent.end for span in ours)]
        doc.ents = sorted(kept + ours, key=lambda span: span.start)

    def _align(self, doc: Doc, mention: Dict[str, Any], layer: str, unaligned: List[Dict[str, Any]]) -> Optional[Span]:
        if layer == "flat":
            self.stats["mentions"] += 1
        start, end = int(mention["start"]), int(mention["end"])
        span = doc.char_span(start, end, label=str(mention["label"]), alignment_mode="expand")
        if span is None or len(span) == 0:
            self._report(unaligned, mention, layer, "no-token")
            return None
        if layer == "flat" and (span.start_char != start or span.end_char != end):
            self.stats["expanded"] += 1
        return span

    def _report(self, unaligned: List[Dict[str, Any]], mention: Dict[str, Any], layer: str, reason: str) -> None:
        if layer == "flat":
            self.stats[reason] += 1
        unaligned.append({"start": mention["start"], "end": mention["end"], "label": mention["label"],
                          "text": mention.get("text"), "rule": mention.get("rule"), "layer": layer,
                          "reason": reason})


def _info(mention: Dict[str, Any]) -> Dict[str, Any]:
    return {"start": mention["start"], "end": mention["end"], "rule": mention.get("rule"),
            "attrs": mention.get("attrs") or {}}


@Language.factory(
    "zhengming",
    default_config={
        "binary": None,
        "rules": [],
        "default_rules": True,
        "jobs": None,
        "ents": True,
        "overwrite_ents": False,
        "spans_key": "zhengming",
        "labels": None,
        "batch_size": 256,
    },
    assigns=["doc.ents", "doc.spans", "doc._.zhengming", "doc._.zhengming_posts", "doc._.zhengming_unaligned"],
)
def make_zhengming(nlp: Language, name: str, binary: Optional[str], rules: List[str], default_rules: bool,
                   jobs: Optional[int], ents: bool, overwrite_ents: bool, spans_key: Optional[str],
                   labels: Optional[List[str]], batch_size: int) -> ZhengmingComponent:
    """The factory behind ``nlp.add_pipe("zhengming", config={...})``.

    Config: ``binary`` (else ``$ZHENGMING_BIN``, else ``PATH``), ``rules``
    (pack directories on top of the default one), ``default_rules``,
    ``jobs`` (the process's workers), ``ents`` (set ``doc.ents``),
    ``overwrite_ents`` (replace overlapping entities of earlier components
    instead of keeping them), ``spans_key`` (the span group of the nested
    layer; ``null`` for none), ``labels`` (only these in ``doc.ents``),
    ``batch_size`` (records in flight in ``nlp.pipe``).
    """
    return ZhengmingComponent(nlp, name, binary=binary, rules=rules, default_rules=default_rules, jobs=jobs,
                              ents=ents, overwrite_ents=overwrite_ents, spans_key=spans_key, labels=labels,
                              batch_size=batch_size)
