"""One event, one record (extract.event_mentions): further mentions of an event join its first
record as evidence; distinct events stay apart."""

from __future__ import annotations

import pytest

from newsledger.model import Event

PUB = "2025-09-19"


def _events(text: str) -> tuple[Event, ...]:
    from newsledger import nlp
    from newsledger.extract import events
    from newsledger.ingest import article_from_text
    from newsledger.model import Found

    article = article_from_text(text, source="<test>", published=PUB, min_words=1)
    return tuple(events.extract(nlp.parse(article.text), article, Found()))


def _sentences(ev: Event) -> list[int]:
    return sorted({ev.evidence.sentence, *(m.sentence for m in ev.mentions)})


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "plover", "expected"),
    [
        # a definite noun retells the strike
        ("Russian forces struck Kharkiv on Monday. The strikes killed four people, the mayor "
         "said.", "ASSAULT", [[0, 1]]),
        # a possessive event noun retells it too
        ("Turkish jets bombed Kurdish positions near Qandil. Ankara said its air strikes hit "
         "weapons depots.", "ASSAULT", [[0, 1]]),
        # the same two parties meeting again, without a place or date of its own
        ("Turkish President Erdogan met Russian President Putin in Baku on Tuesday. The two "
         "leaders held talks for three hours.", "CONSULT", [[0, 1]]),
        # another act on the same country is another event (a shoot-down, then shelling)
        ("Pakistan's military said it shot down five Indian jets. Pakistani shelling killed at "
         "least 10 people in Poonch, Indian officials said.", "ASSAULT", [[0], [1]]),
        # a phone call is no summit, in its sentence or after it
        ("Putin briefed officials in Moscow on Friday's Russia-US summit in Alaska. Trump then "
         "had a call with Zelensky, while NATO states acknowledged the Alaska summit.",
         "CONSULT", [[0, 1], [1]]),
        # "also": another strike, not the same one told again
        ("Russian forces shelled Kharkiv on Monday. Russian forces also shelled Kherson on "
         "Monday.", "ASSAULT", [[0], [1]]),
        # two meetings in different cities stay apart
        ("Turkish President Erdogan met Russian President Putin in Baku on Tuesday. Erdogan "
         "met Putin in Ankara in June.", "CONSULT", [[0], [1]]),
        # distinct pledges by one side stay apart (a pledge is not retold by its parties)
        ("Armenia pledged to recognize Azerbaijan's borders. Armenia will hand over four "
         "villages to Azerbaijan.", "AGREE", None),
        # the same side's same demand to the same people, restated a sentence on
        ("Hamas urged residents of Gaza City to stay home on Monday. \"We urge all residents "
         "of Gaza City to remain calm,\" Hamas said.", "REQUEST", [[0, 1]]),
        # the same side's demand to others is another demand
        ("Egypt urged Israel to withdraw its troops. Egypt urged Hamas to release the "
         "hostages.", "REQUEST", [[0], [1]]),
        # a mention with no side, target or place of its own retells the only attack before
        ("Indian forces carried out strikes in Pakistan on Wednesday. Altogether, nine sites "
         "have been targeted, the army said.", "ASSAULT", [[0, 1]]),
        # the same place named again at country level is no place of its own
        ("Indian forces carried out strikes in Pakistan on Wednesday. The army said Indian "
         "forces hit camps in Pakistan.", "ASSAULT", [[0, 1]]),
        # a day's possessive dates another attack; it does not point back
        ("Houthi fighters attacked a tanker in the Red Sea on Tuesday. The sinking followed "
         "Sunday's attack on another vessel in the Red Sea.", "ASSAULT", [[0], [1]]),
        # the same unresolved parties meeting again
        ("Officials said U.S.-Russia negotiations in Anchorage lasted three hours. The "
         "U.S.-Russia negotiations ended without a deal.", "CONSULT", [[0, 1]]),
        # an abduction in the attack's sentence stays its own record
        ("Gunmen attacked a bus in Zamfara on Monday, killing three people and kidnapping "
         "several passengers.", "ASSAULT", [[0], [0]]),
    ],
)  # fmt: skip
def test_mentions_join_their_event(text: str, plover: str, expected: list | None) -> None:
    got = [_sentences(e) for e in _events(text) if e.type.plover == plover]
    if expected is None:
        assert len(got) != 1 or got[0] == [0]  # never one record spanning both pledges
    else:
        assert got == expected


@pytest.mark.model
def test_a_merged_record_keeps_the_counts_and_the_first_trigger() -> None:
    text = ("Russian forces struck Kharkiv on Monday. The attack killed four people and wounded "
            "nine, the governor said.")  # fmt: skip
    (ev,) = [e for e in _events(text) if e.type.plover == "ASSAULT"]
    assert ev.trigger.startswith("struck")
    assert {m.sentence for m in ev.mentions} == {1}
    assert {q.kind for q in ev.quantities} >= {"fatalities"}


@pytest.mark.model
def test_a_bare_mention_after_two_attackers_stays_apart() -> None:
    """ "Explosions were heard" after Israel's strikes and Iran's drones: whose is not said."""
    text = ("Israel struck Iran on Friday as Iran fired drones at Israel. Two explosions were "
            "heard overnight.")  # fmt: skip
    assault = [_sentences(e) for e in _events(text) if e.type.plover == "ASSAULT"]
    assert [0, 1] not in assault


@pytest.mark.model
def test_an_attack_of_another_day_in_the_same_sentence_stays_apart() -> None:
    """ "struck nine sites on Wednesday ... militants who planned last month's attack": two."""
    text = ("India struck nine sites in Pakistan on Wednesday, saying it hit infrastructure used "
            "by militants who planned last month's attack on tourists in Pahalgam.")  # fmt: skip
    assault = [e for e in _events(text) if e.type.plover == "ASSAULT"]
    assert len(assault) == 2, [(e.trigger, e.when) for e in assault]
    assert {e.when.precision for e in assault if e.when} == {"day", "month"}


@pytest.mark.model
def test_a_real_toll_never_joins_a_denied_attack() -> None:
    text = ("The ministry struck the city of Sumy on Sunday and denied targeting civilians. "
            "Officials said the strike killed 34 people.")  # fmt: skip
    events = _events(text)
    denied = [e for e in events if e.status.value == "denied"]
    assert all(not e.quantities for e in denied)


@pytest.mark.model
def test_an_armed_group_and_its_countrys_army_are_two_sides() -> None:
    """JNIM (coded to Mali) and Mali's army: one's kill is no further mention of the other's."""
    import newsledger

    text = ("The Group for the Support of Islam and Muslims, known by its Arabic acronym JNIM, "
            "claimed responsibility for the attack on the camp in Boulkessi in a statement, "
            "saying its fighters had taken control of the base. Mali's army said it had "
            'repelled the assault and killed dozens of "terrorists" but did not give its own '
            "losses.")  # fmt: skip
    events = newsledger.analyze(text, published=PUB).events
    sources = [{p.actor_id for p in e.source} for e in events]
    assert {"MLIJNI"} in sources and {"MLIMIL"} in sources, sources
