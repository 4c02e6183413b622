"""The learning layer: where newsledger's trained models come from.

    readers/    one reader per annotated data set in ../shared/data -> typed examples
    examples    the example records (labelled texts, span documents, attribution relations)
    splits      the one shared step: de-duplicate on normalised text, fixed seeded
                train/dev splits by group (article or story), leak-free across all sets
    features    what a model sees of a sentence (shared by training and inference)
    linear      a small linear classifier: trained with scikit-learn, shipped as numpy arrays
    models      the run-time interface: load a shipped model once, predict in batches
    train       `newsledger train`: build every model from its config, write weights + card
    cards       model cards (data, licences, splits, dev figures, speed)

Shipped models live in `newsledger/trained/<name>/` (config, weights, card). Training data
never ships: most sets are research-only.
"""
