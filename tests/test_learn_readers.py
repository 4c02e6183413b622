"""The data-set readers of the learning layer, on small invented fixtures in the real formats
(tests/data/learn/<set>) and, marked slow, on the real sets when the development data is here."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from newsledger.learn.examples import AttributedText, LabelledText, SpanText
from newsledger.learn.readers import READERS, DataMissing, folder, module, read
from newsledger.learn.readers import babe as babe_reader
from newsledger.learn.readers import wnc as wnc_reader

FIXTURES = Path(__file__).parent / "data" / "learn"
NEW = [
    "polnear-train-dev",
    "checkthat24-persuasion-en",
    "semeval2023-t3-en-dev",
    "semeval2021-t6-memes",
    "babe",
    "wnc-sample",
    "basil",
]


def ann_spans(path: Path) -> dict[tuple[tuple[int, int], ...], str]:
    """(fragments) -> recorded span text of every `T` line of a brat `.ann`, read apart from the
    reader (continuation lines are a span text running past a line break)."""
    out: dict[tuple[tuple[int, int], ...], str] = {}
    last = None
    for line in path.read_text(encoding="utf-8").removesuffix("\n").split("\n"):
        found = re.match(r"^(T\d+)\t\S+ ([\d ;]+)\t(.*)$", line)
        if found:
            frags = tuple((int(a), int(b)) for a, b in (f.split() for f in found[2].split(";")))
            out[frags] = found[3]
            last = frags
        elif re.match(r"^[A-Z#]\d*\t", line):
            last = None
        elif last is not None:
            out[last] += "\n" + line
    return out


def assert_relations_index_text(example: AttributedText, ann: Path) -> None:
    recorded = ann_spans(ann)
    for relation in example.relations:
        for role in (relation.cue, relation.source, relation.content):
            if not role:
                continue
            # each fragment belongs to one .ann span (Content and Content2 may interleave)
            for span in role:
                key = next(k for k in recorded if (span.start, span.end) in k)
                assert " ".join(example.text[s:e] for s, e in key) == recorded[key]


def assert_spans_inside(example: SpanText) -> None:
    for span in example.spans:
        assert 0 <= span.start < span.end <= len(example.text), span
        assert example.text[span.start : span.end].strip(), span


# --- every reader ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kind", "count"),
    [
        ("polnear-train-dev", AttributedText, 2),
        ("checkthat24-persuasion-en", SpanText, 2),
        ("semeval2023-t3-en-dev", SpanText, 2),
        ("semeval2021-t6-memes", SpanText, 3),
        ("babe", LabelledText, 4),
        ("wnc-sample", LabelledText, 6),
        ("basil", SpanText, 2),
    ],
)
def test_reader_yields_typed_grouped_examples(name: str, kind: type, count: int) -> None:
    mod = module(name)
    assert mod.NAME == name and mod.LICENCE and mod.KIND and mod.__doc__
    examples = read(name, FIXTURES)
    assert len(examples) == count
    for example in examples:
        assert isinstance(example, kind)
        assert example.dataset == name
        assert example.group, example.id
        assert example.text.strip()
        assert example.split in (None, "train", "dev")
        if isinstance(example, SpanText):
            assert_spans_inside(example)
    assert len({e.id for e in examples}) == len(examples)


@pytest.mark.parametrize("name", NEW)
def test_registered(name: str) -> None:
    assert name in READERS


def test_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(DataMissing, match="basil"):
        folder("basil", tmp_path)


# --- PolNeAR --------------------------------------------------------------------------

POLNEAR = FIXTURES / "polnear-train-dev"
BRIDGE = "pub_2016-01-05_bridge-reopens"


def polnear() -> dict[str, AttributedText]:
    return {e.group: e for e in read("polnear-train-dev", FIXTURES)}


def test_polnear_keeps_the_first_annotator_and_the_fixed_split() -> None:
    examples = polnear()
    assert set(examples) == {BRIDGE, "pub_2016-10-02_fair-cancelled"}  # unannotated: none
    bridge = examples[BRIDGE]
    assert bridge.extra["annotators"] == ["0abc", "4e07"]
    assert bridge.extra["annotator"] == "0abc"
    assert len(bridge.relations) == 5  # 4e07 has one: its relations are not added
    assert bridge.split == "train"
    assert examples["pub_2016-10-02_fair-cancelled"].split == "dev"
    assert bridge.extra["publisher"] == "pub" and bridge.extra["title"] == "Bridge reopens"


def test_polnear_offsets_index_the_text_exactly() -> None:
    examples = polnear()
    assert_relations_index_text(
        examples[BRIDGE], POLNEAR / "train" / "attributions" / f"{BRIDGE}_0abc.ann"
    )
    fair = examples["pub_2016-10-02_fair-cancelled"]
    assert_relations_index_text(
        fair, POLNEAR / "dev" / "attributions" / "pub_2016-10-02_fair-cancelled_4e07.ann"
    )


@pytest.mark.parametrize(
    ("cue", "source", "content"),
    [
        ("said", ["Mayor Ada Finch"], ["the bridge “will reopen in May,”"]),
        ("added", [], ["that repairs were on time."]),  # no source
        ("doubt", ["Critics"], ["the\ntimeline."]),  # a span across a line break
        ("According to", ["the council"], ["costs rose."]),
        ("told reporters", ["she"], ["The engineers,", "are confident."]),  # discontinuous
    ],
)
def test_polnear_relations(cue: str, source: list[str], content: list[str]) -> None:
    bridge = polnear()[BRIDGE]
    text = bridge.text
    relation = next(r for r in bridge.relations if text[r.cue[0].start : r.cue[0].end] == cue)
    assert [text[s.start : s.end] for s in relation.source] == source
    assert [text[s.start : s.end] for s in relation.content] == content
    assert {s.label for s in relation.content} == {"content"}
    assert relation.kind is None  # PolNeAR does not type attributions


def test_polnear_skips_incomplete_and_broken_relations() -> None:
    # trigger only, unknown span, malformed offsets, out of the text, text mismatch
    assert polnear()[BRIDGE].extra["skipped"] == 5


# --- persuasion techniques ------------------------------------------------------------


def test_checkthat_offsets_count_carriage_returns() -> None:
    article = {e.id: e for e in read("checkthat24-persuasion-en", FIXTURES)}["article9001"]
    assert "\r\n" in article.text
    found = [(article.text[s.start : s.end], s.label) for s in article.spans]
    assert found == [
        ("corrupt", "Loaded_Language"),  # its exact repeat is kept once
        ("wrecked", "Loaded_Language"),
        ("A disgrace", "Name_Calling-Labeling"),
        ("says everyone", "Appeal_to_Popularity"),
    ]
    assert article.extra["skipped"] == 2  # not a number; past the end


@pytest.mark.parametrize(
    ("name", "article", "spans", "skipped"),
    [
        ("checkthat24-persuasion-en", "article9002", [], 0),
        ("semeval2023-t3-en-dev", "article7001", ["shameful", "a total disaster"], 2),
        ("semeval2023-t3-en-dev", "article7002", [], 0),  # no labels file
    ],
)
def test_article_spans(name: str, article: str, spans: list[str], skipped: int) -> None:
    example = {e.id: e for e in read(name, FIXTURES)}[article]
    assert [example.text[s.start : s.end] for s in example.spans] == spans
    assert example.group == article and example.split is None
    assert example.extra["skipped"] == skipped


def test_memes_keep_the_split_and_check_fragments() -> None:
    memes = {e.id: e for e in read("semeval2021-t6-memes", FIXTURES)}
    assert set(memes) == {"meme-501", "meme-502", "meme-601"}  # blank text and a non-object: none
    assert [memes[m].split for m in sorted(memes)] == ["train", "train", "dev"]
    first = memes["meme-501"]
    assert [(first.text[s.start : s.end], s.label) for s in first.spans] == [
        ("SCAM", "Loaded Language")
    ]
    assert first.extra["skipped"] == 3  # fragment mismatch, past the end, start not an int
    assert memes["meme-502"].spans == ()


# --- BABE -----------------------------------------------------------------------------


def test_babe_labels_words_and_groups() -> None:
    rows = {e.id: e for e in read("babe", FIXTURES)}
    # "No agreement" and the row without text are skipped
    assert [(e.label, e.extra["biased_words"]) for e in rows.values()] == [
        ("biased", ["reckless", "radical", "sweeping"]),
        ("non-biased", []),
        ("biased", []),  # an unreadable words cell counts as none
        ("non-biased", []),
    ]
    assert rows["babe-1"].group == rows["babe-2"].group == "https://example.org/a1"
    assert rows["babe-6"].group  # no link: a group of its own
    assert rows["babe-1"].extra["outlet"] == "Outlet A"


def test_babe_spans_mark_every_occurrence() -> None:
    first = next(babe_reader.read_spans(FIXTURES / "babe"))
    assert [first.text[s.start : s.end] for s in first.spans] == [
        "reckless",
        "radical",
        "reckless",
    ]
    assert first.extra["words_not_found"] == ["sweeping"]
    assert first.extra["label"] == "biased"


@pytest.mark.parametrize(
    ("text", "words", "found"),
    [
        ("A Radical plan.", ["radical"], ["Radical"]),
        ("Radicalised men.", ["radical"], []),  # whole words only
        ("A so-called plan.", ["so-called"], ["so-called"]),
        ("Nothing here.", [], []),
    ],
)
def test_babe_word_spans(text: str, words: list[str], found: list[str]) -> None:
    spans, _ = babe_reader.word_spans(text, words)
    assert [text[s.start : s.end] for s in spans] == found


# --- WNC ------------------------------------------------------------------------------


def test_wnc_pairs_share_a_group_and_hold_the_other_side() -> None:
    examples = read("wnc-sample", FIXTURES)
    pre, post = examples[0], examples[1]
    assert (pre.label, post.label) == ("biased", "neutral")
    assert pre.group == post.group == "wnc-train-1"
    assert pre.extra["neutral"] == post.text == "the mayor opened the bridge ."
    assert post.extra["biased"] == pre.text
    # the empty line and the unchanged pair are skipped; test pairs go to dev
    assert [e.group for e in examples[2:]] == ["wnc-train-4"] * 2 + ["wnc-test-1"] * 2
    assert [e.split for e in examples] == ["train"] * 4 + ["dev"] * 2


def test_wnc_misaligned_files_raise(tmp_path: Path) -> None:
    (tmp_path / "pre.train").write_text("a b .\nc d .\n", encoding="utf-8")
    (tmp_path / "post.train").write_text("a .\n", encoding="utf-8")
    with pytest.raises(ValueError, match="line-aligned"):
        list(wnc_reader.read(tmp_path))


# --- BASIL ----------------------------------------------------------------------------


def test_basil_spans_groups_and_quote_info() -> None:
    first, second = read("basil", FIXTURES)
    assert first.group == second.group == "00000000-test-4000-8000-000000000001"
    assert first.text == (
        "Senator Vale slammed the plan on Monday. He called it “a reckless giveaway.”"
        "\n\nThe plan passed anyway."
    )
    found = [(first.text[s.start : s.end], s.label) for s in first.spans]
    assert found == [
        ("slammed", "lexical"),
        ("a reckless giveaway.", "informational"),
        ("reckless", "lexical"),  # a duplicated sentence (p1_1) for an overlapping span
        ("passed anyway", "informational"),
    ]
    quotes = [(a["quote"], a["speaker"]) for a in first.extra["annotations"]]
    assert quotes == [(False, ""), (True, "Vale"), (True, "Vale"), (False, "")]
    assert first.extra["skipped"] == 3  # the title, a wrong offset, no such sentence
    assert (first.extra["outlet"], second.extra["outlet"]) == ("fox", "nyt")
    assert second.spans == ()


# --- the real sets (slow) -------------------------------------------------------------


def real(name: str) -> Path:
    try:
        return folder(name)
    except DataMissing:
        pytest.skip(f"{name} not in the development data")


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "count", "splits", "units", "low", "high"),
    [
        # PolNeAR: 22,501 + 2,320 relations over all annotators; one annotator each keeps fewer
        ("polnear-train-dev", 924, {"train": 840, "dev": 84}, "relations", 20_000, 24_821),
        ("checkthat24-persuasion-en", 98, {None: 98}, "spans", 2_599, 2_599),
        ("semeval2023-t3-en-dev", 89, {None: 89}, "spans", 1_789, 1_789),
        # one span is a lone newline: skipped
        ("semeval2021-t6-memes", 751, {"train": 688, "dev": 63}, "spans", 1_670, 1_680),
        ("babe", 3_673, {None: 3_673}, "labels", 3_673, 3_673),
        ("wnc-sample", 2_180, {"train": 1_980, "dev": 200}, "labels", 2_180, 2_200),
        ("basil", 300, {None: 300}, "spans", 1_700, 1_730),
    ],
)
def test_real_set(name: str, count: int, splits: dict, units: str, low: int, high: int) -> None:
    examples = list(module(name).read(real(name)))
    assert abs(len(examples) - count) <= count // 100
    seen: dict = {}
    for example in examples:
        seen[example.split] = seen.get(example.split, 0) + 1
    for split, n in splits.items():
        assert abs(seen.get(split, 0) - n) <= max(1, n // 50), (split, seen)
    if units == "relations":
        total = sum(len(e.relations) for e in examples)
    elif units == "spans":
        total = sum(len(e.spans) for e in examples)
        for example in examples:
            assert_spans_inside(example)
    else:
        total = len(examples)
    assert low <= total <= high
    assert all(e.group for e in examples)


@pytest.mark.slow
def test_real_polnear_offsets_match_every_annotation() -> None:
    base = real("polnear-train-dev")
    for example in module("polnear-train-dev").read(base):
        ann = (
            base
            / example.split
            / "attributions"
            / f"{example.group}_{example.extra['annotator']}.ann"
        )
        assert_relations_index_text(example, ann)


@pytest.mark.slow
def test_real_basil_text_agrees_with_the_evaluation() -> None:
    from newsledger.eval.basil import load

    base = real("basil")
    ours = {e.text: len(e.spans) for e in module("basil").read(base)}
    theirs = load(base / "data")
    assert len(theirs) == len(ours)
    assert all(ours.get(text) == len(spans) for text, spans in theirs)
    assert len({e.group for e in module("basil").read(base)}) == 100


@pytest.mark.slow
def test_real_babe_agrees_with_the_evaluation() -> None:
    from newsledger.eval.babe import load

    base = real("babe")
    ours = [(e.text, e.label == "biased") for e in module("babe").read(base)]
    theirs = [(text.strip(), biased) for text, biased, _ in load(base / babe_reader.FILE)]
    assert ours == theirs
