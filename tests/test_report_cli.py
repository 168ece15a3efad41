"""``ucj report --help`` and ``ucj batch --help`` list their options.

The mistakes users make with ``ucj report`` and ``ucj batch`` are in the one table of
``tests/test_cli_errors.py``.
"""

from __future__ import annotations


def test_help_lists_the_options(ucj):
    res = ucj(["report", "--help"])
    assert res.returncode == 0
    for opt in ("--periode", "--target", "--deadline", "--skenario", "--data", "--lang",
                "--out", "--csv-locale"):
        assert opt in res.stdout
    res = ucj(["batch", "--help"])
    assert res.returncode == 0
    for opt in ("--provinsi", "--workers", "--scheduler", "--kabupaten"):
        assert opt in res.stdout
