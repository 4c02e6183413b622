"""The events stage on small documents: coding, roles, place, time, status, counts."""

from __future__ import annotations

import datetime as dt

import pytest

from newsledger.extract.event_status import parse_number
from newsledger.model import Status

PUB = "2025-09-19"


def _events(text: str, published: str | None = PUB):
    """The events stage alone (its own fallbacks for actors and places), on a parsed text."""
    from newsledger import nlp
    from newsledger.extract import events
    from newsledger.ingest import article_from_text
    from newsledger.model import Found

    article = article_from_text(text, source="<test>", published=published, min_words=1)
    return tuple(events.extract(nlp.parse(article.text), article, Found()))


def _ids(parts) -> set[str]:
    return {p.actor_id for p in parts}


@pytest.mark.parametrize(
    ("text", "value", "hedge", "low", "high"),
    [
        ("at least nine", 9.0, "at least", None, None),
        ("nearly 10,000", 10000.0, "nearly", None, None),
        ("hundreds", 200.0, None, 200.0, 999.0),
        ("more than 1.5 million", 1_500_000.0, "more than", None, None),
        ("twenty-one", 21.0, None, None, None),
        ("dozens", 24.0, None, 24.0, 99.0),
    ],
)
def test_parse_number(text, value, hedge, low, high) -> None:
    assert parse_number(text) == (value, low, high, hedge)


@pytest.mark.parametrize("text", ["several posts", "the", "many"])
def test_parse_number_nothing(text: str) -> None:
    assert parse_number(text) is None


