"""Ingest: readers for every input kind, ids, and reasoned rejections for bad input."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest

from newsledger.errors import RejectedInput
from newsledger.ingest import (
    Options,
    article_from_text,
    article_id,
    guess_language,
    iter_inputs,
    normalise,
    sniff,
)
from newsledger.model import Article, Rejection

ENGLISH = (
    "The foreign ministers met in Geneva on Tuesday to discuss a ceasefire, officials said, "
    "and agreed to meet again next month."
)
HTML_PAGE = f"""<!doctype html><html><head><title>Ministers meet | Example Times</title>
<meta property="og:site_name" content="Example Times">
<meta name="date" content="2025-03-04"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Ministers meet in Geneva</h1><p>{ENGLISH}</p>
<p>The talks lasted four hours and ended without a joint statement, according to diplomats
who attended the meeting in the Swiss city.</p></article>
<footer>Copyright Example Times</footer></body></html>"""
FEED = f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Wire World</title>
<item><title>Talks</title><link>https://example.org/a</link><guid>a1</guid>
<pubDate>Tue, 04 Mar 2025 10:00:00 GMT</pubDate>
<description>&lt;p&gt;{ENGLISH}&lt;/p&gt;</description></item>
<item><title>Short</title><description>Too short</description></item>
</channel></rss>"""


def write(tmp_path: Path, name: str, data: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")
    return path


def test_id_is_hash_of_normalised_text() -> None:
    assert article_id("A  text\r\nhere ") == article_id("A text\nhere")
    assert article_id("A text") != article_id("Another text")
    assert normalise("  a \t b\r\n\r\n\r\n\r\nc ") == "a b\n\nc"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        ("   \n\t ", "empty"),
        ("Too short.", "too_short"),
        ("Der Bundeskanzler hat am Mittwoch in Berlin gesagt, dass die Regierung die "
         "Verhandlungen mit den Partnern fortsetzen werde.", "not_english"),
        ("Le ministre des affaires étrangères a rencontré son homologue à Paris mercredi "
         "pour discuter de la situation.", "not_english"),
        ("وزير الخارجية السوري التقى نظيره في لندن يوم الأربعاء لبحث الاتفاقات",
         "not_english"),
    ],
)
def test_unusable_texts_are_rejected_with_a_reason(text: str, reason: str) -> None:
    with pytest.raises(RejectedInput) as info:
        article_from_text(text, source="x.txt")
    assert info.value.reason == reason
    assert "x.txt" in str(info.value)


def test_english_text_becomes_an_article() -> None:
    art = article_from_text(ENGLISH, "x.txt", published="2025-03-04", outlet="Wire")
    assert art.published == dt.date(2025, 3, 4)
    assert art.outlet == "Wire"
    assert art.id == article_id(ENGLISH)
    assert guess_language(ENGLISH) == "en"


def test_bad_publication_date_is_a_rejection() -> None:
    with pytest.raises(RejectedInput) as info:
        article_from_text(ENGLISH, "x.txt", published="not a date at all")
    assert info.value.reason == "bad_date"


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"  \n\n ", "empty"),
        ("image.bin", bytes(range(256)) * 8, "binary"),
        ("latin1.txt", "Caf\u00e9 society met on Tuesday in the old town hall.".encode("latin-1"),
         "encoding"),
        ("nav.html", "<html><body><nav><a href='/'>Home</a></nav></body></html>", "no_article"),
        ("broken.xml", "<?xml version='1.0'?><html><body>not a feed", "malformed_feed"),
        ("lines.jsonl", '{"text": 3}\nnot json\n', "malformed_json"),
    ],
)
def test_bad_files_become_rejections(tmp_path: Path, name: str, data: str | bytes,
                                     reason: str) -> None:
    path = write(tmp_path, name, data)
    items = list(iter_inputs([str(path)]))
    assert items and all(isinstance(i, Rejection) for i in items)
    assert {i.reason for i in items} == {reason}
    assert all(str(path) in i.detail for i in items)


