"""Safe output: atomic writes with unique temp names, confined paths, full disks."""

from __future__ import annotations

import os
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
from conftest import UCJ_COMMAND, ucj_env

from ucjlib.errors import OutputError
from ucjlib.files import atomic_path, atomic_write_text, confined, ensure_dir


def test_failed_write_keeps_the_old_file_and_leaves_no_temp(tmp_path):
    dest = tmp_path / "tabel.csv"
    dest.write_text("lama")
    with pytest.raises(RuntimeError), atomic_path(dest) as tmp:
        tmp.write_text("setengah")
        raise RuntimeError("killed halfway")
    assert dest.read_text() == "lama"
    assert [p.name for p in tmp_path.iterdir()] == ["tabel.csv"]


def test_file_in_the_way_is_a_clear_error(tmp_path):
    (tmp_path / "x").write_text("a file")
    with pytest.raises(OutputError, match="sudah ada berkas"):
        ensure_dir(tmp_path / "x")
    with pytest.raises(OutputError) as exc:
        atomic_write_text(tmp_path / "x" / "y.txt", "z")
    assert exc.value.exit_code == 6 and str(tmp_path / "x") in str(exc.value)


@pytest.mark.parametrize("name", ["../../etc/passwd", "/etc/passwd", "a/../../b"])
def test_confined_refuses_paths_outside_root(tmp_path, name):
    with pytest.raises(OutputError, match="di luar folder"):
        confined(tmp_path / "store", name)
    assert confined(tmp_path / "store", "imports", "35.22.gpkg").parent.name == "imports"


def _save_many(args: tuple[str, int]) -> int:
    folder, worker = args
    import matplotlib

    matplotlib.use("Agg")
    from ucjlib.render.style import new_figure, save_figure

    for i in range(8):
        fig, ax = new_figure()
        ax.plot([0, 1], [worker, i])
        save_figure(fig, Path(folder) / "grafik")
    return worker


@pytest.mark.slow
def test_concurrent_chart_writes_into_one_folder_never_collide(tmp_path):
    """Six processes saving the same chart name at once (the reported crash: 4 of 6)."""
    with ProcessPoolExecutor(6) as pool:
        done = list(pool.map(_save_many, [(str(tmp_path), w) for w in range(6)]))
    assert sorted(done) == list(range(6))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["grafik.png", "grafik.svg"]
    assert (tmp_path / "grafik.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.slow
@pytest.mark.skipif(sys.platform != "linux", reason="ulimit -f")
def test_full_disk_is_a_clear_error_and_keeps_earlier_charts(ucj, tmp_path):
    out = tmp_path / "grafik"
    first = ucj(["coverage", "Kota Mojokerto", "--charts", out])
    assert first.returncode == 0, first.stderr
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    # 64 KiB per file: every PNG map is larger, so the disk is "full" halfway through; a
    # real process, as the limit is its own (SIGXFSZ ignored by the entry point)
    cmd = " ".join(f"'{a}'" for a in [*UCJ_COMMAND, "coverage", "Kota Mojokerto", "--periode",
                                      "2025-03", "--charts", str(out)])
    res = subprocess.run(["bash", "-c", f"ulimit -f 64; exec {cmd}"], capture_output=True,
                         text=True, env=ucj_env(), timeout=600)
    assert res.returncode == 6, res.stderr
    assert "Traceback" not in res.stderr and "berkas melebihi batas ukuran" in res.stderr
    from PIL import Image

    after = sorted(p.name for p in out.iterdir())
    assert after == sorted(before)  # no temp files left behind
    unchanged = 0
    for p in out.iterdir():  # every file is whole: the earlier one or a complete new one
        if p.suffix == ".png":
            with Image.open(p) as im:
                im.verify()
        else:
            assert p.read_text(encoding="utf-8").rstrip().endswith("</svg>")
        unchanged += p.read_bytes() == before[p.name]
    assert unchanged >= 1  # the write that hit the limit left the earlier chart in place


def test_written_files_follow_the_umask_and_ucj_errors_pass_through(tmp_path):
    from ucjlib.errors import SourceError

    p = atomic_write_text(tmp_path / "a.txt", "x")
    mask = os.umask(0)
    os.umask(mask)
    assert p.stat().st_mode & 0o777 == 0o666 & ~mask
    with pytest.raises(SourceError), atomic_path(tmp_path / "b.bin"):
        raise SourceError("checksum mismatch")
    assert not (tmp_path / "b.bin").exists() and sorted(x.name for x in tmp_path.iterdir()) == [
        "a.txt"]
