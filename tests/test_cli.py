"""The CLI through click's runner, and a real SIGKILL in the middle of an ingest."""

from __future__ import annotations

import json
import re
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from newsledger.cli import cli

from .conftest import SAMPLE
from .killresume import kill_mid_ingest_then_rerun

TEXT = ("Officials from both countries met in Geneva on Tuesday to discuss a ceasefire, "
        "the foreign ministry said in a statement.")


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def run(runner: CliRunner, *args: str, input: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(cli, list(args), input=input, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_every_command_has_help_with_an_example(runner: CliRunner) -> None:
    code, out, _ = run(runner, "--help")
    assert code == 0
    for command in cli.commands:
        code, out, _ = run(runner, command, "--help")
        assert code == 0 and "Example" in out, command


@pytest.mark.model
def test_analyze_prints_the_json_contract(runner: CliRunner) -> None:
    code, out, _ = run(runner, "analyze", str(SAMPLE), "--published", "2025-09-19")
    assert code == 0
    doc = json.loads(out)
    for key in ("actors", "events", "claims", "markers"):
        assert isinstance(doc[key], list)
    assert doc["article"]["published"] == "2025-09-19"


@pytest.mark.model
def test_analyze_jsonl_on_stdin_keeps_ids_and_line_order(runner: CliRunner) -> None:
    lines = [json.dumps({"id": "first", "text": TEXT}), json.dumps({"id": "bad", "text": ""}),
             json.dumps({"id": 7, "text": TEXT + " They will meet again."})]
    code, out, _ = run(runner, "analyze", "-", "--format", "jsonl", input="\n".join(lines))
    assert code == 0
    rows = [json.loads(x) for x in out.splitlines()]
    assert [r["id"] for r in rows] == ["first", None, "7"]
    assert rows[1]["error"]["reason"] == "empty"
    assert all(isinstance(r["events"], list) for r in rows)


@pytest.mark.parametrize(
    ("content", "reason"),
    [(b"", "empty"), (b"\x00\x01\x02" * 100, "binary"), (b"caf\xe9 au lait " * 5, "encoding")],
)
def test_analyze_bad_file_is_one_line_and_exit_1(runner: CliRunner, tmp_path: Path,
                                                 content: bytes, reason: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    code, out, err = run(runner, "analyze", str(path))
    assert code == 1 and out == ""
    assert str(path) in err and f"[{reason}]" in err and "Traceback" not in err


@pytest.mark.parametrize("command", ["analyze", "ingest"])
@pytest.mark.parametrize("published", ["x", "a", "1.5", "0001-01-01", "9999-12-31", "Sept 19"])
def test_a_bad_published_option_is_a_usage_error_not_a_guess(runner: CliRunner, tmp_path: Path,
                                                              command: str,
                                                              published: str) -> None:
    path = tmp_path / "a.txt"
    path.write_text(TEXT)
    code, out, err = run(runner, command, str(path), "--published", published,
                         "--db", str(tmp_path / "x.duckdb")) if command == "ingest" else run(
        runner, command, str(path), "--published", published)
    assert code == 2 and out == ""
    assert "--published" in err and "Traceback" not in err
    assert not (tmp_path / "x.duckdb").exists()


@pytest.mark.parametrize("published", ["07/08/2025", "7.8.2025", "13/07/2025", "07-08-25"])
def test_an_all_number_published_date_is_refused_as_ambiguous(runner: CliRunner, tmp_path: Path,
                                                              published: str) -> None:
    path = tmp_path / "a.txt"
    path.write_text(TEXT)
    code, out, err = run(runner, "analyze", str(path), "--published", published)
    assert code == 2 and out == ""
    assert "ambiguous" in err and "YYYY-MM-DD" in err and published in err


def test_a_file_name_with_a_newline_gives_one_line(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "two\nlines.txt"
    path.write_bytes(b"")
    code, out, err = run(runner, "analyze", str(path))
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "two\\nlines.txt" in err


@pytest.mark.model
def test_ingest_mixed_folder_stores_good_and_lists_bad(runner: CliRunner, tmp_path: Path,
                                                        db_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(TEXT)
    (folder / "copy.txt").write_text(TEXT + "\n")  # same normalised text: a duplicate
    (folder / "empty.txt").write_text("")
    (folder / "pic.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00" * 50)
    code, _, err = run(runner, "ingest", str(folder), "--db", str(db_path))
    assert code == 0
    assert "1 stored, 1 duplicates, 2 rejected (1 binary, 1 empty)" in err or \
        "1 stored, 1 duplicates, 2 rejected (1 empty, 1 binary)" in err
    code, out, _ = run(runner, "rejections", "--db", str(db_path), "--format", "json")
    assert {r["reason"] for r in json.loads(out)} == {"empty", "binary"}
    # a second run changes nothing already stored
    before = duckdb.connect(str(db_path)).execute("SELECT * FROM articles").fetchall()
    code, _, err = run(runner, "ingest", str(folder), "--db", str(db_path))
    assert "0 stored, 2 duplicates" in err
    after = duckdb.connect(str(db_path)).execute("SELECT * FROM articles").fetchall()
    assert before == after


def test_queries_on_a_missing_db_are_a_clear_error(runner: CliRunner, tmp_path: Path) -> None:
    code, _, err = run(runner, "events", "--db", str(tmp_path / "none.duckdb"))
    assert code == 1 and "no such database" in err


@pytest.mark.model
@pytest.mark.parametrize("fmt", ["table", "json", "jsonl", "csv"])
def test_query_formats(runner: CliRunner, tmp_path: Path, db_path: Path, fmt: str) -> None:
    (tmp_path / "a.txt").write_text(TEXT)
    run(runner, "ingest", str(tmp_path / "a.txt"), "--db", str(db_path), "--outlet", "Wire")
    code, out, _ = run(runner, "articles", "--db", str(db_path), "--format", fmt)
    assert code == 0 and "Wire" in out
    if fmt == "json":
        assert json.loads(out)[0]["outlet"] == "Wire"


@pytest.mark.model
def test_export_jsonl_and_parquet(runner: CliRunner, tmp_path: Path, db_path: Path) -> None:
    (tmp_path / "a.txt").write_text(TEXT)
    run(runner, "ingest", str(tmp_path / "a.txt"), "--db", str(db_path))
    for name in ("arts.jsonl", "arts.parquet"):
        code, _, err = run(runner, "export", "--db", str(db_path), "--what", "articles",
                           "--to", str(tmp_path / name))
        assert code == 0 and "1 articles written" in err
    code, _, err = run(runner, "export", "--db", str(db_path), "--to", str(tmp_path / "g.csv"),
                       "--format", "gdelt")
    assert code == 0 and "events written" in err
    assert (tmp_path / "g.csv").read_text().startswith("GlobalEventID")
    got = duckdb.connect().execute(f"SELECT count(*) FROM '{tmp_path / 'arts.parquet'}'").fetchone()
    assert got == (1,)
    code, _, err = run(runner, "export", "--db", str(db_path), "--to", str(tmp_path / "x.doc"))
    assert code == 1 and "pass a format" in err and "Traceback" not in err


@pytest.mark.model
@pytest.mark.slow
def test_sigkill_mid_inline_ingest_then_rerun_stores_each_article_once(tmp_path: Path) -> None:
    kill_mid_ingest_then_rerun(tmp_path, ["--engine", "inline"])


@pytest.mark.spark
@pytest.mark.model
@pytest.mark.slow
def test_ingest_on_spark_stores_what_spark_wrote(runner: CliRunner, tmp_path: Path,
                                                 db_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    if shutil.which("java") is None:
        pytest.skip("Spark needs Java")
    monkeypatch.setenv("SPARK_LOCAL_IP", "127.0.0.1")
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps({"id": f"a{i}", "text": f"{TEXT} Item {i}."})
                             for i in range(3)) + "\n" + json.dumps({"id": "bad", "text": ""}))
    code, _, err = run(runner, "ingest", str(src), "--engine", "spark", "--spark-master",
                       "local[1]", "--db", str(db_path))
    assert code == 0, err
    assert "3 stored, 0 duplicates, 1 rejected (1 empty)" in err
    from newsledger.pipeline import ingest_engine_output
    from newsledger.store import Store

    with Store(db_path) as store:  # loading the same output again changes nothing
        again = ingest_engine_output(Path(str(db_path) + ".spark"), store)
        assert (again.stored, again.duplicates) == (0, 3)
        assert {a["external_id"] for a in store.articles()} == {"a0", "a1", "a2"}
        assert len(store.events()) >= 3


@pytest.mark.parametrize("how", ["half", "garbage"])
@pytest.mark.parametrize("command", ["ingest", "events", "serve"])
def test_a_damaged_store_is_one_line_naming_the_cause(runner: CliRunner, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch,
                                                      how: str, command: str) -> None:
    from newsledger import api

    from .test_store import _damaged

    path = _damaged(tmp_path, how)
    monkeypatch.setattr(api, "serve", lambda db, **kw: api.create_app(db, read_only=True))
    args = {"ingest": ["ingest", str(tmp_path / "none.txt")], "events": ["events"],
            "serve": ["serve", "--read-only"]}[command]
    result = runner.invoke(cli, [*args, "--db", str(path)])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)
    [error] = [line for line in result.stderr.splitlines() if "error" in line]
    assert "damaged" in error


@pytest.mark.model
@pytest.mark.parametrize("command", ["analyze", "ingest"])
@pytest.mark.parametrize(("published", "told"), [(None, True), ("2025-09-19", False)])
def test_undated_articles_are_said_once(runner: CliRunner, tmp_path: Path, command: str,
                                        published: str | None, told: bool) -> None:  # fmt: skip
    args = [command, str(SAMPLE)]
    if command == "ingest":
        args += ["--db", str(tmp_path / "s.duckdb")]
    if published:
        args += ["--published", published]
    code, _, err = run(runner, *args)
    assert code == 0
    assert err.count("without a publication date") == (1 if told else 0)


@pytest.mark.model
def test_a_syndicated_copy_is_recorded_not_dropped(runner: CliRunner, tmp_path: Path,
                                                   db_path: Path) -> None:
    src = tmp_path / "wire.jsonl"
    lines = [{"text": TEXT, "outlet": "Reuters", "published": "2025-09-19"},
             {"text": TEXT, "outlet": "MTV Lebanon", "published": "2025-09-20",
              "url": "https://mtv.example/a"},
             {"text": TEXT, "outlet": "MTV Lebanon", "published": "2025-09-20"}]
    src.write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    code, _, err = run(runner, "ingest", str(src), "--db", str(db_path))
    assert code == 0, err
    assert "1 stored, 1 copies by other outlets, 1 duplicates, 0 rejected" in err
    code, out, _ = run(runner, "stories", "--db", str(db_path), "--format", "json")
    assert code == 0
    assert all(set(s["outlets"]) == {"MTV Lebanon", "Reuters"} for s in json.loads(out))


@pytest.mark.model
def test_ingest_commits_as_often_as_newsledger_commit_every_says(
        runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps({"id": f"a{i}", "text": f"{TEXT} Report {i}."})
                             for i in range(5)), encoding="utf-8")  # fmt: skip
    monkeypatch.setenv("NEWSLEDGER_COMMIT_EVERY", "2")
    db = tmp_path / "l.duckdb"
    code, _, err = run(runner, "ingest", str(src), "--db", str(db), "--engine", "inline",
                       "--progress")  # fmt: skip
    assert code == 0 and "5 stored" in err
    # the progress bar moves once per commit: after 2, 4 and 5 articles
    # counts, not rates: "2.63input/s" is a rate
    counts = set(re.findall(r"(?<![\d.])(\d+)input(?!/s)", err))
    assert {"2", "4", "5"} <= counts and "3" not in counts


@pytest.mark.parametrize(
    ("part", "shown"),
    [
        ({"mention": "Israel", "actor_id": "ISR"}, "Israel"),
        ({"mention": "it", "actor_id": "ISR"}, "it (ISR)"),  # a pronoun: say whom it stands for
        ({"mention": "", "actor_id": "UKR"}, "UKR"),  # filled from context: no words of its own
        ({"mention": "", "actor_id": ""}, ""),
    ],
)
def test_the_event_table_names_who_a_pronoun_stands_for(part: dict, shown: str) -> None:
    from newsledger.cli.common import event_row

    assert event_row({"source": [part]})["source"] == shown
