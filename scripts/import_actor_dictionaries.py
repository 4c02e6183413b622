"""Convert the MIT-licensed PETRARCH2/Phoenix and NGEC-2025 dictionaries into package data.

Sources (../shared/data/actor-dictionaries, see SOURCE.txt there): Phoenix.Countries,
Phoenix.International and Phoenix.MilNonState actor files and the NGEC-2025 PLOVER agents
file, all MIT (Open Event Data Alliance). The CAMEO ethnic/religious files (CC BY-NC) and
the ICEWS files (own terms) are never read here.

Writes, under newsledger/data/actors/:
- imported.tsv.gz: one actor a row: id, name, kind, country, aliases (";"), roles
  ("CODE start end" joined by ";", dates ISO or "-"), source file. Country names and the
  cities and regions listed under them are left out (states come from pycountry; a place
  is never an actor), and so are aliases that carry a title ("PRESIDENT_PUTIN") or a bare
  surname (the actors stage links surnames to full names itself);
- imported_agents.tsv: agent phrase (lower case) and its code, e.g. "riot police	COP";
- LICENSE-petrarch2-MIT.txt, copied alongside.

    PYTHONPATH=. python scripts/import_actor_dictionaries.py [--source DIR]
"""

from __future__ import annotations

import argparse
import gzip
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pycountry

ROOT = Path(__file__).resolve().parents[1]
SOURCE = Path("/work/shared/data/actor-dictionaries")
OUT = ROOT / "newsledger" / "data" / "actors"
ACTOR_FILES = {
    "Phoenix.Countries.actors.txt": "phoenix-countries",
    "Phoenix.International.actors.txt": "phoenix-international",
    "Phoenix.MilNonState.actors.txt": "phoenix-milnonstate",
}
AGENTS = "NGEC2025.PLOVER_agents.txt"
ALPHA3 = {c.alpha_3 for c in pycountry.countries}
TITLE_WORDS = {
    "PRESIDENT", "PRIME", "MINISTER", "MR", "MR.", "MRS", "MRS.", "MS", "DR", "DR.", "GENERAL",
    "GEN", "GEN.", "KING", "QUEEN", "PRINCE", "SHEIKH", "SECRETARY", "AMBASSADOR", "CHAIRMAN",
    "LEADER", "GOVERNMENT", "REGIME", "FORCES", "SPOKESMAN", "CHANCELLOR", "PREMIER", "FORMER",
    "COLONEL", "COL", "COL.", "SENATOR", "SEN.", "GOVERNOR", "DEPUTY", "FOREIGN", "DEFENSE",
    "PM", "SIR", "LORD", "AYATOLLAH", "EMIR", "MARSHAL", "ADMIRAL",
}
# CAMEO role codes (the manual's domestic and international roles): a code "<alpha3><role>"
# names an actor; any other suffix is a region ("PSEGZA", Gaza).
ROLE_CODES = {
    "GOV", "MIL", "REB", "OPP", "PTY", "COP", "JUD", "SPY", "MED", "EDU", "BUS", "CRM",
    "CVL", "LEG", "HLH", "REF", "ELI", "LAB", "AGR", "ENV", "HRI", "DEV", "REL", "UAF", "INS",
    "MOD", "RAD", "IMG", "MNC", "SEP", "NGO", "IGO", "UNK", "PRE", "JRN", "SOC", "PRM", "CHR",
    "MUS", "JEW", "BUD", "HIN", "SHI", "SUN",
}
_CODE = re.compile(r"\[([^\]]*)\]")
_KEEP_UPPER = re.compile(r"^([A-Z]\.)+[A-Z]?\.?$|^[A-Z]{2,6}$")


@dataclass
class Entry:
    names: list[str]
    codes: list[tuple[str, str | None, str | None]] = field(default_factory=list)
    person: bool = False


def _date(raw: str) -> str:
    """TABARI dates: YYMMDD (years up to 30 read as 20YY) or YYYYMMDD, as ISO."""
    raw = raw.strip()
    if len(raw) == 8:
        return f"{raw[:4]}-{raw[4:6]}-{raw[6:]}"
    year = int(raw[:2])
    year += 2000 if year <= 30 else 1900
    return f"{year}-{raw[2:4]}-{raw[4:6]}"


def parse_code(raw: str) -> tuple[str, str | None, str | None] | None:
    """ "RUSGOV 991231-080507" -> ("RUSGOV", "1999-12-31", "2008-05-07"); agents left out."""
    parts = raw.split()
    if not parts or parts[0].startswith("~") or not re.fullmatch(r"[A-Z0-9]{3,15}", parts[0]):
        return None
    start = end = None
    if len(parts) > 1:
        span = "".join(parts[1:])
        try:
            if span.startswith(">"):
                start = _date(span[1:])
            elif span.startswith("<"):
                end = _date(span[1:])
            elif "-" in span:
                a, b = span.split("-", 1)
                start, end = _date(a), _date(b)
        except ValueError:
            return None
    return parts[0], start, end


def parse_actors(text: str) -> list[Entry]:
    """Entries of a TABARI actor file: names, "+" synonyms, codes (one per line or inline)."""
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    entries: list[Entry] = []
    current: Entry | None = None
    for line in text.splitlines():
        comment = line.split("#", 1)[1] if "#" in line else ""
        body = line.split("#", 1)[0]
        codes = [c for c in (parse_code(r) for r in _CODE.findall(body)) if c]
        name = _CODE.sub("", body).strip()
        if not name and not codes:
            continue
        if name.startswith("+"):
            if current is not None:
                current.names.append(name[1:])
        elif name:
            if current is not None and not current.codes:  # names share the next code
                current.names.append(name)
            else:
                current = Entry([name])
                entries.append(current)
            current.person = current.person or "CountryInfo" in comment
        if codes and current is not None:
            current.codes.extend(codes)
    return [e for e in entries if e.codes]