def test_huge_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as f:
        f.truncate(200 * 1024 * 1024)  # sparse: 200 MB without using the disk
    [item] = list(iter_inputs([str(path)]))
    assert isinstance(item, Rejection) and item.reason == "too_large"
    assert "200" in item.detail or "209,715,200" in item.detail


def test_missing_path_is_a_rejection() -> None:
    [item] = list(iter_inputs(["/no/such/file.txt"]))
    assert isinstance(item, Rejection) and item.reason == "missing"


def test_html_page_gives_main_text_and_metadata(tmp_path: Path) -> None:
    [art] = list(iter_inputs([str(write(tmp_path, "page.html", HTML_PAGE))]))
    assert isinstance(art, Article)
    assert "Geneva" in art.text and "Home" not in art.text and "Copyright" not in art.text
    assert art.outlet == "Example Times"
    assert art.published == dt.date(2025, 3, 4)


def test_truncated_html_still_yields_its_text(tmp_path: Path) -> None:
    truncated = HTML_PAGE[: HTML_PAGE.index("The talks lasted")]
    [item] = list(iter_inputs([str(write(tmp_path, "cut.html", truncated))]))
    assert isinstance(item, Article | Rejection)
    if isinstance(item, Article):
        assert "Geneva" in item.text


def test_feed_entries_become_articles_and_short_ones_rejections(tmp_path: Path) -> None:
    items = list(iter_inputs([str(write(tmp_path, "world.rss", FEED))]))
    arts = [i for i in items if isinstance(i, Article)]
    rejs = [i for i in items if isinstance(i, Rejection)]
    assert len(arts) == 1 and len(rejs) == 1
    assert arts[0].outlet == "Wire World"
    assert arts[0].published == dt.date(2025, 3, 4)
    assert "<p>" not in arts[0].text
    assert rejs[0].reason == "too_short"


def test_jsonl_lines_keep_their_ids_and_metadata(tmp_path: Path) -> None:
    lines = [
        {"id": "a-1", "text": ENGLISH, "outlet": "Wire", "published": "2025-03-04"},
        {"id": "a-2", "text": ENGLISH + " More text follows here."},
        {"text": ""},
    ]
    path = write(tmp_path, "in.jsonl", "\n".join(json.dumps(x) for x in lines))
    items = list(iter_inputs([str(path)], Options(outlet="Default")))
    assert [i.external_id for i in items[:2]] == ["a-1", "a-2"]
    assert items[0].outlet == "Wire" and items[1].outlet == "Default"
    assert isinstance(items[2], Rejection) and items[2].source.endswith(":3")


def test_folders_are_walked_in_order_skipping_hidden(tmp_path: Path) -> None:
    write(tmp_path, "b.txt", ENGLISH)
    write(tmp_path, "a.txt", ENGLISH + " Again.")
    write(tmp_path, ".hidden.txt", "secret")
    sources = [i.source for i in iter_inputs([str(tmp_path)])]
    assert [Path(s).name for s in sources] == ["a.txt", "b.txt"]


@pytest.mark.parametrize(
    ("text", "suffix", "kind"),
    [
        ("<!DOCTYPE html><html>", "", "html"),
        ("<?xml version='1.0'?><rss version='2.0'>", ".xml", "feed"),
        ("<feed xmlns='http://www.w3.org/2005/Atom'>", ".atom", "feed"),
        ('{"text": "x"}', ".jsonl", "jsonl"),
        ("Plain words here.", ".txt", "text"),
        ("Plain words here.", "", "text"),
    ],
)
def test_sniff(text: str, suffix: str, kind: str) -> None:
    assert sniff(text, suffix) == kind


def test_text_longer_than_the_parser_takes_is_refused() -> None:
    long_text = "Officials met in Geneva on Tuesday to discuss the ceasefire. " * 20_000
    with pytest.raises(RejectedInput) as info:
        article_from_text(long_text, source="long.txt")
    assert info.value.reason == "too_long" and "long.txt" in str(info.value)


def test_truncated_feed_is_reported_as_malformed(tmp_path: Path) -> None:
    items = list(iter_inputs([str(write(tmp_path, "cut.rss", "<rss><channel><item>"))]))
    assert items and {i.reason for i in items} == {"malformed_feed"}
    assert all("cut.rss" in i.detail for i in items)


