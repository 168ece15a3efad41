"""No NIK or person name leaves a full ``ucj report`` run; desa small cells show as "<10".

Participant records for Kabupaten Bojonegoro (35.22) go through the real ``ucj
report`` entry point (a subprocess, with its own TMPDIR). The records carry NIKs
(16 digits, Excel's exponent form ``3.52201E+15``, 15- and 17-digit mistakes) and
person names (in the ``nama`` column, and misplaced in the ``kecamatan`` and
``desa`` columns). Every file under the output root (notebooks, HTML, SVG, PNG
bytes, CSV, XLSX and PPTX unzipped, manifest, locks, temp and failed folders),
every file the run left in its TMPDIR, and everything it printed are searched for
each NIK as written, any 12-digit run taken from a NIK, and each name. Digit runs
are matched against the NIKs only: checksums and run ids have long digit runs too.

The same run is the data test of small-cell protection in a report (on by
default): a desa with 3 participants is "<10" in the CSV, the XLSX, the offline
desa map and the deck notes, with its rate and gap hidden, and the complementary
desa of its kecamatan is hidden too, while the kecamatan totals stay as they are.
A second folder with names where desa/kecamatan names belong is refused, and its
refusal says no name either.
"""

from __future__ import annotations

import csv
import html
import io
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from conftest import run_ucj_process

pytestmark = pytest.mark.slow

NAMES = ["Siti Rahayu", "Budi Santoso Wibowo", "Rahmat Hidayat", "Wahyu Ningsih",
         "Dewi Kartika Sari", "Yohanes Purbaya"]
SCI = "3.52201E+15"  # a NIK that went through Excel: refused (exit 3), never quoted
#: desa -> active participants in June 2025. Kalitidu (35.22.16): one small desa (3);
#: the next smallest (12) is too small to hide it (3 + 12 would say the small one is
#: at most 5), so the complement is the 18. Ngraho (35.22.01): two small desa.
COUNTS = {
    "35.22.16.2006": 3, "35.22.16.2007": 12, "35.22.16.2008": 18, "35.22.16.2009": 40,
    "35.22.01.2001": 2, "35.22.01.2002": 5, "35.22.01.2003": 30, "35.22.01.2004": 11,
    "35.22.02.2001": 20, "35.22.02.2002": 30,
}


def _nik(i: int) -> str:
    return f"3522{(7340529 + 7919 * i) % 10**7:07d}{i:05d}"


def _records() -> tuple[list[dict[str, str]], list[str]]:
    """Rows (one person each, some twice) and every NIK spelling written."""
    rows, niks, i = [], [], 0
    for kode, n in COUNTS.items():
        for _ in range(n):
            i += 1
            nik = _nik(i)
            if i == 7:
                nik = " ".join((nik[:4], nik[4:8], nik[8:12], nik[12:]))  # typed with spaces
            elif i == 8:
                nik = nik[:15]  # a digit lost
            elif i == 9:
                nik = nik + "7"  # a digit too many
            niks.append(nik)
            name = NAMES[i % len(NAMES)]
            kec, desa = "", ""
            if i % 5 == 0:
                desa = NAMES[(i + 1) % len(NAMES)]  # a name where the desa name belongs
            if i % 7 == 0:
                kec = NAMES[(i + 2) % len(NAMES)]
            row = {"nik": nik, "nama": name, "kecamatan": kec, "desa": desa,
                   "kode_desa": kode, "segmen": "BPU" if i % 3 else "PU",
                   "pendanaan": "APBD" if i % 2 else "mandiri",
                   "tgl_mulai": "2025-06-02" if i == 1 else f"2024-{1 + i % 12:02d}-15",
                   "status": "aktif", "tgl_berhenti": "", "tgl_lahir": "1980-05-17"}
            rows.append(row)
            if i % 11 == 0:  # the same person twice: counted once
                rows.append(dict(row, tgl_mulai="2023-03-01"))
    return rows, niks