# (text, PLOVER type, CAMEO root, status, sources, targets)
CASES = [
    (
        "Israel and Syria met in Paris on Wednesday.",
        "CONSULT",
        "04",
        Status.OCCURRED,
        {"ISR", "SYR"},
        set(),
    ),
    (
        "Israeli warplanes conducted airstrikes on Damascus.",
        "ASSAULT",
        "19",
        Status.OCCURRED,
        {"ISRMIL"},
        {"SYR"},
    ),
    ("Russia did not attack Ukraine on Monday.", "ASSAULT", "19", Status.NEGATED, {"RUS"}, {"UKR"}),
    (
        "Ukrainian soldiers were attacked by Russian forces near Kharkiv.",
        "ASSAULT",
        "19",
        Status.OCCURRED,
        {"RUSMIL"},
        {"UKRMIL"},
    ),
    ("Iran denied attacking the tanker.", "ASSAULT", "19", Status.DENIED, {"IRN"}, set()),
    (
        "Turkey could attack Syria if the talks fail.",
        "ASSAULT",
        "19",
        Status.HYPOTHETICAL,
        {"TUR"},
        {"SYR"},
    ),
    (
        "Israel and Jordan are expected to sign the agreement next week.",
        "SUPPORT",
        "05",
        Status.EXPECTED,
        {"ISR", "JOR"},
        set(),
    ),
    (
        "The government plans to lift sanctions on Iran.",
        "AGREE",
        "03",
        Status.PLANNED,
        set(),
        {"IRN"},
    ),
    ("France will send aid to Sudan.", "AGREE", "03", Status.PLANNED, {"FRA"}, {"SDN"}),
    (
        "Egypt threatened to expel the Israeli ambassador.",
        "THREATEN",
        "13",
        Status.OCCURRED,
        {"EGY"},
        set(),
    ),
    (
        "Police arrested at least 40 protesters in Nairobi on Tuesday.",
        "COERCE",
        "17",
        Status.OCCURRED,
        {"KENCOP"},  # the police and protesters of the place (event_sides)
        {"KENOPP"},
    ),
    (
        "Thousands of people protested in Tehran against the government.",
        "PROTEST",
        "14",
        Status.OCCURRED,
        set(),
        set(),
    ),
    (
        "The United States and Jordan signed a free-trade agreement.",
        "SUPPORT",
        "05",
        Status.OCCURRED,
        {"USA", "JOR"},
        set(),
    ),
    # converse verbs: the giver is the source, the receiver the target
    (
        "Kurdish fighters received weapons from Germany.",
        "AID",
        "07",
        Status.OCCURRED,
        {"DEU"},
        set(),
    ),
    ("Ukraine received assurances from France.", "AGREE", "03", Status.OCCURRED, {"FRA"}, {"UKR"}),
    # a preposition on the object: "evidence against"; passive too
    (
        "The US presented evidence against Russia.",
        "ACCUSE",
        "11",
        Status.OCCURRED,
        {"USA"},
        {"RUS"},
    ),
    (
        "Evidence against Iran was presented by Israel.",
        "ACCUSE",
        "11",
        Status.OCCURRED,
        {"ISR"},
        {"IRN"},
    ),
    # asking another actor to act is an appeal to that actor
    (
        "France wants Iran to release the prisoners.",
        "REQUEST",
        "02",
        Status.OCCURRED,
        {"FRA"},
        {"IRN"},
    ),
    (
        "Egypt urged Israel to allow aid into Gaza.",
        "REQUEST",
        "10",
        Status.OCCURRED,
        {"EGY"},
        {"ISR"},
    ),
    (
        "Israel faces pressure from the United States to halt the offensive.",
        "REQUEST",
        "10",
        Status.OCCURRED,
        {"USA"},
        {"ISR"},
    ),
    # a crowd's damage is a riot
    ("The embassy was looted by protesters.", "PROTEST", "14", Status.OCCURRED, set(), set()),
    # a weapon is what is fired, not the target; a place it came from names the attacker
    (
        "Rockets were fired from Lebanon at northern Israel.",
        "ASSAULT",
        "19",
        Status.OCCURRED,
        {"LBN"},
        {"ISR"},
    ),
    (
        "The airliner was shot down by a missile fired by Russian troops.",
        "ASSAULT",
        "19",
        Status.OCCURRED,
        {"RUSMIL"},
        set(),
    ),
    # a state's "strikes" are attacks, workers' a walkout
    ("Israeli strikes killed 12 people in Gaza.", "ASSAULT", "19", Status.OCCURRED, {"ISR"}, set()),
    # a reported obligation on another actor is the speaker's demand of it
    (
        "The US said Iran must release the prisoners.",
        "REQUEST",
        "10",
        Status.OCCURRED,
        {"USA"},
        {"IRN"},
    ),
    (
        "The United States declared that China must drop its trade barriers.",
        "REQUEST",
        "10",
        Status.OCCURRED,
        {"USA"},
        {"CHN"},
    ),
    (
        "Russia pressured Belarus to cancel the vote.",
        "REQUEST",
        "10",
        Status.OCCURRED,
        {"RUS"},
        {"BLR"},
    ),
    (
        "Palestinian youths threw stones at Israeli soldiers.",
        "PROTEST",
        "14",
        Status.OCCURRED,
        set(),
        {"ISRMIL"},
    ),
    ("The IAEA dispatched inspectors to Iran.", "ACCUSE", "09", Status.OCCURRED, set(), {"IRN"}),
    (
        "Russia and Ukraine exchanged 146 prisoners of war on Sunday.",
        "RETREAT",
        "08",
        Status.OCCURRED,
        {"RUS", "UKR"},
        set(),
    ),
    (
        "Russian air defences shot down 57 Ukrainian drones overnight.",
        "ASSAULT",
        "19",
        Status.OCCURRED,
        set(),
        {"UKR"},
    ),
    # refusing consent rejects what is named; a threat takes up what it threatens
    (
        "Russia said it would not accept the deployment of European troops.",
        "REJECT",
        "12",
        Status.OCCURRED,
        {"RUS"},
        set(),
    ),
    (
        "Hungary has threatened to veto the next package.",
        "THREATEN",
        "13",
        Status.OCCURRED,
        {"HUN"},
        set(),
    ),
    # "supply X with weapons": X receives
    (
        "The United States continued to supply Israel with bombs.",
        "AID",
        "07",
        Status.ONGOING,
        {"USA"},
        {"ISR"},
    ),
    # the antecedent of a relative pronoun acts; "not going to" is a refusal
    (
        "Iran, which restored ties with Egypt in March, warned Israel.",
        "SUPPORT",
        "05",
        Status.OCCURRED,
        {"IRN"},
        {"EGY"},
    ),
    (
        "Saudi Arabia is not going to recognize Israel.",
        "REJECT",
        "12",
        Status.OCCURRED,
        {"SAU"},
        {"ISR"},
    ),
    # tear gas and water cannon on protesters: repression (ACLED excessive force)
    (
        "Kenyan police fired tear gas at protesters in Nairobi.",
        "ASSAULT",
        "17",
        Status.OCCURRED,
        set(),
        set(),
    ),
    # a denied act keeps its own type
    ("China denied supplying drone parts to Russia.", "AID", "07", Status.DENIED, {"CHN"}, {"RUS"}),
    # the lemmatizer's slip ("staged" -> "stag") does not hide the verb
    ("French workers staged a strike on Monday.", "PROTEST", "14", Status.OCCURRED, set(), set()),
]


