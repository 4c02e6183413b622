"""Hand-made analysed articles for the API and web UI tests, built from model records.

Three short invented reports from two outlets about the same two days, with records placed
by finding their phrases in the text, so the spans are right by construction. They exercise
every highlighted kind (mentions, triggers, attribution cues and scopes, slant markers, a
speaker's loaded words in a quote), an attributed and an own-voice event, a denied event,
places with coordinates and one without.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from newsledger.ingest import article_from_text
from newsledger.model import (
    Actor,
    Analysis,
    Article,
    Attribution,
    Certainty,
    Claim,
    Event,
    EventType,
    Evidence,
    Marker,
    Mention,
    Participant,
    Place,
    Quantity,
    Source,
    SpeakerMarker,
    Status,
    When,
)

HARBOUR = "Harbour Times"
CAPITAL = "Capital Wire"

TEXT_A = (
    "Israeli and Syrian officials met in London on Wednesday to discuss a security "
    "agreement, according to Axios. The talks were mediated by the US envoy.\n\n"
    "Israeli forces struck targets near Damascus on Thursday, killing at least three people, "
    "the Syrian health ministry said. The Israeli regime pressed on with its brutal campaign."
)
TEXT_B = (
    "Syria's foreign minister met Israel's strategic affairs minister in London on Wednesday. "
    "Officials said a deal could be signed by the end of the year. "
    "Israel denied that its jets struck Damascus on Thursday."
)
TEXT_C = (
    "Protesters gathered in Sweida on Sunday to demand the withdrawal of government troops, "
    "local media reported. Security forces fired tear gas at the crowd, witnesses said. "
    '"The regime\'s thugs gassed us like animals," one protester said.'
)

ACTORS = {
    "ISR": Actor("ISR", "Israel", "state", "ISR"),
    "ISRGOV": Actor("ISRGOV", "Israeli government", "government", "ISR",
                    aliases=("Israeli regime",)),
    "ISRMIL": Actor("ISRMIL", "Israeli military", "military", "ISR"),
    "SYR": Actor("SYR", "Syria", "state", "SYR"),
    "SYRGOV": Actor("SYRGOV", "Syrian government", "government", "SYR"),
    "SYRMIL": Actor("SYRMIL", "Syrian security forces", "military", "SYR"),
    "SYRCVL": Actor("SYRCVL", "Syrian civilians", "civilians", "SYR"),
    "USAGOV": Actor("USAGOV", "US government", "government", "USA"),
}

PLACES = {
    "London": ("GBR", 51.5074, -0.1278, "city"),
    "Damascus": ("SYR", 33.5138, 36.2765, "city"),
    "Sweida": ("SYR", 32.7089, 36.5695, "city"),
}


class Builder:
    """Records for one article, placed by phrase."""

    def __init__(self, text: str, outlet: str, published: str, title: str) -> None:
        self.article: Article = article_from_text(text, source="<test>", published=published,
                                                  outlet=outlet, title=title)
        self.text = self.article.text
        self.mentions: list[Mention] = []
        self.places: list[Place] = []
        self.attributions: list[Attribution] = []
        self.events: list[Event] = []
        self.claims: list[Claim] = []
        self.markers: list[Marker] = []
        self.speaker_markers: list[SpeakerMarker] = []

    def ev(self, phrase: str, extractor: str, after: int = 0) -> Evidence:
        start = self.text.index(phrase, after)
        sentence = self.text.count(". ", 0, start) + self.text.count("\n\n", 0, start)
        return Evidence(self.article.id, sentence, start, start + len(phrase), phrase, extractor)

    def mention(self, actor: str, phrase: str, via: str = "name", after: int = 0) -> None:
        self.mentions.append(Mention(actor, phrase, self.ev(phrase, "actors@1", after), via=via))

    def place(self, name: str) -> Place:
        country, lat, lon, precision = PLACES[name]
        p = Place(name, country, lat, lon, precision, self.ev(name, "places@1"))
        self.places.append(p)
        return p

    def attribution(self, cue: str, chain: list[tuple[str, str]], scope: str) -> Attribution:
        scope_ev = self.ev(scope, "attribution@1")
        a = Attribution(
            chain=(Source(self.article.outlet or "outlet", kind="outlet"),
                   *(Source(n, kind=k) for n, k in chain)),
            cue=cue, own_voice=False, scope_start=scope_ev.start, scope_end=scope_ev.end,
            evidence=self.ev(cue, "attribution@1", scope_ev.start))
        self.attributions.append(a)
        return a

    def event(self, trigger: str, etype: EventType, source: list[tuple[str, str]],
              target: list[tuple[str, str]], where: Place | None, when: dt.date | None,
              when_text: str = "", status: Status = Status.OCCURRED,
              attribution: Attribution | None = None,
              quantities: tuple[Quantity, ...] = (), confidence: float | None = None) -> None:
        n = len(self.events) + 1
        self.events.append(Event(
            id=f"{self.article.id[:16]}-e{n}", type=etype, trigger=trigger,
            evidence=self.ev(trigger, "events@1"),
            source=tuple(Participant(a, m, "source") for a, m in source),
            target=tuple(Participant(a, m, "target") for a, m in target),
            where=where,
            when=When(when, when, "day", when_text) if when else None,
            status=status,
            certainty=Certainty.REPORTED if attribution else Certainty.ASSERTED,
            attribution=attribution, quantities=quantities, confidence=confidence))

    def marker(self, phrase: str, category: str, neutral: str | None,
               target: str | None = None) -> None:
        self.markers.append(Marker(category, self.ev(phrase, "slant@1"), neutral, target,
                                   "test-lexicon"))

    def speaker_marker(self, phrase: str, speaker: str, category: str, neutral: str | None,
                       target: str | None = None) -> None:
        self.speaker_markers.append(SpeakerMarker(speaker, category, self.ev(phrase, "slant@2"),
                                                  neutral, target, "test-lexicon", 0.8))

    def build(self) -> Analysis:
        used = {m.actor_id for m in self.mentions}
        return Analysis(
            article=self.article,
            actors=tuple(ACTORS[a] for a in sorted(used)),
            mentions=tuple(self.mentions), places=tuple(self.places),
            attributions=tuple(self.attributions), events=tuple(self.events),
            claims=tuple(self.claims), markers=tuple(self.markers),
            speaker_markers=tuple(self.speaker_markers))


CONSULT = EventType("CONSULT", "meet", "043")
AGREE = EventType("AGREE", "settle", "057")
AIRSTRIKE = EventType("ASSAULT", "aerial", "195", "Explosions/Remote violence",
                      "Air/drone strike")
PROTEST = EventType("PROTEST", "demonstrate", "141", "Protests", "Peaceful protest")
COERCE = EventType("COERCE", "crowd-control", "175")


def article_a() -> Analysis:
    b = Builder(TEXT_A, HARBOUR, "2025-09-19", "Officials meet in London; strikes near Damascus")
    b.mention("ISRGOV", "Israeli")
    b.mention("SYRGOV", "Syrian")
    b.mention("USAGOV", "the US envoy", via="role")
    b.mention("ISRMIL", "Israeli forces")
    b.mention("SYRGOV", "the Syrian health ministry", via="role")
    b.mention("ISRGOV", "The Israeli regime", via="loaded_alias")
    axios = b.attribution("according to Axios", [("Axios", "media")],
                          "Israeli and Syrian officials met in London on Wednesday to discuss "
                          "a security agreement, according to Axios.")
    ministry = b.attribution("said", [("the Syrian health ministry", "official")],
                             "Israeli forces struck targets near Damascus on Thursday, killing "
                             "at least three people, the Syrian health ministry said.")
    london, damascus = b.place("London"), b.place("Damascus")
    b.event("met", CONSULT, [("ISRGOV", "Israeli")], [("SYRGOV", "Syrian")], london,
            dt.date(2025, 9, 17), "on Wednesday", attribution=axios, confidence=0.92)
    b.event("mediated", EventType("MEDIATE", None, "046"), [("USAGOV", "the US envoy")],
            [("ISRGOV", "Israeli")], london, dt.date(2025, 9, 17), "on Wednesday")
    b.event("struck", AIRSTRIKE, [("ISRMIL", "Israeli forces")], [("SYRGOV", "Syrian")],
            damascus, dt.date(2025, 9, 18), "on Thursday", attribution=ministry,
            quantities=(Quantity(3, "people", "at least three people", "at least",
                                 "fatalities"),))
    b.event("pressed on", EventType("ASSAULT", None, "190"), [("ISRGOV", "The Israeli regime")],
            [], None, None, confidence=0.35)
    b.marker("The Israeli regime", "delegitimising_name", "The Israeli government", "ISRGOV")
    b.marker("brutal", "intensifier", None, "ISRGOV")
    return b.build()


def article_b() -> Analysis:
    b = Builder(TEXT_B, CAPITAL, "2025-09-19", "Syrian and Israeli ministers meet in London")
    b.mention("SYRGOV", "Syria's foreign minister", via="role")
    b.mention("ISRGOV", "Israel's strategic affairs minister", via="role")
    b.mention("ISR", "Israel", after=TEXT_B.index("Officials"))
    b.mention("ISRMIL", "its jets", via="metonym")
    officials = b.attribution("Officials said", [("Officials", "anonymous")],
                              "Officials said a deal could be signed by the end of the year.")
    denial = b.attribution("denied", [("Israel", "official")],
                           "Israel denied that its jets struck Damascus on Thursday.")
    london = b.place("London")
    damascus = b.place("Damascus")
    b.event("met", CONSULT, [("SYRGOV", "Syria's foreign minister")],
            [("ISRGOV", "Israel's strategic affairs minister")], london, dt.date(2025, 9, 17),
            "on Wednesday")
    b.event("signed", AGREE, [("SYRGOV", "Syria")], [("ISRGOV", "Israel")], None,
            dt.date(2025, 12, 31), "by the end of the year", status=Status.EXPECTED,
            attribution=officials)
    b.event("struck", AIRSTRIKE, [("ISRMIL", "its jets")], [("SYR", "Damascus")], damascus,
            dt.date(2025, 9, 18), "on Thursday", status=Status.DENIED, attribution=denial)
    b.claims.append(Claim(f"{b.article.id[:16]}-c1", "Officials", None, "said",
                          b.ev("a deal could be signed by the end of the year", "attribution@1"),
                          quoted=False, kind="assessment", attribution=officials))
    return b.build()


def article_c() -> Analysis:
    b = Builder(TEXT_C, HARBOUR, "2025-09-22", "Protest in Sweida")
    b.mention("SYRCVL", "Protesters", via="role")
    b.mention("SYRMIL", "government troops", via="role")
    b.mention("SYRMIL", "Security forces", via="role")
    b.mention("SYRCVL", "the crowd", via="coref")
    media = b.attribution("local media reported", [("local media", "media")],
                          "Protesters gathered in Sweida on Sunday to demand the withdrawal of "
                          "government troops, local media reported.")
    witnesses = b.attribution("witnesses said", [("witnesses", "person")],
                              "Security forces fired tear gas at the crowd, witnesses said.")
    b.attribution("one protester said", [("one protester", "person")],
                  '"The regime\'s thugs gassed us like animals," one protester said.')
    # loaded words in a speaker's quote: the protester's, not the outlet's
    b.speaker_marker("The regime", "one protester", "delegitimising_name", "The government",
                     "SYRGOV")
    b.speaker_marker("thugs", "one protester", "pejorative_label", "security forces", "SYRMIL")
    sweida = b.place("Sweida")
    b.event("gathered", PROTEST, [("SYRCVL", "Protesters")], [("SYRMIL", "government troops")],
            sweida, dt.date(2025, 9, 21), "on Sunday", attribution=media)
    b.event("fired", COERCE, [("SYRMIL", "Security forces")], [("SYRCVL", "the crowd")],
            sweida, dt.date(2025, 9, 21), "on Sunday", attribution=witnesses)
    return b.build()


def demo_analyses() -> list[Analysis]:
    return [article_a(), article_b(), article_c()]


def save_demo(db_path: Any) -> list[Analysis]:
    """Store the demo articles in a DuckDB file; return them."""
    from newsledger.store import Store

    analyses = demo_analyses()
    with Store(db_path) as store:
        store.save_many(analyses)
    return analyses


def guarded_page(browser: Any, server: str, ignore_console: str | None = None) -> Iterator[Any]:
    """A fresh page that refuses to leave the test server and records script errors (console
    errors holding `ignore_console` excepted); asserts both when the test is done."""
    context = browser.new_context(viewport={"width": 1360, "height": 900}, base_url=server)
    pg = context.new_page()
    outside: list[str] = []
    errors: list[str] = []

    def guard(route: Any) -> None:
        if route.request.url.startswith(server):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    def console(msg: Any) -> None:
        if msg.type == "error" and not (ignore_console and ignore_console in msg.text):
            errors.append(msg.text)

    pg.route("**/*", guard)
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.on("console", console)
    pg.script_errors = errors  # a test that asks for an error page clears what it caused
    yield pg
    context.close()
    assert outside == [], f"the UI tried to reach the internet: {outside}"
    assert errors == [], f"script errors: {errors}"
