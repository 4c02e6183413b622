"""realnews-dev scorer and its matching (eval.realnews_match): sentence rule, one-to-one
matching and fields on hand-made gold and records (no model), plus one run of the real set when
its data is present."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from newsledger.eval import GOLD_SETS, realnews
from newsledger.eval import realnews_match as match
from newsledger.eval.gold import format_report, report_to_dict
from newsledger.eval.realnews import Counts
from newsledger.model import (
    Actor,
    Analysis,
    Article,
    Attribution,
    Event,
    EventType,
    Evidence,
    Marker,
    Participant,
    Place,
    Source,
    Status,
    When,
)

TEXT = (
    "Israel struck Hezbollah positions in Tyre on Saturday.\n"
    "The strikes killed five people, the U.S. Army said.\n"
    "Lebanon condemned the attack."
)


def ev_at(text: str, trigger: str, plover: str = "ASSAULT", nth: int = 0, **kw) -> Event:
    """An event record whose evidence is the `nth` occurrence of `trigger`."""
    at = -1
    for _ in range(nth + 1):
        at = text.index(trigger, at + 1)
    evidence = Evidence("a", 0, at, at + len(trigger), trigger, "test@1")
    return Event(id=f"e{at}", type=EventType(plover, acled_subtype=kw.pop("acled", None)),
                 trigger=trigger, evidence=evidence, **kw)  # fmt: skip


def part(actor_id: str) -> tuple[Participant, ...]:
    return (Participant(actor_id, actor_id, "x"),)


def events_counts(gold: list[dict], events: list[Event], text: str = TEXT) -> Counts:
    counts = Counts()
    actors = {"LBNHEZ": Actor("LBNHEZ", "Hezbollah", "armed_group", "LBN")}
    realnews.score_events(text, gold, events, actors, counts)
    return counts


STRIKE = {"cue": "Israel struck Hezbollah", "plover": ["ASSAULT"], "also": ["The strikes killed"]}


# --- sentences ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", []),
        ("One. Two! Three?", ["One.", "Two!", "Three?"]),
        ("Headline without stop\nBody here. More", ["Headline without stop", "Body here.", "More"]),
        ("The U.S. and U.N. met on Dec. 8. Then", ["The U.S. and U.N. met on Dec. 8.", "Then"]),
        ("Gen. Smith spoke. He left.", ["Gen. Smith spoke.", "He left."]),
        ('"We won." Then they left.', ['"We won."', "Then they left."]),
        ("It was approx. five km away.", ["It was approx. five km away."]),
        ("• bullet one\n• bullet two", ["• bullet one", "• bullet two"]),
    ],
)  # fmt: skip
def test_sentences(text: str, expected: list[str]) -> None:
    assert [text[s:e] for s, e in match.sentences(text)] == expected


# --- assignment -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("weights", "expected"),
    [
        ([], []),
        ([[0, 0], [0, 0]], []),
        ([[5, 2], [4, 0]], [(0, 1), (1, 0)]),  # 2 + 4 beats 5 alone
        ([[3], [7], [2]], [(1, 0)]),
        ([[1, 9, 0]], [(0, 1)]),
    ],
)
def test_assign(weights: list[list[int]], expected: list[tuple[int, int]]) -> None:
    assert match.assign(weights) == expected


# --- events ---------------------------------------------------------------------------------


def test_event_in_cue_sentence_matches_with_fields() -> None:
    gold = [{**STRIKE, "source": "ISR", "target": "HEZBOLLAH", "target_country": "LBN",
             "status": ["occurred"], "where": "Tyre", "when": "2024-11-30",
             "said_by": "outlet", "acled": "Air/drone strike"}]  # fmt: skip
    day = dt.date(2024, 11, 30)
    rec = ev_at(TEXT, "struck", source=part("ISRMIL"), target=part("LBNHEZ"),
                where=Place("Tyre", "LBN", None, None, "city", ev_at(TEXT, "Tyre").evidence),
                when=When(day, day, "day", "Saturday"), acled="air/drone strike")  # fmt: skip
    c = events_counts(gold, [rec])
    assert c.events == [1, 0, 0, 0]
    assert {f: v for f, v in c.fields.items() if v[1]} == {
        f: [1, 1] for f in ("source", "target", "status", "where", "when", "said_by", "acled")
    }


@pytest.mark.parametrize(
    "record",
    [
        ev_at(TEXT, "condemned", "ASSAULT"),  # right type, another sentence
        ev_at(TEXT, "struck", "CONSULT"),  # right sentence, type the gold does not accept
    ],
)
def test_event_that_must_match_nothing(record: Event) -> None:
    c = events_counts([STRIKE], [record])
    assert c.events == [0, 1, 1, 0]


def test_no_records_and_no_gold() -> None:
    assert events_counts([], []).events == [0, 0, 0, 0]
    assert events_counts([STRIKE], []).events == [0, 0, 1, 0]


def test_also_cue_matches_and_duplicate_is_false_positive() -> None:
    only_also = events_counts([STRIKE], [ev_at(TEXT, "killed")])
    assert only_also.events == [1, 0, 0, 0]
    both = events_counts([STRIKE], [ev_at(TEXT, "struck"), ev_at(TEXT, "killed")])
    assert both.events == [1, 1, 0, 0]
    dup = [e for e in both.errors if e["kind"] == "event:fp"]
    assert dup[0]["duplicate"] and dup[0]["record"].trigger == "killed"


def test_optional_gold_neither_costs_recall_nor_counts_as_fp() -> None:
    optional = {**STRIKE, "optional": True}
    assert events_counts([optional], []).events == [0, 0, 0, 0]
    assert events_counts([optional], [ev_at(TEXT, "struck")]).events == [0, 0, 0, 1]


def test_one_record_goes_to_required_gold_before_optional() -> None:
    optional = {"cue": "Israel struck Hezbollah positions", "plover": ["ASSAULT"],
                "optional": True}  # fmt: skip
    required = {"cue": "positions in Tyre", "plover": ["ASSAULT"]}
    c = events_counts([optional, required], [ev_at(TEXT, "struck")])
    assert c.events == [1, 0, 0, 0]


def test_primary_cue_preferred_over_also_cue() -> None:
    a = {**STRIKE}  # cue in sentence 1, also in sentence 2
    b = {"cue": "killed five people", "plover": ["ASSAULT"]}  # cue in sentence 2
    c = events_counts([a, b], [ev_at(TEXT, "killed")])
    missed = [e["gold"]["cue"] for e in c.errors if e["kind"] == "event:missed"]
    assert c.events == [1, 0, 1, 0] and missed == [STRIKE["cue"]]


def test_correct_fields_break_ties() -> None:
    g1 = {"cue": "Israel struck", "plover": ["ASSAULT"], "target": "LBN"}
    g2 = {"cue": "Hezbollah positions", "plover": ["ASSAULT"], "target": "ISR"}
    recs = [ev_at(TEXT, "struck", target=part("ISR"))]
    c = events_counts([g1, g2], recs)
    assert c.fields["target"] == [1, 1]


@pytest.mark.parametrize(("symmetric", "right"), [(True, 1), (False, 0)])
def test_symmetric_events_may_swap(symmetric: bool, right: int) -> None:
    gold = [{**STRIKE, "source": "ISR", "target": "HEZBOLLAH", "symmetric": symmetric}]
    rec = ev_at(TEXT, "struck", source=part("LBNHEZ"), target=part("ISR"))
    c = events_counts(gold, [rec])
    assert c.fields["source"] == [right, 1] and c.fields["target"] == [right, 1]


@pytest.mark.parametrize(
    ("gold", "kw", "ok"),
    [
        ({"where": ["Tyre", "south Lebanon"]}, {}, False),  # a record lacking a field is wrong
        ({"when": "2024-11"}, {"when": When(dt.date(2024, 11, 3), None, "day", "x")}, True),
        ({"when": "2024-11-03"}, {"when": When(dt.date(2024, 11, 1), None, "month", "x")}, False),
        ({"when": ["2024-11-02", "2024-11-03"]},
         {"when": When(dt.date(2024, 11, 3), None, "day", "x")}, True),
        ({"status": ["alleged", "occurred"]}, {"status": Status.ALLEGED}, True),
        ({"status": ["occurred"]}, {"status": Status.PLANNED}, False),
        ({"said_by": ["U.S. Army", "the army"]}, {"attribution": Attribution(
            (Source("Outlet", kind="outlet"), Source("the U.S. Army")), own_voice=False)}, True),
        ({"said_by": "outlet"}, {"attribution": Attribution(
            (Source("Outlet", kind="outlet"), Source("the U.S. Army")), own_voice=False)}, False),
        ({"said_by": "outlet"}, {}, True),
        ({"source": "CIV", "source_country": "LBN"}, {"source": part("LBNCVL")}, True),
        ({"source": "CIV"}, {"source": part("ISRCVL")}, True),
        ({"source": "UN"}, {"source": part("IGOUNOSEC")}, True),
        ({"source": ["USA", "FRA"]}, {"source": part("FRA:MACRON")}, True),
        ({"source": "HEZBOLLAH"}, {"source": part("PROV:iran-backed-group")}, False),
        ({"source": None}, {}, None),  # null: not scored
    ],
)  # fmt: skip
def test_fields(gold: dict, kw: dict, ok: bool | None) -> None:
    name = next(iter(gold))
    c = events_counts([{**STRIKE, **gold}], [ev_at(TEXT, "killed", **kw)])
    assert c.fields[name] == ([0, 0] if ok is None else [int(ok), 1])


# --- markers and attributions ---------------------------------------------------------------

M_TEXT = "The Zionist regime savagely attacked. Officials said the enemy fled. The regime left."


def marker(text: str, phrase: str) -> Marker:
    at = text.index(phrase)
    return Marker("loaded_term", Evidence("a", 0, at, at + len(phrase), phrase, "slant@1"))


def markers_counts(gold: list[dict], flagged: list[Marker], neutral: list[str] = ()) -> Counts:
    counts = Counts()
    realnews.score_markers(M_TEXT, gold, list(neutral), flagged, counts)
    return counts


@pytest.mark.parametrize(
    ("gold", "flagged", "expected"),
    [
        ([{"text": "Zionist regime"}], ["regime"], [1, 0, 0, 0]),  # overlaps the first one
        ([{"text": "Zionist regime"}], ["regime left"], [0, 1, 1, 0]),
        ([{"text": "savagely"}], ["savagely", "savagely attacked"], [1, 1, 0, 0]),
        ([{"text": "savagely", "optional": True}], [], [0, 0, 0, 0]),
        ([{"text": "savagely", "optional": True}], ["savagely"], [0, 0, 0, 1]),
        ([], [], [0, 0, 0, 0]),
    ],
)
def test_markers(gold: list[dict], flagged: list[str], expected: list[int]) -> None:
    assert markers_counts(gold, [marker(M_TEXT, f) for f in flagged]).markers == expected


def test_flagged_neutral_phrases_are_counted() -> None:
    c = markers_counts([], [marker(M_TEXT, "enemy")], neutral=["the enemy fled", "Officials"])
    assert c.neutral == [1, 2]


A_TEXT = "Israel said it struck. Hezbollah said nothing, an official said."


def attribution(
    text: str, cue: str, speaker: str, nth: int = 0, kind: str = "speech"
) -> Attribution:
    at = -1
    for _ in range(nth + 1):
        at = text.index(cue, at + 1)
    chain = (Source("Outlet", kind="outlet"), Source(speaker))
    ev = Evidence("a", 0, at, at + len(cue), cue, "attribution@1")
    return Attribution(chain, cue=cue, own_voice=False, evidence=ev, kind=kind)


@pytest.mark.parametrize(
    ("gold", "records", "expected"),
    [
        ({"cue": "said", "speaker": "Israel", "within": "Israel said"},
         [("said", "Israel", 0)], [1, 0, 0, 0]),
        ({"cue": "said", "speaker": ["an official", "official"], "within": "an official said"},
         [("said", "an Israeli official", 2)], [1, 0, 0, 0]),  # `within` finds the third "said"
        ({"cue": "said", "speaker": "official", "within": "an official said"},
         [("said", "an official", 0)], [0, 1, 1, 0]),  # right speaker, wrong place
        ({"cue": "said", "speaker": "Israel", "within": "Israel said"},
         [("said", "Hezbollah", 0)], [0, 1, 1, 0]),  # right place, wrong speaker
        ({"cue": "said", "speaker": "Hezbollah", "within": "Hezbollah said", "optional": True},
         [], [0, 0, 0, 0]),
        # a belief or intention, or a cue of no known kind, is no speech attribution (issue 13)
        ({"cue": "said", "speaker": "Israel", "within": "Israel said"},
         [("said", "Israel", 0, "belief")], [0, 0, 1, 0]),
        ({"cue": "said", "speaker": "Israel", "within": "Israel said"},
         [("said", "Hezbollah", 0, "other")], [0, 0, 1, 0]),
        ({"cue": "said", "speaker": "Israel", "within": "Israel said"},
         [("said", "Israel", 0, "evaluation")], [1, 0, 0, 0]),
    ],
)  # fmt: skip
def test_attributions(gold: dict, records: list[tuple], expected: list[int]) -> None:
    counts = Counts()
    atts = [attribution(A_TEXT, *r) for r in records]
    realnews.score_attributions(A_TEXT, [gold], atts, {}, counts)
    assert counts.attributions == expected


# --- intervals and the report ---------------------------------------------------------------


def test_bootstrap_is_seeded_and_brackets_the_figure() -> None:
    good, bad = Counts(), Counts()
    good.events[:] = [3, 0, 0, 0]
    bad.events[:] = [0, 2, 2, 0]
    per = [good, bad, good]
    a, b = realnews.bootstrap(per, 200), realnews.bootstrap(per, 200)
    assert a == b and realnews.bootstrap([]) == {}
    lo, hi = a["event_f1"]
    total = Counts()
    for c in per:
        total.add(c)
    assert 0.0 <= lo <= realnews.figures(total)["event_f1"] <= hi <= 1.0


def test_score_on_a_tiny_set_with_fake_analysis(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "index.jsonl").write_text(
        json.dumps({"file": "a.txt", "outlet": "X", "date": "2024-11-30"}) + "\n"
    )
    said = {"cue": "said", "speaker": "U.S. Army", "within": "Army said"}
    gold = {"file": "a.txt", "events": [STRIKE], "markers": [], "neutral": ["Hezbollah"],
            "attributions": [said]}  # fmt: skip
    (tmp_path / "gold.jsonl").write_text(json.dumps(gold) + "\n")

    def fake(items: list[realnews.GoldArticle]) -> list[Analysis]:
        (item,) = items
        article = Article("a", item.text, outlet=item.outlet, published=item.published)
        return [Analysis(article, events=(ev_at(item.text, "struck"),),
                         attributions=(attribution(item.text, "said", "U.S. Army"),))]  # fmt: skip

    report = realnews.score(tmp_path, analyze=fake)
    assert report.items == 1
    assert report.headline["event_f1"] == 1.0 and report.headline["attribution_f1"] == 1.0
    assert report.headline["marker_f1"] == 0.0
    assert any("development set" in n for n in report.notes)
    table = format_report(report)
    assert "event_f1" in table and "95%" in table
    assert json.dumps(report_to_dict(report))


def test_registered() -> None:
    assert GOLD_SETS[realnews.NAME] == "newsledger.eval.realnews"


# --- the real set ---------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.model
@pytest.mark.skipif(realnews.default_path() is None, reason="realnews-dev data not present")
def test_real_set() -> None:
    items = realnews.load()
    total, per_article = realnews.evaluate(items, realnews.analyse(items))
    assert len(per_article) == 30
    assert total.gold["events_required"] == 122
    assert total.gold["markers_required"] == 26
    assert total.gold["attributions_required"] == 177
    assert total.problems == []  # every gold string is found in its text
    report = realnews.build_report(total, per_article)
    assert report.items == 30
    assert all(0.0 <= v <= 1.0 for v in report.headline.values())
    assert sum(total.events[:3:2]) == 122 and sum(total.attributions[:3:2]) == 177


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Trump", "President Trump", True),
        ("Alice Feza", "Ms Feza", True),
        ("Shehbaz Sharif", "PM Shehbaz", True),
        ("the Ministry of Defence", "Ministry of Defence", True),
        ("Lebanon's army", "Lebanon army", True),
        ("US officials", "Russian officials", False),
        ("Israel", "", False),
        ("the", "the", False),
    ],
)
def test_same_name(a: str, b: str, same: bool) -> None:
    assert match.same_name(a, b) is same and match.same_name(b, a) is same


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Jean-Noel Barrot", "Noel Barrot"),
        ("Anees al-Asbahi", "Asbahi"),
        ("U.S. officials", "US officials"),
    ],
)
def test_same_name_across_hyphens_and_dots(a: str, b: str) -> None:
    assert match.same_name(a, b)


@pytest.mark.parametrize(
    ("gold", "precision", "day", "ok"),
    [
        ("2025-03-15", "day", "2025-03-15", True),
        ("2025-03-15", "reported", "2025-03-15", True),  # the publication day standing in
        ("2025-03-15", "reported", "2025-03-14", False),
        ("2025-03-15", "month", "2025-03-01", False),  # a month is no day
        ("2025-03", "reported", "2025-03-15", True),
        (["2025-03-14", "2025-03-15"], "day", "2025-03-14", True),
    ],
)
def test_when_counts_the_records_day(gold, precision, day, ok) -> None:
    import datetime as dt

    from newsledger.eval.realnews_match import _when_ok
    from newsledger.model import When

    d = dt.date.fromisoformat(day)
    assert _when_ok(gold, When(d, d, precision, "")) is ok


@pytest.mark.parametrize(
    ("mention", "tp", "fp"),
    [
        ("The strikes killed", 1, 0),  # a further mention in the gold's `also` sentence
        ("Lebanon condemned", 0, 1),  # one elsewhere does not make it match
    ],
)
def test_a_records_further_mentions_locate_it(mention: str, tp: int, fp: int) -> None:
    from dataclasses import replace

    gold = [{"cue": "The strikes killed", "plover": ["ASSAULT"]}]
    ev = ev_at(TEXT, "Israel struck")
    ev = replace(ev, mentions=(ev_at(TEXT, mention).evidence,))
    counts = events_counts(gold, [ev])
    assert (counts.events[0], counts.events[1]) == (tp, fp)
