"""The trained attribution model (issue 13): scoring, spans from the parse, the shipped tagger
through the attribution stage, and the kinds of attribution."""

from __future__ import annotations

import numpy as np
import pytest

import newsledger
from newsledger import nlp
from newsledger.learn import attribution as learned
from newsledger.learn import attribution_spans, models
from newsledger.learn.attribution_scoring import (
    ArticleItem,
    Rel,
    content_f1,
    content_token_f1,
    cue_f1,
    match,
    say_cue,
    source_cue_f1,
    source_ok,
)
from newsledger.learn.attribution_training import combine, prune
from newsledger.learn.linear import LinearModel
from newsledger.model import Attribution

from .test_attribution import _attributions

# ---- scoring ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cue", "expected"),
    [("said", True), ("has told", True), ("According to", True), ("says", True),
     ("plans", False), ("criticism of", False), (":", False), ("", False)],
)  # fmt: skip
def test_say_cue(cue: str, expected: bool) -> None:
    assert say_cue(cue) is expected


@pytest.mark.parametrize(
    ("gold", "pred", "pairs"),
    [
        ([(0, 4)], [(2, 6)], [(0, 0)]),
        ([(0, 4)], [(4, 8)], []),  # touching is not overlapping
        ([(0, 4), (10, 14)], [(11, 12), (1, 2)], [(0, 1), (1, 0)]),
        ([(0, 10)], [(0, 3), (2, 9)], [(0, 1)]),  # one-to-one, the larger overlap first
        ([], [(0, 3)], []),
    ],
)
def test_match_is_one_to_one_on_cue_overlap(gold, pred, pairs) -> None:  # noqa: ANN001
    g = [Rel(c, None, ()) for c in gold]
    p = [Rel(c, None, ()) for c in pred]
    assert sorted(match(g, p)) == sorted(pairs)


@pytest.mark.parametrize(
    ("gold", "pred", "ok"),
    [((0, 2), (1, 5), True), ((0, 2), (2, 5), False), (None, None, True), (None, (0, 2), False),
     ((0, 2), None, False)],
)  # fmt: skip
def test_source_overlap_is_strict(gold, pred, ok) -> None:  # noqa: ANN001
    assert source_ok(Rel((0, 1), gold, ()), Rel((0, 1), pred, ())) is ok


def test_figures_on_a_small_article() -> None:
    text = "Smith said the talks failed and Jones denied it."
    gold = (Rel((6, 10), (0, 5), ((11, 27),), True), Rel((38, 44), (32, 37), ((45, 47),)))
    pred = (Rel((6, 10), (0, 5), ((11, 31),), True), Rel((38, 44), None, ((45, 47),)))
    item = ArticleItem(text, gold, pred)
    assert cue_f1([item]) == 1.0
    assert source_cue_f1([item]) == 0.5
    assert content_f1(text, gold[0], pred[0]) == pytest.approx(2 * 3 / (3 + 4))
    assert 0.8 < content_token_f1([item]) < 1.0
    assert cue_f1([ArticleItem(text, gold, ())]) == 0.0


# ---- the two classifiers in one file ---------------------------------------------------------


def test_combine_keeps_each_decision_on_its_own_columns() -> None:
    cue = LinearModel(("CUE", "O"), {"c:a": 0}, np.array([[0.0, 2.0]], np.float32),
                      np.array([0.0, 1.0], np.float32))  # fmt: skip
    src = LinearModel(("NOSRC", "SRC"), {"s:b": 0}, np.array([[0.0, 3.0]], np.float32),
                      np.array([0.0, -1.0], np.float32))  # fmt: skip
    both = combine(cue, src)
    assert both.labels == learned.LABELS
    p_cue = learned._two_way(both, [["c:a"], []], "CUE", "O")
    assert p_cue == pytest.approx(1 / (1 + np.exp([3.0, 1.0])))
    p_src = learned._two_way(both, [["s:b"], ["c:a"]], "SRC", "NOSRC")
    assert p_src == pytest.approx(1 / (1 + np.exp([-2.0, 1.0])))


