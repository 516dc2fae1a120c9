"""Builders of tiny CIFAR-format data and tiny regimes (tests never use the real data set)."""

from __future__ import annotations

import dataclasses
import io
import pickle
import tarfile
from pathlib import Path

import numpy as np

CLASSES = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"]


def _official_batch(rng: np.random.Generator, n: int, side: int) -> dict:
    # Same layout as the real files: bytes keys, (n, 3*side*side) uint8 rows, labels as a list.
    return {b"batch_label": b"tiny", b"labels": [int(v) for v in rng.integers(0, 10, n)],
            b"data": rng.integers(0, 256, size=(n, 3 * side * side), dtype=np.uint8),
            b"filenames": [f"img{i}.png".encode() for i in range(n)]}


def write_official(directory: Path, n_per_batch: int = 6, n_test: int = 8, side: int = 32,
                   seed: int = 0) -> Path:
    """A ``cifar-10-batches-py`` directory with tiny batches; returns it."""
    rng = np.random.default_rng(seed)
    target = Path(directory) / "cifar-10-batches-py"
    target.mkdir(parents=True, exist_ok=True)
    for i in range(1, 6):
        with open(target / f"data_batch_{i}", "wb") as fh:
            pickle.dump(_official_batch(rng, n_per_batch, side), fh, protocol=2)
    with open(target / "test_batch", "wb") as fh:
        pickle.dump(_official_batch(rng, n_test, side), fh, protocol=2)
    with open(target / "batches.meta", "wb") as fh:
        pickle.dump({b"label_names": [c.encode() for c in CLASSES], b"num_vis": 3 * side * side},
                    fh, protocol=2)
    return target


def write_official_tar(path: Path, **kwargs) -> Path:
    """A ``cifar-10-python.tar.gz`` holding a tiny ``cifar-10-batches-py``."""
    staging = Path(path).parent / "staging"
    src = write_official(staging, **kwargs)
    with tarfile.open(path, "w:gz") as tar:
        tar.add(src, arcname="cifar-10-batches-py")
    return Path(path)


def write_jpeg_npz(path: Path, n_train: int = 12, n_test: int = 6, seed: int = 0) -> tuple[Path, dict]:
    """A tiny ``cifar10_jpeg.npz`` in the documented layout; also returns the source pixels."""
    from PIL import Image

    rng = np.random.default_rng(seed)
    arrays, pixels = {}, {}
    for split, n in (("train", n_train), ("test", n_test)):
        # Smooth images survive JPEG nearly unchanged, which keeps the round trip checkable.
        base = rng.integers(30, 220, size=(n, 1, 1, 3))
        ramp = np.linspace(0, 20, 32, dtype=np.int64)[None, :, None, None]
        imgs = np.clip(base + ramp, 0, 255).astype(np.uint8).repeat(32, axis=2)
        blobs, offsets = [], [0]
        for im in imgs:
            buf = io.BytesIO()
            Image.fromarray(im).save(buf, format="JPEG", quality=95)
            blobs.append(buf.getvalue())
            offsets.append(offsets[-1] + len(blobs[-1]))
        arrays[f"{split}_jpeg"] = np.frombuffer(b"".join(blobs), dtype=np.uint8)
        arrays[f"{split}_offsets"] = np.asarray(offsets, dtype=np.int64)
        arrays[f"{split}_labels"] = np.sort(rng.integers(0, 10, n)).astype(np.uint8)
        pixels[split] = imgs
    arrays["classes"] = np.asarray(CLASSES)
    np.savez(path, **arrays)
    return Path(path), {**pixels, **{k: v for k, v in arrays.items() if k.endswith("labels")}}


def shrink(regime, image_size: int = 8, dense_max: int = 12):
    """The regime with every network shrunk to ``image_size`` inputs and narrow dense layers."""
    settings = tuple(
        dataclasses.replace(s, model=dataclasses.replace(
            s.model, image_size=image_size, dense=tuple(min(d, dense_max) for d in s.model.dense)))
        for s in regime.settings)
    return dataclasses.replace(regime, settings=settings)
