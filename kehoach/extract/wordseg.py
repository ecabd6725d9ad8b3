"""underthesea's word segmentation, decoded from underthesea's own model files.

underthesea segments words with a linear-chain CRF (model ``ws_crf_vlsp2013``, stored in the
CRFsuite format): 43 feature templates over a window of ±2 syllables ("T[-1,0]=Ủy ban",
"T[0].istitle=True", "T[0,1].is_in_dict=True" …) and two labels, B-W (begins a word) and I-W
(continues one). Its featurizer builds the 43 feature strings for every syllable of every
sentence, which was a quarter of kehoach's text path. Those strings repeat across a corpus:
the weights that the templates reading one n-gram give each label are the same wherever the
n-gram occurs. So this module reads the same weights and scores the same model, with the
weights of each template group (the templates reading the same syllables) computed once per
n-gram and remembered. The tags, and so the words, are underthesea's
(``word_tokenize(text, use_token_normalize=False)``); tests compare the two on real sentences.

:func:`load` returns None when underthesea's model is not where this version expects it or is
not in the CRFsuite format; :mod:`.tokenize` then calls ``underthesea.word_tokenize`` itself.
"""

from __future__ import annotations

import importlib.util
import pickle
import re
import struct
from dataclasses import dataclass, field
from functools import cache
from operator import itemgetter
from pathlib import Path

# The model that ``underthesea.word_tokenize`` loads, relative to its package folder.
MODEL_FOLDER = ("pipeline", "word_tokenize", "models", "ws_crf_vlsp2013_20230727")
# The labels, in the model's order: begins a word, continues one.
LABELS = (BEGIN, INSIDE) = ("B-W", "I-W")
# A template: "T[-2]", "T[0,1]", optionally a function: "T[0].lower", "T[-1,1].is_in_dict".
TEMPLATE = re.compile(r"T\[(?P<first>-?[0-9]+)(?:,(?P<last>-?[0-9]+))?\](?:\.(?P<function>\w+))?")
# Rust's ``str::parse::<i32>`` (underthesea's "isdigit"): an optional sign and ASCII digits.
I32 = re.compile(r"[+-]?[0-9]+")
# N-grams whose weights one reading (width) remembers before its memo starts over: about 200
# bytes each, so at most ~10 MB a reading on a corpus of millions of documents; the common
# n-grams come back at once. The 359 dev documents leave ~8,000 trigrams.
MEMO_LIMIT = 50_000


@dataclass(frozen=True, slots=True)
class Group:
    """The templates that read the same syllables, e.g. T[-1,0], T[-1,0].lower and
    T[-1,0].is_in_dict read the syllable before and the syllable at the position."""

    first: int  # offset of the first syllable read, from the position tagged
    prefixes: tuple[str, ...]  # "T[-1,0]=", "T[-1,0].lower=" …: a feature is prefix + value
    values: tuple[int, ...]  # which of its reading's values each template takes
    bos: float  # weight towards I-W when the first syllable is before the sentence
    eos: float  # … when a syllable read is after it


@dataclass(frozen=True, slots=True)
class Reading:
    """The groups that read n-grams of one width (1, 2 or 3 syllables), the template functions
    they apply, and what each group adds per n-gram (memoised: an n-gram seen once is a dict
    lookup after)."""

    width: int
    groups: tuple[Group, ...]
    functions: tuple[str | None, ...]  # None: the syllables themselves
    memo: dict[str, tuple[float, ...]] = field(default_factory=dict, compare=False)


@dataclass(frozen=True, slots=True)
class Model:
    """A CRF word segmenter with two labels, B-W and I-W: the label-to-label transition weights,
    and what each feature adds to I-W's score over B-W's (with two labels only that difference
    decides; scoring it halves the work)."""

    transitions: tuple[tuple[float, float], tuple[float, float]]  # [previous][next], B-W = 0
    readings: tuple[Reading, ...]
    weights: dict[str, float]  # feature string → weight for I-W less weight for B-W
    dictionary: frozenset[str]