@pytest.mark.model
@pytest.mark.parametrize(("text", "plover", "root", "status", "sources", "targets"), CASES)
def test_main_event(text, plover, root, status, sources, targets) -> None:
    events = _events(text)
    assert events, text
    ev = next((e for e in events if e.type.plover == plover), None)
    assert ev is not None, [(e.type.plover, e.trigger) for e in events]
    assert ev.type.cameo[:2] == root
    assert ev.status is status
    if sources:
        assert sources <= _ids(ev.source) or sources == _ids(ev.source), ev.source
    if targets:
        assert targets <= _ids(ev.target), ev.target


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "The weather was sunny in London on Monday.",
        "The meeting was a continuation of previous discussions.",
        "He said the economy was growing faster than expected.",
        "The report was released on Tuesday.",
        "Manchester United beat Chelsea 2-1 at Old Trafford on Saturday.",
        "Apple launched a new iPhone in California.",
        "The central bank targets inflation of 2 percent.",
        "Shares in Tokyo hit a record high on Monday.",
        "The director will shoot the film in Morocco next year.",
        "Five people were killed in a car crash in Kabul.",
        "The envoy stressed the right to protest and freedom of assembly.",
        "Dozens of villagers died in the earthquake on Sunday.",
        "Analysts said consumers will pay a higher price for fuel next year.",
        # an intransitive "shut down" is something closing, nobody's restriction
        "Fuel shortages could force hospitals in Gaza to shut down within days.",
        # an event noun that names a purpose is no record
        "Hezbollah used the village as a base for attacks against Israel.",
    ],
)
def test_finds_nothing(text: str) -> None:
    assert _events(text) == ()


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "The United Nations warned that famine could spread to 14 more areas.",
        "The WHO warned that the outbreak could spread.",
    ],
)
def test_a_warning_about_events_is_no_threat(text: str) -> None:
    assert [e for e in _events(text) if e.type.plover == "THREATEN"] == []


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("Iran's foreign minister said that Israel will pay a heavy price.", "ISR"),
        ("Hamas warned Israel that its soldiers are legitimate targets.", "ISR"),
        ("Iran warned Israel that it would pay a heavy price.", "ISR"),
    ],
)
def test_a_penalty_said_of_another_is_the_speakers_threat(text: str, target: str) -> None:
    (ev,) = [e for e in _events(text) if e.type.plover == "THREATEN"]
    assert target in _ids(ev.target)
    assert target not in _ids(ev.source)


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        # addressed to third parties about someone else's act: a report, no threat
        "Pakistan had been warning the international community that an attack was imminent.",
        "The army warned residents that the area is a combat zone.",
    ],
)
def test_a_warning_to_others_about_a_fact_is_no_threat(text: str) -> None:
    assert [e for e in _events(text) if e.type.plover == "THREATEN"] == []


@pytest.mark.model
def test_a_fired_weapon_is_no_target_and_an_attacked_meeting_no_consultation() -> None:
    events = _events("Russia said it fired two missiles at a meeting of commanders in Sumy.")
    assert {e.type.plover for e in events} == {"ASSAULT"}
    (ev,) = events
    assert not any("missile" in p.actor_id for p in ev.target)


@pytest.mark.model
def test_casualties_in_a_with_clause_suffered_it() -> None:
    events = _events("Police said 224 people were detained, with 21 police officers injured.")
    hurt = [e for e in events if e.trigger == "injured"]
    assert all(not e.source for e in hurt)


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "Nine people were killed in the strikes, the health ministry said.",
        "The sinking marked an intensification of Houthi strikes in the Red Sea.",
    ],
)
def test_strikes_that_kill_or_are_an_armed_groups_are_attacks(text: str) -> None:
    assert "PROTEST" not in {e.type.plover for e in _events(text)}


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("Hungary has threatened to veto the next package.", "REJECT"),
        ("China denied supplying drone parts to Russia.", "REJECT"),
        ("Russia said it would not accept the deployment of European troops.", "MOBILIZE"),
    ],
)
def test_frames_take_over_their_complement(text: str, absent: str) -> None:
    assert absent not in {e.type.plover for e in _events(text)}


@pytest.mark.model
def test_an_event_noun_takes_place_time_and_status_from_its_aspectual_verb() -> None:
    (ev,) = _events("Talks are expected to resume in Cairo next week.", published="2024-08-10")
    assert ev.type.plover == "CONSULT" and ev.status is Status.EXPECTED
    assert ev.where is not None and ev.where.name == "Cairo"
    assert ev.when is not None and ev.when.start == dt.date(2024, 8, 12)


@pytest.mark.model
def test_a_planned_event_on_a_weekday_is_the_next_one() -> None:
    # (a stated future protest is coded, as CAMEO does, as a threat of dissent)
    (rally,) = _events("The opposition will hold a rally in Nairobi on Friday.", "2025-06-25")
    assert rally.status is Status.PLANNED and rally.when is not None
    assert rally.when.start == dt.date(2025, 6, 27)


