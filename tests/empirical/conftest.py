"""Shared fixtures for the empirical-layer tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from .builders import write_official


@pytest.fixture
def official_dir(tmp_path: Path) -> Path:
    return write_official(tmp_path / "raw")


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch, tmp_path: Path):
    """Keep tests away from the user's data, cache and environment variables."""
    for var in ("VGTHEORY_DATA", "VGTHEORY_CACHE", "VGTHEORY_CIFAR_URL", "VGTHEORY_CIFAR_MD5"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("VGTHEORY_CACHE", str(tmp_path / "cache"))


@pytest.fixture
def tiny_data():
    import torch

    from vgtheory.empirical.data import synthetic_arrays
    from vgtheory.empirical.tensordata import to_device

    torch.set_num_threads(1)  # tiny ops: one thread avoids contention stalls
    return to_device(synthetic_arrays(n_train=96, n_test=48, image_size=8, seed=1), "cpu")
