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


@pytest.fixture(scope="session")
def warm_python():
    """Environment entries that make the scripts' ``python`` a fork of a warm interpreter (tests/empirical/pyserver.py).

    The scripts' commands run unchanged, each in a fresh fork of one process that has imported torch and
    vgtheory already; start-up (about 4 s of CPU per command) is paid once per test session."""
    import json
    import os
    import shutil
    import subprocess
    import sys
    import tempfile

    root = Path(__file__).resolve().parents[2]
    server_py = Path(__file__).with_name("pyserver.py")
    env = {**os.environ, "PYTHONPATH": str(root), "OMP_NUM_THREADS": "1"}
    for var in ("VGTHEORY_DATA", "VGTHEORY_CACHE", "VGTHEORY_CIFAR_URL", "VGTHEORY_CIFAR_MD5"):
        env.pop(var, None)
    work = Path(tempfile.mkdtemp(prefix="vgps"))  # short: a Unix socket path has at most ~100 characters
    sock = work / "s"
    server = subprocess.Popen([sys.executable, str(server_py), str(sock)], env=env, stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout.readline().strip() == "ready", "the warm python server did not start"
        shim = work / "bin"
        shim.mkdir()
        (shim / "python").write_text(
            f'#!/bin/sh\nexec "{sys.executable}" -I "{server_py}" --client "{sock}" "{sys.executable}" "$@"\n')
        (shim / "python").chmod(0o755)
        from .pyserver import SHAPING

        shaping = json.dumps({k: env.get(k) for k in SHAPING})
        yield {"PATH": f"{shim}:{os.environ['PATH']}", "VGTHEORY_PYSERVER_ENV": shaping}
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)
