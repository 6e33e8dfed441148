"""Zhengming (正名) from Python: a rule-based annotator for Chinese political text.

The package drives the Swift ``zhengming`` binary (it never reimplements
it): `Annotator` keeps one ``zhengming annotate --stream`` process per
annotator; ``zhengming.spacy_component`` adds the ``"zhengming"`` spaCy
pipeline component (``nlp.add_pipe("zhengming")``); ``zhengming.spark``
annotates DataFrames and RDDs on Apache Spark, one process per partition.
spaCy and pyspark are imported only by the modules that need them.
"""

from .annotator import Annotator, Record
from .binary import find_binary
from .errors import BinaryNotFoundError, ProcessError, RecordError, RulePackError, ZhengmingError

__all__ = [
    "Annotator",
    "Record",
    "find_binary",
    "ZhengmingError",
    "BinaryNotFoundError",
    "RulePackError",
    "ProcessError",
    "RecordError",
]
__version__ = "0.1.0"
