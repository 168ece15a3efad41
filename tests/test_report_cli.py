"""The mistakes users make with ``ucj report`` and ``ucj batch``: one paragraph, an exit code.

Every case runs the real entry point in a subprocess and stops before any
notebook runs, so nothing is written.
"""

from __future__ import annotations

import pytest
from conftest import assert_one_paragraph, run_ucj

MISTAKES = [
    (["report", "Bogor"], 2, ["ambigu", "32.01 Kabupaten Bogor", "32.71 Kota Bogor"]),
    (["report", "Bojo negoro kidul"], 2, ["tidak dikenal", "35.22 Kabupaten Bojonegoro"]),
    (["report", "Bojonegoro", "--lang", "fr"], 2, ["'fr'", "id, en"]),
    (["report", "Bojonegoro", "--csv-locale", "de"], 2, ["'de'", "id, en"]),
    (["report", "Bojonegoro", "--out", "{tmp}/a-file.txt"], 6, ["a-file.txt", "berkas"]),
    (["report", "Bojonegoro", "--target", "60"], 2, ["'60'", "0.6?"]),
    (["report", "Bojonegoro", "--periode", "2030-01", "--out", "{tmp}/r"], 2,
     ["'2030-01'", "2022-01 s.d. 2025-06"]),
    (["report", "Bojonegoro", "--deadline", "2025-03", "--out", "{tmp}/r"], 2,
     ["--deadline", "'2025-03'", "2025-06"]),
    (["report", "Bojonegoro", "--skenario", "{tmp}/tidak-ada.yaml"], 2,
     ["--skenario", "tidak-ada.yaml"]),
    (["report", "Bojonegoro", "--data", "/nonexistent/folder", "--out", "{tmp}/r"], 3,
     ["/nonexistent/folder"]),
    (["report", "32.01", "--out", "{tmp}/r"], 2, ["32.01 Kabupaten Bogor"]),
    (["batch", "--provinsi", "Jawa"], 2, ["Jawa Timur", "Jawa Barat"]),
    (["batch", "--provinsi", "35", "--workers", "0"], 2, ["--workers", "0"]),
    (["batch", "--provinsi", "35", "--out", "{tmp}/a-file.txt"], 6, ["a-file.txt"]),
    (["batch", "--provinsi", "35", "--data", "{tmp}/tidak-ada"], 2, ["--data", "tidak-ada"]),
    (["batch", "--provinsi", "35", "-k", "Kota Bogor"], 2, ["Kota Bogor"]),
    (["batch", "--provinsi", "35.22"], 2, ["35.22", "provinsi"]),
    (["batch"], 2, ["--provinsi"]),
    (["batch", "--provinsi", "35", "--scheduler", "foo"], 2, ["--scheduler", "'foo'"]),
]


@pytest.mark.parametrize("args,code,fragments", MISTAKES,
                         ids=[" ".join(m[0]) for m in MISTAKES])
def test_report_mistakes(tmp_path, args, code, fragments):
    (tmp_path / "a-file.txt").write_text("bukan folder\n")
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    res = run_ucj(args, tmp_path)
    assert_one_paragraph(res, code, fragments)
    assert (tmp_path / "a-file.txt").read_text() == "bukan folder\n"
    # a mistake writes nothing: no report folder, no notebook
    assert not list(tmp_path.rglob("*.ipynb"))
    assert not (tmp_path / "reports").exists()


def test_unreachable_scheduler_is_one_paragraph(tmp_path):
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    res = run_ucj(["batch", "--provinsi", "35", "-k", "35.76", "--scheduler",
                   f"tcp://127.0.0.1:{port}", "--out", str(tmp_path / "r")], tmp_path)
    assert_one_paragraph(res, 2, ["--scheduler", f"tcp://127.0.0.1:{port}"])


def test_help_lists_the_options(tmp_path):
    res = run_ucj(["report", "--help"], tmp_path)
    assert res.returncode == 0
    for opt in ("--periode", "--target", "--deadline", "--skenario", "--data", "--lang",
                "--out", "--csv-locale"):
        assert opt in res.stdout
    res = run_ucj(["batch", "--help"], tmp_path)
    assert res.returncode == 0
    for opt in ("--provinsi", "--workers", "--scheduler", "--kabupaten"):
        assert opt in res.stdout