@pytest.mark.model
def test_repression_of_protesters_is_coded_for_acled() -> None:
    # tear gas with no one hurt is an intervention (ACLED's notes: 1 excessive force in 207)
    (ev,) = _events("Police fired tear gas at protesters in Nairobi on Tuesday.")
    assert ev.type.cameo == "175"
    assert (ev.type.acled_type, ev.type.acled_subtype) == ("Protests", "Protest with intervention")
    (ev,) = _events("Police fired live rounds at protesters in Nairobi on Tuesday, killing two.")
    assert (ev.type.acled_type, ev.type.acled_subtype) == (
        "Protests",
        "Excessive force against protesters",
    )


@pytest.mark.model
def test_a_finite_verb_after_a_denied_gerund_is_not_denied() -> None:
    events = _events("Iran denied seizing the tanker and accused Britain of piracy.")
    status = {e.trigger: e.status for e in events}  # the status, whatever type is coded
    assert status == {"seizing": Status.DENIED, "accused": Status.OCCURRED}


@pytest.mark.model
def test_its_weapons_are_the_owners() -> None:
    events = _events("The Russian army said its drones struck Ukrainian positions overnight.")
    strike = next(e for e in events if e.type.plover == "ASSAULT")
    assert _ids(strike.source) == {"RUSMIL"}


@pytest.mark.model
def test_an_obligation_in_the_outlets_voice_has_no_demander() -> None:
    (ev,) = _events("Israel must withdraw from Lebanon.")
    assert ev.type.plover == "REQUEST" and ev.source == ()
    assert _ids(ev.target) == {"ISR"}


@pytest.mark.model
def test_place_time_and_mediator() -> None:
    events = _events(
        "Israeli and Palestinian officials met in Cairo on Wednesday under the auspices of Egypt."
    )
    ev = events[0]
    assert ev.type.plover == "CONSULT"
    assert _ids(ev.source) == {"ISRGOV", "PSEGOV"}
    assert ev.where is not None and ev.where.name == "Cairo" and ev.where.lat is None
    assert ev.when is not None and ev.when.start == dt.date(2025, 9, 17)
    assert ev.when.precision == "day"
    assert [(p.role, p.actor_id) for p in ev.others] == [("mediator", "EGY")]
    assert (ev.type.cameo, ev.type.mode) == ("044", "third-party")  # a third country's venue


@pytest.mark.model
def test_no_publication_date_no_relative_time() -> None:
    ev = _events("Israel and Syria met in Paris on Wednesday.", published=None)[0]
    assert ev.when is None


@pytest.mark.model
def test_alleged_massacre_with_count_and_accuser() -> None:
    events = _events("Rebel forces were accused of massacring dozens of villagers in Darfur.")
    by_type = {e.type.plover: e for e in events}
    assert set(by_type) == {"ACCUSE", "ASSAULT"}
    massacre = by_type["ASSAULT"]
    assert massacre.status is Status.ALLEGED
    assert massacre.type.mode == "massacre"
    assert massacre.type.acled_type == "Violence against civilians"
    q = massacre.quantities[0]
    assert (q.value, q.unit, q.kind) == (24.0, "villagers", "fatalities")
    assert _ids(massacre.source) == _ids(by_type["ACCUSE"].target) == {"PROV:rebel-forces"}


@pytest.mark.model
def test_airstrikes_count_and_acled() -> None:
    ev = _events("Israel has conducted hundreds of airstrikes in southern Syria.")[0]
    assert (ev.type.plover, ev.type.mode) == ("ASSAULT", "aerial")
    assert (ev.type.acled_type, ev.type.acled_subtype) == (
        "Explosions/Remote violence", "Air/drone strike")  # fmt: skip
    assert ev.quantities[0].hedge == "hundreds" and ev.quantities[0].unit == "airstrikes"
    assert ev.where is not None and ev.where.country == "SYR"
    assert ev.evidence.text == ev.trigger or ev.trigger in ev.evidence.text or ev.evidence.text


@pytest.mark.model
def test_back_reference_to_earlier_participants() -> None:
    events = _events(
        "The Iranian foreign minister met the Saudi foreign minister in Baghdad on Monday. "
        "The two men also met in May in Muscat."
    )
    assert len(events) == 2
    assert _ids(events[1].source) == {"IRNGOV", "SAUGOV"}
    assert events[1].where is not None and events[1].where.name == "Muscat"


@pytest.mark.model
def test_ids_are_unique_and_stable() -> None:
    text = "Israel and Syria met in Paris. Turkey attacked Kurdish fighters in Syria."
    first, second = _events(text), _events(text)
    assert [e.id for e in first] == [e.id for e in second]
    assert len({e.id for e in first}) == len(first) == 2


