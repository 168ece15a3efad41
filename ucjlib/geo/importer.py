"""Import a user's own boundary file (BIG, BPS, GADM, geoBoundaries ...).

The file (Shapefile, GeoPackage, GeoJSON or anything GDAL reads) is
reprojected to EPSG:4326, its name and code columns are detected, names are
matched to Kemendagri codes within the parent unit, duplicate codes are
dissolved, geometries repaired and areas computed. The result is saved as
``store_dir()/imported/{parent}_{level}.gpkg`` (with a JSON sidecar
describing where it came from), and :func:`ucjlib.geo.boundaries.load_boundaries`
prefers it from then on.
"""

from __future__ import annotations

import json
import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ucjlib.errors import BoundaryError
from ucjlib.files import atomic_path, atomic_write_text
from ucjlib.geo.boundaries import LAYERS, imported_path
from ucjlib.geo.buildlock import remove_with_journals
from ucjlib.geo.layers import level_name
from ucjlib.geo.parse import area_km2, repair_geometries
from ucjlib.geo.sources import file_sha256
from ucjlib.text import say

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

# Known name columns per level, most specific first (compared case-insensitively).
NAME_COLUMNS: dict[str, tuple[str, ...]] = {
    "provinsi": ("WADMPR", "NAME_1", "shapeName", "PROVINSI", "nama", "name"),
    "kabupaten": ("WADMKK", "NAME_2", "shapeName", "KABKOT", "KABUPATEN", "nama", "name"),
    "kecamatan": ("WADMKC", "NAME_3", "shapeName", "KECAMATAN", "NAMOBJ", "nama", "name"),
    "desa": ("WADMKD", "NAMOBJ", "NAME_4", "shapeName", "DESA", "KELURAHAN", "DESA_KELUR",
             "nama", "name"),
}
# Known code columns (values like "35.22.01"); any column of such codes is also found.
CODE_COLUMNS: tuple[str, ...] = ("kode", "KDCPUM", "KDEPUM", "KDPKAB", "KDPPUM", "code")


@dataclass
class ImportResult:
    """Outcome of :func:`import_boundaries`.

    ``table`` has one row per distinct input name (or code): ``input``,
    ``kode``, ``nama``, ``status`` (``matched`` / ``guessed`` /
    ``unmatched``), ``score`` and ``rows`` (features in the file).
    """

    path: Path
    level: str
    parent: str
    source_file: str
    name_col: str | None
    code_col: str | None
    features: int
    units: int
    table: pd.DataFrame
    without_polygon: list[str] = field(default_factory=list)
    dissolved: int = 0
    repaired: int = 0
    outside_parent: int = 0

    def counts(self) -> dict[str, int]:
        """Distinct inputs per match status."""
        c = self.table["status"].value_counts()
        return {s: int(c.get(s, 0)) for s in ("matched", "guessed", "unmatched")}

    def summary(self, lang: str = "id") -> str:
        """One line: what was imported and how names matched."""
        c = self.counts()
        out = say("geo.import.summary", lang, units=self.units, level=self.level, path=self.path,
                  matched=c["matched"], guessed=c["guessed"], unmatched=c["unmatched"],
                  without=len(self.without_polygon))
        if self.outside_parent:
            out += " " + say("geo.import.outside", lang, n=self.outside_parent,
                             parent=self.parent)
        return out


def _find_col(columns: list[str], wanted: str) -> str | None:
    low = {c.lower(): c for c in columns}
    return low.get(wanted.lower())


def detect_name_column(columns: list[str], level: str) -> str | None:
    """Pick the name column for ``level`` among ``columns``.

    Examples
    --------
    >>> detect_name_column(["OBJECTID", "WADMKC", "WADMKK"], "kecamatan")
    'WADMKC'
    >>> detect_name_column(["GID_4", "NAME_3", "NAME_4"], "desa")
    'NAME_4'
    >>> detect_name_column(["id"], "desa") is None
    True
    """
    for cand in NAME_COLUMNS[level_name(level)]:
        hit = _find_col(columns, cand)
        if hit is not None:
            return hit
    return None


def _detect_code_column(df: pd.DataFrame, level: str, parent: str) -> str | None:
    depth = list(LAYERS).index(level)
    pattern = re.compile(r"^\d{2}" + r"\.\d{2}" * min(depth, 2) + (r"\.\d{4}" if depth == 3 else "")
                         + "$")
    ordered = [c for c in (_find_col(list(df.columns), w) for w in CODE_COLUMNS) if c]
    ordered += [c for c in df.columns if c not in ordered and c != "geometry"]
    for col in ordered:
        vals = df[col].dropna().astype(str).str.strip()
        if len(vals) == 0:
            continue
        ok = vals.map(lambda v: bool(pattern.match(v)) and v.startswith(parent + "."))
        if ok.mean() >= 0.9:
            return col
    return None


