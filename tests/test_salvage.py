"""`newsledger check` and `newsledger salvage` over sound, truncated and garbage stores."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsledger.cli import cli
from newsledger.salvage import check, salvage
from newsledger.store import SCHEMA_VERSION, Store
from tests.webdata import save_demo


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    path = tmp_path / "ledger.duckdb"
    save_demo(path)
    return path


def test_a_sound_store_is_sound_and_salvages_whole(demo: Path, tmp_path: Path) -> None:
    code, out, _ = invoke("check", "--db", str(demo))
    assert code == 0
    assert out.splitlines()[0].endswith(f"sound, schema version {SCHEMA_VERSION}")
    assert "articles" in out and "3 rows read" in out
    code, _, err = invoke("salvage", "--db", str(demo), "--to", str(tmp_path / "copy.duckdb"))
    assert code == 0 and "nothing lost" in err
    with Store(demo, read_only=True) as a, Store(tmp_path / "copy.duckdb", read_only=True) as b:
        assert a.counts() == b.counts()
        assert [e["id"] for e in a.events()] == [e["id"] for e in b.events()]


def test_a_store_of_the_first_schema_is_sound_and_salvages_into_the_current(
        demo: Path, tmp_path: Path) -> None:
    import duckdb

    con = duckdb.connect(str(demo))  # as a store written before copies and story aliases
    con.execute("DROP TABLE copies; DROP TABLE story_aliases; "
                "ALTER TABLE articles DROP COLUMN original; "
                "UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    con.close()
    report = check(demo)
    assert report.sound and report.schema == "1"
    assert {t.table for t in report.tables}.isdisjoint({"copies", "story_aliases"})
    with Store(demo, read_only=True) as old:  # read-only: not migrated, still readable
        assert old.analysis(old.article_ids("")[0])["copies"] == []
    target = tmp_path / "current.duckdb"
    assert not salvage(demo, target).lost
    with Store(target, read_only=True) as new:
        assert new.counts()["events"] == 9
        assert new.query("SELECT count(*) AS n FROM copies")[0]["n"] == 0


@pytest.mark.parametrize("damage", ["truncate", "garbage", "not_duckdb", "missing"])
def test_a_damaged_store_is_named_and_salvage_keeps_what_reads(demo: Path, tmp_path: Path,
                                                               damage: str) -> None:
    size = demo.stat().st_size
    if damage == "truncate":
        os.truncate(demo, size // 2)
    elif damage == "garbage":
        with demo.open("r+b") as f:
            f.seek(size // 2)
            f.write(os.urandom(size // 4))
    elif damage == "not_duckdb":
        demo.write_bytes(b"<html>not a database</html>" * 200)
    else:
        demo.unlink()
    report = check(demo)
    assert not report.sound
    code, out, err = invoke("check", "--db", str(demo))
    assert code == 1 and "DAMAGED" in out and "Traceback" not in out + err
    target = tmp_path / "rescued.duckdb"
    code, _, err = invoke("salvage", "--db", str(demo), "--to", str(target))
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    if code == 0:
        assert err.startswith("salvaged ")
        assert check(target).sound
    else:
        assert err.startswith("newsledger: error: ") and not target.exists()


def test_salvage_never_overwrites(demo: Path, tmp_path: Path) -> None:
    target = tmp_path / "there.duckdb"
    target.write_text("keep me")
    code, _, err = invoke("salvage", "--db", str(demo), "--to", str(target))
    assert code == 1 and "already exists" in err
    assert target.read_text() == "keep me"
    with pytest.raises(Exception, match="already exists"):
        salvage(demo, target)
