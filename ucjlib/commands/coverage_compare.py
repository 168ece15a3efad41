"""``ucj coverage --bandingkan``: several regions side by side (:func:`ucjlib.compare`)."""

from __future__ import annotations


def compare_cmd(regions: str, *, kabupaten: str | None, provinsi: str | None,
                data: str | None, level: str | None, periode: str | None, target: str | None,
                fmt: str, lang: str, charts: str | None) -> None:
    """Print (or write) the comparison table; options already checked by ``ucj coverage``."""
    import ucjlib.commands._common as common
    from ucjlib.errors import ArgumentError
    from ucjlib.regions_table import compare

    if kabupaten:
        raise ArgumentError("KABUPATEN", kabupaten, "kode/nama dalam daftar --bandingkan, "
                            "mis. --bandingkan 35.22,32.71")
    if data:
        raise ArgumentError("--data", data, "--bandingkan hanya dengan data demo; data "
                            "sendiri: ucj.compare([ucj.open_dataset(kode, data=FOLDER), ...])")
    if level is not None and level.strip().lower() not in ("kabupaten", "kabupaten/kota"):
        raise ArgumentError("--level", level, "kabupaten (satu baris per wilayah)")
    if charts:
        raise ArgumentError("--charts", charts, "tanpa --charts untuk --bandingkan")
    if not regions.strip() and not provinsi:
        raise ArgumentError("--bandingkan", regions, "kode atau nama dipisah koma, "
                            "mis. 35.22,32.71")
    table = compare(regions if regions.strip() else None, provinsi=provinsi, periode=periode,
                    target=None if target is None else float(target))
    from ucjlib.dataset import DEMO_LABEL, DEMO_LABEL_EN
    from ucjlib.results import status_texts

    shown = table.assign(status=status_texts(table["status"], lang))
    if lang == "en":
        shown["label_data"] = shown["label_data"].replace(DEMO_LABEL, DEMO_LABEL_EN)
    if fmt == "csv":
        from ucjlib.render.csvout import frame_csv

        common.emit(frame_csv(shown, lang=lang), None, fmt)
    elif fmt == "json":
        import json

        from ucjlib.results import records

        common.emit(json.dumps({"rows": records(shown)}, ensure_ascii=False, indent=1) + "\n",
                    None, fmt)
    else:
        _print(shown, lang)


def _print(table, lang: str) -> None:  # noqa: ANN001 - a DataFrame
    from ucjlib.columns import title
    from ucjlib.display import cell_text
    from ucjlib.render.tables import print_rows
    from ucjlib.rules import load_rules
    from ucjlib.text import say

    cols = ["kode", "nama", "cakupan", "target", "gap_target", "status", "tenggat",
            "laju_perlu_per_bulan", "tren_per_bulan", "biaya_apbd_per_tahun_idr"]
    rows = [[cell_text(r[c], c, lang) for c in cols] for r in table.to_dict(orient="records")]
    label = sorted({x for x in table["label_data"] if x})
    heading = say("compare.heading", lang, n=len(table), periode=table["periode"].iloc[0])
    print_rows([title(c, lang) for c in cols], rows, right={2, 3, 4, 7, 8, 9},
               title=heading + (f"  [{label[0]}]" if label else ""))
    print("")
    for line in (say("compare.pace", lang),
                 say("compare.cost", lang, version=load_rules().version)):
        print(f"* {line}")
