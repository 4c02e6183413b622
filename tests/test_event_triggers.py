"""Trigger patterns for political violence mined from the ACLED notes' train split: what they
find, and the look-alikes they must leave alone (dismissals, debates, accidents, sport)."""

from __future__ import annotations

import pytest

from newsledger import nlp
from newsledger.extract.event_lexicon import lexicon, parse_verb_pattern
from newsledger.extract.event_triggers import candidates


def _codes(text: str) -> list[tuple[str, str | None]]:
    lex = lexicon()
    return [(c.cameo, c.mode) for s in nlp.parse(text).sents for c in candidates(s, lex)]


def test_subject_condition_parses() -> None:
    pat = parse_verb_pattern("explode =ied|bomb", "183", "explosives")
    assert pat.subjects == {"ied", "bomb"} and not pat.objects
    assert pat.specificity == parse_verb_pattern("explode +bomb", "183", None).specificity


# (text, CAMEO code, PLOVER mode) of a candidate the sentence must hold
FOUND = [
    ("Military forces of India and Pakistan exchanged fire across the border.", "193", "firearms"),
    ("Gunmen fired shots at a police patrol in Wajir.", "193", "firearms"),
    ("An IED exploded near a military convoy in Wajir on Monday.", "183", "explosives"),
    ("A bomb went off outside a church in Nairobi.", "183", "explosives"),
    ("Their vehicle hit an improvised explosive device in Lamu.", "183", "explosives"),
    ("An army vehicle was hit by a roadside bomb near Gao.", "183", "explosives"),
    ("Militants threw a hand grenade at a police post in Mandera.", "183", "explosives"),
    ("Al Shabaab targeted police with an IED in Lamu.", "183", "explosives"),
    ("Shells fired by the rebels fell in a market in Tripoli.", "194", "heavy-weapons"),
    ("A rocket landed near a school in Sderot.", "194", "heavy-weapons"),
    ("Israeli jets struck the outskirts of the village.", "195", "aerial"),
    ("The air force targeted a fuel truck near Mizdah.", "190", None),
    ("Rebels set the village ablaze on Monday.", "171", "seize"),
    ("The chief's office was set ablaze by an armed group.", "171", "seize"),
    ("A mob set the suspect on fire.", "171", "seize"),
    ("Unknown attackers torched houses in Keiyo.", "171", "seize"),
    ("Supporters of the party vandalized the election office.", "171", "seize"),
    ("Armed men stole 43 cows from a farm in Makurdi.", "171", "seize"),
    ("Police lobbed teargas at the crowd in Nairobi.", "175", None),
    ("The workers were dispersed by the police.", "175", None),
    ("Riot police used pepper spray and batons on the marchers.", "175", None),
    ("Police pushed back protesters near the presidency.", "175", None),
    ("Pirates took six crewmen as hostages from a cargo ship.", "181", "abduct"),
    ("The official was held captive by party members.", "181", "abduct"),
    ("Voters beat up the county official.", "182", "beat"),
    ("A local leader was beaten to death by four men.", "182", "beat"),
    ("Fighters fired an RPG at a checkpoint in Basira.", "194", "heavy-weapons"),
    ("Arsonists torched a telecommunications mast in Limassol.", "171", "seize"),
    ("Angry residents stoned to death two suspected robbers.", "182", "beat"),
    ("He sexually assaulted her weeks later.", "1821", "sexual"),
    ("A mob pelted stones at the house of a trader.", "145", None),
    ("Protesters burned tyres on the main road.", "145", None),
    ("Protesters fired fireworks at the police.", "145", None),
    ("Al Shabaab overtook the village without resistance.", "192", "seize"),
    ("M23 rebels took control of Goma on Monday.", "192", "seize"),
    ("The army regained control of the presidential palace.", "192", "seize"),
    ("US forces established a new military base near the border.", "154", "troops"),
]


@pytest.mark.model
@pytest.mark.parametrize(("text", "cameo", "mode"), FOUND)
def test_mined_triggers_find_violence(text: str, cameo: str, mode: str | None) -> None:
    assert (cameo, mode) in _codes(text), _codes(text)


# the same words where they name no violence: nothing from the mined patterns may fire
NOTHING = [
    "The company fired its chief executive on Monday.",
    "Sanders and Clinton exchanged shots in the debate.",
    "The two candidates traded shots over taxes.",
    "Sales exploded after the launch of the new phone.",
    "The population of the city exploded in the 1990s.",
    "The fire alarm went off at the school.",
    "Prices fell in the market on Monday.",
    "The plane landed in Nairobi on Monday.",
    "The car hit a tree on the highway.",
    "The storm hit the coast on Monday.",
    "The singer set the stage alight with her show.",
    "Farmers burned the stubble on their fields.",
    "The runner burned calories on the track.",
    "The striker stole the show at the stadium.",
    "The reporter held the microphone in his hand.",
    "The campaign targeted young voters in the suburbs.",
    "The government targets inflation of two percent.",
    "The team beat Chelsea at home.",
    "The senator beat the other candidates in the primary.",
    "The runner beat the officials' expectations.",
    "The band set the world on fire.",
    "The board fired him on Monday.",
    "The company established a customer base in Asia.",
    "Amazon overtook Walmart as the largest retailer.",
    "The crowd dispersed peacefully after the speech.",
    "The minister took control of the talks.",
    "Democrats gained control of the House in November.",
    "The municipalities sought help in regaining control over their properties.",
    "China retaliated against the new US tariffs on Friday.",
    "The army seized power in a coup in 2020.",
]


@pytest.mark.model
@pytest.mark.parametrize("text", NOTHING)
def test_look_alikes_find_nothing(text: str) -> None:
    violent = [c for c in _codes(text) if c[0][:2] in ("14", "15", "17", "18", "19", "20")]
    assert violent == [], violent
