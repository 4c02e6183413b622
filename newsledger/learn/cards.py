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
    if config.get("kind") == "attribution_tagger":
        return render_attribution(config, meta)
    if config.get("kind") == "sentence_events":
        return render_sentence_events(config, meta)
    lines = [
        *_title(config, meta),
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
    lines += _figures(meta, _SYSTEMS, "n")
    lines += _calibration(meta)
    lines += _tail(config, meta, "events_per_s", "events/s",
                   "features from an already parsed sentence, then one sparse dot product")
    return "\n".join(lines)


_METRICS = {"macro_f1": "macro-F1", "accuracy": "accuracy", "precision": "precision",
            "recall": "recall", "f1": "F1"}  # fmt: skip


def _figures(meta: dict, systems: dict[str, str], unit: str) -> list[str]:
    """One table per dev set: a row per system, a column per metric, then the count."""
    lines: list[str] = []
    for name, by_system in meta["figures"].items():
        metrics = list(next(iter(by_system.values())))
        head = " | ".join(_METRICS.get(m, m) for m in metrics)
        lines += [f"### {name}", "", f"| system | {head} | {unit} |",
                  "|---" * (len(metrics) + 2) + "|"]  # fmt: skip
        for system, figs in by_system.items():
            cells = " | ".join(_fmt(figs[m]) for m in metrics)
            lines.append(f"| {systems.get(system, system)} | {cells} | "
                         f"{figs[metrics[0]]['n']} |")  # fmt: skip
        lines.append("")
    return lines


def _calibration(meta: dict) -> list[str]:
    """How well the shipped confidence is calibrated on each dev set (ECE, reliability)."""
    per_set = meta.get("calibration_dev")
    if not per_set:
        return []
    lines = ["## Confidence", "",
             "Each record's `confidence` is the model's probability for the type it ships, "
             "mapped by isotonic regression fitted on out-of-fold predictions of the train "
             "split: the chance that the type is right for an event the rules found (not yet "
             "the chance that the sentence reports an event at all). Expected calibration "
             "error (ECE, 10 bins) on records the rules found, with the raw probability's "
             "beside it:", ""]  # fmt: skip
    if "event_threshold" in meta:
        lines[-2] += (
            " An event the event detector proposed where the rules found none is kept when "
            f"the model's P(not NONE) reaches {meta['event_threshold']}; its confidence comes "
            "from a second isotonic map, fitted the same way on the rule-less train sentences "
            "(events, and news sentences that report none): the chance that it is an event of "
            "the type it ships. The figures below count both kinds of record."
        )
    for name, fig in per_set.items():
        extra = f", of which {fig['detected']} detector proposals" if "detected" in fig else ""
        lines.append(f"- {name}: ECE {fig['ece']:.3f} (raw {fig['ece_raw']:.3f}), "
                     f"n={fig['n']}{extra}")  # fmt: skip
    name, fig = next(iter(per_set.items()))
    lines += ["", f"Reliability on {name}:", "", *_reliability_table(fig["reliability"])]
    return [*lines, ""]


def _reliability_table(rows: list[dict]) -> list[str]:
    return ["| confidence bin | n | mean confidence | share right |", "|---|---|---|---|",
            *(f"| {r['bin']} | {r['n']} | {r['confidence']:.3f} | {r['accuracy']:.3f} |"
              for r in rows)]  # fmt: skip


_SPAN_KINDS = {"tagger": "the tagger's spans (made markers at a mean probability of at least "
                          "`marker_threshold`)",
               "lexicon": "the spans the slant lexicon and its rules flag"}  # fmt: skip


def _tagger_confidence(config: dict, meta: dict) -> list[str]:
    """A tagger's calibrated marker confidence on the news dev articles, and the profile
    threshold chosen on the train split."""
    per_kind = meta.get("calibration_dev")
    if not per_kind:
        return []
    lines = ["## Confidence", "",
             "A marker's `confidence` is the chance that it is right (at least half of its "
             "characters inside gold Loaded_Language or Name_Calling spans): the tagger's mean "
             "token probability over the span, for the kinds of span the config names in "
             f"`calibrate` ({', '.join(config.get('calibrate', [])) or 'none'}) mapped by an "
             "isotonic calibrator fitted on out-of-fold probabilities of the news train "
             "articles (`learn.loaded_language_confidence`). Expected calibration error (ECE, "
             "10 bins) on the news dev articles, beside the confidence shipped before (the "
             "mean probability; for a lexicon span at least "
             f"{config.get('lexicon_confidence', 0.5)}):", ""]  # fmt: skip
    for kind, fig in per_kind.items():
        how = "calibrated" if fig.get("calibrated") else "as it is"
        lines.append(f"- {_SPAN_KINDS.get(kind, kind)}: ECE {fig['ece']:.3f} {how} (before "
                     f"{fig['ece_raw']:.3f}); {fig['n']} spans, {fig['right']} right")  # fmt: skip
    for kind, fig in per_kind.items():
        lines += ["", f"Reliability, {_SPAN_KINDS.get(kind, kind)}:", "",
                  "| confidence bin | n | mean confidence | share right |", "|---|---|---|---|"]
        lines += [f"| {r['bin']} | {r['n']} | {r['confidence']:.3f} | {r['accuracy']:.3f} |"
                  for r in fig["reliability"]]  # fmt: skip
    chosen = meta.get("profile") or {}
    if chosen:
        share = "-" if chosen.get("precision") is None else f"{chosen['precision']:.3f}"
        lines += ["", f"The article profile counts markers at a confidence of at least "
                  f"{chosen['threshold']}: the lowest cut at which the out-of-fold spans that "
                  f"would be markers are right at least {config.get('profile_precision')} of "
                  f"the time ({share}, {chosen['counted']} of {chosen['spans']} spans), chosen "
                  "on the train split, never on dev."]  # fmt: skip
        dev = chosen.get("dev") or {}
        if dev.get("precision") is not None:
            lines[-1] += (f" On the news dev articles it counts {dev['counted']} of "
                          f"{dev['spans']} such spans, {dev['precision']:.3f} of them right.")
    return [*lines, ""]


def _tail(config: dict, meta: dict, speed_key: str, speed_unit: str, how: str) -> list[str]:
    """Notes, speed and size, and how to rebuild."""
    lines = [f"- {note.strip()}" for note in config.get("card_notes", [])]
    speed = meta.get("speed") or {}
    return lines + [
        "",
        "## Speed and size",
        "",
        f"- weights: {meta['weights_bytes'] / 1e6:.2f} MB",
        f"- prediction: about {speed.get(speed_key, 0):,} {speed_unit} on one core ({how})",
        f"- training: {meta['train_seconds']} s on this machine (2 cores), parsing included",
        "",
        f"Rebuild: `newsledger train {meta['name']}` (or `make train`) with ../shared/data "
        "beside the checkout.",
        "",
    ]


def _title(config: dict, meta: dict) -> list[str]:
    """The card's title, the model's description and the Data heading."""
    description = config.get("description", "").strip() or "(no description in config.yaml)"
    title = f"# Model card: {meta['name']} (version {meta['version']})"
    return [title, "", description, "", "## Data", ""]


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
        *_title(config, meta),
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
    lines += _figures(meta, _TAGGER_SYSTEMS, "articles")
    lines += _tagger_confidence(config, meta)
    lines += _tail(config, meta, "tokens_per_s", "tokens/s", "features from an already parsed "
                   "article, then one sparse dot product per token")
    return "\n".join(lines)


_ATTRIBUTION_SYSTEMS = {
    "shipped": "the attribution stage as shipped (model cues and sources, the rules' chains "
    "where both find a cue)",
    "model": "the model alone (cue tagger, source ranker, content from the parse)",
    "rules": "baseline: the rules alone (attribution stage with models off)",
}


def render_attribution(config: dict, meta: dict) -> str:
    """The card of the attribution model: data, split, thresholds, dev figures, speed."""
    sizes = meta["sizes"]
    lines = [*_title(config, meta), "| data set | role | licence as published | what it gives |",
             "|---|---|---|---|"]  # fmt: skip
    for name, src in meta["sources"].items():
        lines.append(f"| {name} | {src['role']} | {src['licence']} | {src['kind']} |")
    lines += [
        "",
        "Training data never ships inside the package (PolNeAR has no licence: research use). "
        "Only the weights (`weights.npz`: labels, feature names, float16 weights) and this "
        "folder ship.",
        "",
        "## Split",
        "",
        "The publishers' split: train = the first ten months of coverage, dev = the eleventh "
        "(the test month is held out and never read). One annotator per article. The cue and "
        f"source thresholds are chosen on {config['tune_fraction']:.0%} of the train articles "
        f"(seed {config['split']['seed']}) held out from a first fit, never on dev; the shipped "
        "weights are not refit on them.",
        "",
        f"- train: {_counts(sizes['train'])} articles, {sizes['train_relations']:,} relations; "
        f"thresholds chosen on {_counts(sizes['tune'])} more train articles",
        f"- dev: {_counts(sizes['dev'])} articles, {sizes['dev_relations']:,} relations",
        f"- {sizes['features']:,} features; C = {meta['C']}; cue threshold = "
        f"{meta['threshold']}, source threshold = {meta.get('source_threshold')} (source+cue "
        f"F1 on the held-out train articles {meta.get('tune_source_cue_f1', 0):.3f})",
        "",
        "## Dev figures (never trained on; 95% bootstrap intervals over articles)",
        "",
    ]
    lines += _figures(meta, _ATTRIBUTION_SYSTEMS, "articles")
    lines += _tail(config, meta, "tokens_per_s", "tokens/s", "cue features of every token of "
                   "an already parsed article, the source ranker per cue, content from the parse")
    return "\n".join(lines)


_SENTENCE_SYSTEMS = {"sentence model": "the model on each held-back sentence or note"}


def render_sentence_events(config: dict, meta: dict) -> str:
    """The card of a sentence classifier with a NONE class that makes events where the rules
    code none (`acled_sentence`)."""
    sizes = meta["sizes"]
    lines = [*_title(config, meta), "| data set | role | licence as published | what it gives |",
             "|---|---|---|---|"]  # fmt: skip
    lines += [f"| {name} | {src['role']} | {src['licence']} | {src['kind']} |"
              for name, src in meta["sources"].items()]
    lines += [
        "", "Training data never ships inside the package: most sets are research-only.", "",
        "## Split", "",
        "The ACLED notes follow the ACLED sub-type model's split and caps, PLV's sentences the "
        "event-type model's split; PolNeAR's train articles are NONE rows, its dev articles "
        "are scored only.", "",
        f"- train: {_counts(sizes['train'])}", f"- dev: {_counts(sizes['dev'])}",
        f"- {sizes['features']} features, labels: {', '.join(sizes['labels'])}",
        f"- chosen on out-of-fold predictions of the train rows: C = {meta['C']}, NONE cut = "
        f"{meta['threshold']} (the highest at which at most {config['max_false_rate']} of PLV's "
        "other-event sentences become ACLED events)", "",
        "## Dev figures (never trained on; 95% bootstrap intervals)", "",
        "On the notes: the sub-type as read (NONE counts as a miss) and the share read as an "
        "event; on the news sets, the share of sentences made an ACLED event (PLV other "
        "events and PolNeAR: false events; PLV violence and protest: events found).", "",
    ]  # fmt: skip
    lines += _figures(meta, _SENTENCE_SYSTEMS, "n")
    for name, fig in (meta.get("calibration_dev") or {}).items():
        lines += ["## Confidence", "",
                  "An event's `confidence` is the model's probability for its sub-type, mapped "
                  "by isotonic regression fitted on out-of-fold predictions of the train rows: "
                  "the chance that the sub-type is right.", "",
                  f"- {name}: ECE {fig['ece']:.3f} (raw {fig['ece_raw']:.3f}), n={fig['n']}", "",
                  *_reliability_table(fig["reliability"]), ""]
    lines += _tail(config, meta, "sentences_per_s", "sentences/s",
                   "character n-grams of the sentence, then one sparse dot product")
    return "\n".join(lines)
