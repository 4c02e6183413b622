"""Wiki Neutrality Corpus sample: biased -> neutralised sentence pairs from Wikipedia NPOV edits
(Pryzant et al., "Automatically Neutralizing Subjective Bias in Text", AAAI 2020).

`pre.<split>` and `post.<split>` hold aligned lines (line i of `pre` was edited into line i of
`post`), lower-cased and tokenised, for the splits `train` (1,000 pairs) and `test` (100 pairs).
Each pair gives two LabelledTexts: "biased" for the pre sentence and "neutral" for the post
sentence, sharing one group so a pair never straddles a split; `extra` holds the other side.
The publishers' `test` pairs are kept as `split="dev"` (we have no use for a test split here),
`train` pairs as `split="train"`. A pair with an empty side or no change is skipped; files of
different lengths are misaligned and raise ValueError rather than pair the wrong lines.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..examples import LabelledText

NAME = "wnc-sample"
LICENCE = "MIT (repository); text from Wikipedia (CC BY-SA): research use, never shipped"
KIND = "LabelledText: biased (pre-edit) / neutral (post-edit) sentence pairs"

SPLITS = (("train", "train"), ("test", "dev"))


def read(folder: Path) -> Iterator[LabelledText]:
    for suffix, split in SPLITS:
        pre_path, post_path = folder / f"pre.{suffix}", folder / f"post.{suffix}"
        if not pre_path.exists() or not post_path.exists():
            continue
        pre = pre_path.read_text(encoding="utf-8").splitlines()
        post = post_path.read_text(encoding="utf-8").splitlines()
        if len(pre) != len(post):
            raise ValueError(
                f"{pre_path}: {len(pre)} lines but {post_path.name} has {len(post)}; "
                "the files must be line-aligned pairs (re-copy both from the same commit)"
            )
        for index, (biased, neutral) in enumerate(zip(pre, post, strict=True), start=1):
            biased, neutral = biased.strip(), neutral.strip()
            if not biased or not neutral or biased == neutral:
                continue
            group = f"wnc-{suffix}-{index}"
            yield LabelledText(NAME, f"{group}-pre", biased, "biased", group, split,
                               extra={"neutral": neutral})  # fmt: skip
            yield LabelledText(NAME, f"{group}-post", neutral, "neutral", group, split,
                               extra={"biased": biased})  # fmt: skip
