"""underthesea's word segmentation, decoded from underthesea's own model files.

underthesea segments words with a linear-chain CRF (model ``ws_crf_vlsp2013``, stored in the
CRFsuite format): 43 feature templates over a window of ±2 syllables ("T[-1,0]=Ủy ban",
"T[0].istitle=True", "T[0,1].is_in_dict=True" …) and two labels, B-W (begins a word) and I-W
(continues one). Its featurizer builds the 43 feature strings for every syllable of every
sentence, which was a quarter of kehoach's text path. Those strings repeat across a corpus:
the weights that the templates reading one n-gram give each label are the same wherever the
n-gram occurs. So this module reads the same weights and scores the same model, with the
weights of each template group (the templates reading the same syllables) computed once per
n-gram and remembered: not from feature strings, but from the weights folded at load by what
the templates read (the n-gram, its lower case, three flags). The tags, and so the words, are
underthesea's (``word_tokenize(text, use_token_normalize=False)``); tests compare the two on
real sentences, and the folded scores with those of the feature strings.

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
from itertools import repeat
from operator import add, itemgetter
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
# A string's first character, or "" for "".
FIRST = itemgetter(slice(None, 1))


@dataclass(frozen=True, slots=True)
class Group:
    """The templates that read the same syllables, e.g. T[-1,0], T[-1,0].lower and
    T[-1,0].is_in_dict read the syllable before and the syllable at the position."""

    first: int  # offset of the first syllable read, from the position tagged
    templates: tuple[str, ...]  # "T[-1,0]", "T[-1,0].lower" …: a feature is template=value


@dataclass(frozen=True, slots=True)
class Reading:
    """The groups that read n-grams of one width (1, 2 or 3 syllables), with the model's
    weights folded per group at load: what a group adds to I-W over B-W for an n-gram is the
    weight of its text, plus that of its lower case, plus that of its flags (istitle, isdigit,
    is_in_dict): a few lookups instead of a feature string per template. What each group adds
    per n-gram is memoised (one dict lookup after)."""

    width: int
    groups: tuple[Group, ...]
    text: tuple[dict[str, float], ...]  # per group, n-gram as written → weight (T[…])
    lower: tuple[dict[str, float], ...]  # per group, n-gram lower-cased → weight (T[…].lower)
    # by the flags' values (index isdigit * 4 + istitle * 2 + is_in_dict), what each group's
    # flag templates add
    flags: tuple[tuple[float, ...], ...]
    digits: bool  # whether a group reads isdigit (otherwise it is not worked out)
    # what each group adds when it reads before the sentence (BOS) and after it (EOS), put
    # before and after the n-grams' weights as if they were those of n-grams -2, -1 … and
    # past the last one (as many as the groups read out there)
    head: tuple[tuple[float, ...], ...]
    tail: tuple[tuple[float, ...], ...]
    memo: dict[str, tuple[float, ...]] = field(default_factory=dict, compare=False)


@dataclass(frozen=True, slots=True)
class Model:
    """A CRF word segmenter with two labels, B-W and I-W: the label-to-label transition weights,
    and what each feature adds to I-W's score over B-W's (with two labels only that difference
    decides; scoring it halves the work), folded per reading."""

    transitions: tuple[tuple[float, float], tuple[float, float]]  # [previous][next], B-W = 0
    readings: tuple[Reading, ...]
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


def istitle(text: str) -> bool:
    """underthesea's "istitle": each syllable's first character is its upper case.

    >>> istitle("Tài Chính"), istitle("Tài chính"), istitle("2024"), istitle("")
    (True, False, True, True)
    """
    # upper() maps each character on its own and never shortens it, so the first characters
    # are all their upper case exactly when their string is
    heads = "".join(map(FIRST, text.split(" ")))
    return heads == heads.upper()


def isdigit(text: str) -> bool:
    """underthesea's "isdigit": Rust's ``str::parse::<i32>`` succeeds.

    >>> isdigit("2024"), isdigit("+7"), isdigit("A1"), isdigit("3000000000")
    (True, True, False, False)
    """
    return I32.fullmatch(text) is not None and -2**31 <= int(text) < 2**31


# The template functions that give a flag ("True" or "False"), in the order of the bits that
# index Reading.flags.
FLAGS = ("isdigit", "istitle", "is_in_dict")


def build(labels, transitions, weights, templates: list[str], dictionary) -> Model:
    """A model from its parts (`templates`: underthesea's ``features.bin``), its weights
    folded per reading (see :class:`Reading`)."""
    if tuple(labels) != LABELS:
        raise ValueError(f"labels {labels!r} are not {LABELS!r}")
    grouped: dict[tuple[int, int], list[tuple[str, str | None]]] = {}
    for template in templates:
        m = TEMPLATE.fullmatch(template)
        if m is None:
            raise ValueError(f"unknown template {template!r}")
        if m["function"] not in (None, "lower", *FLAGS):
            raise ValueError(f"unknown template function {m['function']!r}")
        first = int(m["first"])
        width = int(m["last"]) - first + 1 if m["last"] else 1
        grouped.setdefault((first, width), []).append((template, m["function"]))
    widths = sorted({width for _, width in grouped})
    readings = [[(first, group) for (first, w), group in grouped.items() if w == width]
                for width in widths]
    # per reading and group, the weights of its text and its lower-case template: value →
    # weight (dicts of strings and floats only, which the garbage collector does not track)
    tables = [tuple(({}, {}) for _ in groups) for groups in readings]
    where = {template: tables[r][k][function == "lower"]
             for r, groups in enumerate(readings) for k, (_, group) in enumerate(groups)
             for template, function in group if function in (None, "lower")}
    for feature, (to_begin, to_inside) in weights.items():
        template, _, value = feature.partition("=")
        table = where.get(template)
        if table is not None:
            table[value] = table.get(value, 0.0) + (to_inside - to_begin)
    return Model((tuple(transitions[0]), tuple(transitions[1])), tuple(
        _reading(width, groups, tuple(zip(*group_tables)), weights)
        for width, groups, group_tables in zip(widths, readings, tables)),
                 frozenset(dictionary))


def _reading(width: int, groups: list[tuple[int, list[tuple[str, str | None]]]],
             tables: tuple[tuple[dict[str, float], ...], tuple[dict[str, float], ...]],
             weights: dict[str, tuple[float, ...]]) -> Reading:
    """The reading of n-grams of `width` by `groups` ((first, [(template, function) …])), with
    `tables`: per group, value → weight of its text template, then of its lower-case one."""
    bos, eos = (tuple(sum(_inside(weights, f"{t}={edge}") for t, _ in group)
                      for _, group in groups) for edge in ("BOS", "EOS"))
    flags = tuple(tuple(
        sum(_inside(weights, f"{template}={bits >> (2 - FLAGS.index(function)) & 1 == 1}")
            for template, function in group if function in FLAGS)
        for _, group in groups) for bits in range(8))
    return Reading(
        width, tuple(Group(first, tuple(t for t, _ in group)) for first, group in groups),
        *tables, flags, any(f == "isdigit" for _, group in groups for _, f in group),
        (bos,) * max(0, -min(first for first, _ in groups)),
        (eos,) * max(0, max(first for first, _ in groups) + width - 1))


def _inside(weights: dict[str, tuple[float, ...]], feature: str) -> float:
    """What `feature` adds to I-W over B-W (0 when the model has no such feature)."""
    to_begin, to_inside = weights.get(feature, (0.0, 0.0))
    return to_inside - to_begin


@cache
def load() -> Model | None:
    """underthesea's word segmentation model, or None when it cannot be read here."""
    folder = model_folder()
    if folder is None:
        return None
    try:
        return build(*read_model(folder))
    except (OSError, ValueError, struct.error, EOFError, pickle.UnpicklingError):
        return None


def model_folder() -> Path | None:
    """Where underthesea keeps the model, or None when underthesea is not installed."""
    spec = importlib.util.find_spec("underthesea")
    if spec is None or spec.origin is None:
        return None
    return Path(spec.origin).parent.joinpath(*MODEL_FOLDER)


def read_model(folder: Path) -> tuple:
    """Labels, transitions, weights (feature → weight per label), templates and dictionary of
    the model in `folder`."""
    labels, transitions, weights = read_crfsuite((folder / "models.bin").read_bytes())
    # written by joblib.dump as plain pickles (a list and a set of strings); pickle reads
    # them ~20x faster than joblib.load
    with open(folder / "features.bin", "rb") as f:
        templates = pickle.load(f)
    with open(folder / "dictionary.bin", "rb") as f:
        dictionary = pickle.load(f)
    return labels, transitions, weights, list(templates), dictionary


def _weights(reading: Reading, text: str, dictionary: frozenset[str]) -> tuple[float, ...]:
    """What each of `reading`'s groups adds to I-W over B-W for the n-gram `text`, memoised."""
    memo = reading.memo
    if len(memo) >= MEMO_LIMIT:
        memo.clear()
    lower = text.lower()
    flags = reading.flags[(reading.digits and isdigit(text)) << 2 | istitle(text) << 1
                          | (lower in dictionary)]
    # a template without a feature of this value adds nothing
    found = memo[text] = tuple(map(add, map(
        add, map(dict.get, reading.text, repeat(text), repeat(0.0)),
        map(dict.get, reading.lower, repeat(lower), repeat(0.0))), flags))
    return found


def scores(model: Model, syllables: list[str]) -> list[float]:
    """What the features of each position add to I-W's score over B-W's.

    >>> [round(s) for s in scores(load(), ["Sở", "Tài", "chính"])]
    [-13, -6, 5]
    """
    n = len(syllables)
    columns: list[tuple[float, ...]] = []
    for reading in model.readings:
        width, memo = reading.width, reading.memo
        texts = syllables if width == 1 else list(
            map(" ".join, zip(*(syllables[k:] for k in range(width)))))
        found = list(map(memo.get, texts))
        if None in found:
            found = [w if w is not None else _weights(reading, t, model.dictionary)
                     for w, t in zip(found, texts)]
        # per group, what the n-grams starting at -2, -1, 0, 1 … add, BOS and EOS around them;
        # position i reads the n-gram at i + first
        offset = len(reading.head)
        for group, row in zip(reading.groups, zip(*reading.head, *found, *reading.tail)):
            start = offset + group.first
            columns.append(row[start:start + n])
    return list(map(sum, zip(*columns)))


def tag(model: Model, syllables: list[str]) -> list[str]:
    """The most likely label of each syllable (Viterbi; on a tie B-W wins, as in
    underthesea's tagger, where it is label 0).

    >>> tag(load(), ["Sở", "Tài", "chính", "chủ", "trì"])
    ['B-W', 'B-W', 'I-W', 'B-W', 'I-W']
    """
    if not syllables:
        return []
    return _viterbi(model.transitions, scores(model, syllables))


def _viterbi(transitions, inside: list[float]) -> list[str]:
    """Best labels given what each position adds to I-W over B-W."""
    (bb, bi), (ib, ii) = transitions
    b_score, i_score = 0.0, inside[0]
    back = []  # per step, the best previous label (0: B-W) of (B-W, I-W)
    push = back.append
    # The four cases are written out so that each pair pushed is a constant tuple: building
    # the pair made the loop a third slower, and it runs once per syllable of every window.
    for e in inside[1:]:
        # on a tie the previous B-W wins (the tagger keeps the first best)
        from_b, from_i = b_score + bb, i_score + ib
        to_b, to_i = b_score + bi, i_score + ii
        if to_b >= to_i:
            i_next = to_b + e
            if from_b >= from_i:
                b_score = from_b
                push((0, 0))
            else:
                b_score = from_i
                push((1, 0))
        else:
            i_next = to_i + e
            if from_b >= from_i:
                b_score = from_b
                push((0, 1))
            else:
                b_score = from_i
                push((1, 1))
        i_score = i_next
    y = 0 if b_score >= i_score else 1
    path = [LABELS[y]]
    for pointers in reversed(back):
        y = pointers[y]
        path.append(LABELS[y])
    path.reverse()
    return path


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