@pytest.mark.parametrize(
    ("below", "kept"),
    [(0.0, {"c:a", "c:tiny", "s:b", "s:tiny"}), (0.05, {"c:a", "s:b"}), (5.0, set())],
)
def test_prune_drops_features_that_barely_move_their_decision(below: float, kept: set) -> None:
    w = np.array([[0, 2, 0, 0], [0.5, 0.52, 0, 0], [0, 0, 0, 3], [0, 0, 1, 1.01]], np.float32)
    names = {"c:a": 0, "c:tiny": 1, "s:b": 2, "s:tiny": 3}
    model = LinearModel(learned.LABELS, names, w, np.zeros(4, np.float32))
    small = prune(model, below)
    assert set(small.vocab) == kept
    for f, i in small.vocab.items():
        assert small.weights[i] == pytest.approx(w[names[f]])


@pytest.mark.parametrize(
    ("lemma", "kind"),
    [("say", "speech"), ("hope", "belief"), ("plan", "belief"), ("praise", "evaluation"),
     ("show", "document"), ("accuse", "speech"), ("walk", None)],
)  # fmt: skip
def test_kind_of_lemma(lemma: str, kind: str | None) -> None:
    assert learned.kind_of_lemma(lemma) == kind


# ---- spans from the parse --------------------------------------------------------------------


def _content(text: str, cue: str) -> list[str]:
    doc = nlp.parse(text)
    at = text.index(cue)
    toks = doc.char_span(at, at + len(cue), alignment_mode="expand")
    head = learned.head_of(doc, toks.start, toks.end)
    spans = attribution_spans.content_span(doc, toks.start, toks.end, head, None)
    spans = attribution_spans.continued_quotes(doc, spans, {at})
    return [text[s:e] for s, e in spans]


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "cue", "content"),
    [
        ("The senator said that the bill would pass.", "said", ["that the bill would pass"]),
        ("The bill will pass, the senator said.", "said", ["The bill will pass"]),
        ("The company plans to open two new plants.", "plans", ["to open two new plants"]),
        ("WikiLeaks: Podesta said he was worried", ":", ["Podesta said he was worried"]),
        ('"We will win," Narang said. "This program is no longer a joke."', "said",
         ['"We will win,"', '"This program is no longer a joke."']),
    ],
)  # fmt: skip
def test_content_from_the_parse(text: str, cue: str, content: list[str]) -> None:
    assert _content(text, cue) == content


# ---- the shipped tagger in the attribution stage ---------------------------------------------

needs_model = pytest.mark.skipif(
    not (models.trained_dir() / "attribution" / models.WEIGHTS).is_file(),
    reason="attribution weights not built (newsledger train attribution)",
)




def _by_cue(text: str, word: str) -> Attribution | None:
    got = [a for a in _attributions(text) if a.cue and word in a.cue.lower()]
    return got[0] if got else None


@needs_model
@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "cue", "source", "kind"),
    [
        ("The governor is hoping the legislature will act this week.", "hoping", "The governor",
         "belief"),
        ("The company plans to close three factories next year.", "plans", "The company",
         "belief"),
        ("Trump vowed to repeal the law on his first day in office.", "vowed", "Trump", "belief"),
        # a request or order: what the speaker wants done, a stance (not a report)
        ("Clinton urged voters to turn out early.", "urged", "Clinton", "belief"),
        ("The mayor called on residents to stay indoors.", "called", "The mayor", "belief"),
        ("The president warned Iran to stop arming the rebels.", "warned", "The president",
         "belief"),
        ("The minister urged an immediate ceasefire.", "urged", "The minister", "belief"),
        ("Officials warned that the dam could fail within days.", "warned", "Officials",
         "speech"),
        ("Sanders, he says, has not yet decided whether to endorse her.", "says", "he",
         "speech"),
        ("Officials told CNN that the strike had killed 12 people.", "told", "Officials",
         "speech"),
    ],
)  # fmt: skip
def test_cues_beyond_the_verb_lists(text: str, cue: str, source: str, kind: str) -> None:
    a = _by_cue(text, cue)
    assert a is not None, [(x.cue, x.source_text) for x in _attributions(text)]
    assert a.source_text == source
    assert a.kind == kind
    assert a.own_voice is False  # the words are the source's; `reports` reads the kind