def _resolve_parent(parent: str, level: str) -> Any:
    from ucjlib.geo.wilayah import region_of

    r = region_of(parent)  # a code (or Region); the CLI resolves names first
    if list(LAYERS).index(r.level) >= list(LAYERS).index(level):
        raise BoundaryError(f"Induk {r.label} adalah {r.level}; tidak bisa berisi unit {level}.")
    return r


def _read(path: Path, layer: str | None):
    import geopandas as gpd

    if not path.exists():
        raise BoundaryError(f"Berkas batas wilayah tidak ditemukan: {path}")
    try:
        gdf = gpd.read_file(path, layer=layer, engine="pyogrio")
    except Exception as exc:  # noqa: BLE001 - GDAL errors come in many classes
        hint = ""
        if layer is None:
            try:
                import pyogrio

                names = [str(x[0]) for x in pyogrio.list_layers(path)]
                if len(names) > 1:
                    hint = f" Layer yang ada: {', '.join(names)} (pilih dengan --layer)."
            except Exception:  # noqa: BLE001
                pass
        raise BoundaryError(
            f"Tidak dapat membaca {path} sebagai berkas batas wilayah "
            f"(Shapefile, GeoPackage, GeoJSON): {exc}.{hint}"
        ) from exc
    if len(gdf) == 0:
        raise BoundaryError(f"{path} tidak berisi satu pun fitur.")
    if "geometry" not in gdf or gdf.geometry.isna().all():
        raise BoundaryError(f"{path} tidak berisi geometri.")
    if gdf.crs is None:
        minx, miny, maxx, maxy = gdf.total_bounds
        if -180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90:
            gdf = gdf.set_crs(4326)
        else:
            raise BoundaryError(
                f"{path} tidak punya CRS (berkas .prj hilang?) dan koordinatnya bukan "
                "lintang/bujur. Tambahkan berkas .prj atau simpan ulang dengan CRS."
            )
    return gdf.to_crs(4326)


# Columns naming the kabupaten / kecamatan of each feature in country-wide files.
_PARENT_COLUMNS = {"kabupaten": ("WADMKK", "NAME_2"), "kecamatan": ("WADMKC", "NAME_3"),
                   "provinsi": ("WADMPR", "NAME_1")}


def _within_parent_rows(gdf, par, level: str):
    """Keep the rows whose parent-name column names ``par`` (country-wide GADM/BIG files).

    Nothing is dropped when the file has no such column or when no row names
    the parent (the file is then assumed to cover only the parent).
    """
    from ucjlib.geo.wilayah import normalize_name

    if par.level not in _PARENT_COLUMNS or par.level == level:
        return gdf, 0
    cols = [c for c in (_find_col(list(gdf.columns), w) for w in _PARENT_COLUMNS[par.level]) if c]
    target = normalize_name(par.nama)
    for col in cols:
        norm = gdf[col].map(lambda v: normalize_name(v) if isinstance(v, str) else "")
        keep = norm == target
        if keep.any() and not keep.all():
            return gdf.loc[keep.to_numpy()].reset_index(drop=True), int((~keep).sum())
    return gdf, 0


