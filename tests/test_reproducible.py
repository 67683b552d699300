"""The site's bytes are a function of the content and the settings alone: whatever the
cache holds, a build makes the same files."""

from __future__ import annotations

import random
import shutil

from PIL import Image

from photovoice.build import BuildOptions, build

from helpers import tree_digest

AMAL = "participants/amal-haddad/participant.yaml"


def _with_a_large_photo(content_dir):
    """A photo large enough for every width and the link-preview file between them."""
    folder = content_dir / "participants/amal-haddad"
    noise = Image.effect_noise((2400, 1600), 50).convert("RGB")
    noise = Image.blend(noise, Image.new("RGB", noise.size, (90, 140, 60)), 0.6)
    noise.save(folder / "field.jpg", quality=90)
    with open(folder / "participant.yaml", "a", encoding="utf-8") as handle:
        handle.write("  - file: field.jpg\n    title: A field\n"
                     "    alt: A green field under a grey sky\n    themes: [food]\n")


def _build(content_dir, out, cache):
    build(content_dir, out, BuildOptions(jobs=1, cache_dir=cache))
    return tree_digest(out)


def test_the_same_content_gives_the_same_bytes_whatever_the_cache_holds(content_dir,
                                                                         tmp_path):
    _with_a_large_photo(content_dir)
    cache = tmp_path / "cache"
    reference = _build(content_dir, tmp_path / "reference", cache)
    images = sorted(p for p in (cache / "images").rglob("*") if p.suffix in (".jpg", ".webp"))
    share = {p for p in images if p.stem.endswith("-1200")}
    assert share, "the large photo has a link-preview file"
    # Only the responsive files gone (the link-preview file kept), then random losses.
    losses = [[p for p in images if p not in share]]
    rng = random.Random(22)
    losses += [rng.sample(images, rng.randint(1, len(images) - 1)) for _ in range(2)]
    for index, lost in enumerate(losses):
        for path in lost:
            path.unlink(missing_ok=True)
        out = tmp_path / f"out-{index}"
        assert _build(content_dir, out, cache) == reference, f"losing {len(lost)} files"
        shutil.rmtree(out)