def _write_folder(d: Path, rows: list[dict[str, str]]) -> Path:
    d.mkdir(parents=True)
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(rows[0]), delimiter=";", lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    (d / "participants.csv").write_text(buf.getvalue(), encoding="utf-8")
    from ucjlib.geo.wilayah import gazetteer

    g = gazetteer()
    every = sorted(g.loc[g["kode"].str.match(r"^35\.22\.\d\d\.\d{4}$"), "kode"])
    own = {k: 400 + 10 * j for j, k in enumerate(COUNTS)}
    wf = ["kode;tahun;pekerja"] + [f"{k};2025;{own.get(k, 1900)}" for k in every]
    (d / "workforce.csv").write_text("\n".join(wf) + "\n", encoding="utf-8")
    return d


def _ucj(args: list[str], cwd: Path, tmpdir: Path) -> subprocess.CompletedProcess:
    """A real process: its TMPDIR is where any temporary file of the run must land."""
    tmpdir.mkdir(exist_ok=True)
    return run_ucj_process(args, cwd, env={"TMPDIR": str(tmpdir), "TMP": str(tmpdir),
                                           "TEMP": str(tmpdir)}, timeout=240)


def _texts(root: Path) -> dict[str, str]:
    """Every file under ``root`` as text: zip members (XLSX, PPTX) one by one, XML unescaped."""
    out: dict[str, str] = {}
    for p in sorted(root.rglob("*")):
        if not p.is_file():
            continue
        rel = p.relative_to(root).as_posix()
        data = p.read_bytes()
        if zipfile.is_zipfile(p):
            with zipfile.ZipFile(p) as z:
                for m in z.namelist():
                    out[f"{rel}!{m}"] = html.unescape(z.read(m).decode("utf-8", "ignore"))
            continue
        text = data.decode("utf-8", "ignore")
        out[rel] = html.unescape(text) if p.suffix in (".html", ".svg", ".xml") else text
    return out


def _leaks(text: str, niks: list[str]) -> list[str]:
    """NIKs as written, 12-digit runs taken from them, and names found in ``text``."""
    found = [n for n in niks if n in text]
    runs = re.findall(r"\d{12,}", text)
    if runs:
        joined = "\n".join(runs)
        for n in niks:
            d = re.sub(r"\D", "", n)
            for i in range(len(d) - 11):
                if d[i:i + 12] in joined:
                    found.append(f"{d[i:i + 12]} (from {n})")
                    break
    low = text.lower()
    found += [n for n in NAMES if n.lower() in low]
    return found


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> dict:
    base = tmp_path_factory.mktemp("leak")
    rows, niks = _records()
    data = _write_folder(base / "data", rows)
    out = base / "out"
    res = _ucj(["report", "Bojonegoro", "--data", str(data), "--out", str(out)], base,
               base / "tmp")
    assert res.returncode == 0, res.stderr[-3000:]
    runs = [p.parent for p in out.rglob("manifest.json")]
    assert len(runs) == 1, runs
    return {"base": base, "out": out, "run": runs[0], "res": res, "niks": niks}


def test_records_are_what_the_test_says(report):
    niks = report["niks"]
    assert any(" " in n for n in niks) and any(len(n) == 15 for n in niks)
    assert any(len(n) == 17 for n in niks)
    assert sum(len(n) == 16 and n.isdigit() for n in niks) == len(niks) - 3


def test_a_nik_in_scientific_notation_is_refused_without_quoting(tmp_path):
    rows, niks = _records()
    rows[6] = dict(rows[6], nik=SCI)
    data = _write_folder(tmp_path / "data", rows)
    res = _ucj(["report", "Bojonegoro", "--data", str(data), "--out", str(tmp_path / "out")],
               tmp_path, tmp_path / "tmp")
    assert res.returncode == 3, res.stderr[-2000:]
    assert "kolom 'nik'" in res.stderr and "baris" in res.stderr
    assert not _leaks(res.stdout + res.stderr, [*niks, SCI, "3.52201"])