def read_crfsuite(data: bytes) -> tuple[tuple[str, ...], tuple[tuple[float, ...], ...],
                                       dict[str, tuple[float, ...]]]:
    """Labels, transition weights and state weights (attribute → weight per label) of a
    CRFsuite model file ("lCRF" … "FOMC"): a header of offsets, a FEAT chunk of
    (type, source, target, weight) records, and two CQDB string tables (labels, attributes)
    whose backward arrays give each id's string."""
    magic, _, kind, _, _, n_labels, _, off_features, off_labels, off_attrs = struct.unpack_from(
        "<4sI4s7I", data, 0)
    if magic != b"lCRF" or kind != b"FOMC":
        raise ValueError("not a CRFsuite CRF model")
    labels = _cqdb_strings(data, off_labels)
    attrs = _cqdb_strings(data, off_attrs)
    if len(labels) != n_labels:
        raise ValueError("label table does not match the header")
    chunk, _, count = struct.unpack_from("<4sII", data, off_features)
    if chunk != b"FEAT":
        raise ValueError("no FEAT chunk where the header says")
    transitions = [[0.0] * n_labels for _ in labels]
    states: dict[str, list[float]] = {}
    for kind_id, source, target, weight in struct.iter_unpack(
            "<IIId", data[off_features + 12:off_features + 12 + 20 * count]):
        if kind_id == 0:  # state feature: attribute → label
            states.setdefault(attrs[source], [0.0] * n_labels)[target] += weight
        else:  # transition feature: label → label
            transitions[source][target] += weight
    return (tuple(labels), tuple(map(tuple, transitions)),
            {attr: tuple(w) for attr, w in states.items()})


def _cqdb_strings(data: bytes, offset: int) -> list[str]:
    """The strings of a CQDB table in id order."""
    chunk, _, _, _, count, backward = struct.unpack_from("<4s5I", data, offset)
    if chunk != b"CQDB":
        raise ValueError("no CQDB table where the header says")
    strings = []
    for record in struct.unpack_from(f"<{count}I", data, offset + backward):
        size = struct.unpack_from("<I", data, offset + record + 4)[0]
        start = offset + record + 8
        strings.append(data[start:start + size - 1].decode("utf-8"))  # keys end with NUL
    return strings


def _values(text: str, functions: tuple[str | None, ...],
            dictionary: frozenset[str]) -> list[str]:
    """The values that template `functions` give the syllables `text`, as underthesea's
    featurizer computes them (None: the syllables themselves).

    >>> d = frozenset({"tài chính"})
    >>> _values("Tài chính", (None, "lower", "istitle", "is_in_dict"), d)
    ['Tài chính', 'tài chính', 'False', 'True']
    >>> _values("2024", ("isdigit", "istitle"), d), _values("A1", ("isdigit",), d)
    (['True', 'True'], ['False'])
    """
    lower = text.lower()
    values = []
    for function in functions:
        if function is None:
            values.append(text)
        elif function == "lower":
            values.append(lower)
        elif function == "is_in_dict":
            values.append("True" if lower in dictionary else "False")
        elif function == "istitle":  # each syllable's first character is its upper case
            values.append(str(all(part[:1] == part[:1].upper() for part in text.split(" "))))
        elif function == "isdigit":  # Rust's str::parse::<i32> succeeds
            values.append(str(I32.fullmatch(text) is not None and -2**31 <= int(text) < 2**31))
        else:
            raise ValueError(f"unknown template function {function!r}")
    return values


def build(labels, transitions, weights, templates: list[str], dictionary) -> Model:
    """A model from its parts (`templates`: underthesea's ``features.bin``)."""
    if tuple(labels) != LABELS:
        raise ValueError(f"labels {labels!r} are not {LABELS!r}")
    grouped: dict[tuple[int, int], list[tuple[str, str | None]]] = {}
    for template in templates:
        m = TEMPLATE.fullmatch(template)
        if m is None:
            raise ValueError(f"unknown template {template!r}")
        first = int(m["first"])
        width = int(m["last"]) - first + 1 if m["last"] else 1
        grouped.setdefault((first, width), []).append((template, m["function"]))
    inside = {feature: w[1] - w[0] for feature, w in weights.items()}
    readings = []
    for width in sorted({width for _, width in grouped}):
        functions = tuple(dict.fromkeys(
            f for (_, w), group in grouped.items() if w == width for _, f in group))
        readings.append(Reading(width, tuple(
            Group(first, tuple(f"{t}=" for t, _ in group),
                  tuple(functions.index(f) for _, f in group),
                  sum(inside.get(f"{t}=BOS", 0.0) for t, _ in group),
                  sum(inside.get(f"{t}=EOS", 0.0) for t, _ in group))
            for (first, w), group in grouped.items() if w == width), functions))
    return Model((tuple(transitions[0]), tuple(transitions[1])), tuple(readings), inside,
                 frozenset(dictionary))


