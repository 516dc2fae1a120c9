"""CIFAR-10 loading: both formats, the safe unpickler, the cache and the lookup order."""

from __future__ import annotations

import io
import os
import pickle

import numpy as np
import pytest

from vgtheory.empirical import data as D

from .builders import write_jpeg_npz, write_official


def _reference_official(directory):
    """Read the tiny batches with plain pickle (trusted: the test wrote them)."""
    def read(name):
        with open(directory / name, "rb") as fh:
            return pickle.load(fh, encoding="bytes")

    batches = [read(f"data_batch_{i}") for i in range(1, 6)]
    x = np.concatenate([b[b"data"] for b in batches]).reshape(-1, 3, 32, 32)
    y = np.concatenate([b[b"labels"] for b in batches])
    return x, y, read("test_batch")


def test_official_format_round_trips(official_dir):
    arrays = D.read_official(official_dir)
    x, y, test = _reference_official(official_dir)
    np.testing.assert_array_equal(arrays.train_x, x)
    np.testing.assert_array_equal(arrays.train_y, y)
    np.testing.assert_array_equal(arrays.test_x, test[b"data"].reshape(-1, 3, 32, 32))
    assert arrays.classes[0] == "airplane" and len(arrays.classes) == 10
    # channel-major rows: the first 1024 bytes of a row are the red plane
    np.testing.assert_array_equal(arrays.train_x[0, 0].ravel(), x.reshape(len(x), -1)[0, :1024])


def test_jpeg_npz_round_trips(tmp_path):
    from PIL import Image

    path, src = write_jpeg_npz(tmp_path / "cifar10_jpeg.npz")
    arrays = D.read_jpeg_npz(path)
    assert arrays.train_x.shape == (len(src["train"]), 3, 32, 32)
    np.testing.assert_array_equal(arrays.train_y, src["train_labels"])
    np.testing.assert_array_equal(arrays.test_y, src["test_labels"])
    with np.load(path) as z:
        first = z["train_jpeg"][z["train_offsets"][0]:z["train_offsets"][1]].tobytes()
    expected = np.asarray(Image.open(io.BytesIO(first)).convert("RGB")).transpose(2, 0, 1)
    np.testing.assert_array_equal(arrays.train_x[0], expected)
    # JPEG is lossy but smooth images come back close to the pixels that were encoded
    err = np.abs(arrays.train_x.astype(int) - src["train"].transpose(0, 3, 1, 2).astype(int))
    assert err.mean() < 2.0


class _Evil:
    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def test_restricted_unpickler_rejects_malicious_pickle(tmp_path):
    marker = tmp_path / "pwned"
    bad = tmp_path / "data_batch_1"
    bad.write_bytes(pickle.dumps({b"data": _Evil(marker)}, protocol=2))
    with pytest.raises(pickle.UnpicklingError, match="refusing"):
        D.safe_unpickle(bad)
    assert not marker.exists()


def test_restricted_unpickler_accepts_numpy_arrays_of_any_protocol(tmp_path):
    arr = np.arange(12, dtype=np.uint8).reshape(3, 4)
    for protocol in (2, pickle.HIGHEST_PROTOCOL):
        p = tmp_path / f"p{protocol}"
        p.write_bytes(pickle.dumps({b"data": arr, b"labels": [1, 2, 3]}, protocol=protocol))
        out = D.safe_unpickle(p)
        np.testing.assert_array_equal(out["data"], arr)
        assert out["labels"] == [1, 2, 3]


def test_cache_is_used_on_the_second_load(official_dir, tmp_path, monkeypatch):
    cache = tmp_path / "c"
    first = D.load_cifar10(str(official_dir), cache_dir=cache)
    assert list((cache / "decoded").iterdir())

    def fail(*_):
        raise AssertionError("source decoded again although a cache exists")

    monkeypatch.setattr(D, "read_official", fail)
    second = D.load_cifar10(str(official_dir), cache_dir=cache)
    for name in ("train_x", "train_y", "test_x", "test_y"):
        np.testing.assert_array_equal(getattr(first, name), getattr(second, name))
    assert second.classes == first.classes


def test_lookup_order_explicit_then_env_then_common_places(tmp_path, monkeypatch):
    a = write_official(tmp_path / "a")
    b_npz, _ = write_jpeg_npz(tmp_path / "b.npz")
    cwd = tmp_path / "work"
    write_official(cwd / "data")
    monkeypatch.chdir(cwd)
    assert D.locate().path == cwd / "data" / D.OFFICIAL_DIR
    monkeypatch.setenv(D.ENV_DATA, str(b_npz))
    assert D.locate() == D.DataSource("jpeg", b_npz)
    assert D.locate(str(a.parent)) == D.DataSource("official", a)


def test_missing_data_message_names_both_options(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(D.DataNotFoundError) as info:
        D.locate(str(tmp_path / "nowhere"))
    msg = str(info.value)
    assert "cifar-10-python.tar.gz" in msg and "cifar10_jpeg.npz" in msg
    assert "VGTHEORY_DATA" in msg and "--data" in msg and "\n" not in msg


def test_subset_is_fixed_and_spans_classes():
    labels = np.repeat(np.arange(10), 100)  # sorted by class, like the JPEG archive
    idx = D.subset_indices(labels, 50)
    np.testing.assert_array_equal(idx, D.subset_indices(labels, 50))
    assert len(set(idx)) == 50 and len(set(labels[idx])) > 5
    assert len(D.subset_indices(labels, None)) == 1000