def display(name: str) -> str:
    """ "BASHAR_AL_ASSAD_" -> "Bashar Al Assad"; acronyms ("U.N.", "HTS") stay as written."""
    words = name.replace("_", " ").split()
    out = []
    for word in words:
        if _KEEP_UPPER.match(word) and len(words) == 1:
            out.append(word)
        else:
            out.append("-".join(p[:1].upper() + p[1:].lower() for p in word.split("-")))
    return " ".join(out)


def _split_bracket(names: list[str]) -> list[str]:
    """ "HIZBUL_MUJAHIDEEN_(HM)_" -> the name and "HM"; other brackets are dropped."""
    out = []
    for name in names:
        inner = re.findall(r"\(([^)]*)\)", name)
        out.append(re.sub(r"\([^)]*\)", "", name).strip("_ "))
        out.extend(i for i in inner if re.fullmatch(r"[A-Z][A-Z.\-]{1,7}", i))
    return out


def _keep_alias(raw: str, person: bool) -> bool:
    words = raw.replace("_", " ").split()
    if not words or (person and any(w in TITLE_WORDS for w in words)):
        return False
    if person and len(words) == 1:
        return False  # a bare surname: ambiguous, and the stage links it to a full name
    return len(raw.replace("_", "")) >= 2


def _slug(name: str) -> str:
    return re.sub(r"[^A-Z0-9]+", "-", name.upper()).strip("-")


def rows(entries: list[Entry], source: str) -> list[list[str]]:
    """TSV rows for the entries worth shipping (see the module docstring)."""
    out = []
    for entry in entries:
        first = entry.codes[0][0]
        dated = any(s or e for _, s, e in entry.codes)
        if first[:3] in ALPHA3 and first[3:6] not in ROLE_CODES and not dated:
            continue  # a country, its adjective, a place or region in it (PSEGZA: Gaza)
        person = entry.person or dated
        aliases = [display(n) for n in _split_bracket(entry.names) if _keep_alias(n, person)]
        aliases = list(dict.fromkeys(a for a in aliases if a))
        if not aliases:
            continue
        country = first[:3] if first[:3] in ALPHA3 else (
            first[3:6] if first[:3] in ("NGO", "IGO", "MNC") and first[3:6] in ALPHA3 else "")
        if person:
            kind = "person"
        elif source == "phoenix-milnonstate" or first[:3] == "IMG" or "REB" in first[3:]:
            kind = "armed_group"
        elif first.startswith("IGO"):
            kind = "igo"
        elif first.startswith("NGO"):
            kind = "ngo"
        else:
            kind = "organisation"
        actor_id = f"{country or first[:3]}:{_slug(aliases[0])}" if person else (
            f"{first}:{_slug(aliases[0])}")
        roles = ";".join(f"{c} {s or '-'} {e or '-'}" for c, s, e in entry.codes)
        out.append([actor_id, aliases[0], kind, country, ";".join(aliases[1:]), roles, source])
    return out


def agents(text: str) -> list[tuple[str, str]]:
    """(phrase, code) pairs of an agents file; "!PERSON!" expands to man, woman, person."""
    out = []
    for line in text.splitlines():
        body = line.split("#", 1)[0]
        found = re.match(r"^([A-Z][A-Z0-9_'!.\-]*)\s*\[~([A-Z]+)\]", body.strip())
        if not found:
            continue
        phrase, code = found.groups()
        forms = [phrase]
        if "!PERSON!" in phrase:
            forms = [phrase.replace("!PERSON!", w) for w in ("MAN", "WOMAN", "PERSON")]
        for form in forms:
            words = form.replace("_", " ").lower().strip()
            if words and "!" not in words:
                out.append((words, code))
    return list(dict.fromkeys(out))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=SOURCE)
    args = parser.parse_args()
    table: list[list[str]] = []
    seen: set[str] = set()
    same: set[tuple[str, ...]] = set()
    for name, source in ACTOR_FILES.items():
        text = (args.source / name).read_text(encoding="utf-8", errors="replace")
        for row in rows(parse_actors(text), source):
            if tuple(row[1:6]) in same:
                continue  # listed twice
            same.add(tuple(row[1:6]))
            base, n = row[0], 2
            while row[0] in seen:  # namesakes: a number, in file order
                row[0] = f"{base}-{n}"
                n += 1
            seen.add(row[0])
            table.append(row)
    header = "id\tname\tkind\tcountry\taliases\troles\tsource\n"
    body = header + "".join("\t".join(c.replace("\t", " ") for c in row) + "\n" for row in table)
    with gzip.GzipFile(OUT / "imported.tsv.gz", "wb", compresslevel=9, mtime=0) as fh:
        fh.write(body.encode("utf-8"))  # mtime 0: a rerun gives the same bytes
    pairs = agents((args.source / AGENTS).read_text(encoding="utf-8", errors="replace"))
    with (OUT / "imported_agents.tsv").open("w", encoding="utf-8") as fh:
        fh.write("# NGEC-2025 PLOVER_agents.txt (MIT, Open Event Data Alliance), converted by "
                 "scripts/import_actor_dictionaries.py\n")
        for phrase, code in pairs:
            fh.write(f"{phrase}\t{code}\n")
    shutil.copyfile(args.source / "LICENSE-petrarch2-MIT.txt", OUT / "LICENSE-petrarch2-MIT.txt")
    print(f"{len(table)} actors, {len(pairs)} agent phrases -> {OUT}")


if __name__ == "__main__":
    main()