def test_no_nik_or_name_in_any_file_or_message(report):
    texts = _texts(report["out"])
    texts.update({f"TMPDIR/{k}": v for k, v in _texts(report["base"] / "tmp").items()})
    texts["stdout"], texts["stderr"] = report["res"].stdout, report["res"].stderr
    kinds = {Path(k.split("!")[0]).suffix for k in texts}
    # the run produced every kind of file the search is meant to cover
    assert {".ipynb", ".html", ".svg", ".png", ".csv", ".xlsx", ".pptx", ".json"} <= kinds
    leaked = {k: f for k, v in texts.items() if (f := _leaks(v, report["niks"]))}
    assert not leaked, leaked
    # the search can find what it looks for
    assert _leaks("x 352201234567 " + NAMES[0].upper(), ["3522012345678901"])


def test_names_in_place_of_desa_names_are_refused_without_a_name(tmp_path):
    rows, niks = _records()
    rows = [{k: v for k, v in r.items() if k != "kode_desa"} for r in rows[:20]]
    for r in rows:
        r["kecamatan"] = r["kecamatan"] or "Kalitidu"
        r["desa"] = r["desa"] or "Kalitidu"
    data = _write_folder(tmp_path / "data", rows)
    out = tmp_path / "out"
    res = _ucj(["report", "Bojonegoro", "--data", str(data), "--out", str(out)], tmp_path,
               tmp_path / "tmp")
    assert res.returncode != 0 and "Traceback" not in res.stderr
    assert "desa" in res.stderr  # the refusal names the column, not the value
    said = res.stdout + res.stderr + "".join(_texts(out).values() if out.exists() else [])
    assert not _leaks(said, niks), said


def _csv(run: Path, name: str) -> dict[str, dict[str, str]]:
    text = (run / "tables" / f"{name}.csv").read_text(encoding="utf-8-sig")
    return {r["Kode wilayah"]: r for r in csv.DictReader(io.StringIO(text), delimiter=";")}


def test_small_desa_cells_hidden_in_tables(report):
    desa = _csv(report["run"], "cakupan-desa")
    small = desa["35.22.16.2006"]
    assert small["Peserta aktif"] == "<10"
    assert small["Cakupan UCJ (%)"] == "" and small["Kekurangan peserta menuju target"] == ""
    assert small["Pekerja belum tercakup"] == "" and small["Peringkat"] == ""
    assert small["Status"] == "disembunyikan (<10)"
    # complementary: 12 would not hide the 3 (the total minus the rest), 18 does
    assert desa["35.22.16.2007"]["Peserta aktif"] == "12"
    assert desa["35.22.16.2008"]["Peserta aktif"] == "disembunyikan"
    assert desa["35.22.16.2008"]["Status"] == "disembunyikan (pelengkap)"
    assert desa["35.22.16.2009"]["Peserta aktif"] == "40"
    assert desa["35.22.01.2001"]["Peserta aktif"] == "<10"
    assert desa["35.22.01.2002"]["Peserta aktif"] == "<10"
    assert desa["35.22.01.2003"]["Peserta aktif"] == "disembunyikan"
    assert desa["35.22.02.2001"]["Peserta aktif"] == "20"  # nothing small: nothing hidden
    # kecamatan and kabupaten totals are published as they are
    kec = _csv(report["run"], "cakupan-kecamatan")
    assert kec["35.22.16"]["Peserta aktif"] == str(3 + 12 + 18 + 40)
    assert kec["35.22.01"]["Peserta aktif"] == str(2 + 5 + 30 + 11)
    assert "<10" in "".join(desa["35.22.16.2006"].values())


def test_small_desa_cells_hidden_in_xlsx_map_and_deck(report):
    run = report["run"]
    texts = _texts(run)
    xlsx = "".join(v for k, v in texts.items() if k.startswith("tables/35.22-ucj.xlsx!"))
    assert "<10" in xlsx and "disembunyikan (<10)" in xlsx
    m = (run / "maps" / "peta-desa.html").read_text(encoding="utf-8")
    assert "url(#ucj-hidden)" in m and "disembunyikan (sel kecil)" in m
    assert '"peserta": "<10"' in m
    assert 'data-i' in m
    deck = "".join(v for k, v in texts.items() if k.startswith("deck.pptx!"))
    assert "<10" in deck and "Perlindungan sel kecil" in deck
    # the report's own notebook and HTML carry the same protection
    nb = texts["notebooks/01-coverage.ipynb"]
    assert "sel_minimum" in nb