# (text, PLOVER type, status, certainty)
STATUS_CASES = [
    # "remain" makes its complement ongoing, not a clause that tells what came before
    (
        "Eleven crew members remained missing after Houthi militants attacked a cargo vessel.",
        "ASSAULT",
        "occurred",
        "asserted",
    ),
    ("Russian forces continued to shell Kharkiv.", "ASSAULT", "ongoing", "asserted"),
    # a vow to answer an attack is a threat; the attack it answers happened
    ("Pakistan vowed to respond to the Indian strikes.", "THREATEN", "occurred", "asserted"),
    ("Iran vowed to avenge the killing of its commander.", "ASSAULT", "occurred", "asserted"),
    # a reported "would" reaches the verb it is coordinated with
    (
        "Ishiba said Tokyo would seek an exemption and send a delegation to Washington.",
        "CONSULT",
        "planned",
        "asserted",
    ),
    # the negation inside what is asked for is what is asked, not a negation of the call
    ("The UN urged Israel not to attack Rafah.", "REQUEST", "occurred", "asserted"),
    ("The army did not call on residents to leave.", "REQUEST", "negated", "asserted"),
    # the adjective of a noun that only measures out the event ("a round of") is the event's
    (
        "Diplomats gathered for a scheduled new round of negotiations between Iran and the "
        "United States.",
        "CONSULT",
        "planned",
        "asserted",
    ),
    (
        "Diplomats gathered for a new round of negotiations between Iran and the United States.",
        "CONSULT",
        "occurred",
        "asserted",
    ),
    # the first clause's negation does not reach a conjoined clause of its own
    (
        "The Kremlin did not comment on the attack, but Russia's Defense Ministry said its "
        "forces had hit military infrastructure in the region.",
        "ASSAULT",
        "occurred",
        "asserted",  # the events stage alone: no attribution makes it reported
    ),
    ("Israeli jets reportedly struck Hamas positions in Gaza.", "ASSAULT", "occurred", "hedged"),
    (
        "Government troops allegedly killed dozens of protesters in Khartoum.",
        "ASSAULT",
        "alleged",
        "alleged",
    ),
    ("Syria said it will not accept more refugees from Iraq.", "REJECT", "occurred", "asserted"),
    (
        "The Red Cross said the United States must release the prisoners.",
        "REQUEST",
        "occurred",
        "asserted",
    ),
    ("Japan is ready to send aid to Haiti.", "AGREE", "planned", "asserted"),
    (
        "Palestinian leaders said they would boycott talks with Israel.",
        "THREATEN",
        "planned",
        "asserted",
    ),
    # what a future act waits for has not happened; a past narrative's has
    ("Netanyahu said Israel would keep up pressure until Hamas was disarmed.", "RETREAT",
     "hypothetical", "asserted"),  # (the stage alone: no attribution, so no "reported")
    ("Israeli fire killed five people hours before the truce began.", "ASSAULT", "occurred",
     "asserted"),
    # what a demand asks for has not happened, whatever becomes of the demand
    ("Zelensky rejected Russia's demand that Ukrainian troops withdraw from the Donbas.",
     "RETREAT", "hypothetical", "asserted"),
    # a coordinate clause with its own subject is not what the first verb alleges
    ("The minister accused Washington of murdering 11 people, and the president ordered the "
     "mobilization of militia members.", "MOBILIZE", "occurred", "asserted"),
    ("The minister accused Washington of murdering 11 people, and the president ordered the "
     "mobilization of militia members.", "ASSAULT", "alleged", "alleged"),
]  # fmt: skip


@pytest.mark.model
@pytest.mark.parametrize(("text", "plover", "status", "certainty"), STATUS_CASES)
def test_status_and_certainty(text: str, plover: str, status: str, certainty: str) -> None:
    events = _events(text)
    ev = next((e for e in events if e.type.plover == plover), None)
    assert ev is not None, [(e.type.plover, e.trigger) for e in events]
    assert (ev.status.value, ev.certainty.value) == (status, certainty)


@pytest.mark.model
def test_place_is_the_events_not_the_sources() -> None:
    events = _events(
        "Russian forces attacked Ukrainian positions near Bakhmut, officials in Kyiv said."
    )
    ev = next(e for e in events if e.type.plover == "ASSAULT")
    assert ev.where is not None and ev.where.name == "Bakhmut"
    assert _ids(ev.source) == {"RUSMIL"}


@pytest.mark.model
def test_pronoun_subject_takes_the_reporting_subject() -> None:
    ev = _events("Japan said on Tuesday it had halted economic aid to Serbia.")[0]
    assert ev.type.plover == "SANCTION"
    assert _ids(ev.source) == {"JPN"} and _ids(ev.target) == {"SRB"}