@needs_model
@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "cue", "link", "chain"),
    [
        ("Al Jazeera, citing a source in the presidency, reported that the cabinet would resign.",
         "reported", "citing", ["Al Jazeera", "a source in the presidency"]),
        ("State television, quoting a military spokesman, reported that three drones had been "
         "shot down.", "reported", "quoting", ["State television", "a military spokesman"]),
        ("The newspaper quoted a senior diplomat as saying that the embassy would close.",
         "saying", "quoted", ["The newspaper", "a senior diplomat"]),
    ],
)  # fmt: skip
def test_citing_and_quoting_are_links_and_records(
    text: str, cue: str, link: str, chain: list[str]
) -> None:
    """One chain, outlet -> X -> Y, not a second relation to nobody; the link's own cue
    ("citing Y") is a record too, with the same chain and content."""
    atts = [a for a in _attributions(text) if len(a.chain) > 1]
    assert [a.cue for a in atts] == [cue, link]
    assert [s.name for s in atts[0].chain[1:]] == chain
    assert atts[1].chain == atts[0].chain
    assert (atts[1].scope_start, atts[1].scope_end) == (atts[0].scope_start, atts[0].scope_end)


@needs_model
@pytest.mark.model
def test_continued_quote_is_one_relation() -> None:
    text = ('"The missile program has made real progress," Narang said. '
            '"This program is no longer a joke."')  # fmt: skip
    atts = [a for a in _attributions(text) if len(a.chain) > 1]
    assert len(atts) == 1, [(a.cue, a.chain) for a in atts]
    assert atts[0].chain[-1].name == "Narang"
    assert atts[0].scope_end > text.index("This program")


@needs_model
@pytest.mark.model
def test_pronoun_keeps_its_span_and_names_its_speaker() -> None:
    text = ("Senator Jane Holt spoke in Ohio on Monday. "
            "She said the plant would stay open.")  # fmt: skip
    a = _by_cue(text, "said")
    assert a is not None and a.source_text == "She"
    assert text[a.source_start : a.source_end] == "She"
    assert a.chain[-1].name == "Jane Holt"


@needs_model
@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "The delegation arrived in Geneva on Sunday and met the mediators.",
        "Heavy rain flooded several districts of the capital overnight.",
        "She finished her homework before the game.",
        "The central bank raised interest rates by half a point.",
    ],
)
def test_finds_nothing(text: str) -> None:
    assert [a.cue for a in _attributions(text)] == []


@pytest.mark.parametrize(
    ("kind", "own_voice", "expected"),
    [("speech", False, True), ("document", False, True), ("evaluation", False, False),
     ("belief", False, False), ("other", False, False), ("speech", True, False)],
)  # fmt: skip
def test_only_speech_and_documents_report(kind: str, own_voice: bool, expected: bool) -> None:
    from newsledger.extract.event_status import reports
    from newsledger.model import Source

    att = Attribution(chain=(Source("Wire", kind="outlet"),), own_voice=own_voice, kind=kind)
    assert reports(att) is expected


@needs_model
@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "cue", "chain", "kind"),
    [
        # a bare definite document noun stands for the speaker named before
        ("The health ministry said on Monday that 40 people had died. The toll is expected to "
         "rise, the statement read.", "read", ["The health ministry"], "document"),
        # a document put out by a source: the source speaks, and the quote after the comma is
        # the content
        ("A statement issued by the Interior Ministry said, “Order has been restored in the "
         "capital.”", "said", ["the Interior Ministry"], "speech"),
    ],
)  # fmt: skip
def test_documents_speak_for_their_issuer(text: str, cue: str, chain: list[str], kind: str) -> None:
    a = _by_cue(text, cue)
    assert a is not None, [(x.cue, x.chain) for x in _attributions(text)]
    assert [s.name for s in a.chain[1:]] == chain
    assert a.kind == kind
    assert a.scope_end > a.scope_start


