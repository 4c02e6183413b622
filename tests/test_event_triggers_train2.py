"""Trigger patterns mined (second pass, 2026-12-01) from the PLV TRAIN split's sentences on
which the rules still coded no event: hyphenated event nouns ("cease-fire"), "state of
emergency/siege", ended strikes, concessions (reversed decisions, repealed laws, dropped
probes, pardons), rolled-back tariffs, troops leaving, aid flown or sent, peacekeeping
contributions, searches, sought sentences, human shields, and a refused consent verb with any
object ("will not accept any refugees": a rejection). What they find, and the look-alikes they
must leave alone."""

from __future__ import annotations

import pytest

from newsledger import nlp
from newsledger.extract.event_lexicon import lexicon
from newsledger.extract.event_triggers import candidates


def _codes(text: str) -> list[str]:
    lex = lexicon()
    return [c.cameo for s in nlp.parse(text).sents for c in candidates(s, lex)]


# (text, CAMEO code of a candidate the sentence must hold)
FOUND = [
    ("The rebels declared a cease-fire with the army on Sunday.", "0871"),
    ("The president declared a cessation of hostilities in all war zones.", "0871"),
    ("The government declared a state of emergency in the capital.", "1724"),
    ("The junta imposed a state of siege on the northern province.", "1724"),
    ("The union ended the strike after the ministry raised wages.", "082"),
    ("The dock workers went on strike in Rotterdam.", "143"),
    ("The government reversed its decision to close the border.", "080"),
    ("Prosecutors dropped the investigation into the minister.", "080"),
    ("The president granted a pardon to the jailed journalist.", "080"),
    ("Parliament repealed the law that banned opposition parties.", "081"),
    ("Washington rolled back tariffs on steel from Canada.", "085"),
    ("The government conceded to demands from the teachers' union.", "083"),
    ("British troops have begun leaving Basra.", "087"),
    ("Russia congratulated the new prime minister of Armenia.", "051"),
    ("Macron had lunch with the Indian prime minister.", "040"),
    ("France joined forces with Germany on the proposal.", "060"),
    ("Vietnam contributes to United Nations peacekeeping operations in Mali.", "074"),
    ("The charity flew medicine into the besieged city.", "073"),
    ("Police searched the home of the opposition leader.", "090"),
    ("The prosecutor is seeking prison sentences for the three officers.", "115"),
    ("The militants held civilians as human shields in Mosul.", "181"),
    ("Hungary says it will not accept any asylum seekers.", "120"),
    ("Egypt did not allow the convoy to pass.", "120"),
]


@pytest.mark.model
@pytest.mark.parametrize(("text", "cameo"), FOUND)
def test_mined_triggers_find_events(text: str, cameo: str) -> None:
    assert cameo in _codes(text), _codes(text)


# the same verbs with other objects: none of the codes above may fire
NOTHING = [
    "The striker ended the season with twelve goals.",
    "The film reversed the usual roles of hero and villain.",
    "The company dropped the price of its phones.",
    "The state of the economy worries voters.",
    "Fans left the stadium after the match.",
    "The company searched for a new chief executive.",
    "She sought advice from her lawyer.",
    "Hungary accepted the offer of help.",
    "The farmers had lunch in the village square.",
    "The firm contributed to the debate on pensions.",
]
CODES = {"0871", "1724", "082", "143", "080", "081", "085", "083", "087", "051", "040", "060",
         "074", "073", "090", "115", "181", "120"}  # fmt: skip


@pytest.mark.model
@pytest.mark.parametrize("text", NOTHING)
def test_look_alikes_find_nothing(text: str) -> None:
    assert not CODES & set(_codes(text)), _codes(text)


# found on short reports written for this check (2025 events, not from any data set)
FRESH = [
    ("Rwanda has denied backing M23.", "050"),
    ("Rubio spoke to the foreign ministers of both countries.", "040"),
    ("Oman called the strikes a flagrant violation of Yemen's sovereignty.", "111"),
    ("Sharif called the strikes an act of war.", "111"),
    ("U.S. forces struck a boat carrying drugs, killing 11 people.", "190"),
    ("The Houthis fired a drone that struck the arrivals hall of Ramon airport.", "194"),
    ("Russian forces liberated the settlement of Novoe, the ministry said.", "190"),
    ("The battlegroup inflicted losses on three Ukrainian brigades.", "190"),
    ("EU governments approved an 18th package of sanctions against Russia.", "163"),
    ("Slovakia lifted its veto on the package.", "080"),
    ("Anti-Houthi forces established fortifications east of Hodeidah.", "154"),
    ("The militia set up checkpoints on the main road.", "154"),
    ("Russia launched 100 drones towards Kyiv overnight.", "195"),
    ("The army reclaimed most of Khartoum in March.", "190"),
    ("Goma fell to the M23 rebels in January.", "190"),
]
FRESH_NOTHING = [
    "Rubio spoke to reporters in Washington.",
    "She called the film a masterpiece.",
    "The coach backed his decision to rest the players.",
    "The reform liberated women from old customs.",
    "The board approved the package of reforms.",
    "Prices fell to a record low.",
    "The company launched a new product line.",
]


@pytest.mark.model
@pytest.mark.parametrize(("text", "cameo"), FRESH)
def test_fresh_report_triggers(text: str, cameo: str) -> None:
    assert cameo in _codes(text), _codes(text)


@pytest.mark.model
@pytest.mark.parametrize("text", FRESH_NOTHING)
def test_fresh_look_alikes_find_nothing(text: str) -> None:
    found = {"050", "040", "111", "190", "195", "163", "080"} & set(_codes(text))
    assert not found, _codes(text)