@pytest.mark.model
def test_an_object_pronoun_is_the_speakers_only_in_reported_speech() -> None:
    said = _events("Syria said Israel attacked it on Monday.")
    attack = next(e for e in said if e.type.plover == "ASSAULT")
    assert _ids(attack.target) == {"SYR"}
    # in a coordinate clause "it" is the thing rejected, not the other clause's subject
    events = _events("Hamas accepted the proposal, while Israel rejected it.")
    reject = next(e for e in events if e.type.plover == "REJECT")
    assert "PSEHAM" not in _ids(reject.target)


@pytest.mark.model
def test_prefers_the_actor_stages_mentions() -> None:
    from newsledger import nlp
    from newsledger.extract import events
    from newsledger.ingest import article_from_text
    from newsledger.model import Evidence, Found, Mention

    text = "Erdogan met Putin in Sochi on Friday to discuss the war in Ukraine."
    article = article_from_text(text, source="t", published=PUB)
    doc = nlp.parse(article.text)

    def mention(word: str, actor: str, body: str) -> Mention:
        start = article.text.index(word)
        ev = Evidence(article.id, 0, start, start + len(word), word, "actors@1")
        head = next(t.i for t in doc if t.idx == start)
        return Mention(actor, word, ev, via="name", acts_for=body, head=head)

    found = Found(mentions=[mention("Erdogan", "P:erdogan", "TURGOV"),
                            mention("Putin", "P:putin", "RUSGOV")])  # fmt: skip
    ev = events.extract(doc, article, found)[0]
    assert ev.type.plover == "CONSULT"
    assert [(p.actor_id, p.mention) for p in ev.source] == [("TURGOV", "Erdogan")]
    assert [(p.actor_id, p.mention) for p in ev.target] == [("RUSGOV", "Putin")]
    assert ev.where is not None and ev.where.name == "Sochi"
    assert ev.when is not None and ev.when.start == dt.date(2025, 9, 19)


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "cameo", "mode", "acled_subtype"),
    [
        (
            "Ukrainian drones struck an oil refinery in Russia on Sunday.",
            "195",
            "drone",
            "Air/drone strike",
        ),
        (
            "Rebels attacked the town with rockets and mortars.",
            "194",
            "heavy-weapons",
            "Shelling/artillery/missile attack",
        ),
        ("Rebels attacked the army base near Goma.", "190", None, "Armed clash"),
        # the weapon named in the event noun, bare or after a light verb
        ("Russia launched drone attacks on the port of Odesa overnight.", "195", "drone",
         "Air/drone strike"),
        ("Militants carried out mortar attacks on the base near Kismayo.", "194",
         "heavy-weapons", "Shelling/artillery/missile attack"),
    ],
)
def test_weapon_makes_the_attack_precise(text, cameo, mode, acled_subtype) -> None:
    ev = next(e for e in _events(text) if e.type.plover == "ASSAULT")
    assert (ev.type.cameo, ev.type.mode, ev.type.acled_subtype) == (cameo, mode, acled_subtype)


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "cameo", "mode"),
    [
        # the parser hangs the weapon on a noun of the object: still the strike's weapon
        ("Russian forces on Sunday hit the site of a meeting of Ukrainian command staff in "
         "Sumy with Iskander cruise missiles.", "194", "heavy-weapons"),
        ("Israel struck the headquarters of the group with fighter jets on Monday.", "195",
         "aerial"),
        # a person met "with" is no weapon
        ("Rebels attacked the site of a meeting with the mayor near Goma.", "190", None),
        # the weapon named in the event noun
        ("Four bomb attacks hit police posts in central Bohemia on Monday.", "183",
         "explosives"),
    ],
)
def test_a_weapon_below_the_object_makes_the_attack_precise(text, cameo, mode) -> None:
    ev = next(e for e in _events(text) if e.type.plover == "ASSAULT")
    assert (ev.type.cameo, ev.type.mode) == (cameo, mode)


@pytest.mark.model
def test_topic_of_talks_has_not_happened() -> None:
    events = _events("Israel and Hamas held talks in Cairo on a ceasefire in Gaza.")
    by_type = {e.type.plover: e for e in events}
    assert by_type["CONSULT"].status is Status.OCCURRED
    assert by_type["RETREAT"].status is Status.PLANNED


