"""English is English everywhere (issue 18): an English report, its maps, tables, deck and
notebooks, and ``ucj --help`` in English, hold no Indonesian sentence.

The scan looks for common Indonesian words that never occur in English prose (``yang``,
``dan``, ``tidak``, ``peserta``, ``bulan`` ...), not for loanwords the English text keeps
on purpose (kabupaten, kecamatan, desa, BPJS Ketenagakerjaan, APBD, BPU, JKM) or words
that are also place names in Jawa Timur or Jawa Barat (``sudah``: desa Sudah in Malo;
``dalam``: Karang Dalam; the list is checked against the gazetteer below). Each hit
names the file and quotes the line.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup

from tests.conftest import run_cli

INDONESIAN = sorted({
    "yang", "dan", "untuk", "dengan", "tidak", "adalah", "dari", "pada", "atau", "ini",
    "itu", "belum", "akan", "oleh", "sebagai", "menjadi", "bulan",
    "tahun", "peserta", "pekerja", "cakupan", "biaya", "anggaran", "tercapai", "selesai",
    "sintetis", "catatan", "laju", "perlu", "setiap", "bukan", "tanpa", "masih", "semua",
    "dibuat", "ditetapkan", "jumlah", "penduduk", "bekerja", "iuran", "manfaat",
    "kematian", "skenario", "proyeksi", "wilayah", "berhenti", "membayar",
    "diperpanjang", "hari", "seluruh", "lihat", "tetap", "kalibrasi", "asumsi", "perkiraan",
    "dibutuhkan", "menurut", "terhadap", "sampai", "hingga", "lebih", "kurang", "baris",
    "kolom", "berkas", "jalankan", "ubah", "pilih", "bawaan", "keluar", "rata",
})
WORD = re.compile(r"\b(" + "|".join(INDONESIAN) + r")\b", re.IGNORECASE)


def _hits(name: str, text: str) -> list[str]:
    return [f"{name}: {line.strip()[:160]}" for line in text.splitlines() if WORD.search(line)]


def _visible(html: str) -> str:
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style"]):
        tag.decompose()
    return soup.get_text("\n")


def _map_strings(html: str) -> str:
    """Return the string literals of the web map's scripts (tooltip and legend words).

    A bare lowercase identifier (``cakupan``, ``pekerja``) is a data key, never shown.
    """
    soup = BeautifulSoup(html, "html.parser")
    out = []
    for tag in soup.find_all("script"):
        out += [s for s in re.findall(r'"((?:[^"\\\n]|\\.)*)"', tag.string or "")
                if not re.fullmatch(r"[a-z_0-9]+", s)]
    return "\n".join(out)


def _notebook_text(path: Path) -> str:
    nb = nbformat.read(path, as_version=4)
    parts = []
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            parts.append(cell.source)
        for out in cell.get("outputs", []):
            parts.append(out.get("text", ""))
            data = out.get("data", {})
            parts.append(str(data.get("text/plain", "")))
            parts.append(_visible(str(data.get("text/html", ""))))
            parts.append(str(data.get("text/markdown", "")))
    return "\n".join(parts)


def _deck_text(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        return "\n".join(re.sub(r"<[^>]+>", " ", z.read(n).decode("utf-8"))
                         for n in sorted(z.namelist())
                         if n.startswith(("ppt/slides/slide", "ppt/notesSlides/")))


@pytest.fixture(scope="module")
def english_report(tmp_path_factory) -> Path:
    from ucjlib.report.progress import QuietProgress
    from ucjlib.report.run import run_report

    out = tmp_path_factory.mktemp("en")
    return run_report("35.22", lang="en", csv_locale="en", out_root=out,
                      progress=QuietProgress())


@pytest.mark.slow
def test_an_english_report_has_no_indonesian_sentence(english_report):
    run = english_report
    hits = _hits("report.html", _visible((run / "report.html").read_text(encoding="utf-8")))
    for page in sorted((run / "maps").glob("*.html")):
        html = page.read_text(encoding="utf-8")
        hits += _hits(page.name, _visible(html) + "\n" + _map_strings(html))
    for table in sorted((run / "tables").glob("*.csv")):
        hits += _hits(table.name, table.read_text(encoding="utf-8-sig"))
    for nb in sorted((run / "notebooks").glob("*.ipynb")):
        hits += _hits(nb.name, _notebook_text(nb))
    hits += _hits("deck.pptx", _deck_text(run / "deck.pptx"))
    assert not hits, f"{len(hits)} Indonesian lines in the English report:\n" + "\n".join(
        hits[:60])


def test_the_scan_finds_indonesian():
    assert _hits("x", "Data demo sintetis: tidak ada data peserta sungguhan.")
    assert not _hits("x", "Synthetic demo data for Kabupaten Bojonegoro, kecamatan Dander.")


def test_no_scanned_word_is_a_place_name_of_the_demo_provinces():
    from ucjlib.geo.wilayah import gazetteer

    g = gazetteer()
    names = g.loc[g["kode"].str.startswith(("35.", "32.")), "nama"]
    clashes = sorted({w for n in names for w in re.findall(r"[a-z]+", n.lower())}
                     & set(INDONESIAN))
    assert not clashes


COMMANDS = ["coverage", "project", "budget", "report", "batch", "validate", "demo",
            "boundaries"]


@pytest.mark.parametrize("how", ["flag", "env"])
@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_help_is_english_on_request(command, how, tmp_path):
    args = ([] if command is None else [command]) + ["--help"]
    if how == "flag":
        res = run_cli([*args, "--lang", "en"], cwd=tmp_path)
    else:
        res = run_cli(args, cwd=tmp_path, env={"UCJ_LANG": "en"})
    assert res.returncode == 0, res.stderr
    hits = _hits(f"ucj {command or ''} --help", res.stdout)
    assert not hits, "\n".join(hits)


@pytest.mark.parametrize("command", [None, "coverage"])
def test_help_is_indonesian_by_default(command, tmp_path):
    args = ([] if command is None else [command]) + ["--help"]
    res = run_cli(args, cwd=tmp_path, env={"UCJ_LANG": None})
    assert res.returncode == 0
    assert _hits("help", res.stdout), "the default help should be Indonesian"


@pytest.mark.slow
def test_the_charts_of_an_english_report_have_no_indonesian_word(english_report):
    """Every text drawn in the report's charts (titles, labels, legends, notes, sources)."""
    import matplotlib.pyplot as plt
    from matplotlib.text import Text

    from ucjlib.render.bundle import coverage_figures
    from ucjlib.report.charts import section_figures
    from ucjlib.report.store import load_results
    from ucjlib.report.summary import summary_figure

    res = load_results(english_report / "results")
    figures = {"ringkasan": summary_figure(
        {k: res[k] for k in ("coverage", "projection", "budget")}, "en")}
    figures |= coverage_figures(res["coverage"], desa=res["coverage_desa"])
    for section in ("projection", "budget"):
        figures |= section_figures(section, res[section])
    hits, texts = [], 0
    for name, fig in figures.items():
        if fig is None:
            continue
        drawn = [t.get_text() for t in fig.findobj(Text) if t.get_text().strip()]
        texts += len(drawn)
        hits += _hits(name, "\n".join(drawn))
        plt.close(fig)
    assert len(figures) >= 10 and texts > 100  # the scan saw the charts' words
    assert not hits, "\n".join(hits)