@needs_model
@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "The agency did not report the number of casualties.",
        "The rebels have continued to shell the city despite the truce.",
        "The leaders left the summit without announcing any agreement.",
        "Hundreds of soldiers surrendered and declared themselves.",
        "The storm claimed three lives on Sunday.",
        "The war in the region has claimed tens of thousands of lives.",
    ],
)
def test_cue_words_that_attribute_nothing(text: str) -> None:
    assert [a.cue for a in _attributions(text)] == []


@needs_model
@pytest.mark.model
def test_a_participle_reports_its_noun_not_the_clause_around_it() -> None:
    text = "Hijri rejected a ceasefire announced by the government."
    announced = [a for a in _attributions(text) if a.cue == "announced"]
    assert all(text[a.scope_start : a.scope_end] != "Hijri rejected a ceasefire"
               for a in announced)  # fmt: skip
    events = newsledger.analyze(text, published="2025-07-17").events
    reject = next(e for e in events if e.type.plover == "REJECT")
    assert reject.attribution is not None
    assert [s.name for s in reject.attribution.chain][-1] != "the government"


@needs_model
@pytest.mark.model
def test_pronoun_reads_the_speakers_the_model_found() -> None:
    """ "She ..., noting that" is the last speaker of all the cues before, the model's
    ("highlighted", which the rules' lists leave out) among them."""
    text = ("Minister Paul Roe said the plan was sound. Governor Ann Lee highlighted that the new "
            "budget would fund two schools. She also expressed her hope for a quick vote, noting "
            "that the council had backed the plan.")  # fmt: skip
    a = _by_cue(text, "noting")
    assert a is not None and [s.name for s in a.chain[1:]] == ["Ann Lee"]


@needs_model
@pytest.mark.model
def test_relative_pronoun_speaks_for_its_antecedent() -> None:
    text = ("The ruling party was declared the winner, prompting protests from the opposition "
            "parties, who refused to recognise the results and announced that they would boycott "
            "parliament.")  # fmt: skip
    a = _by_cue(text, "announced")
    assert a is not None and [s.name for s in a.chain[1:]] == ["the opposition parties"]


@needs_model
@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "cue", "kind", "own_voice"),
    [
        # pictures say nothing: the outlet tells what they show
        ("Images circulating online showed plumes of smoke over the airport.", "showed", "other",
         True),
        ("Video footage shows protesters tearing down a statue.", "shows", "other", True),
        ("The report shows that unemployment rose last year.", "shows", "document", False),
    ],
)  # fmt: skip
def test_pictures_show_in_the_outlets_voice(
    text: str, cue: str, kind: str, own_voice: bool
) -> None:
    a = _by_cue(text, cue)
    assert a is not None and (a.kind, a.own_voice) == (kind, own_voice)


@pytest.mark.parametrize(
    "text",
    [
        "WikiLeaks: Podesta said the deal was off.\nReuters — The army said: we will stay.",
        '"We will not leave," the minister said - and Hamas: no.\n\nThe talks ended.',
        "No colon or dash here at all. Just two sentences.",
    ],
)
def test_per_doc_positions_equal_the_token_walks_they_replace(text: str) -> None:
    """The features read sentence bounds, line starts and counts from one pass (`_spans`);
    they must equal what walking the tokens gives."""
    doc = nlp.parse(text)
    spans = learned._spans(doc)
    for tok in doc:
        assert (spans.sent_start[tok.i], spans.sent_end[tok.i]) == (tok.sent.start, tok.sent.end)
        if tok.text in (":", "—", "–", "-"):
            start = tok.i
            while start > 0 and "\n" not in doc[start - 1].text:
                start -= 1
            assert spans.line_len[tok.i] == tok.i - start
            ents = {t.ent_type_ for t in doc[start : tok.i] if t.ent_type_}
            assert spans.line_ents[tok.i] == ents
    for lo in range(len(doc)):
        for hi in range(lo + 1, len(doc) + 1):
            verbs = sum(t.pos_ == "VERB" for t in doc[lo:hi])
            assert spans.verbs[hi] - spans.verbs[lo] == verbs