@pytest.mark.model
def test_a_politicians_attack_is_criticism() -> None:
    ev = _events("Senator Elizabeth Warren attacked Donald Trump over his tariffs.")[0]
    assert ev.type.plover == "ACCUSE" and ev.type.cameo == "111"


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "plover", "cameo"),
    [
        (
            "The ILO reiterated its demand that Israel ease restrictions on Palestinian workers.",
            "REQUEST",
            "1051",
        ),
        (
            "Israeli and Palestinian negotiators failed to reach an agreement on Sunday.",
            "REJECT",
            "120",
        ),
        ("Pakistan rejected an offer from Afghanistan for direct talks.", "REJECT", "127"),
    ],
)
def test_noun_frames_and_failures(text: str, plover: str, cameo: str) -> None:
    events = _events(text)
    assert [(e.type.plover, e.type.cameo) for e in events][:1] == [(plover, cameo)]


@pytest.mark.model
def test_a_leaders_attack_on_a_country_is_force() -> None:
    ev = _events("Vladimir Putin attacked Ukraine in February.")[0]
    assert ev.type.plover == "ASSAULT"


@pytest.mark.model
def test_in_the_full_pipeline() -> None:
    """Whatever the other stages find, the events stage codes the same events."""
    from newsledger import analyze

    text = (
        "Israeli warplanes conducted hundreds of airstrikes on Damascus on Wednesday. "
        "Rebel forces were accused of massacring dozens of villagers in Darfur."
    )
    events = analyze(text, published=PUB).events
    kinds = {(e.type.plover, e.type.mode, e.status.value) for e in events}
    assert ("ASSAULT", "aerial", "occurred") in kinds
    assert ("ASSAULT", "massacre", "alleged") in kinds
    assert all(e.attribution is not None for e in events)
    assert len({e.id for e in events}) == len(events)


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "KYIV, March 3 (Example) - Officials said the talks would resume on Friday.",
        "The vote was set for March 12, officials said on Monday.",
    ],
)
def test_month_names_are_not_protest_marches(text: str) -> None:
    import newsledger

    result = newsledger.analyze(text, published="2025-03-03")
    assert all(e.type.plover != "PROTEST" for e in result.events)


@pytest.mark.model
def test_we_in_a_quote_is_the_speaker() -> None:
    text = '"We will not recognize Israel," Iranian Foreign Minister Abbas Araghchi said.'
    import newsledger

    analysis = newsledger.analyze(text, published=PUB, outlet="Wire")
    ev = next(e for e in analysis.events if e.type.plover == "REJECT")
    assert [p.mention for p in ev.source] == ["We"]
    assert ev.source[0].actor_id in {"IRNGOV", "IRN:ARAGHCHI"}


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an agentless toll right after a strike is the strike's toll
        ("US warplanes struck Sanaa on Saturday. Nine civilians were killed in the strikes, "
         "the Houthis said.", [("struck Sanaa", 9.0)]),
        # with no attack before it, the killing is the event
        ("Nine civilians were killed in Sanaa on Saturday, the Houthis said.", [("killed", 9.0)]),
        # a toll with its own agent is its own attack
        ("Israeli jets bombed Gaza. Hamas fighters killed two soldiers.",
         [("bombed", None), ("killed", 2.0)]),
        # one sentence, one attacker: the toll and the retelling are the attack
        ("American warplanes struck Sanaa, killing 18 civilians.", [("struck Sanaa", 18.0)]),
        # one sentence, two attackers: two attacks
        ("Russian troops attacked Kupiansk while Ukrainian drones hit a refinery in Ryazan.",
         [("attacked", None), ("hit refinery", None)]),
        # far from the attack (more than two sentences on), a toll is told apart
        ("Russian forces shelled Kharkiv on Monday. The mayor said the city's power plant was "
         "damaged. Schools were closed. Officials spoke of a hard winter. Two people were "
         "killed in Odesa.", [("shelled", None), ("killed", 2.0)]),
    ],
)  # fmt: skip
def test_a_toll_joins_the_attack_it_follows(text: str, expected: list) -> None:
    events = [e for e in _events(text) if e.type.plover == "ASSAULT"]
    got = [(e.trigger, next((q.value for q in e.quantities if q.kind == "fatalities"), None))
           for e in events]  # fmt: skip
    assert got == expected


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "plover"),
    [
        ("Residents said the strikes on Beirut were the heaviest in weeks.", "ASSAULT"),
        ("The minister said the army delivered strikes on civilians.", "ASSAULT"),
        # a walkout stays a protest: "on strike", a strike on a date
        ("Dock workers went on strike in Rotterdam on Monday.", "PROTEST"),
        ("Nurses in Manchester held a strike on Monday over pay.", "PROTEST"),
    ],
)
def test_a_strike_on_a_place_or_people_is_an_attack(text: str, plover: str) -> None:
    types = {e.type.plover for e in _events(text) if "strike" in e.trigger.lower()}
    assert plover in types and ({"ASSAULT", "PROTEST"} - {plover}).isdisjoint(types)