def import_boundaries(
    path: str | os.PathLike,
    level: str,
    parent: str,
    name_col: str | None = None,
    code_col: str | None = None,
    layer: str | None = None,
) -> ImportResult:
    """Import a boundary file for the units of one ``level`` within ``parent``.

    Parameters
    ----------
    path : path
        Shapefile (``.shp`` or zipped), GeoPackage, GeoJSON, ... in any CRS.
    level : str
        Level of the features (``kecamatan``, ``desa`` ...).
    parent : str
        Code of the parent unit, e.g. ``"35.22"`` (``ucj boundaries import
        --parent`` also takes a name and resolves it first).
    name_col, code_col : str, optional
        Columns holding names / Kemendagri codes. Detected when omitted:
        BIG ``WADMKC``/``WADMKD``/``NAMOBJ``/``WADMKK``, GADM
        ``NAME_3``/``NAME_4``, geoBoundaries ``shapeName``, and any column
        whose values are codes within ``parent``.
    layer : str, optional
        Layer to read from a multi-layer file.

    Returns
    -------
    ImportResult
        Counts, the match table and the saved path.

    Raises
    ------
    BoundaryError
        Missing or unreadable file, no name/code column (the message lists
        the columns), a parent that cannot contain the level, or no feature
        that matches a unit of the parent.
    UnknownRegionError
        A parent code the gazetteer does not know.
    ArgumentError
        An unknown level, or a parent that is not a code.

    Examples
    --------
    >>> res = import_boundaries("kecamatan_bojonegoro.shp", "kecamatan", "35.22")  # doctest: +SKIP
    >>> res.counts()  # doctest: +SKIP
    {'matched': 28, 'guessed': 0, 'unmatched': 0}
    """
    import geopandas as gpd
    import pandas as pd
    import shapely

    from ucjlib.geo.wilayah import children

    src = Path(path)
    lvl = level_name(level)
    par = _resolve_parent(parent, lvl)
    gdf = _read(src, layer)
    n_features = int(len(gdf))
    cols = [c for c in gdf.columns if c != gdf.geometry.name]
    listed = ", ".join(cols) or "(tidak ada)"
    for given, what in ((name_col, "nama"), (code_col, "kode")):
        if given is not None and given not in gdf.columns:
            raise BoundaryError(f"Kolom {what} {given!r} tidak ada di {src.name}; kolom yang ada: "
                                f"{listed}.")
    gaz = children(par.kode, lvl)
    names_by_code = dict(zip(gaz["kode"], gaz["nama"], strict=True))
    ccol = code_col or (None if name_col else _detect_code_column(gdf, lvl, par.kode))
    ncol = None if code_col else (name_col or detect_name_column(cols, lvl))
    if ccol is not None and ncol is not None and code_col is None:
        # detected codes may follow an older code list (BIG files): use them only
        # when nearly all are current codes of the parent, else match the names
        vals = set(gdf[ccol].dropna().astype(str).str.strip())
        if len(vals & set(names_by_code)) < 0.95 * len(vals):
            ccol = None
    if ccol is not None:
        ncol = None
    skipped = 0
    if ncol is not None:
        gdf, skipped = _within_parent_rows(gdf, par, lvl)
    if ccol is None and ncol is None:
        raise BoundaryError(
            f"Tidak menemukan kolom nama {lvl} di {src.name}. Kolom yang ada: {listed}. "
            "Pilih dengan --name-col (atau --code-col untuk kode Kemendagri)."
        )
    if ccol is not None:
        keys = gdf[ccol].astype(object).where(gdf[ccol].notna(), None)
        keys = keys.map(lambda v: None if v is None else str(v).strip())
        rows = []
        for k in dict.fromkeys(k for k in keys if k is not None):
            if k in names_by_code:
                rows.append((k, k, names_by_code[k], "matched", 100.0))
            else:
                rows.append((k, None, None, "unmatched", 0.0))
        table = pd.DataFrame(rows, columns=["input", "kode", "nama", "status", "score"])
    else:
        keys, table = _match_by_name(gdf, ncol, lvl, par)
    per_input = keys.value_counts()
    table["rows"] = [int(per_input.get(i, 0)) for i in table["input"]]
    mapping = dict(zip(table["input"], table["kode"], strict=True))
    gdf = gdf.assign(kode=[mapping.get(k) if k is not None else None for k in keys])
    ok = gdf.loc[gdf["kode"].notna() & gdf.geometry.notna()]
    if ok.empty:
        raise BoundaryError(
            f"Tidak ada fitur di {src.name} yang cocok dengan unit {lvl} di {par.label} "
            f"(kolom {ccol or ncol!r}). Periksa --parent atau pilih kolom lain."
        )
    geoms, bad = repair_geometries(list(ok.geometry.values))
    ok = gpd.GeoDataFrame({"kode": ok["kode"].astype(object).to_numpy()},
                          geometry=list(geoms), crs=4326)
    ok = ok.loc[ok.geometry.notna()]
    dissolved = int(len(ok) - ok["kode"].nunique())
    parts = ok.groupby("kode", sort=True).geometry.apply(lambda s: shapely.union_all(s.values))
    geoms2, bad2 = repair_geometries(list(parts.values))
    kodes = [str(k) for k in parts.index]
    out = gpd.GeoDataFrame(
        {"kode": pd.Series(kodes, dtype=object),
         "nama": pd.Series([names_by_code[k] for k in kodes], dtype=object),
         "parent": pd.Series([k.rsplit(".", 1)[0] for k in kodes], dtype=object),
         "area_km2": area_km2(geoms2)},
        geometry=list(geoms2), crs=4326,
    )
    out = out.loc[out.geometry.notna()].reset_index(drop=True)
    dest = imported_path(par.kode, lvl)
    _save(out, dest, lvl, {
        "file": src.name, "source_path": str(src.resolve()), "sha256": file_sha256(src),
        "layer": layer, "level": lvl, "parent": par.kode, "name_col": ncol, "code_col": ccol,
        "imported_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "features": n_features, "outside_parent": skipped, "units": int(len(out)),
        "counts": _counts(table),
    })
    missing = gaz.loc[~gaz["kode"].isin(set(out["kode"]))]
    return ImportResult(
        path=dest, level=lvl, parent=par.kode, source_file=src.name, name_col=ncol,
        code_col=ccol, features=n_features, units=int(len(out)),
        table=table.reset_index(drop=True),
        without_polygon=[f"{k} {n}" for k, n in zip(missing["kode"], missing["nama"],
                                                     strict=True)],
        dissolved=dissolved, repaired=int(bad.sum() + bad2.sum()), outside_parent=skipped,
    )


