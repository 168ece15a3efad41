"""No NIK or person name from an input ever reaches a message, report or note.

Every input kind (coverage, workforce, population, participants), every
column, CSV and XLSX, regions by code and by name: a NIK (16 digits, also 15
and 17 digits and Excel's exponent form) or a person name is put in the cell
and everything the loaders say is searched for it and for any 8-digit run of it.
"""

from __future__ import annotations

import pandas as pd
import pytest

from ucjlib.errors import InputValidationError
from ucjlib.inputs.loaders import load_coverage, load_population, load_workforce, validate_file
from ucjlib.inputs.participants import load_participants
from ucjlib.inputs.privacy import contains_personal, quote

SECRETS = ["3522010101900003", "352201010190003", "35220101019000031", "3.52201E+15",
           "Siti Rahayu", "Budi Santoso Wibowo"]
BASES = {
    "coverage": {
        "codes": {"kode": "35.22.16", "periode": "2025-06", "segmen": "BPU",
                  "pendanaan": "APBD", "peserta_aktif": "120"},
        "names": {"kecamatan": "Kalitidu", "desa": "Mojosari", "periode": "2025-06",
                  "segmen": "BPU", "pendanaan": "APBD", "peserta_aktif": "120"},
    },
    "workforce": {
        "codes": {"kode": "35.22", "tahun": "2024", "pekerja": "700000",
                  "pekerja_formal": "200000", "pekerja_informal": "500000",
                  "pekerja_estimasi": "false"},
        "names": {"kecamatan": "Kalitidu", "desa": "Mojosari", "tahun": "2024",
                  "pekerja": "700"},
    },
    "population": {
        "codes": {"kode": "35.22.16", "penduduk_15": "38512"},
        "names": {"kecamatan": "Kalitidu", "desa": "Mojosari", "penduduk_15": "38512"},
    },
    "participants": {
        "codes": {"nik": "3522010101800001", "kode_desa": "35.22.16.2017", "segmen": "BPU",
                  "pendanaan": "APBD", "tgl_mulai": "2024-01-15", "status": "aktif",
                  "tgl_berhenti": "", "tgl_lahir": "1980-01-01"},
        "names": {"nik": "3522010101800001", "kecamatan": "Kalitidu", "desa": "Mojosari",
                  "segmen": "BPU", "pendanaan": "APBD", "tgl_mulai": "2024-01-15",
                  "status": "aktif"},
    },
}
CASES = [(kind, variant, fmt) for kind in BASES for variant in ("codes", "names")
         for fmt in ("csv", "xlsx")]


def _write(folder, kind: str, row: dict, fmt: str, secret_col: str):
    """One good row, then one row per secret in ``secret_col``."""
    rows = [dict(row)]
    for secret in SECRETS:
        value: object = secret
        if fmt == "xlsx" and secret.isdigit():
            value = float(secret)  # a NIK typed into Excel becomes a number
        rows.append({**row, secret_col: value})
    df = pd.DataFrame(rows, dtype=object)
    path = folder / f"{kind}-{secret_col}.{fmt}"
    if fmt == "csv":
        df.to_csv(path, sep=";", index=False)
    else:
        df.to_excel(path, index=False)
    return path


def _everything_said(kind: str, path) -> str:
    """Every message, exception text, report text and note the loaders produce for ``path``."""
    said = [str(p) for p in validate_file(path, kind, "35.22")]
    loader = {"coverage": load_coverage, "workforce": load_workforce,
              "population": load_population, "participants": load_participants}[kind]
    for kwargs in ({}, {"allow_unmatched": True}):
        try:
            _, report = loader(path, "35.22", **kwargs)
        except InputValidationError as exc:
            said.append(str(exc))
            said += [str(p) for p in exc.problems]
        else:
            said.append(report.text())
            said.append(report.text("en"))
            said += map(str, report.notes)
    return "\n".join(said)


@pytest.mark.parametrize(("kind", "variant", "fmt"), CASES)
@pytest.mark.slow
def test_no_personal_data_in_any_message(tmp_path, kind, variant, fmt):
    base = BASES[kind][variant]
    for col in base:
        path = _write(tmp_path, kind, base, fmt, col)
        text = _everything_said(kind, path)
        leaked = contains_personal(text, SECRETS)
        assert not leaked, (kind, variant, fmt, col, leaked, text[:2000])


def test_quote_rules():
    # aggregated files: short codes, numbers and single words may be quoted
    assert quote("PBI", personal=False) == "'PBI'"
    assert quote("35.22.99", personal=False) == "'35.22.99'"
    # 8+ digit runs are masked, also with separators and in exponent form
    for nik in ("3522010101900003", "3522 0101 0190 0003", "3.52201E+15", 3.522010101900003e15):
        assert "352201" not in str(quote(nik, personal=False))
    # two words may be a person's name; long text is only measured
    assert quote("Siti Rahayu", personal=False) == "(teks 11 karakter)"
    assert quote("x" * 40, personal=False) == "(teks 40 karakter)"
    # participant files: nothing is quoted
    assert quote("PBI", personal=True) is None


def test_participant_match_report_shows_only_official_names(tmp_path):
    p = tmp_path / "peserta.csv"
    p.write_text("nik;kecamatan;desa;segmen;pendanaan;tgl_mulai;status\n"
                 "3522010101800001;Kalitdu;Mojosari;BPU;APBD;2024-01-15;aktif\n"
                 "3522010101800002;Kalitidu;Mojosarri;BPU;APBD;2024-01-15;aktif\n",
                 encoding="utf-8")
    cov, rep = load_participants(p, "35.22", periods="2025-06")
    text = rep.text() + "\n".join(map(str, rep.notes))
    assert "Kalitdu" not in text and "Mojosarri" not in text
    assert "Kalitidu" in text  # the official name of the guess
    assert rep.matches["input"].isna().all() and rep.matches["induk"].isna().all()
    assert int(cov["peserta_aktif"].sum()) == 2
