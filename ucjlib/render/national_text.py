"""Tables of the national view (``ucj coverage --nasional``): terminal and CSV.

Renderers of a :class:`~ucjlib.national.NationalResult`: they format, they do not compute.
"""

from __future__ import annotations

import sys
from typing import IO, Any

import pandas as pd

from ucjlib.fmt import fmt_int, fmt_pct, fmt_pp
from ucjlib.national import NationalResult
from ucjlib.results import plain, status_text, status_texts
from ucjlib.text import render_notes, say

__all__ = ["heading", "national_csv", "print_national", "target_lines"]

#: Columns of the CSV beyond :mod:`ucjlib.columns` (their titles come from the catalogue).
_EXTRA = ("tingkat", "provinsi", "nama_provinsi", "target", "sumber_target",
          "peringkat_provinsi")


def heading(result: NationalResult, what: str) -> str:
    """One line naming a table (``provinsi`` or ``kabupaten``): month, target, demo label.

    Examples
    --------
    >>> from ucjlib.national import analyze_national
    >>> heading(analyze_national(provinces=["51"]), "provinsi")  # doctest: +ELLIPSIS
    'Cakupan UCJ per provinsi — Indonesia, Juni 2025 (target nasional 52,15%)  [data demo...'
    """
    text = say(f"national.heading.{what}", result.lang, month=result.periode,
               target=result.target.value)
    return text + (f"  [{result.label}]" if result.label else "")


def _pp(x: Any, lang: str) -> str:
    return fmt_pp(x, lang=lang).replace(" poin persen", " pp").replace(
        " percentage points", " pp")


def _row(v: dict[str, Any], lang: str, kab: bool) -> list[str]:
    cells = [str(v["peringkat"] or ""), v["kode"], str(v["nama"])]
    if kab:
        cells.append(str(v["nama_provinsi"]))
    cells += [fmt_int(v["pekerja"], lang=lang), fmt_int(v["peserta_aktif"], lang=lang),
              fmt_pct(v["cakupan"], lang=lang), fmt_pct(v["target"], lang=lang),
              fmt_int(v["gap_target"], lang=lang), str(status_text(v["status"], lang)),
              _pp(v["perubahan_3bln"], lang)]
    if kab:
        cells.append(str(v["peringkat_provinsi"] or ""))
    return cells


def target_lines(result: NationalResult) -> list[str]:
    """Say the national target and every province's or kabupaten/kota's own target.

    Regions on the national target are named together, not one line each.
    """
    lang = result.lang
    lines = [say("national.target.nation", lang, source=result.target.source)]
    own = [(k, s) for k, s in result.target_sources.items() if k]
    p = result.provinces
    on_nation = p.loc[p["sumber_target"] == "nasional", "nama"].tolist()
    for k, s in own:
        if len(k) == 2 and k in set(p.loc[p["sumber_target"] != "nasional", "kode"]):
            lines.append(f"{k}: {s}")
    kab = result.kabupaten.set_index("kode")
    for k, s in own:
        if len(k) > 2 and k in kab.index and kab.loc[k, "sumber_target"] == "kabupaten":
            lines.append(f"{k}: {s}")
    if on_nation:
        lines.append(say("national.target.on_nation", lang, n=len(on_nation),
                         names=", ".join(on_nation)))
    return lines


def print_national(result: NationalResult, file: IO[str] | None = None,
                   top: int | None = None) -> None:
    """Print the province table with the national total, then the kabupaten/kota table.

    ``top`` limits the kabupaten/kota table to the first and last ``top`` rows (all
    when None).
    """
    from ucjlib.render.tables import print_rows

    out = file or sys.stdout
    lang = result.lang
    cols = ["peringkat", "kode", "nama", "pekerja", "peserta_aktif", "cakupan", "target",
            "gap_target", "status", "perubahan_3bln"]
    head = [say(f"national.col.{c}", lang) for c in cols]
    rows = [_row({k: plain(x) for k, x in r.items()}, lang, False)
            for r in result.provinces.to_dict(orient="records")]
    tot = result.figures()
    rows.append(["", "", say("covtext.total", lang, region=tot["nama"]),
                 fmt_int(tot["pekerja"], lang=lang), fmt_int(tot["peserta_aktif"], lang=lang),
                 fmt_pct(tot["cakupan"], lang=lang), fmt_pct(tot["target"], lang=lang),
                 fmt_int(tot["gap_target"], lang=lang), str(tot["status"]),
                 _pp(tot.get("perubahan_3bln"), lang)])
    print_rows(head, rows, right={0, 3, 4, 5, 6, 7, 9}, title=heading(result, "provinsi"),
               file=out)
    print("", file=out)
    kcols = [*cols[:3], "nama_provinsi", *cols[3:], "peringkat_provinsi"]
    khead = [say(f"national.col.{c}", lang) for c in kcols]
    krows = [_row({k: plain(x) for k, x in r.items()}, lang, True)
             for r in result.kabupaten.to_dict(orient="records")]
    if top is not None and len(krows) > 2 * top:
        krows = [*krows[:top], ["…"] * len(khead), *krows[-top:]]
    print_rows(khead, krows, right={0, 4, 5, 6, 7, 8, 10, 11},
               title=heading(result, "kabupaten"), file=out)
    print("", file=out)
    for line in [*target_lines(result), *render_notes(result.notes, lang), result.source]:
        print(f"* {line}", file=out)


def national_frame(result: NationalResult) -> pd.DataFrame:
    """Return one long table: Indonesia, the provinces, then the kabupaten/kota (``tingkat``).

    Shares stay 0-1 and counts raw (the CSV is for programs); status in the result's
    language.
    """
    lang = result.lang
    p = result.provinces.assign(tingkat="provinsi", provinsi=result.provinces["kode"],
                                nama_provinsi=result.provinces["nama"])
    k = result.kabupaten.assign(tingkat="kabupaten")
    tot = {k2: plain(v) for k2, v in result.total.items()}
    nation = pd.DataFrame([{**tot, "tingkat": "nasional", "kode": "",
                            "periode": result.periode, "target": result.target.value,
                            "sumber_target": "nasional", "peringkat": None}])
    cols = ["tingkat", "kode", "nama", "provinsi", "nama_provinsi", "periode", "pekerja",
            "peserta_aktif", "cakupan", "target", "sumber_target", "gap_target",
            "gap_target_pp", "status", "perubahan_3bln", "perubahan_12bln", "peringkat",
            "peringkat_provinsi", "tahun_pekerja"]
    t = pd.concat([nation, p, k], ignore_index=True).reindex(columns=cols)
    t["status"] = status_texts(t["status"], lang)
    return t


def national_csv(result: NationalResult, sep: str = ",") -> str:
    """Return :func:`national_frame` as CSV with titled columns; demo rows carry the label.

    Examples
    --------
    >>> from ucjlib.national import analyze_national
    >>> national_csv(analyze_national(provinces=["51"])).splitlines()[0][:32]
    'Tingkat wilayah,Kode wilayah,Nam'
    """
    from ucjlib.render.csvout import frame_csv

    t = national_frame(result)
    t = t.rename(columns={c: say(f"national.csvcol.{c}", result.lang) for c in _EXTRA})
    return frame_csv(t, lang=result.lang, label=result.label if result.demo else "", sep=sep)
