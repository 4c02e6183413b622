"""Merging events from different articles into stories."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from newsledger import merge
from newsledger.model import (
    Attribution,
    Event,
    EventType,
    Evidence,
    Participant,
    Place,
    Quantity,
    Source,
    Status,
    Story,
    When,
)

D = dt.date
DAY = D(2025, 9, 17)
PUB = D(2025, 9, 18)


def place(name: str, country: str | None, lat=None, lon=None, precision="city", gid=None):
    ev = Evidence("a", 0, 0, len(name), name, "places@1")
    return Place(name, country, lat, lon, precision, ev, gid)


CAIRO = place("Cairo", "EGY", 30.04, 31.24, gid="geonames:360630")
CAIRO_ALT = place("the Egyptian capital Cairo", "EGY", 30.05, 31.25)
EGYPT = place("Egypt", "EGY", 26.0, 30.0, "country")
PARIS = place("Paris", "FRA", 48.85, 2.35, gid="geonames:2988507")
GAZA = place("Gaza City", "PSE", 31.50, 34.47, gid="geonames:281133")
N_GAZA = place("northern Gaza", "PSE", 31.55, 34.50, "region")
KHAN_YUNIS = place("Khan Younis", "PSE", 31.34, 34.30, gid="geonames:281141")
KHARKIV = place("Kharkiv", "UKR", 49.99, 36.23)


def event(
    eid: str,
    plover: str,
    source=(),
    target=(),
    others=(),
    where=None,
    day: dt.date | None = DAY,
    precision="day",
    status=Status.OCCURRED,
    quantities=(),
    via: str | None = None,
    trigger="met",
) -> Event:
    article = eid.split("-")[0]
    ev = Evidence(article, 0, 0, len(trigger), trigger, "events@1")
    when = When(day, day, precision, "on Wednesday") if day else None
    attribution = None
    if via:
        attribution = Attribution(
            (Source("Outlet", kind="outlet"), Source(via)), "said", own_voice=False
        )
    return Event(
        id=eid,
        type=EventType(plover),
        trigger=trigger,
        evidence=ev,
        source=tuple(Participant(a, m, "source") for a, m in source),
        target=tuple(Participant(a, m, "target") for a, m in target),
        others=tuple(Participant(a, m, r) for a, m, r in others),
        where=where,
        when=when,
        status=status,
        quantities=quantities,
        attribution=attribution,
    )


def rep(ev: Event, outlet: str, published=PUB) -> merge.Reported:
    return merge.Reported(ev, outlet, published)


# Pairs written as different outlets would report them: (name, event a, event b).
SAME = [
    (
        "talks vs agreement at one meeting, state bodies vs country",
        event(
            "aaa-e1",
            "CONSULT",
            [("SYRGOV", "Syrian Foreign Minister")],
            [("ISRGOV", "Israeli officials")],
            others=[("USA", "US envoy", "mediator")],
            where=PARIS,
        ),
        event(
            "bbb-e3",
            "AGREE",
            [("SYR", "Damascus")],
            [("ISR", "Israel")],
            where=PARIS,
            trigger="reached understandings",
        ),
    ),
    (
        "strike: army vs country, city vs region nearby, a day apart",
        event(
            "ccc-e1",
            "ASSAULT",
            [("ISRMIL", "the Israeli army")],
            [("PSE", "Palestinians")],
            where=GAZA,
            trigger="struck",
            quantities=(Quantity(12, "people", "at least 12 people", "at least", "fatalities"),),
        ),
        event(
            "ddd-e2",
            "ASSAULT",
            [("ISR", "Israeli warplanes")],
            [],
            where=N_GAZA,
            day=D(2025, 9, 16),
            trigger="pounded",
            quantities=(Quantity(15, "people", "15 Palestinians", None, "fatalities"),),
        ),
    ),
    (
        "meeting: one report names no place, other is a day off",
        event("eee-e1", "CONSULT", [("USAGOV", "Washington")], [("CHN", "Beijing")], where=None),
        event(
            "fff-e1",
            "CONSULT",
            [("CHNGOV", "Chinese officials")],
            [("USA", "the United States")],
            where=place("Geneva", "CHE", 46.2, 6.14),
            day=D(2025, 9, 16),
        ),
    ),
    (
        "city named two ways, undated event published the next day",
        event("ggg-e1", "CONSULT", [("EGY", "Egypt")], [("HAM", "Hamas")], where=CAIRO),
        event(
            "hhh-e4",
            "CONSULT",
            [("HAM", "the militant group")],
            [("EGYGOV", "Egyptian mediators")],
            where=CAIRO_ALT,
            day=None,
        ),
    ),
    (
        "a month-precise report with the same place and actors",
        event(
            "mon-e1",
            "CONSULT",
            [("USA", "US")],
            [("CHN", "China")],
            where=PARIS,
            day=D(2025, 9, 1),
            precision="month",
        ),
        event(
            "mon2-e1", "CONSULT", [("USA:BLINKEN", "Blinken")], [("CHNGOV", "Beijing")], where=PARIS
        ),
    ),
    (
        "a place without a country, near a town, one report names no actor",
        event(
            "gol-e1",
            "ASSAULT",
            [("ISRMIL", "Israeli forces")],
            [],
            where=place("the Golan Heights", None, 33.0, 35.75, "region"),
        ),
        event("qun-e1", "ASSAULT", [], [], where=place("Quneitra", "SYR", 33.12, 35.82)),
    ),
    (
        "country-level place contains the city",
        event(
            "iii-e1",
            "PROTEST",
            [("EGYOPP", "protesters")],
            [("EGYGOV", "the government")],
            where=CAIRO,
        ),
        event("jjj-e1", "MOBILIZE", [("EGYOPP", "opposition supporters")], [], where=EGYPT),
    ),
]

SAME.append(
    (
        "one person named in full and by surname, no place (found through the index)",
        event("sss-e1", "REJECT", [("PROV:anthony-d-weiner", "Anthony D. Weiner")], [],
              day=None, trigger="denied"),
        event("ttt-e1", "REJECT", [("PROV:weiner", "Weiner")], [], day=None, trigger="denied"),
    )
)  # fmt: skip

DIFFERENT = [
    (
        "strike in Gaza vs talks in Cairo the same day",
        event("kkk-e1", "ASSAULT", [("ISRMIL", "Israeli forces")], [("PSE", "Gaza")], where=GAZA),
        event("lll-e1", "CONSULT", [("EGY", "Egypt")], [("ISR", "Israel")], where=CAIRO),
    ),
    (
        "two meetings of different pairs in the same city",
        event("mmm-e1", "CONSULT", [("USA", "Rubio")], [("ISR", "Netanyahu")], where=PARIS),
        event("nnn-e1", "CONSULT", [("USA", "Rubio")], [("SYR", "al-Shaibani")], where=PARIS),
    ),
    (
        "two strikes by one army in two cities of one territory",
        event("ooo-e1", "ASSAULT", [("ISRMIL", "the IDF")], [], where=GAZA),
        event("ppp-e1", "ASSAULT", [("ISRMIL", "the IDF")], [], where=KHAN_YUNIS),
    ),
    (
        "same type and day, nothing in common",
        event("qqq-e1", "ASSAULT", [], [], where=None),
        event("rrr-e1", "ASSAULT", [], [], where=None),
    ),
    (
        "same actors, weeks apart",
        event("sss-e1", "CONSULT", [("USA", "US")], [("CHN", "China")], day=D(2025, 9, 1)),
        event("ttt-e1", "CONSULT", [("USA", "US")], [("CHN", "China")], day=D(2025, 9, 20)),
    ),
    (
        "same day, different countries",
        event("uuu-e1", "ASSAULT", [("RUSMIL", "Russian forces")], [], where=KHARKIV),
        event("vvv-e1", "ASSAULT", [("RUSMIL", "Russian forces")], [], where=GAZA),
    ),
    (
        "a year-precise event and a dated one, no place to tie them",
        event(
            "yyy-e1",
            "CONSULT",
            [("USA", "US")],
            [("CHN", "China")],
            day=D(2025, 1, 1),
            precision="year",
        ),
        event("yyz-e1", "CONSULT", [("USA", "US")], [("CHN", "China")]),
    ),
    (
        "two politicians of one country are two parties",
        event("pol-e1", "ACCUSE", [("USA:SMITH", "Smith")], [], where=None),
        event("pom-e1", "ACCUSE", [("USA:JONES", "Jones")], [], where=None),
    ),
    (
        "armed group is not its country's government",
        event("www-e1", "ASSAULT", [("SYRREB", "rebels")], [("SYRMIL", "the army")], where=None),
        event(
            "xxx-e1", "ASSAULT", [("TUR", "Turkey")], [("SYRKRD", "Kurdish fighters")], where=None
        ),
    ),
]


@pytest.mark.parametrize(("name", "a", "b"), SAME, ids=[s[0] for s in SAME])
def test_same_event_merges(name: str, a: Event, b: Event) -> None:
    updates = merge.assign([rep(a, "Outlet A"), rep(b, "Outlet B")])
    assert len(updates) == 1, name
    story = updates[0].story
    assert sorted(story.events) == sorted((a.id, b.id))  # kept in canonical order
    assert story.outlets == ("Outlet A", "Outlet B")
    assert story.id == merge.story_id(story.events[0])


@pytest.mark.parametrize(("name", "a", "b"), DIFFERENT, ids=[s[0] for s in DIFFERENT])
def test_different_events_stay_apart(name: str, a: Event, b: Event) -> None:
    updates = merge.assign([rep(a, "Outlet A"), rep(b, "Outlet B")])
    assert len(updates) == 2, name
    assert all(u.created for u in updates)


def test_incremental_assignment_keeps_story_id_and_skips_known_events() -> None:
    a, b = SAME[0][1], SAME[0][2]  # one day: the earlier-stored event stays first
    first = merge.assign([rep(a, "Wire")])
    assert first[0].created
    stored = first[0].story
    second = merge.assign([rep(b, "Daily")], candidates=[stored])
    assert len(second) == 1 and not second[0].created
    assert second[0].story.id == stored.id
    assert second[0].added == (b.id,)
    assert set(second[0].story.events) == {a.id, b.id}
    # re-ingesting the same article changes nothing
    assert merge.assign([rep(b, "Daily")], candidates=[second[0].story]) == []


def test_an_earlier_report_arriving_later_gives_the_story_its_id() -> None:
    """The id follows the canonically first member, so it is the same in any arrival order;
    the stored story it replaces is named for deletion."""
    a, b = SAME[1][1], SAME[1][2]  # b is dated a day before a
    stored = merge.assign([rep(a, "Wire")])[0].story
    (update,) = merge.assign([rep(b, "Daily")], candidates=[stored])
    assert update.created and update.replaces == (stored.id,)
    assert (
        update.story.id
        == merge.story_id(b.id)
        == merge.group([rep(b, "Daily"), rep(a, "Wire")])[0].id
    )


def test_an_event_that_matches_two_stories_fuses_them() -> None:
    """Stories are connected components: a report that matches two stored stories (a four-party
    meeting, after two two-party reports of it) joins them into one, whatever the order."""
    left = event("lll-e1", "CONSULT", [("SYRGOV", "Syria")], [("ISRGOV", "Israel")])
    right = event("rrr-e1", "CONSULT", [("USA", "the US")], [("CHN", "China")])
    bridge = event(
        "bbb-e1",
        "CONSULT",
        [("SYRGOV", "Syria"), ("USA", "the US")],
        [("ISRGOV", "Israel"), ("CHN", "China")],
    )
    stored = [u.story for u in merge.assign([rep(left, "Wire"), rep(right, "Daily")])]
    assert len(stored) == 2
    (update,) = merge.assign([rep(bridge, "Post")], candidates=stored)
    assert set(update.story.events) == {left.id, right.id, bridge.id}
    assert set(update.replaces) == {s.id for s in stored} - {update.story.id}
    at_once = merge.group([rep(right, "Daily"), rep(bridge, "Post"), rep(left, "Wire")])
    assert [s.id for s in at_once] == [update.story.id]


@pytest.mark.parametrize("seed", range(5))
def test_stories_do_not_depend_on_arrival_order(seed: int) -> None:
    import random

    reports = [rep(a, "Outlet A") for _, a, _ in SAME] + [rep(b, "Outlet B") for *_, b in SAME]
    reports += [rep(a, "Outlet A") for _, a, _ in DIFFERENT]
    reports += [rep(b, "Outlet B") for *_, b in DIFFERENT]
    want = {(s.id, s.events) for s in merge.group(reports)}
    shuffled = reports[:]
    random.Random(seed).shuffle(shuffled)
    # in one batch, and one report at a time into the stories stored so far
    assert {(s.id, s.events) for s in merge.group(shuffled)} == want
    stored: dict[str, Story] = {}
    for r in shuffled:
        for u in merge.assign([r], candidates=list(stored.values())):
            for old in u.replaces:
                stored.pop(old, None)
            stored[u.story.id] = u.story
    assert {(s.id, s.events) for s in stored.values()} == want


def test_merged_record_and_differences() -> None:
    a = SAME[1][1]
    b = SAME[1][2]
    c = event(
        "zzz-e1",
        "ASSAULT",
        [("ISRMIL", "Israeli jets")],
        [("HAM", "Hamas")],
        where=GAZA,
        status=Status.ALLEGED,
        via="Gaza health ministry",
        trigger="hit",
    )
    story = merge.group([rep(a, "Wire"), rep(b, "Daily"), rep(c, "Gazette")])[0]
    assert story.type.plover == "ASSAULT"
    assert story.status is Status.OCCURRED  # majority of three
    assert story.start == D(2025, 9, 16) and story.end == D(2025, 9, 17)
    assert story.where is not None and story.where.name == "Gaza City"
    assert story.actors[0] == "ISRMIL"
    fields = {(d.field, d.subject): dict(d.values) for d in story.differences}
    assert fields[("status", None)] == {
        "Daily": "occurred",
        "Gazette": "alleged",
        "Wire": "occurred",
    }
    assert fields[("quantity", "fatalities")] == {
        "Wire": "at least 12 people",
        "Daily": "15 Palestinians",
    }
    assert fields[("attribution", None)]["Gazette"] == "Outlet → Gaza health ministry"
    assert fields[("naming", "ISRMIL")] == {"Wire": "the Israeli army", "Gazette": "Israeli jets"}
    assert ("naming", "PSE") not in fields  # only one outlet names it: nothing to compare


def test_no_differences_when_outlets_agree() -> None:
    a = event("a1-e1", "CONSULT", [("USA", "the US")], [("CHN", "China")])
    b = event("b1-e1", "CONSULT", [("USA", "the US")], [("CHN", "China")])
    (story,) = merge.group([rep(a, "X"), rep(b, "Y")])
    assert story.differences == ()


def test_story_round_trips_through_json() -> None:
    reports = [rep(SAME[0][1], "A"), rep(SAME[0][2], "B")]
    (story,) = merge.group(reports)
    data = json.loads(json.dumps(story.to_dict()))
    assert merge.story_from_dict(data) == story


def test_candidate_window_covers_tolerance_and_compatible_types() -> None:
    w = merge.candidate_window([rep(SAME[0][1], "A")])
    assert w.start is not None and w.end is not None
    assert w.start < D(2025, 9, 17) < w.end
    assert {"CONSULT", "AGREE"} <= w.types
    assert "ASSAULT" not in w.types
    undated = event("u-e1", "ASSAULT", day=None)
    assert merge.candidate_window([merge.Reported(undated)]).start is None


TALKS_A = (
    "Syrian and Israeli officials met in Paris on Wednesday for talks mediated by the "
    "United States, according to officials familiar with the meeting."
)
TALKS_B = (
    "Israel and Syria held a round of negotiations in the French capital Paris on Wednesday, "
    "with American envoy Tom Barrack brokering the discussions, two diplomats said."
)
STRIKE_OTHER = (
    "Russian forces launched a missile strike on Kharkiv on Wednesday, killing three people, "
    "Ukrainian officials said."
)


@pytest.mark.model
def test_two_outlets_same_meeting_through_the_pipeline() -> None:
    import newsledger

    a = newsledger.analyze(TALKS_A, published="2025-09-18", outlet="Wire")
    b = newsledger.analyze(TALKS_B, published="2025-09-18", outlet="Daily")
    c = newsledger.analyze(STRIKE_OTHER, published="2025-09-18", outlet="Daily")
    if not (a.events and b.events and c.events):
        pytest.xfail("no events extractor registered in this build")
    reports = [
        merge.Reported(e, an.article.outlet, an.article.published)
        for an in (a, b, c)
        for e in an.events
    ]
    stories = merge.group(reports)
    together = [s for s in stories if {a.article.id, b.article.id} <= set(s.articles)]
    assert together, [s.events for s in stories]
    assert not any(c.article.id in s.articles and len(s.articles) > 1 for s in stories)


def test_undated_story_spans_the_days_before_publication() -> None:
    a = event("und-e1", "CONSULT", [("USA", "US")], [("CHN", "China")], day=None)
    (story,) = merge.group([rep(a, "X")])
    assert story.start == PUB - dt.timedelta(days=merge.rules().lookback) and story.end == PUB


def test_reports_of_analysis() -> None:
    from newsledger.model import Analysis, Article

    art = Article("aaa", "text", outlet="Wire", published=PUB)
    an = Analysis(article=art, events=(SAME[0][1],))
    (r,) = merge.reports_of(an)
    assert (r.outlet, r.published, r.article_id, r.event) == ("Wire", PUB, "aaa", SAME[0][1])


def test_update_stories_fetches_per_date_run_and_merges_into_stored() -> None:
    from newsledger.model import Analysis, Article

    stored = merge.group([rep(SAME[1][1], "Wire")])
    later = event("late-e1", "CONSULT", [("USA", "US")], [("CHN", "China")], day=D(2027, 1, 5))
    art1 = Article("ddd", "t", outlet="Daily", published=PUB)
    art2 = Article("late", "t", outlet="Daily", published=D(2027, 1, 6))
    analyses = [Analysis(art1, events=(SAME[1][2],)), Analysis(art2, events=(later,))]
    windows: list[merge.Window] = []

    def fetch(window: merge.Window) -> list[Story]:
        windows.append(window)
        assert window.start is not None and window.end is not None
        return [s for s in stored if s.start and s.start <= window.end and s.end >= window.start]

    updates = merge.update_stories(analyses, fetch)
    assert len(windows) == 2  # two runs of dates, two small look-ups
    by_id = {u.story.id: u for u in updates}
    # the Daily report is dated a day before the stored Wire one: the story takes its id
    grown = by_id[merge.story_id(SAME[1][2].id)]
    assert grown.replaces == (stored[0].id,)
    assert grown.story.outlets == ("Daily", "Wire")
    assert by_id[merge.story_id("late-e1")].created


def test_update_stories_with_no_events() -> None:
    from newsledger.model import Analysis, Article

    assert merge.update_stories([Analysis(Article("x", "t"))], lambda w: []) == []


def test_a_vague_span_does_not_chain_specific_meetings_into_one_story() -> None:
    """'negotiations in recent months' overlaps both meetings; single link must not join them
    through it (it has no place, so it may not link on dates that wide)."""
    months = Event(
        id="ggg-e1",
        type=EventType("CONSULT"),
        trigger="negotiations",
        evidence=Evidence("ggg", 0, 0, 12, "negotiations", "events@1"),
        source=(Participant("ISR", "Israel", "source"),),
        target=(Participant("SYR", "Syria", "target"),),
        when=When(D(2025, 6, 18), D(2025, 9, 18), "interval", "in recent months"),
    )
    paris = event(
        "ggg-e2",
        "CONSULT",
        [("SYRGOV", "Shaibani")],
        [("ISRGOV", "Dermer")],
        where=PARIS,
        day=D(2025, 8, 1),
        precision="month",
    )
    london = event(
        "hhh-e1",
        "CONSULT",
        [("SYRGOV", "Shaibani")],
        [("ISRGOV", "Dermer")],
        where=place("London", "GBR", 51.5, -0.12),
        day=DAY,
    )
    stories = merge.group([rep(months, "A"), rep(paris, "A"), rep(london, "B")])
    assert all(len(s.events) == 1 for s in stories), [s.events for s in stories]
