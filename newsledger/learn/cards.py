"""Model cards: what a model is, what it learned from (and under which licence), how it was
split, what it scores on data it never trained on, and how fast it runs (after Hugging Face
model cards and spaCy's meta.json "performance" block). Written by `newsledger train`.
"""

from __future__ import annotations

_SYSTEMS = {
    "rules": "rules alone (the trigger-list coder, no model)",
    "rules+model": "rules + model, as shipped (the model recodes the rules' events)",
    "classifier": "the classifier alone on every sentence (an upper bound on what recoding "
    "can reach: it needs the rules to find the event)",
    "words-baseline": "baseline: the same learner on the sentence's words only (TF-IDF-style)",
}


def render(config: dict, meta: dict) -> str:
    """The card of one model as Markdown."""
    if config.get("kind") == "span_tagger":
        return render_tagger(config, meta)
    lines = [
        f"# Model card: {meta['name']} (version {meta['version']})",
        "",
        config.get("description", "").strip() or "(no description in config.yaml)",
        "",
        "## Data",
        "",
        "| data set | role | licence as published | what it gives |",
        "|---|---|---|---|",
    ]
    for name, src in meta["sources"].items():
        lines.append(f"| {name} | {src['role']} | {src['licence']} | {src['kind']} |")
    sizes = meta["sizes"]
    lines += [
        "",
        "Training data never ships inside the package: most sets are research-only. Only the "
        "weights (`weights.npz`: labels, feature names, float16 weights) and this folder ship.",
        "",
        "## Split",
        "",
        f"One shared, leak-free split (`newsledger.learn.splits.assign`, seed "
        f"{config['split']['seed']}, dev fraction {config['split']['dev_fraction']}): texts "
        "are de-duplicated on their normalised form across all sets, and a sentence found in "
        "two sets is on the same side in both. Sets listed as dev only are never trained on.",
        "",
        f"- train: {_counts(sizes['train'])}",
        f"- dev: {_counts(sizes['dev'])}",
        f"- {sizes['features']} features, labels: {', '.join(sizes['labels'])}",
        f"- chosen by cross-validation on the train split: C = {meta['C']}, "
        f"recoding threshold = {meta['threshold']}",
        "",
        "## Dev figures (never trained on; 95% bootstrap intervals)",
        "",
    ]
    for name, systems in meta["figures"].items():
        lines += [f"### {name}", "", "| system | macro-F1 | accuracy | n |", "|---|---|---|---|"]
        for system, figs in systems.items():
            f1, acc = figs["macro_f1"], figs["accuracy"]
            lines.append(f"| {_SYSTEMS.get(system, system)} | {_fmt(f1)} | {_fmt(acc)} | "
                         f"{f1['n']} |")  # fmt: skip
        lines.append("")
    for note in config.get("card_notes", []):
        lines.append(f"- {note.strip()}")
    speed = meta.get("speed") or {}
    lines += [
        "",
        "## Speed and size",
        "",
        f"- weights: {meta['weights_bytes'] / 1e6:.2f} MB",
        f"- prediction: about {speed.get('events_per_s', 0):,} events/s on one core "
        "(features from an already parsed sentence, then one sparse dot product)",
        f"- training: {meta['train_seconds']} s on this machine (2 cores), "
        "parsing included",
        "",
        f"Rebuild: `newsledger train {meta['name']}` (or `make train`) with ../shared/data "
        "beside the checkout.",
        "",
    ]
    return "\n".join(lines)


def _fmt(f: dict) -> str:
    lo, hi = f["ci95"]
    return f"{f['value']:.3f} [{lo:.3f}, {hi:.3f}]"


def _counts(per_set: dict[str, int]) -> str:
    total = sum(per_set.values())
    return f"{total} (" + ", ".join(f"{k} {v}" for k, v in per_set.items()) + ")"


_TAGGER_SYSTEMS = {
    "model": "the tagger (spans = runs of tokens at the threshold)",
    "lexicon": "baseline: the slant lexicon as shipped (slant stage, models off, voice rules on)",
}


def render_tagger(config: dict, meta: dict) -> str:
    """The card of a token tagger whose dev figures are span precision, recall and F1."""
    sizes = meta["sizes"]
    lines = [
        f"# Model card: {meta['name']} (version {meta['version']})",
        "",
        config.get("description", "").strip() or "(no description in config.yaml)",
        "",
        "## Data",
        "",
        "| data set | role | example weight | spans used | licence as published |",
        "|---|---|---|---|---|",
    ]
    for name, src in meta["sources"].items():
        weight = config["train_sets"].get(name, "-")
        labels = ", ".join(config["labels"].get(name, ()))
        lines.append(f"| {name} | {src['role']} | {weight} | {labels} | {src['licence']} |")
    lines += [
        "",
        "Training data never ships inside the package: most sets are research-only. Only the "
        "weights (`weights.npz`: labels, feature names, float16 weights) and this folder ship.",
        "",
        "## Split",
        "",
        f"One shared, leak-free split by article (`newsledger.learn.splits.assign`, seed "
        f"{config['split']['seed']}, dev fraction {config['split']['dev_fraction']}). Dev "
        "articles are never trained on; C, the probability threshold and the gap closed "
        f"between runs are chosen by {config['cv_folds']}-fold cross-validation over train "
        "articles (out-of-fold span F1 of the news sets), never on dev.",
        "",
        f"- train: {_counts(sizes['train'])}; {sizes['train_tokens']:,} tokens, "
        f"{sizes['train_positive_tokens']:,} inside a target span",
        f"- dev: {_counts(sizes['dev'])}",
        f"- {sizes['features']:,} features; chosen: C = {meta['C']}, threshold = "
        f"{meta['threshold']}, gap = {meta.get('merge_gap', 0)} (out-of-fold span F1 "
        f"{meta.get('cv_span_f1', 0):.3f})",
        "",
        "## Dev figures (never trained on; 95% bootstrap intervals over articles)",
        "",
        "SemEval-2020 Task 11 span-identification scoring with partial credit: precision sums, "
        "over predicted spans, the share of each span's characters inside gold spans; recall "
        "the same over gold spans (overlapping spans merged first).",
        "",
    ]
    for name, systems in meta["figures"].items():
        lines += [f"### {name}", "", "| system | precision | recall | F1 | articles |",
                  "|---|---|---|---|---|"]  # fmt: skip
        for system, figs in systems.items():
            p, r, f = figs["precision"], figs["recall"], figs["f1"]
            lines.append(f"| {_TAGGER_SYSTEMS.get(system, system)} | {_fmt(p)} | {_fmt(r)} | "
                         f"{_fmt(f)} | {f['n']} |")  # fmt: skip
        lines.append("")
    for note in config.get("card_notes", []):
        lines.append(f"- {note.strip()}")
    speed = meta.get("speed") or {}
    lines += [
        "",
        "## Speed and size",
        "",
        f"- weights: {meta['weights_bytes'] / 1e6:.2f} MB",
        f"- prediction: about {speed.get('tokens_per_s', 0):,} tokens/s on one core "
        "(features from an already parsed article, then one sparse dot product per token)",
        f"- training: {meta['train_seconds']} s on this machine (2 cores, shared), "
        "parsing included",
        "",
        f"Rebuild: `newsledger train {meta['name']}` (or `make train`) with ../shared/data "
        "beside the checkout.",
        "",
    ]
    return "\n".join(lines)
