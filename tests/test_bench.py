"""`newsledger bench` runs end to end on tiny inputs (no timing assertions)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsledger import bench

TEXTS = [
    "Officials from both countries met in Geneva on Tuesday to discuss a ceasefire, the "
    "foreign ministry said.",
    "Police dispersed hundreds of protesters in the capital on Sunday, witnesses said.",
    "Rebels seized two border posts overnight, a military spokesman said on Monday.",
]


@pytest.fixture
def jsonl(tmp_path: Path) -> Path:
    path = tmp_path / "texts.jsonl"
    path.write_text("\n".join(json.dumps({"text": t}) for t in TEXTS), encoding="utf-8")
    return path


def test_load_articles_repeats_with_distinct_ids(jsonl: Path) -> None:
    articles, source = bench.load_articles(jsonl, n=7)
    assert source == str(jsonl) and len(articles) == 7
    assert len({a.id for a in articles}) == 7
    assert articles[3].text.endswith(TEXTS[0])


def test_load_articles_reads_basil_layout(tmp_path: Path) -> None:
    doc = {
        "title": "T",
        "date": "2016-05-01",
        "source": "NYT",
        "body-paragraphs": [["First sentence of the report here."], ["Second one, also long."]],
    }
    (tmp_path / "2016").mkdir()
    (tmp_path / "2016" / "x_1.json").write_text(json.dumps(doc), encoding="utf-8")
    (articles, _) = bench.load_articles(tmp_path, n=1)
    assert articles[0].outlet == "nyt" and articles[0].published.isoformat() == "2016-05-01"
    assert "\n\n" in articles[0].text


def test_load_articles_refuses_empty(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="no usable articles"):
        bench.load_articles(tmp_path / "missing.txt", n=1)


@pytest.mark.model
def test_bench_runs_on_three_texts(jsonl: Path) -> None:
    result = bench.bench(jsonl, n=3, workers=2, batch_size=2)
    assert result.articles == 3 and result.words == sum(len(t.split()) for t in TEXTS)
    names = [r.name for r in result.runs]
    assert names == ["bare spaCy nlp.pipe", "full, 1 process", "full, pool x2"]
    assert all(r.seconds > 0 and r.articles_per_s > 0 for r in result.runs)
    assert result.scaling is not None and result.scaling > 0
    assert result.full_over_bare is not None and result.full_over_bare > 0
    assert result.peak_rss_mb > 50 and result.peak_worker_rss_mb > 50
    table = bench.format_table(result)
    assert "articles/s" in table and "pool scaling" in table
    assert json.loads(json.dumps(result.to_dict()))["articles"] == 3
