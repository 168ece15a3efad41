"""The published UCJ figures of Indonesia, as data (``data/published/ucj_published.csv``).

Real figures reported in the news (BPJS Ketenagakerjaan, Kemendagri, BPS, provincial
governments), each with its source, publication date and link: coverage per province and
kabupaten/kota, targets, denominators. They are *published figures* ("angka publikasi"):
they are shown as such, with their caveats, and never mixed with demo numbers.

Examples
--------
>>> view = published_view()
>>> view.figures["kode"].is_unique is False  # a region can have several figures
True
>>> bali = published_view("51")
>>> sorted(set(bali.figures["section"]))
['kabupaten', 'provinsi', 'target']
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from ucjlib.paths import DATA_DIR

PUBLISHED_FILE: Path = DATA_DIR / "published" / "ucj_published.csv"
"""The project's copy of the published figures (see ``data/published/README.md``)."""

COLUMNS = ("kode", "wilayah", "indicator", "value", "unit", "as_of", "source", "publisher",
           "source_date", "link", "source_resolved", "note")

#: indicators shown as coverage (a lower bound is printed with ">")
COVERAGE = ("ucj_coverage_pct", "ucj_coverage_pct_lower_bound", "coverage_pct_pu")
#: a region's own target for the year of ``as_of``
TARGET = "ucj_target_pct"
#: national target paths
NATIONAL_TARGETS = ("ucj_target_pct_kemendagri", "ucj_target_pct_rpjmn", "ucj_target_pct_rkp",
                    "ucj_target_pct_rpjpn")
SECTIONS = ("nasional", "provinsi", "kabupaten", "target")
#: caveats every view carries, in this order (catalogue codes of data/text/published.yml)
CAVEATS = ("published.caveat.denominator", "published.caveat.nik",
           "published.caveat.attainment", "published.caveat.above_100")


@lru_cache(maxsize=1)
def load_published(path: str | None = None) -> pd.DataFrame:
    """Return every published figure, one row each, in file order.

    Parameters
    ----------
    path : str, optional
        Another file with the same columns; default :data:`PUBLISHED_FILE`.

    Returns
    -------
    pandas.DataFrame
        The columns of :data:`COLUMNS`: text, except ``value`` (a float, as published:
        ``42.29`` is 42.29%); ``kode`` is empty for Indonesia.
    """
    df = pd.read_csv(path or PUBLISHED_FILE, dtype=str, keep_default_na=False)
    df["value"] = df["value"].astype(float)
    return df[list(COLUMNS)]


def as_of_key(as_of: str) -> tuple[int, int, int]:
    """Return a sort key for an ``as_of`` text: a bare year sorts at its end.

    Examples
    --------
    >>> as_of_key("2025-07-30"), as_of_key("2025-07"), as_of_key("2025 (Paritrana 2025 event)")
    ((2025, 7, 30), (2025, 7, 31), (2025, 12, 31))
    >>> as_of_key("undated")
    (0, 0, 0)
    """
    m = re.match(r"\s*(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", as_of)
    if not m:
        return (0, 0, 0)
    year, month, day = m.groups()
    return (int(year), int(month or 12), int(day or 31))


def _level(kode: str) -> str:
    return "nasional" if not kode else "provinsi" if "." not in kode else "kabupaten"


@dataclass(frozen=True)
class PublishedView:
    """The published figures one ``ucj published`` shows.

    ``figures`` has a ``section`` column (:data:`SECTIONS`: national figures, the latest
    coverage per province or, for one province, all its coverage figures, kabupaten/kota
    coverage, targets) and the columns of :data:`COLUMNS`; ``provinsi`` is the province
    asked for (code, name) or ``None``; ``caveats`` the catalogue codes of its caveats.
    """

    figures: pd.DataFrame
    provinsi: tuple[str, str] | None = None
    caveats: tuple[str, ...] = field(default=CAVEATS)

    def to_dict(self, lang: str = "id") -> dict[str, Any]:
        """Return the view as JSON-ready data, caveats in ``lang``."""
        from ucjlib.text import say

        rows = self.figures.to_dict(orient="records")
        return {
            "label": say("published.label", lang),
            "provinsi": None if self.provinsi is None else
            {"kode": self.provinsi[0], "nama": self.provinsi[1]},
            "file": "data/published/ucj_published.csv",
            "figures": {s: [r for r in rows if r["section"] == s] for s in SECTIONS},
            "caveats": [say(c, lang) for c in self.caveats],
        }


def published_view(provinsi: str | None = None, figures: pd.DataFrame | None = None,
                   nama: str | None = None) -> PublishedView:
    """Select the figures ``ucj published`` shows, for Indonesia or one province.

    Parameters
    ----------
    provinsi : str, optional
        A province code (``"52"``; resolve names first, e.g. with
        :func:`ucjlib.geo.wilayah.resolve`). ``None``: all of Indonesia, with the latest
        coverage figure of each province and the national figures.
    figures : pandas.DataFrame, optional
        Default :func:`load_published`.
    nama : str, optional
        The province's name, for :attr:`PublishedView.provinsi`.

    Returns
    -------
    PublishedView
    """
    df = (load_published() if figures is None else figures).copy()
    df["_key"] = df["as_of"].map(as_of_key)
    df["_level"] = df["kode"].map(_level)
    if provinsi is not None:
        df = df.loc[(df["kode"] == provinsi) | df["kode"].str.startswith(provinsi + ".")]
    national = df.loc[(df["_level"] == "nasional") & df["indicator"].isin(
        ("ucj_coverage_pct",) + NATIONAL_TARGETS)]
    prov = df.loc[(df["_level"] == "provinsi") & (df["indicator"] == "ucj_coverage_pct")]
    prov = prov.sort_values(["kode", "_key"], kind="stable")
    if provinsi is None:  # the latest figure of each province (ties: the later row)
        prov = prov.groupby("kode", sort=True).tail(1)
    kab = df.loc[(df["_level"] == "kabupaten") & df["indicator"].isin(COVERAGE)]
    kab = kab.sort_values(["kode", "_key"], kind="stable")
    target = df.loc[(df["_level"] != "nasional") & (df["indicator"] == TARGET)]
    target = target.sort_values(["kode", "_key"], kind="stable")
    parts = [part.assign(section=name) for name, part in
             (("nasional", national), ("provinsi", prov), ("kabupaten", kab), ("target", target))]
    out = pd.concat(parts, ignore_index=True)
    out = out[["section", *COLUMNS]]
    asked = None if provinsi is None else (provinsi, nama or provinsi)
    return PublishedView(out, asked)


def latest_province_coverage(figures: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return the latest published coverage of each province: ``kode``, ``value`` (0-1 share).

    Examples
    --------
    >>> latest = latest_province_coverage().set_index("kode")
    >>> round(float(latest.loc["51", "value"]), 4), latest.loc["51", "as_of"]
    (0.5088, '2025-03-31')
    """
    view = published_view(figures=figures).figures
    prov = view.loc[view["section"] == "provinsi", ["kode", "wilayah", "value", "as_of"]]
    return prov.assign(value=prov["value"] / 100).reset_index(drop=True)
