"""One base class for zfxxgk's errors, and parse_file naming its file."""

from __future__ import annotations

import pickle
import sys
from pathlib import Path

import pytest

import zfxxgk
from zfxxgk import errors, sources

from .conftest import FIXTURES, SEEDS


def test_one_base_class_and_the_builtin_ones_kept() -> None:
    assert issubclass(errors.ParseError, errors.ZfxxgkError)
    assert issubclass(errors.ParseError, ValueError)
    assert issubclass(errors.MissingExtraError, errors.ZfxxgkError)
    assert issubclass(errors.MissingExtraError, ImportError)
    assert issubclass(errors.WorkerError, errors.ZfxxgkError)
    assert issubclass(errors.WorkerError, RuntimeError)
    assert zfxxgk.ParseError is errors.ParseError
    # The sources raise the one class, not a twin of it.
    assert sources.MissingExtraError is errors.MissingExtraError


@pytest.mark.parametrize("suffix", [".txt", ".html"])
def test_parse_file_sets_the_path(tmp_path: Path, suffix: str) -> None:
    bad = tmp_path / f"not a report{suffix}"
    text = "这不是年度报告。\n"
    bad.write_text(f"<html><body><p>{text}</p></body></html>" if suffix == ".html" else text,
                   encoding="utf-8")  # fmt: skip
    with pytest.raises(errors.ZfxxgkError) as raised:
        zfxxgk.parse_file(bad)
    assert isinstance(raised.value, zfxxgk.ParseError)
    assert raised.value.path == str(bad)
    again = pickle.loads(pickle.dumps(raised.value))
    assert again.path == str(bad)


def test_parse_file_of_a_good_report_and_of_bytes_keep_their_contract() -> None:
    assert zfxxgk.parse_file(SEEDS[0]) == zfxxgk.parse(SEEDS[0].read_text(encoding="utf-8"))
    with pytest.raises(zfxxgk.ParseError) as raised:
        zfxxgk.parse_bytes(b"not a report at all\n")
    assert raised.value.path is None  # no file, no path
    assert (FIXTURES / "formats").is_dir()


def test_a_missing_extra_is_a_zfxxgk_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pdfplumber", None)  # as if not installed
    data = (FIXTURES / "formats" / "000.pdf").read_bytes()
    with pytest.raises(errors.ZfxxgkError) as raised:
        zfxxgk.parse_bytes(data)
    assert isinstance(raised.value, ImportError)
    assert "pip install 'zfxxgk[pdf]'" in str(raised.value)