# ---------------------------------------------------------------------------------------------
# Every input a result or a refusal (issue 16)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        ("", None),
        ("2025-09-19", dt.date(2025, 9, 19)),
        ("2025-09-19T10:00:00Z", dt.date(2025, 9, 19)),
        ("19 September 2025", dt.date(2025, 9, 19)),
        ("Tue, 04 Mar 2025 10:00:00 GMT", dt.date(2025, 3, 4)),
        (dt.datetime(2025, 3, 4, 12, 0), dt.date(2025, 3, 4)),
        # refused, never guessed
        ("x", "bad_date"),
        ("a", "bad_date"),
        ("1.5", "bad_date"),
        ("Sept 19", "bad_date"),  # no year: the current one would be invented
        ("2025-02-30", "bad_date"),
        ("0001-01-01", "bad_date"),
        ("9999-12-31", "bad_date"),
        (dt.date(1, 1, 1), "bad_date"),
        (["x"], "bad_date"),
        (20250919, "bad_date"),
        (True, "bad_date"),
        ({"y": 2025}, "bad_date"),
        ("2025-09-19" + "9" * 100, "bad_date"),
    ],
)
def test_publication_dates_are_real_dates_in_range_or_refused(value: object,
                                                               expected: object) -> None:
    if expected == "bad_date":
        with pytest.raises(RejectedInput) as info:
            article_from_text(ENGLISH, "x.txt", published=value)  # type: ignore[arg-type]
        assert info.value.reason == "bad_date" and "\n" not in str(info.value)
    else:
        art = article_from_text(ENGLISH, "x.txt", published=value)  # type: ignore[arg-type]
        assert art.published == expected


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"title": 3}, "bad_field"),
        ({"title": ["a"]}, "bad_field"),
        ({"outlet": {"name": "Wire"}}, "bad_field"),
        ({"outlet": True}, "bad_field"),
        ({"url": 1.5}, "bad_field"),
        ({"id": [1]}, "bad_field"),
        ({"id": 2.5}, "bad_field"),
        ({"published": ["x"]}, "bad_date"),
        ({"published": 0}, "bad_date"),
        ({"published": "9999-12-31"}, "bad_date"),
        ({"text": None}, "malformed_json"),
        ({"text": ["a", "b"]}, "malformed_json"),
        # accepted: null fields, integer ids (kept as digits)
        ({"title": None, "outlet": None, "url": None, "id": None, "published": None}, None),
        ({"id": 42}, None),
    ],
)
def test_jsonl_fields_of_any_type_are_refused_or_kept(tmp_path: Path, fields: dict,
                                                      reason: str | None) -> None:
    good = {"text": ENGLISH + " A second line."}
    lines = [json.dumps({"text": ENGLISH, **fields}), json.dumps(good)]
    items = list(iter_inputs([str(write(tmp_path, "in.jsonl", "\n".join(lines)))]))
    assert len(items) == 2 and isinstance(items[1], Article)  # the next line goes on
    if reason is None:
        assert isinstance(items[0], Article)
        assert items[0].external_id in (None, "42")
    else:
        assert isinstance(items[0], Rejection) and items[0].reason == reason
        assert items[0].source.endswith(":1")