def _match_by_name(gdf, ncol: str, level: str, par) -> tuple[pd.Series, pd.DataFrame]:
    """Match names to codes; desa names are matched within their kecamatan when known.

    Desa names repeat inside a kabupaten (Bojonegoro has three "Sukorejo"), so
    when a desa file also names each feature's kecamatan (BIG ``WADMKC``,
    GADM ``NAME_3``) the kecamatan is matched first and the desa within it;
    the inputs are then labelled ``"kecamatan / desa"``.
    """
    import pandas as pd

    from ucjlib.geo.names import match_names

    names = gdf[ncol].astype(object).where(gdf[ncol].notna(), None)
    names = names.map(lambda v: None if v is None else str(v))
    kcol = None
    if level == "desa" and par.level in ("provinsi", "kabupaten"):
        kcol = next((c for c in (_find_col(list(gdf.columns), w) for w in ("WADMKC", "NAME_3"))
                     if c and c != ncol), None)
    if kcol is None:
        return names, match_names([k for k in names if k is not None], level, par.kode).table
    kec = gdf[kcol].map(lambda v: str(v) if isinstance(v, str) and v.strip() else None)
    kmap = match_names([k for k in kec if k is not None], "kecamatan", par.kode).mapping
    labels = pd.Series([None if n is None else (f"{k} / {n}" if k else n)
                        for k, n in zip(kec, names, strict=True)], index=gdf.index, dtype=object)
    tables = []
    for within in dict.fromkeys(kmap.get(k, par.kode) if k else par.kode for k in kec):
        sel = [i for i, k in enumerate(kec) if (kmap.get(k, par.kode) if k else par.kode) == within
               and names.iloc[i] is not None]
        if not sel:
            continue
        t = match_names([names.iloc[i] for i in sel], level, within).table
        # one row per distinct (kecamatan, desa) label
        pairs = pd.DataFrame({"input": [labels.iloc[i] for i in sel],
                              "_name": [names.iloc[i] for i in sel]}).drop_duplicates("input")
        tables.append(pairs.merge(t.rename(columns={"input": "_name"}), on="_name", how="left")
                      .drop(columns="_name"))
    table = pd.concat(tables, ignore_index=True)
    for col in ("kode", "nama"):
        table[col] = table[col].astype(object).where(table[col].notna(), None)
    return labels, table


def _counts(table: pd.DataFrame) -> dict[str, int]:
    c = table["status"].value_counts()
    return {s: int(c.get(s, 0)) for s in ("matched", "guessed", "unmatched")}


def _save(gdf, dest: Path, level: str, meta: dict[str, Any]) -> None:
    with atomic_path(dest) as tmp:
        tmp.unlink()  # let GDAL create it
        try:
            gdf.to_file(tmp, layer=level, driver="GPKG", engine="pyogrio")
        except BaseException:
            remove_with_journals(tmp)
            raise
    atomic_write_text(dest.with_suffix(".json"), json.dumps(meta, ensure_ascii=False, indent=1))


def remove_import(parent: str, level: str) -> bool:
    """Delete an imported boundary file; return whether there was one.

    ``parent`` must be a region code: the files removed always lie in
    ``store_dir()/imported`` (see :func:`ucjlib.geo.boundaries.imported_path`).

    Examples
    --------
    >>> remove_import("35.22", "desa")  # doctest: +SKIP
    True
    """
    dest = imported_path(parent, level)
    found = dest.is_file()
    for p in (dest, dest.with_suffix(".json")):
        if p.is_file():
            p.unlink()
    return found


def format_match_table(res: ImportResult, lang: str = "id") -> list[str]:
    """Text lines listing matched, guessed (with the guess) and unmatched inputs."""
    lines = []
    for status in ("matched", "guessed", "unmatched"):
        sub = res.table.loc[res.table["status"] == status]
        lines.append(f"{say(f'geo.import.status.{status}', lang)}: {len(sub)}")
        for r in sub.itertuples(index=False):
            if status == "unmatched":
                lines.append(f"  {r.input!s:<32} -> -")
            else:
                extra = f"  (skor {r.score:.0f})" if status == "guessed" else ""
                lines.append(f"  {r.input!s:<32} -> {r.kode} {r.nama}{extra}")
    return lines