@cache
def load() -> Model | None:
    """underthesea's word segmentation model, or None when it cannot be read here."""
    spec = importlib.util.find_spec("underthesea")
    if spec is None or spec.origin is None:
        return None
    folder = Path(spec.origin).parent.joinpath(*MODEL_FOLDER)
    try:
        labels, transitions, weights = read_crfsuite((folder / "models.bin").read_bytes())
        # written by joblib.dump as plain pickles (a list and a set of strings); pickle reads
        # them ~20x faster than joblib.load
        with open(folder / "features.bin", "rb") as f:
            templates = pickle.load(f)
        with open(folder / "dictionary.bin", "rb") as f:
            dictionary = pickle.load(f)
        return build(labels, transitions, weights, list(templates), dictionary)
    except (OSError, ValueError, struct.error, EOFError, pickle.UnpicklingError):
        return None


def _weights(model: Model, reading: Reading, text: str) -> tuple[float, ...]:
    """What each of `reading`'s groups adds to I-W over B-W for the n-gram `text`, memoised."""
    memo = reading.memo
    if len(memo) >= MEMO_LIMIT:
        memo.clear()
    get = model.weights.get
    values = _values(text, reading.functions, model.dictionary)
    totals = [0.0] * len(reading.groups)
    for k, group in enumerate(reading.groups):
        total = 0.0
        for prefix, value in zip(group.prefixes, group.values):
            weight = get(prefix + values[value])
            if weight is not None:
                total += weight
        totals[k] = total
    found = memo[text] = tuple(totals)
    return found


def tag(model: Model, syllables: list[str]) -> list[str]:
    """The most likely label of each syllable (Viterbi; on a tie B-W wins, as in
    underthesea's tagger, where it is label 0).

    >>> tag(load(), ["Sở", "Tài", "chính", "chủ", "trì"])
    ['B-W', 'B-W', 'I-W', 'B-W', 'I-W']
    """
    n = len(syllables)
    if n == 0:
        return []
    columns = []
    for reading in model.readings:
        width, memo = reading.width, reading.memo
        texts = syllables if width == 1 else [
            " ".join(syllables[j:j + width]) for j in range(n - width + 1)]
        found = list(map(memo.get, texts))
        if None in found:
            found = [w if w is not None else _weights(model, reading, t)
                     for w, t in zip(found, texts)]
        for k, group in enumerate(reading.groups):
            # position i reads syllables i + first … i + first + width - 1
            first = group.first
            lead = min(n, max(0, -first))  # positions reading before the sentence
            stop = max(lead, min(n, n - width - first + 1))  # … and past its end from here
            column = [group.bos] * lead
            column += map(itemgetter(k), found[lead + first:stop + first])
            column += [group.eos] * (n - stop)
            columns.append(column)
    return _viterbi(model.transitions, list(map(sum, zip(*columns))))


def _viterbi(transitions, inside: list[float]) -> list[str]:
    """Best labels given what each position adds to I-W over B-W."""
    (bb, bi), (ib, ii) = transitions
    b_score, i_score = 0.0, inside[0]
    back = []
    for e in inside[1:]:
        # on a tie the previous B-W wins (the tagger keeps the first best)
        from_b, from_i = b_score + bb, i_score + ib
        to_b, to_i = b_score + bi, i_score + ii
        if from_b >= from_i:
            prev_b, b_next = 0, from_b
        else:
            prev_b, b_next = 1, from_i
        if to_b >= to_i:
            prev_i, i_score = 0, to_b + e
        else:
            prev_i, i_score = 1, to_i + e
        b_score = b_next
        back.append((prev_b, prev_i))
    y = 0 if b_score >= i_score else 1
    path = [y]
    for pointers in reversed(back):
        y = pointers[y]
        path.append(y)
    return [LABELS[y] for y in reversed(path)]


def join(syllables: list[str], tags: list[str]) -> list[str]:
    """Words from syllables and their tags, as ``underthesea.word_tokenize`` joins them.

    >>> join(["Sở", "Tài", "chính"], ["B-W", "B-W", "I-W"])
    ['Sở', 'Tài chính']
    """
    words: list[str] = []
    for syllable, label in zip(syllables, tags):
        if label == INSIDE and words:
            words[-1] += " " + syllable
        else:
            words.append(syllable)
    return words
