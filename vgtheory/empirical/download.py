"""Download the official CIFAR-10 archive, verify its md5 and extract it safely."""

from __future__ import annotations

import hashlib
import os
import tarfile
import urllib.request
from pathlib import Path
from typing import Optional

OFFICIAL_DIR = "cifar-10-batches-py"
OFFICIAL_TAR = "cifar-10-python.tar.gz"
OFFICIAL_URL = "https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz"
OFFICIAL_MD5 = "c58f30108f718f92721af3b95e74349a"
ENV_URL = "VGTHEORY_CIFAR_URL"
ENV_MD5 = "VGTHEORY_CIFAR_MD5"


class ChecksumError(ValueError):
    """The downloaded file does not have the expected md5."""


def md5_file(path: Path, chunk: int = 1 << 20) -> str:
    """Hex md5 of a file, read in chunks."""
    digest = hashlib.md5()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(chunk), b""):
            digest.update(block)
    return digest.hexdigest()


def resolve_url_md5(url: Optional[str] = None, md5: Optional[str] = None) -> tuple[str, str]:
    """Explicit values win, then ``$VGTHEORY_CIFAR_URL`` / ``$VGTHEORY_CIFAR_MD5``, then the official ones."""
    return (url or os.environ.get(ENV_URL) or OFFICIAL_URL,
            (md5 or os.environ.get(ENV_MD5) or OFFICIAL_MD5).lower())


def download(url: str, dest: Path, md5: str, timeout: float = 60.0) -> Path:
    """Fetch ``url`` to ``dest``; the file appears only if its md5 equals ``md5``."""
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    part = dest.with_name(dest.name + ".part")
    digest = hashlib.md5()
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response, open(part, "wb") as out:
            for block in iter(lambda: response.read(1 << 20), b""):
                digest.update(block)
                out.write(block)
        if digest.hexdigest() != md5.lower():
            raise ChecksumError(f"md5 mismatch for {url}: got {digest.hexdigest()}, expected {md5}")
        os.replace(part, dest)
    finally:
        if part.exists():
            part.unlink()
    return dest


def _safe_members(tar: tarfile.TarFile) -> list[tarfile.TarInfo]:
    members = []
    for m in tar.getmembers():
        parts = Path(m.name).parts
        if m.name.startswith("/") or ".." in parts or not parts or parts[0] != OFFICIAL_DIR:
            raise ValueError(f"unexpected path in CIFAR archive: {m.name!r}")
        if not (m.isfile() or m.isdir()):
            raise ValueError(f"unexpected member type in CIFAR archive: {m.name!r}")
        members.append(m)
    return members


def extract_official(tar_path: Path, dest_dir: Path) -> Path:
    """Extract ``cifar-10-batches-py/`` from the archive into ``dest_dir``; returns that dir."""
    dest_dir = Path(dest_dir)
    target = dest_dir / OFFICIAL_DIR
    if (target / "test_batch").is_file():
        return target
    dest_dir.mkdir(parents=True, exist_ok=True)
    with tarfile.open(tar_path, "r:gz") as tar:
        members = _safe_members(tar)
        if hasattr(tarfile, "data_filter"):
            tar.extractall(dest_dir, members=members, filter="data")
        else:  # pragma: no cover - Python without PEP 706; members were checked above
            tar.extractall(dest_dir, members=members)
    return target


def fetch_official(dest_dir: Path, url: Optional[str] = None, md5: Optional[str] = None,
                   timeout: float = 60.0) -> Path:
    """Download (if not already there and verified) and extract; returns the batches dir."""
    url, md5 = resolve_url_md5(url, md5)
    dest_dir = Path(dest_dir)
    archive = dest_dir / OFFICIAL_TAR
    if not (archive.is_file() and md5_file(archive) == md5):
        download(url, archive, md5, timeout=timeout)
    return extract_official(archive, dest_dir)
