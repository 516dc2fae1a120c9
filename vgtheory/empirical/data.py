"""CIFAR-10 from the official python pickles or the JPEG npz, decoded once into a uint8 cache.

Images are held as ``(N, 3, 32, 32)`` uint8 arrays; :func:`to_device` turns them into
normalised float tensors that live on the training device for the whole run (no DataLoader:
batches are index lookups into one tensor).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import pickle
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Optional

import numpy as np

from vgtheory.empirical.download import OFFICIAL_DIR, OFFICIAL_TAR, extract_official

JPEG_NPZ = "cifar10_jpeg.npz"
ENV_DATA = "VGTHEORY_DATA"
ENV_CACHE = "VGTHEORY_CACHE"
TRAIN_BATCHES = tuple(f"data_batch_{i}" for i in range(1, 6))

NO_DATA_MESSAGE = (
    "no CIFAR-10 data found: run 'vgtheory data' to download the official "
    f"{OFFICIAL_TAR}, or point --data PATH or ${ENV_DATA} at a directory holding "
    f"{OFFICIAL_DIR}/, {OFFICIAL_TAR} or {JPEG_NPZ}"
)


class DataNotFoundError(FileNotFoundError):
    """No usable CIFAR-10 source at the places searched."""


@dataclass(frozen=True)
class DataSource:
    """Where the raw data lives: ``kind`` is 'official' (a pickle dir), 'tar' or 'jpeg'."""

    kind: str
    path: Path

    def to_dict(self) -> dict:
        return {"kind": self.kind, "path": str(self.path)}


@dataclass(frozen=True)
class CifarArrays:
    """Decoded data set: uint8 images ``(N, 3, H, W)`` and int64 labels."""

    train_x: np.ndarray
    train_y: np.ndarray
    test_x: np.ndarray
    test_y: np.ndarray
    classes: tuple[str, ...]
    source: str

    def to_dict(self) -> dict:
        return {"source": self.source, "n_train": int(len(self.train_y)),
                "n_test": int(len(self.test_y)), "classes": list(self.classes),
                "image_shape": list(self.train_x.shape[1:])}


# --- safe unpickling -----------------------------------------------------------------------

# The official batches are Python-2 pickles of dicts holding numpy arrays and lists; these are
# the only globals such a file may reference.  Anything else (os.system, eval, ...) is refused.
_ALLOWED_GLOBALS = frozenset({
    ("numpy", "ndarray"),
    ("numpy", "dtype"),
    ("numpy.core.multiarray", "_reconstruct"),
    ("numpy._core.multiarray", "_reconstruct"),
    ("numpy.core.multiarray", "scalar"),
    ("numpy._core.multiarray", "scalar"),
    ("numpy.core.numeric", "_frombuffer"),
    ("numpy._core.numeric", "_frombuffer"),
    ("copy_reg", "_reconstructor"),
    ("copyreg", "_reconstructor"),
    ("_codecs", "encode"),  # Python 3 writes bytes this way in protocol-2 pickles; pure function
    ("__builtin__", "object"),
    ("builtins", "object"),
})


class RestrictedUnpickler(pickle.Unpickler):
    """Unpickler that resolves only the numpy/builtin globals CIFAR batches need."""

    def find_class(self, module: str, name: str):
        if (module, name) in _ALLOWED_GLOBALS:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"refusing to unpickle global {module}.{name}")


def safe_unpickle(path: Path) -> dict:
    """Load one official CIFAR pickle (bytes keys are decoded to str)."""
    with open(path, "rb") as fh:
        obj = RestrictedUnpickler(fh, encoding="bytes").load()
    if not isinstance(obj, dict):
        raise ValueError(f"{path}: expected a dict, got {type(obj).__name__}")
    return {k.decode() if isinstance(k, bytes) else k: v for k, v in obj.items()}


# --- readers ---------------------------------------------------------------------------------

def _read_official_batch(path: Path) -> tuple[np.ndarray, np.ndarray]:
    batch = safe_unpickle(path)
    data = np.asarray(batch["data"], dtype=np.uint8)
    labels = np.asarray(batch["labels"], dtype=np.int64)
    side = int(round((data.shape[1] // 3) ** 0.5))
    if data.ndim != 2 or 3 * side * side != data.shape[1] or len(labels) != len(data):
        raise ValueError(f"{path}: malformed CIFAR batch (data {data.shape}, labels {labels.shape})")
    return data.reshape(-1, 3, side, side), labels


def read_official(directory: Path) -> CifarArrays:
    """Read ``data_batch_1..5``, ``test_batch`` and ``batches.meta`` from ``directory``."""
    parts = [_read_official_batch(directory / name) for name in TRAIN_BATCHES]
    test_x, test_y = _read_official_batch(directory / "test_batch")
    meta = safe_unpickle(directory / "batches.meta")
    classes = tuple(c.decode() if isinstance(c, bytes) else str(c) for c in meta["label_names"])
    return CifarArrays(np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts]),
                       test_x, test_y, classes, f"official:{directory}")


def _decode_jpegs(blob: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    from PIL import Image

    images = []
    raw = blob.tobytes()
    for i in range(len(offsets) - 1):
        with Image.open(io.BytesIO(raw[offsets[i]:offsets[i + 1]])) as im:
            images.append(np.asarray(im.convert("RGB"), dtype=np.uint8))
    return np.stack(images).transpose(0, 3, 1, 2).copy()


def read_jpeg_npz(path: Path) -> CifarArrays:
    """Decode the JPEG archive (``{split}_jpeg`` blobs, ``{split}_offsets``, ``{split}_labels``,
    ``classes``; needs Pillow)."""
    with np.load(path, allow_pickle=False) as z:
        train_x = _decode_jpegs(z["train_jpeg"], z["train_offsets"])
        test_x = _decode_jpegs(z["test_jpeg"], z["test_offsets"])
        return CifarArrays(train_x, z["train_labels"].astype(np.int64), test_x,
                           z["test_labels"].astype(np.int64),
                           tuple(str(c) for c in z["classes"]), f"jpeg:{path}")


# --- locating the data -------------------------------------------------------------------------

def probe(path: Path) -> Optional[DataSource]:
    """The data source at ``path`` (a file or a directory), or None."""
    path = Path(path).expanduser()
    if path.is_file():
        if path.name.endswith(".npz"):
            return DataSource("jpeg", path)
        if path.name.endswith((".tar.gz", ".tgz")):
            return DataSource("tar", path)
        return None
    if not path.is_dir():
        return None
    if (path / "data_batch_1").is_file():
        return DataSource("official", path)
    if (path / OFFICIAL_DIR / "data_batch_1").is_file():
        return DataSource("official", path / OFFICIAL_DIR)
    if (path / OFFICIAL_TAR).is_file():
        return DataSource("tar", path / OFFICIAL_TAR)
    if (path / JPEG_NPZ).is_file():
        return DataSource("jpeg", path / JPEG_NPZ)
    return None


def default_cache_dir() -> Path:
    """``$VGTHEORY_CACHE`` or ``~/.cache/vgtheory``."""
    return Path(os.environ.get(ENV_CACHE) or Path.home() / ".cache" / "vgtheory").expanduser()


LOCATION_MARKER = "data-location"


def remembered_location() -> Optional[Path]:
    """The data path stored by :func:`remember_location` (in the cache directory), if any."""
    marker = default_cache_dir() / LOCATION_MARKER
    try:
        text = marker.read_text().strip()
    except OSError:
        return None
    return Path(text) if text else None


def remember_location(path: Path) -> Path:
    """Store ``path`` (absolute) so that later runs find the data without --data; returns the
    marker file.  ``$VGTHEORY_DATA`` and --data still take precedence."""
    marker = default_cache_dir() / LOCATION_MARKER
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.write_text(str(Path(path).expanduser().resolve()) + "\n")
    return marker


def search_paths(explicit: Optional[str] = None) -> Iterator[Path]:
    """Places searched, in order: ``explicit``, ``$VGTHEORY_DATA``, the location remembered by
    ``vgtheory data --data PATH``, then the common places.

    An explicit path or the environment variable, when given, is the only place searched, so a
    typo is reported rather than silently replaced by some other copy of the data.
    """
    if explicit:
        yield Path(explicit)
        return
    if os.environ.get(ENV_DATA):
        yield Path(os.environ[ENV_DATA])
        return
    remembered = remembered_location()
    if remembered is not None:
        yield remembered
    yield Path.cwd() / "data"
    yield Path.cwd().parent / "shared" / "data"
    yield default_cache_dir()


def locate(explicit: Optional[str] = None) -> DataSource:
    """First data source found along :func:`search_paths`; raises DataNotFoundError."""
    searched = []
    for path in search_paths(explicit):
        found = probe(path)
        if found is not None:
            return found
        searched.append(str(path))
    raise DataNotFoundError(f"{NO_DATA_MESSAGE} (searched: {', '.join(searched)})")


# --- the decoded cache -------------------------------------------------------------------------

_CACHE_FILES = ("train_x", "train_y", "test_x", "test_y")


def _cache_key(source: DataSource) -> str:
    st = source.path.stat()
    ident = f"{source.kind}|{source.path.resolve()}|{st.st_size}|{st.st_mtime_ns}"
    return hashlib.sha1(ident.encode()).hexdigest()[:16]


def _read_source(source: DataSource, cache_dir: Path) -> CifarArrays:
    if source.kind == "official":
        return read_official(source.path)
    if source.kind == "jpeg":
        return read_jpeg_npz(source.path)
    return read_official(extract_official(source.path, cache_dir / "extracted"))


def load_cifar10(data: Optional[str] = None, cache_dir: Optional[Path] = None) -> CifarArrays:
    """Load CIFAR-10, decoding the raw source only the first time (uint8 .npy cache)."""
    source = locate(data)
    cache_dir = Path(cache_dir) if cache_dir is not None else default_cache_dir()
    target = cache_dir / "decoded" / _cache_key(source)
    if all((target / f"{n}.npy").is_file() for n in _CACHE_FILES):
        arrays = {n: np.load(target / f"{n}.npy", allow_pickle=False) for n in _CACHE_FILES}
        meta = json.loads((target / "meta.json").read_text())
        return CifarArrays(**arrays, classes=tuple(meta["classes"]), source=meta["source"])
    decoded = _read_source(source, cache_dir)
    target.parent.mkdir(parents=True, exist_ok=True)
    # Write into a private temp dir and rename it into place, so a crash never leaves a
    # half-written cache that a later run would trust.
    tmp = Path(tempfile.mkdtemp(dir=target.parent, prefix=".tmp-"))
    try:
        for n in _CACHE_FILES:
            np.save(tmp / f"{n}.npy", getattr(decoded, n), allow_pickle=False)
        (tmp / "meta.json").write_text(json.dumps({"classes": list(decoded.classes),
                                                   "source": decoded.source}))
        os.replace(tmp, target)
    except OSError:
        shutil.rmtree(tmp, ignore_errors=True)
        if not target.is_dir():
            raise
    return decoded


# --- synthetic data for tests and benchmarks ---------------------------------------------------

def synthetic_arrays(n_train: int = 256, n_test: int = 128, image_size: int = 8,
                     num_classes: int = 10, seed: int = 0) -> CifarArrays:
    """Learnable fake CIFAR: each class is a fixed random image plus pixel noise."""
    rng = np.random.default_rng(seed)
    prototypes = rng.uniform(40, 215, size=(num_classes, 3, image_size, image_size))

    def split(n: int) -> tuple[np.ndarray, np.ndarray]:
        y = rng.integers(0, num_classes, size=n)
        x = prototypes[y] + rng.normal(0, 40, size=(n, 3, image_size, image_size))
        return np.clip(x, 0, 255).astype(np.uint8), y.astype(np.int64)

    train_x, train_y = split(n_train)
    test_x, test_y = split(n_test)
    return CifarArrays(train_x, train_y, test_x, test_y,
                       tuple(f"class{i}" for i in range(num_classes)), f"synthetic:{seed}")


def subset_indices(labels: np.ndarray, k: Optional[int], seed: int = 12345) -> np.ndarray:
    """``k`` indices drawn without replacement with a fixed seed (all, if k is None)."""
    if k is None or k >= len(labels):
        return np.arange(len(labels))
    if k <= 0:
        raise ValueError(f"subset size must be positive, got {k}")
    # The JPEG archive is sorted by class, so a prefix would be one class: draw at random.
    return np.sort(np.random.default_rng(seed).choice(len(labels), size=k, replace=False))