@pytest.mark.parametrize(
    "line",
    [
        '{"text": "Officials met in Geneva on Tuesday \\ud800 to discuss a ceasefire."}',
        '{"text": "Officials met in Geneva on Tuesday to discuss a ceasefire.", '
        '"title": "\\udfff"}',
        '{"text": "Officials met in Geneva on Tuesday\\u2028to discuss a ceasefire."}',
        '{"text": "Officials met in Geneva on Tuesday to discuss a ceasefire.", '
        '"outlet": "Wire\\ud83d\\ude00"}',
    ],
)
def test_lone_surrogates_and_line_separators_in_jsonl_are_stored_safely(tmp_path: Path,
                                                                         line: str) -> None:
    [item] = list(iter_inputs([str(write(tmp_path, "in.jsonl", line))]))
    assert isinstance(item, Article)
    for value in (item.text, item.title or "", item.outlet or ""):
        value.encode("utf-8")  # storable: no lone surrogate left
    assert "\ud800" not in item.text


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("[" * 100_000, "malformed_json"),
        ('{"text": ' + "9" * 5000 + "}", "malformed_json"),
        ("[1, 2]", "malformed_json"),
        ('"just a string"', "malformed_json"),
    ],
)
def test_unusable_json_lines_are_rejections(tmp_path: Path, line: str, reason: str) -> None:
    good = json.dumps({"text": ENGLISH})
    items = list(iter_inputs([str(write(tmp_path, "in.jsonl", line + "\n" + good))]))
    assert [type(i) for i in items] == [Rejection, Article]
    assert items[0].reason == reason


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"), ("utf-32-le", b"\xff\xfe\0\0"),
     ("utf-32-be", b"\0\0\xfe\xff"), ("utf-8", b"\xef\xbb\xbf")],
)
def test_unicode_files_with_a_byte_order_mark_are_decoded(tmp_path: Path, encoding: str,
                                                          bom: bytes) -> None:
    path = write(tmp_path, "a.txt", bom + ENGLISH.encode(encoding))
    [item] = list(iter_inputs([str(path)]))
    assert isinstance(item, Article) and item.text == ENGLISH


def test_utf16_without_a_byte_order_mark_is_still_refused(tmp_path: Path) -> None:
    [item] = list(iter_inputs([str(write(tmp_path, "a.txt", ENGLISH.encode("utf-16-le")))]))
    assert isinstance(item, Rejection) and item.reason == "binary"


@pytest.mark.parametrize("kind", ["fifo", "device", "fifo_in_folder"])
def test_special_files_are_refused_without_reading(tmp_path: Path, kind: str) -> None:
    if kind == "device":
        target = "/dev/zero"
    else:
        fifo = tmp_path / "pipe.txt"
        os.mkfifo(fifo)  # opening it would block forever
        target = str(tmp_path if kind == "fifo_in_folder" else fifo)
        write(tmp_path, "ok.txt", ENGLISH)
    items = list(iter_inputs([target]))
    refused = [i for i in items if isinstance(i, Rejection)]
    assert len(refused) == 1 and refused[0].reason == "special_file"
    if kind == "fifo_in_folder":
        assert any(isinstance(i, Article) for i in items)


@pytest.mark.parametrize("name", ["two\nlines.txt", "tab\there.txt", "bell\x07.txt"])
def test_odd_file_names_give_one_line_messages(tmp_path: Path, name: str) -> None:
    write(tmp_path, name, b"")
    [item] = list(iter_inputs([str(tmp_path / name)]))
    assert isinstance(item, Rejection) and item.reason == "empty"
    assert "\n" not in item.detail and "\t" not in item.detail and "\x07" not in item.detail
    assert repr(name)[1:-1].split(".")[0] in item.detail  # escaped as Python writes it


def test_non_string_text_from_python_is_refused() -> None:
    with pytest.raises(RejectedInput) as info:
        article_from_text(12345, "x")  # type: ignore[arg-type]
    assert info.value.reason == "bad_field"


@pytest.mark.parametrize(
    ("bad_line", "reason"),
    [
        (b'{"text": "Caf\xe9 society met in the old town hall on Tuesday evening."}', "encoding"),
        (b'{"text": "lone \xed\xa0\x80 surrogate bytes in the old town hall on Tuesday."}',
         "encoding"),
    ],
)
def test_a_jsonl_line_that_is_not_utf8_costs_only_that_line(tmp_path: Path, bad_line: bytes,
                                                            reason: str) -> None:
    good = json.dumps({"text": ENGLISH}).encode()
    path = write(tmp_path, "in.jsonl", good + b"\n" + bad_line + b"\n" + good.replace(b".", b"!"))
    items = list(iter_inputs([str(path)]))
    assert [type(i) for i in items] == [Article, Rejection, Article]
    assert items[1].reason == reason and items[1].source.endswith(":2")
