"""Download with md5 verification against a local HTTP server, and the ``data`` command."""

from __future__ import annotations

import functools
import hashlib
import http.server
import tarfile
import threading

import pytest

from vgtheory.empirical import download as DL
from vgtheory.empirical.cli import main
from vgtheory.empirical.data import read_official

from .builders import write_official_tar


@pytest.fixture
def server(tmp_path):
    """Serve ``tmp_path/www`` on 127.0.0.1 at an ephemeral port; yields the base URL."""
    root = tmp_path / "www"
    root.mkdir()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *a, **k: None
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    yield root, f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def archive(server):
    root, base = server
    tar = write_official_tar(root / "cifar-10-python.tar.gz")
    return f"{base}/cifar-10-python.tar.gz", hashlib.md5(tar.read_bytes()).hexdigest()


def test_fetch_verifies_md5_and_extracts(archive, tmp_path):
    url, md5 = archive
    batches = DL.fetch_official(tmp_path / "dl", url=url, md5=md5)
    arrays = read_official(batches)
    assert arrays.train_x.shape == (30, 3, 32, 32) and len(arrays.test_y) == 8
    assert DL.md5_file(tmp_path / "dl" / "cifar-10-python.tar.gz") == md5


def test_md5_mismatch_is_rejected_and_leaves_no_file(archive, tmp_path):
    url, md5 = archive
    wrong = ("0" if md5[0] != "0" else "1") + md5[1:]
    with pytest.raises(DL.ChecksumError, match="md5 mismatch"):
        DL.fetch_official(tmp_path / "dl", url=url, md5=wrong)
    assert not list((tmp_path / "dl").glob("*"))


def test_url_and_md5_come_from_the_environment(monkeypatch):
    assert DL.resolve_url_md5() == (DL.OFFICIAL_URL, DL.OFFICIAL_MD5)
    monkeypatch.setenv(DL.ENV_URL, "http://x/y.tar.gz")
    monkeypatch.setenv(DL.ENV_MD5, "ABC")
    assert DL.resolve_url_md5() == ("http://x/y.tar.gz", "abc")
    assert DL.resolve_url_md5("u", "m") == ("u", "m")


def test_archive_with_escaping_path_is_refused(tmp_path):
    bad = tmp_path / "bad.tar.gz"
    evil = tmp_path / "evil.txt"
    evil.write_text("x")
    with tarfile.open(bad, "w:gz") as tar:
        tar.add(evil, arcname="cifar-10-batches-py/../../evil.txt")
    with pytest.raises(ValueError, match="unexpected path"):
        DL.extract_official(bad, tmp_path / "out")


def test_data_command_downloads_from_overridden_url(archive, tmp_path, monkeypatch, capsys):
    url, md5 = archive
    monkeypatch.chdir(tmp_path)
    dest = tmp_path / "dest"
    rc = main(["data", "--url", url, "--md5", md5, "--dest", str(dest), "--cache", str(tmp_path / "c")])
    assert rc == 0
    assert "30 train / 8 test" in capsys.readouterr().out
    # a second call finds the extracted data and needs no network
    monkeypatch.setenv("VGTHEORY_DATA", str(dest))
    assert main(["data", "--no-download", "--cache", str(tmp_path / "c")]) == 0


def test_data_command_without_data_or_network_prints_one_line(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))
    rc = main(["data", "--no-download"])
    err = capsys.readouterr().err.strip()
    assert rc == 2 and len(err.splitlines()) == 1
    assert "cifar-10-python.tar.gz" in err and "cifar10_jpeg.npz" in err
    # an unreachable server gives the same kind of one-line answer
    rc = main(["data", "--url", "http://127.0.0.1:9/none.tar.gz", "--timeout", "2",
               "--dest", str(tmp_path / "d")])
    lines = capsys.readouterr().err.strip().splitlines()
    assert rc == 2 and "failed" in lines[-1] and "cifar10_jpeg.npz" in lines[-1]
