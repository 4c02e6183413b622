"""The event-data readers of the learning layer (PLV, plover-gsr, ConfliBERT, NGEC, ACLED,
PETRARCH, realnews-dev), on small invented fixtures in the real formats (tests/data/learn/<set>)
and, marked slow, on the real sets when the development data is here."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from newsledger.learn.examples import LabelledText, SpanText
from newsledger.learn.readers import DataMissing, folder, module, read
from newsledger.learn.readers import acled as acled_reader
from newsledger.learn.readers import conflibert as conflibert_reader
from newsledger.learn.readers import petrarch as petrarch_reader
from newsledger.learn.readers import realnews as realnews_reader

FIXTURES = Path(__file__).parent / "data" / "learn"


def by_id(name: str) -> dict[str, LabelledText]:
    examples = read(name, FIXTURES)
    assert len({e.id for e in examples}) == len(examples), "ids must be unique"
    return {e.id: e for e in examples}


# --- every reader ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "count"),
    [
        ("zsp-plv-train", 4),
        ("plover-gsr", 3),
        ("conflibert-cameo-train", 3),
        ("ngec-synthetic-plover", 3),
        ("acled-notes", 3),
        ("upetrarch-validation", 4),
        ("petrarch2-unittest", 3),
        ("realnews-dev", 5),
    ],
)
def test_reader_yields_labelled_examples(name: str, count: int) -> None:
    mod = module(name)
    assert mod.NAME == name and mod.LICENCE and mod.KIND and mod.__doc__
    examples = read(name, FIXTURES)
    assert len(examples) == count
    for example in examples:
        assert isinstance(example, LabelledText)
        assert example.dataset == name
        assert example.text == example.text.strip() and example.text
        assert example.label == example.label.strip() and example.label
        assert example.split is None  # none of these sets fixes a split
    assert len({e.id for e in examples}) == len(examples)


# --- Zero-Shot-PLOVER -----------------------------------------------------------------


def test_plv_one_example_per_dyad_grouped_by_sentence() -> None:
    rows = by_id("zsp-plv-train")
    # the empty sentence, the missing gold root and the cut-short row are skipped
    assert [(e.id, e.label) for e in rows.values()] == [
        ("plv-0", "ACCUSE"),
        ("plv-1", "AGREE"),
        ("plv-2", "AGREE"),
        ("plv-5", "REJECT"),  # " reject ": stripped, upper-cased
    ]
    assert rows["plv-1"].text == rows["plv-2"].text
    assert rows["plv-1"].group == rows["plv-2"].group == "s102"  # two dyads of one sentence
    assert rows["plv-0"].group != rows["plv-1"].group
    assert rows["plv-2"].extra["source"] == "Velmora"
    assert rows["plv-2"].extra["target"] == "Ostrand"
    assert rows["plv-0"].extra["penta"] == "3"
    assert rows["plv-0"].extra["marked"].startswith("<s>The Velmora interior minister</s>")


# --- plover-gsr -----------------------------------------------------------------------


def test_plover_gsr_renames_old_types_and_skips_documentation() -> None:
    rows = by_id("plover-gsr")
    # DOCUMENT, a blank text and a record without an event are skipped
    assert {i: e.label for i, e in rows.items()} == {
        "PLOVER-GSR01-AGREE-0001": "AGREE",
        "PLOVER-GSR01-DEMAND-0001": "REQUEST",  # DEMAND -> REQUEST
        "PLOVER-GSR01-FIGHT-0001": "ASSAULT",  # FIGHT -> ASSAULT
    }
    agree = rows["PLOVER-GSR01-AGREE-0001"]
    assert agree.extra == {"mode": None, "date": "2000-01-01", "sources": ["VLM", "OST"],
                           "targets": []}  # fmt: skip
    demand = rows["PLOVER-GSR01-DEMAND-0001"]
    assert demand.text == "Velmora demanded that Ostrand release the detained fishermen."
    assert (demand.extra["mode"], demand.extra["targets"]) == ("release", ["OST"])
    fight = rows["PLOVER-GSR01-FIGHT-0001"]
    # an actor that is not an object is left out; an empty mode and a null target are none
    assert fight.extra["sources"] == ["OST"]
    assert fight.extra["targets"] == [] and fight.extra["mode"] is None


# --- ConfliBERT -----------------------------------------------------------------------


def test_conflibert_quad_classes() -> None:
    rows = by_id("conflibert-cameo-train")
    # the empty line, a line without a tab, a word label and a blank text are skipped
    assert [(i, e.label) for i, e in rows.items()] == [
        ("cameo-0", "quad4"),
        ("cameo-1", "quad0"),
        ("cameo-6", "quad1"),  # "1 " and its line number kept
    ]
    assert rows["cameo-6"].text == "Ostrand and Velmora signed a water-sharing deal on Friday."


def test_conflibert_roles() -> None:
    sentences = list(conflibert_reader.read_roles(FIXTURES / "conflibert-cameo-train"))
    # runs of blank lines make no empty sentence; the last one needs no blank line after it
    assert [s.id for s in sentences] == ["cameo-ner-0", "cameo-ner-1", "cameo-ner-2"]
    for sentence in sentences:
        assert isinstance(sentence, SpanText) and sentence.dataset == "conflibert-cameo-train"
        assert all(0 <= s.start < s.end <= len(sentence.text) for s in sentence.spans)
    found = [[(s.text[p.start : p.end], p.label) for p in s.spans] for s in sentences]
    assert sentences[0].text == "Ostrand gunboats sank a Velmora trawler ."
    assert found[0] == [("Ostrand gunboats", "S"), ("a Velmora trawler", "T")]
    # B-T right after B-T: two targets; a word without a tag is outside every span
    assert sentences[1].text == "The Velmora minister praised Ostrand Velmora for aid ."
    assert found[1] == [("Velmora minister", "S"), ("Ostrand", "T"), ("Velmora", "T")]
    # an I- tag with no B- before it opens a span of its own
    assert found[2] == [("Police", "S"), ("protesters", "T"), ("capital", "R")]


@pytest.mark.parametrize(
    ("words", "spans"),
    [
        ([("A", "O"), ("b", "O")], []),  # must find nothing
        ([("A", "B-S"), ("b", "I-T")], [("A", "S"), ("b", "T")]),  # the kind changes
        ([("A", "B-S"), ("b", "I-S"), ("c", "I-S")], [("A b c", "S")]),
        ([("A", "B-S"), ("b", "B-S")], [("A", "S"), ("b", "S")]),
    ],
)
def test_conflibert_bio_spans(words: list[tuple[str, str]], spans: list[tuple[str, str]]) -> None:
    sentence = conflibert_reader._sentence("x", words)
    assert [(sentence.text[s.start : s.end], s.label) for s in sentence.spans] == spans


# --- NGEC -----------------------------------------------------------------------------


def test_ngec_reads_the_lede_of_each_story() -> None:
    rows = by_id("ngec-synthetic-plover")
    # the story without a label and the blank story are skipped
    assert [(i, e.label, e.extra["mode"]) for i, e in rows.items()] == [
        ("ngec-0", "PROTEST", "strike"),
        ("ngec-1", "AGREE", None),
        ("ngec-4", "COERCE", "crowd_control"),
    ]
    assert rows["ngec-0"].text == (
        "Teachers in the Velmora capital walked out of their classrooms on Monday, "
        "demanding higher pay."
    )
    assert rows["ngec-4"].text == "Ostrand police fired tear gas at marchers."  # leading \n\n
    assert rows["ngec-0"].group == "story0"
    assert rows["ngec-0"].extra["title"] == "{country_1} Teachers Walk Out Over Pay"


# --- ACLED ----------------------------------------------------------------------------


def test_acled_reads_cleaned_notes() -> None:
    rows = by_id("acled-notes")
    # too short once cleaned, no sub-event type, no note: skipped
    assert {i: (e.label, e.text) for i, e in rows.items()} == {
        "acled-VLM101": (
            "Peaceful protest",
            "Nurses protested outside the Port Adin hospital, demanding protective equipment.",
        ),
        "acled-VLM102": (
            "Armed clash",
            "In Kesh district, the army clashed with front fighters near a dam.",
        ),
        "acled-OST7": (
            "Mob violence",
            "A crowd burned two market stalls in Lenk after a dispute over prices.",
        ),
    }
    clash = rows["acled-VLM102"].extra
    assert (clash["event_type"], clash["country"], clash["actor2"]) == (
        "Battles",
        "Velmora",
        "Ostrand Liberation Front",
    )


@pytest.mark.parametrize(
    ("note", "cleaned"),
    [
        (
            "On 9 May 2020, medical interns protested in the square, demanding shorter shifts. "
            "[size=no report]",
            "Medical interns protested in the square, demanding shorter shifts.",
        ),
        ("On 3 June 2021, gunmen attacked a bus near Kesh. 4 fatalities.",
         "Gunmen attacked a bus near Kesh."),
        ("On or around 2 March 2019, a mine exploded under a truck. 1 fatality.",
         "A mine exploded under a truck."),
        ("Between 4 and 6 May 2020, farmers blocked the road. [size=around 50]",
         "Farmers blocked the road."),
        ("On November 12, 2020, police arrested four men.", "Police arrested four men."),
        ("On or before 30 April, 2020, a bridge was blown up.", "A bridge was blown up."),
        ("Around 9 May 2020 (as reported), in Kesh, a body was found. At least 2 fatalities.",
         "In Kesh, a body was found."),
        ("On 1 May 2024, troops shelled a village. Fatalities coded as 0 (militia reported 3).",
         "Troops shelled a village."),
        ("On 5 May 2020, workers marched to the ministry [size=no report",
         "Workers marched to the ministry"),  # the export lost the closing bracket
        ("On 8 May 2020, police dispersed the crowd. No fatalities. [size=dozens]",
         "Police dispersed the crowd."),  # both suffixes
        # a sentence that speaks of fatalities keeps its words
        ("Mortars hit the hill. Source reported that there were no fatalities.",
         "Mortars hit the hill. Source reported that there were no fatalities."),
        ("A drone struck a convoy, injuring two with no fatalities reported.",
         "A drone struck a convoy, injuring two with no fatalities reported."),
        # no prefix, no suffix: unchanged
        ("On Tuesday, 2000 people marched in Lenk.", "On Tuesday, 2000 people marched in Lenk."),
        ("Riot breaks out among supporters of the new charter",
         "Riot breaks out among supporters of the new charter"),
        ("  traders blocked the highway on 26/01. ", "Traders blocked the highway on 26/01."),
        ("", ""),
        ("[size=no report]", ""),
    ],
)  # fmt: skip
def test_acled_clean(note: str, cleaned: str) -> None:
    assert acled_reader.clean(note) == cleaned


# --- PETRARCH -------------------------------------------------------------------------


def test_petrarch_validation_records() -> None:
    rows = by_id("upetrarch-validation")
    # the error record, the unmapped CAMEO code (010), the record without <Text> and the empty
    # <Text> without a parse are skipped
    assert {i: e.label for i, e in rows.items()} == {
        "TEST-01": "CONSULT",  # the first coding's code, 042
        "TEST-02": "AGREE",
        "TEST-03": "NONE",  # noevents="True"
        "TEST-07": "PROTEST",
    }
    first = rows["TEST-01"]
    assert first.text == (
        "The Velmora envoy travelled to Ostrand for talks, a day after shelling near the border."
    )
    assert [c["eventcode"] for c in first.extra["events"]] == ["042", "190"]
    assert first.extra["date"] == dt.date(2008, 8, 4)
    assert rows["TEST-03"].extra == {"events": [], "date": None}  # month 13: no date
    assert rows["TEST-07"].extra["date"] is None  # "2008": not a date


def test_petrarch_empty_text_is_rebuilt_from_the_parse() -> None:
    assert by_id("upetrarch-validation")["TEST-02"].text == (
        "Ostrand said it wasn't ready for Velmora's offer, but would talk."
    )


def test_petrarch_records_keep_errors_and_codings() -> None:
    path = FIXTURES / "upetrarch-validation" / petrarch_reader.FILE
    records = {r.id: r for r in petrarch_reader.records(path.read_text(encoding="utf-8"))}
    assert "TEST-06" not in records  # no <Text>
    assert records["TEST-04"].gold["error"] == "dateline"
    assert records["TEST-03"].gold["noevents"] is True
    assert records["TEST-08"].text == ""  # empty <Text>, no <Parse>
    assert records["TEST-01"].gold["category"] == "TEST"


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("", []),  # must find nothing
        ("no sentences here", []),
        ('<Sentence id="a"/>\n<EventCoding eventcode="042" />\n', []),  # no <Text>
        ('<Sentence id="a"/>\n<Text>\nOne line.\n</Text>', [("a", "One line.")]),
        ('<Sentence date="2020" />\n<Text>A</Text>\n<Sentence id="b">\n<Text>B</Text>',
         [("s0", "A"), ("b", "B")]),  # no id: the record's number
    ],
)  # fmt: skip
def test_petrarch_records_table(text: str, found: list[tuple[str, str]]) -> None:
    assert [(r.id, r.text) for r in petrarch_reader.records(text)] == found


def test_petrarch_unittest_records() -> None:
    rows = by_id("petrarch2-unittest")
    # the error record and the empty <Text> with a tree parse (not CoNLL-U) are skipped
    assert {i: e.label for i, e in rows.items()} == {
        "DEMO-01": "COOPERATE",  # 064
        "DEMO-02": "NONE",
        "DEMO-04": "RETREAT",  # 0871
    }
    assert rows["DEMO-01"].text == (
        "Eldmark is about to restore full trade ties with Rohmar almost two years after crowds "
        "burned its consulate."
    )
    assert rows["DEMO-02"].extra["date"] == dt.date(1995, 1, 2)


# --- realnews-dev ---------------------------------------------------------------------


TEXT = (
    "Velmora and Ostrand agree truce\n"
    "The U.S. envoy met both sides in Geneva. Talks ended on Friday! "
    "\u201cWe are done,\u201d he said. Envoy A. Li left. Ostrand troops withdrew.\n"
    "\n"
    "Both armies pulled back 3 km. 12 soldiers stayed."
)


@pytest.mark.parametrize(
    ("cue", "sentence"),
    [
        ("agree truce", "Velmora and Ostrand agree truce"),  # a headline line
        ("envoy met", "The U.S. envoy met both sides in Geneva."),  # "U.S." ends nothing
        ("The U.S.", "The U.S. envoy met both sides in Geneva."),  # the span starts a sentence
        ("both sides in Geneva.", "The U.S. envoy met both sides in Geneva."),  # ends on its stop
        ("ended", "Talks ended on Friday!"),
        ("done", "\u201cWe are done,\u201d he said."),  # an opening quote starts one
        ("A. Li", "Envoy A. Li left."),  # a single-capital initial ends nothing
        ("troops withdrew", "Ostrand troops withdrew."),  # at a line's end
        ("pulled back", "Both armies pulled back 3 km."),
        ("stayed", "12 soldiers stayed."),  # a digit starts one; the text's end
        ("Geneva. Talks", "The U.S. envoy met both sides in Geneva. Talks ended on Friday!"),
    ],
)
def test_sentence_around(cue: str, sentence: str) -> None:
    at = TEXT.index(cue)
    assert realnews_reader.sentence_around(TEXT, at, at + len(cue)) == sentence


@pytest.mark.parametrize(
    ("text", "start", "end", "sentence"),
    [
        ("", 0, 0, ""),  # must find nothing
        ("\n\n", 1, 1, ""),
        ("no full stop at all", 3, 7, "no full stop at all"),
        ("It rose 3.5 percent. Then fell.", 3, 7, "It rose 3.5 percent."),
    ],
)
def test_sentence_around_edges(text: str, start: int, end: int, sentence: str) -> None:
    assert realnews_reader.sentence_around(text, start, end) == sentence


def test_realnews_one_example_per_gold_event() -> None:
    rows = by_id("realnews-dev")
    # the cue not in the text, the event without types, the missing and the empty cue and the
    # gold of a file not in the index are skipped; article 02 has no gold
    assert {i: (e.label, e.text) for i, e in rows.items()} == {
        "01-e0": ("AGREE", "Velmora and Ostrand agree truce after border clashes"),
        "01-e1": (
            "AGREE",
            "The two governments agreed on Tuesday to halt fighting along their mountain "
            "border, officials said.",
        ),
        "01-e2": ("CONSULT", 'The U.S. envoy, who brokered the talks, called it "a first step."'),
        "01-e3": (
            "ASSAULT",
            "Ostrand shelled two Velmora villages on Monday, killing four people.",
        ),
        "01-e4": ("RETREAT", "Velmora's army said it would pull back its artillery by Friday."),
    }
    e1 = rows["01-e1"]
    assert e1.extra["plover"] == ["AGREE", "RETREAT"] and e1.extra["optional"] is False
    assert rows["01-e2"].extra["optional"] is True
    assert e1.extra["cue"] == "agreed on Tuesday to halt fighting"
    assert e1.extra["published"] == "2025-01-07"
    assert {e.group for e in rows.values()} == {"01-wire-velmora-ostrand-truce.txt"}


def test_realnews_articles_in_index_order() -> None:
    found = list(realnews_reader.articles(FIXTURES / "realnews-dev"))
    assert [entry["nn"] for entry, _, _ in found] == ["01", "02"]  # the blank line skipped
    assert found[1][1].startswith("Thousands march in Lenk\n")
    assert found[1][2] == {}  # no gold


# --- the real sets (slow) -------------------------------------------------------------


def real(name: str) -> Path:
    try:
        return folder(name)
    except DataMissing:
        pytest.skip(f"{name} not in the development data")


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "count", "labels"),
    [
        ("zsp-plv-train", 1_048, 15),
        ("plover-gsr", 322, 16),
        ("conflibert-cameo-train", 939, 5),
        ("ngec-synthetic-plover", 4_500, 16),
        ("acled-notes", 16_500, 24),
        ("upetrarch-validation", 73, 12),
        ("petrarch2-unittest", 218, 12),
        ("realnews-dev", 224, 14),
    ],
)
def test_real_set(name: str, count: int, labels: int) -> None:
    examples = list(module(name).read(real(name)))
    assert abs(len(examples) - count) <= max(2, count // 50), len(examples)
    assert len({e.label for e in examples}) >= labels * 0.8
    for example in examples:
        assert example.dataset == name
        assert example.text.strip() and example.label.strip()


@pytest.mark.slow
def test_real_plv_ids_are_unique() -> None:
    examples = list(module("zsp-plv-train").read(real("zsp-plv-train")))
    assert len({e.id for e in examples}) == len(examples)
    assert len({e.group for e in examples}) == 1_042  # distinct sentences


@pytest.mark.slow
def test_real_conflibert_roles() -> None:
    sentences = list(conflibert_reader.read_roles(real("conflibert-cameo-train")))
    assert abs(len(sentences) - 776) <= 8
    labels = {s.label for sentence in sentences for s in sentence.spans}
    assert {"S", "T"} <= labels
    for sentence in sentences:
        assert all(0 <= s.start < s.end <= len(sentence.text) for s in sentence.spans)


@pytest.mark.slow
def test_real_acled_notes_lose_prefix_and_suffixes() -> None:
    examples = list(module("acled-notes").read(real("acled-notes")))
    assert not any(re.match(r"(?:On|Around) [^,]{0,20}\d{4}\)?,", e.text) for e in examples)
    assert sum("[size=" in e.text for e in examples) <= 2  # a tag mid-note stays
    # a cut fatality sentence left "... that there were" before the fix
    assert not any(e.text.endswith(" there were") for e in examples)


@pytest.mark.slow
def test_real_realnews_sentences_hold_their_cue() -> None:
    for example in module("realnews-dev").read(real("realnews-dev")):
        assert example.extra["cue"] in example.text
        assert "\n" not in example.text
