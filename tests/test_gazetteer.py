"""gazetteer: aliases of each kind, dated aliases and roles, demonyms, fuzzy names, user files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pycountry
import pytest

from newsledger import gazetteer as gz
from newsledger.gazetteer import Gazetteer, build, gazetteer, norm

SEP_2025 = dt.date(2025, 9, 19)


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return gazetteer(())


@pytest.mark.parametrize(
    ("text", "date", "actor_id", "via"),
    [
        ("Israel", SEP_2025, "ISR", "name"),
        ("the United States", SEP_2025, "USA", "name"),
        ("Syrian Arab Republic", SEP_2025, "SYR", "name"),
        ("Türkiye", SEP_2025, "TUR", "name"),
        ("Turkey", SEP_2025, "TUR", "name"),
        ("Damascus", SEP_2025, "SYRGOV", "metonym"),
        ("Washington", SEP_2025, "USAGOV", "metonym"),
        ("Moscow", SEP_2025, "RUSGOV", "metonym"),
        ("Tehran", SEP_2025, "IRNGOV", "metonym"),
        ("Ankara", SEP_2025, "TURGOV", "metonym"),
        ("Tel Aviv", SEP_2025, "ISRGOV", "metonym"),
        ("the Israeli regime", SEP_2025, "ISRGOV", "loaded_alias"),
        ("the illegal entity", SEP_2025, "ISRGOV", "loaded_alias"),
        ("the Zionist entity", SEP_2025, "ISRGOV", "loaded_alias"),
        ("the HTS-led administration", SEP_2025, "SYRGOV", "loaded_alias"),
        ("HTS-led administration", dt.date(2020, 1, 1), None, None),  # not yet in power
        ("Assad regime", dt.date(2020, 1, 1), "SYRGOV", "loaded_alias"),
        ("Assad regime", SEP_2025, None, None),  # fell on 2024-12-08
        ("al-Jolani", SEP_2025, "SYR:SHARAA", "loaded_alias"),
        ("Abu Mohammed al-Jolani", SEP_2025, "SYR:SHARAA", "loaded_alias"),
        ("Ahmed al-Sharaa", SEP_2025, "SYR:SHARAA", "name"),
        ("Daesh", SEP_2025, "IMGISI", "loaded_alias"),
        ("ISIS", SEP_2025, "IMGISI", "alias"),
        ("Islamic State", SEP_2025, "IMGISI", "name"),
        ("Hay’at Tahrir al-Sham", SEP_2025, "SYRHTS", "alias"),
        ("IDF", SEP_2025, "ISRMIL", "alias"),
        ("UNDOF", SEP_2025, "IGOUNODOF", "alias"),
        ("the UN", SEP_2025, "IGOUNO", "alias"),
        ("Axios", SEP_2025, "USAMED:AXIOS", "name"),
        ("Israelis", SEP_2025, "ISR", "demonym"),
        ("Republicans", SEP_2025, "USAPTY:REP", "alias"),
        ("Trump administration", SEP_2025, "USAGOV", "alias"),
        ("Biden administration", SEP_2025, None, None),
        ("Gondor", SEP_2025, None, None),
        ("", SEP_2025, None, None),
    ],
)
def test_lookup(
    gaz: Gazetteer, text: str, date: dt.date, actor_id: str | None, via: str | None
) -> None:
    alias = gaz.lookup(text, date)
    assert (alias.actor_id if alias else None) == actor_id
    assert (alias.via if alias else None) == via


@pytest.mark.parametrize(
    ("word", "actor_id"),
    [
        ("Israeli", "ISR"),
        ("Syrian", "SYR"),
        ("American", "USA"),
        ("Druze", "DRZ"),
        ("Western", "WST"),
        ("Emirati", "ARE"),
        ("Gondorian", None),
        ("government", None),
    ],
)
def test_demonyms(gaz: Gazetteer, word: str, actor_id: str | None) -> None:
    assert gaz.demonyms.get(norm(word)) == actor_id


@pytest.mark.parametrize(
    ("title", "body", "date", "holders"),
    [
        ("foreign minister", "SYRGOV", SEP_2025, ["SYR:SHAIBANI"]),
        ("foreign minister", "SYRGOV", dt.date(2023, 5, 1), ["SYR:MEKDAD"]),
        ("president", "SYRGOV", SEP_2025, ["SYR:SHARAA"]),
        ("president", "SYRGOV", dt.date(2024, 6, 1), ["SYR:ASSAD"]),
        ("president", "SYRGOV", dt.date(2024, 12, 20), []),  # between Assad and al-Sharaa
        ("president", "USAGOV", dt.date(2025, 2, 1), ["USA:TRUMP"]),
        ("president", "USAGOV", dt.date(2024, 6, 1), ["USA:BIDEN"]),
        ("president", "USAGOV", None, ["USA:TRUMP"]),  # undated: who holds it now
        ("strategic affairs minister", "ISRGOV", SEP_2025, ["ISR:DERMER"]),
        ("special envoy", "USAGOV", SEP_2025, ["USA:BARRACK", "USA:WITKOFF"]),
        ("foreign minister", "USAGOV", dt.date(2015, 6, 9), ["USA:KERRY"]),  # "secretary of state"
        ("leader", "USAGOV", dt.date(2008, 8, 4), ["USA:BUSH"]),
        ("leader", "ISRGOV", SEP_2025, ["ISR:NETANYAHU"]),  # the PM leads Israel
        ("secretary-general", "IGOUNO", dt.date(2015, 6, 9), ["KOR:BAN"]),
        ("foreign minister", "GONGOV", SEP_2025, []),
    ],
)
def test_role_holders_by_date(
    gaz: Gazetteer, title: str, body: str, date: dt.date | None, holders: list[str]
) -> None:
    assert sorted(gaz.role_holders(title, body, date)) == sorted(holders)


@pytest.mark.parametrize(
    ("words", "canonical"),
    [
        ("minister of strategic affairs", "strategic affairs minister"),
        ("foreign minister", "foreign minister"),
        ("minister of foreign affairs", "foreign minister"),
        ("secretary of state", "foreign minister"),
        ("defense secretary", "defence minister"),
        ("de facto foreign minister", "foreign minister"),
        ("prime minister", "prime minister"),
        ("chief", "secretary-general"),
        ("football coach", None),
    ],
)
def test_canonical_titles(gaz: Gazetteer, words: str, canonical: str | None) -> None:
    assert gaz.canonical_title(words.split()) == canonical


@pytest.mark.parametrize(
    ("text", "actor_id"),
    [
        ("Asaad al-Chaibani", "SYR:SHAIBANI"),
        ("Benyamin Netanyahou", "ISR:NETANYAHU"),
        ("Recep Tayip Erdogan", "TUR:ERDOGAN"),
        ("Completely Unrelated Name", None),
        ("Obamo", None),  # too short to guess
    ],
)
def test_fuzzy_transliterations(gaz: Gazetteer, text: str, actor_id: str | None) -> None:
    alias = gaz.fuzzy(text)
    assert (alias.actor_id if alias else None) == actor_id


@pytest.mark.parametrize(
    ("body", "sector", "expected"),
    [
        ("ISR", "MIL", "ISRMIL"),
        ("SYR", "GOV", "SYRGOV"),
        ("SYRGOV", "MIL", "SYRMIL"),
        ("SYRHTS", "MIL", "SYRHTS"),
        ("IGOUNO", "GOV", "IGOUNO"),
        ("ISR", "MED", "ISRMED"),
    ],
)
def test_sector_actors(gaz: Gazetteer, body: str, sector: str, expected: str) -> None:
    assert gaz.sector_actor(body, sector) == expected
    assert gaz.actor(expected) is not None


def test_every_state_has_government_and_military(gaz: Gazetteer) -> None:
    for country in pycountry.countries:
        assert gaz.actors[country.alpha_3].kind == "state"
        assert gaz.actors[country.alpha_3 + "GOV"].kind == "government"
        assert gaz.actors[country.alpha_3 + "MIL"].kind == "military"
    assert gaz.actor("ISRMED").name == "Israeli media"
    assert gaz.actor("GONMED") is None


def test_data_is_consistent(gaz: Gazetteer) -> None:
    countries = {c.alpha_3 for c in pycountry.countries}
    for actor in list(gaz.actors.values()):
        assert actor.country is None or actor.country in countries, actor
        for role in actor.roles:
            assert gaz.actor(role.body) is not None, (actor.id, role)
            assert role.start is None or role.end is None or role.start < role.end, actor.id
    for aliases in gaz.aliases.values():
        for alias in aliases:
            assert alias.kind in (*gz.ALIAS_KINDS, "name", "demonym")


def test_user_files_are_merged(tmp_path: Path) -> None:
    yml = tmp_path / "mine.yaml"
    yml.write_text(
        "actors:\n"
        "  - {id: GONGOV, name: Gondor government, kind: government,\n"
        "     aliases: [{text: the White City, kind: metonym}]}\n"
        "  - {id: ISRGOV, aliases: [{text: the Jerusalem cabinet, kind: loaded}]}\n"
        "  - {id: 'GON:ARAGORN', name: Aragorn, kind: person, aliases: [Strider],\n"
        "     roles: [[king, GONGOV, 3019-03-25, null]]}\n",
        encoding="utf-8",
    )
    csv_file = tmp_path / "more.csv"
    csv_file.write_text(
        "id,name,kind,country,aliases\nPROV:X,Rohan Riders,armed_group,,Riders of Rohan;Rohirrim\n",
        encoding="utf-8",
    )
    gaz = build((yml, csv_file))
    assert gaz.lookup("the White City").actor_id == "GONGOV"
    assert gaz.lookup("the Jerusalem cabinet").via == "loaded_alias"
    assert gaz.lookup("Israel").actor_id == "ISR"  # package data still there
    assert gaz.lookup("Strider").actor_id == "GON:ARAGORN"
    assert gaz.lookup("Rohirrim").actor_id == "PROV:X"


def test_env_gazetteers_are_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    yml = tmp_path / "env.yaml"
    yml.write_text("actors:\n  - {id: XYZ, name: Xyz Front, kind: armed_group}\n", encoding="utf-8")
    monkeypatch.setenv("NEWSLEDGER_GAZETTEERS", str(yml))
    assert gazetteer().lookup("Xyz Front").actor_id == "XYZ"
    assert gazetteer() is gazetteer()  # built once per set of files


def test_bad_alias_kind_is_an_error(tmp_path: Path) -> None:
    yml = tmp_path / "bad.yaml"
    yml.write_text(
        "actors:\n  - {id: XYZ, name: X, kind: party, aliases: [{text: Y, kind: rude}]}\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="kind must be one of"):
        build((yml,))


@pytest.mark.parametrize(
    ("text", "actor_id"),
    [
        ("ISRMIL", "ISRMIL"),
        ("isrmil", "ISRMIL"),
        ("ISR:DERMER", "ISR:DERMER"),
        ("the IDF", "ISRMIL"),
        ("Damascus", "SYRGOV"),
        ("Asaad al-Chaibani", "SYR:SHAIBANI"),
        ("nobody at all", None),
    ],
)
def test_find_actor(text: str, actor_id: str | None) -> None:
    actor = gz.find_actor(text)
    assert (actor.id if actor else None) == actor_id


# -- imported dictionaries and the 2020-2025 leaders ---------------------------------------


@pytest.mark.parametrize(
    ("name", "actor_id", "kind"),
    [
        ("Hizbul Mujahideen", "SASREB:HIZBUL-MUJAHIDEEN", "armed_group"),  # imported only
        ("Vladimir Vladimirovich Putin", "RUS:PUTIN", "person"),  # imported name, hand-made actor
        ("Nouri al-Maliki", "IRQ:MALIKI", "person"),
        ("SARC", "SYRNGO:SARC", "ngo"),  # the Syrian Arab Red Crescent, not the ICRC
        ("FARDC", "CODMIL", "military"),
        ("Zzyzx Qwertyuiop", None, None),
        ("al-Malki neighbourhood", None, None),
    ],
)
def test_imported_names(gaz: Gazetteer, name: str, actor_id: str | None, kind: str | None) -> None:
    alias = gaz.lookup(name, dt.date(2025, 6, 1))
    assert (alias.actor_id if alias else None) == actor_id
    if alias is not None:
        assert gaz.actors[alias.actor_id].kind == kind


def test_imported_only_when_wanted() -> None:
    own = build()
    own.use_imported = False
    assert own.lookup("Hizbul Mujahideen") is None


@pytest.mark.parametrize(
    ("code", "body"),
    [("RUSGOV", "RUSGOV"), ("RUSELI", "RUS"), ("CHEGOVBUS", "CHEGOV"), ("XXXGOV", None)],
)
def test_imported_role_body(gaz: Gazetteer, code: str, body: str | None) -> None:
    role = gaz._imported_role(code, "2008-05-08", None)
    assert (role.body if role else None) == body


@pytest.mark.parametrize(
    ("title", "body", "date", "holders"),
    [
        ("defence minister", "RUSGOV", dt.date(2025, 8, 16), ["RUS:BELOUSOV"]),
        ("defence minister", "RUSGOV", dt.date(2023, 1, 1), ["RUS:SHOIGU"]),
        ("foreign minister", "UKRGOV", dt.date(2025, 4, 13), ["UKR:SYBIHA"]),
        ("leader", "JPNGOV", dt.date(2025, 1, 1), ["JPN:ISHIBA"]),
        ("commander", "IRNIRGC", dt.date(2025, 6, 12), ["IRN:SALAMI"]),
        ("commander", "IRNIRGC", dt.date(2025, 6, 14), ["IRN:PAKPOUR"]),
        ("president", "GEOGOV", dt.date(2025, 1, 1), ["GEO:KAVELASHVILI"]),
        ("defence minister", "RUSGOV", dt.date(1990, 1, 1), []),
    ],
)
def test_leaders_2020_2025(
    gaz: Gazetteer, title: str, body: str, date: dt.date, holders: list[str]
) -> None:
    assert gaz.role_holders(title, body, date) == holders