@pytest.mark.model
def test_a_released_video_is_no_release_of_prisoners() -> None:
    """The parser reads "a video showcasing" as a gerund object; its noun still excludes."""
    text = "The Houthis released a video showcasing the attack on the ship."
    assert "RETREAT" not in {e.type.plover for e in _events(text)}


@pytest.mark.model
def test_a_subject_the_parser_made_a_speech_verbs_object_is_the_doer() -> None:
    # the parser makes "the group" the object of "warning" and hangs "kidnapped" elsewhere
    text = ("Crew members remained missing after Houthi militants attacked a cargo vessel, with "
            "officials warning the group may have kidnapped survivors.")  # fmt: skip
    (ev,) = [e for e in _events(text) if e.trigger == "kidnapped"]
    assert [p.mention for p in ev.source] == ["group"]


@pytest.mark.model
def test_a_meeting_place_is_no_target() -> None:
    """ "met at a military base": a cooperative act is not aimed "at" anything."""
    events = _events("Trump and Putin met at a military base in Anchorage on Friday.")
    meeting = next(e for e in events if e.type.plover == "CONSULT")
    assert not meeting.target, meeting.target


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "plover"),
    [
        # an unresolved force is armed, never a person whose "attack" is criticism
        ("GNA air force targeted trucks near Sirte.", "ASSAULT"),
        ("Sharif attacked the government over the budget.", "ACCUSE"),
        # a headline's passive: the noun before the participle is what was done to
        ("6 killed in cattle raid in Turkana.", "ASSAULT"),
    ],
)
def test_who_attacks(text: str, plover: str) -> None:
    assert plover in {e.type.plover for e in _events(text)}, [e.type for e in _events(text)]


@pytest.mark.model
def test_a_target_on_the_objects_conjunct() -> None:
    """ "launched 85 drones and a missile against Ukraine": Ukraine is the target."""
    events = _events("The Russian military launched 85 drones and a missile against Ukraine.")
    attack = next(e for e in events if e.type.plover == "ASSAULT")
    assert _ids(attack.target) == {"UKR"}, attack.target


@pytest.mark.model
def test_a_place_that_falls_to_a_group_is_taken_by_it() -> None:
    events = _events("Goma fell to the M23 rebels in January.")
    attack = next(e for e in events if e.type.plover == "ASSAULT")
    assert [p.mention for p in attack.source] == ["the M23 rebels"], attack.source
    assert [p.mention for p in attack.target] == ["Goma"], attack.target


@pytest.mark.model
def test_an_attack_by_someone_has_them_as_its_source() -> None:
    events = _events("A grenade attack by Al Shabaab militants killed three people in Mombasa.")
    attack = next(e for e in events if e.type.plover == "ASSAULT")
    assert [p.mention for p in attack.source] == ["Al Shabaab militants"], attack.source


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "cameo"),
    [
        ("A ceasefire came into effect in Lebanon on Wednesday.", "0871"),
        ("A truce between the army and the rebels took effect in Goma at midnight.", "0871"),
        ("The cease-fire went into effect in Gaza on Sunday morning.", "0871"),
        # a law or a tariff taking effect is no ceasefire, nor any event
        ("The new tariffs came into effect in Canada on Monday.", None),
        ("The law will take effect in France next year.", None),
    ],
)
def test_a_ceasefire_taking_effect_is_one(text, cameo) -> None:
    got = [e.type.cameo for e in _events(text)]
    assert got == ([cameo] if cameo else [])


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "plover", "acled"),
    [
        # forces arriving are a deployment, not a visit; ACLED's movement of forces
        ("Sudanese army reinforcements arrived in El Obeid on Wednesday.", "MOBILIZE",
         "Change to group/activity"),
        ("A Turkish military convoy reached the observation post near Saraqib.", "MOBILIZE",
         None),
        # a minister arriving is a visit
        ("The foreign minister arrived in Paris on Monday for talks.", "CONSULT", None),
        # a curfew or a state of emergency is ACLED's change to group activity
        ("Authorities imposed a 24-hour curfew in Jos on Tuesday.", "COERCE",
         "Change to group/activity"),
        # a base armed men set up; a company's or volunteers' is no event
        ("JNIM militants set up a new base near the town of Djibo.", "MOBILIZE",
         "Headquarters or base established"),
        ("The company set up a base in London last year.", None, None),
        ("Volunteers set up a camp for refugees near the border.", None, None),
    ],
)
def test_forces_arriving_and_curfews(text, plover, acled) -> None:
    found = _events(text)
    if plover is None:
        assert not found
        return
    ev = found[0]
    assert ev.type.plover == plover
    if acled is not None:
        assert ev.type.acled_subtype == acled
