"""Matching region names in input files to codes, always within a parent unit.

Names in a BPJS export ("KEC. KALITIDU", "Kalitidu ", "Ds Mojodelik") are
matched to Kemendagri codes of the gazetteer under one kabupaten (or one
kecamatan for desa): exact normalized names first, then a fuzzy guess that
must clearly beat the runner-up. This is data matching, not the resolver of
user text (:func:`ucjlib.geo.wilayah.resolve`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from ucjlib.geo.wilayah import candidates, normalize_name


@dataclass
class NameMatch:
    """Result of matching a list of names to codes.

    ``table`` has one row per distinct input name: ``input``, ``kode``,
    ``nama``, ``status`` (``matched``, ``guessed`` or ``unmatched``) and
    ``score``.
    """

    table: pd.DataFrame

    @property
    def mapping(self) -> dict[str, str]:
        """Input name -> code for matched and guessed names."""
        ok = self.table.loc[self.table["status"] != "unmatched"]
        return dict(zip(ok["input"], ok["kode"], strict=True))

    def counts(self) -> dict[str, int]:
        """Return the number of distinct names per status."""
        c = self.table["status"].value_counts()
        return {s: int(c.get(s, 0)) for s in ("matched", "guessed", "unmatched")}

    def summary(self) -> str:
        """One line, e.g. ``"28 cocok, 1 ditebak, 0 tidak cocok"``."""
        c = self.counts()
        return f"{c['matched']} cocok, {c['guessed']} ditebak, {c['unmatched']} tidak cocok"


def match_names(
    names: Iterable[str],
    level: str,
    within: str | None,
    guess_threshold: float = 85.0,
    aliases: dict[str, str] | None = None,
) -> NameMatch:
    """Match region names to codes within a parent unit.

    A name is *matched* when its normalized form equals exactly one unit's,
    *guessed* when the best fuzzy match scores at least ``guess_threshold``
    and clearly beats the runner-up, *unmatched* otherwise.

    Parameters
    ----------
    names : iterable of str
        Names as they appear in the input ("KEC. KALITIDU", "Ds Mojodelik").
    level : str
        Level of the names (``kecamatan``, ``desa`` ...).
    within : str or None
        Code of the parent unit (e.g. ``"35.22"``).
    guess_threshold : float, default 85
        Minimum score for a guess.
    aliases : dict, optional
        Extra ``{input name: code}`` entries, applied first.

    Examples
    --------
    >>> m = match_names(["KEC. KALITIDU", "Kalitdu", "Xyz"], "kecamatan", "35.22")
    >>> m.table[["input", "kode", "status"]].values.tolist()  # doctest: +NORMALIZE_WHITESPACE
    [['KEC. KALITIDU', '35.22.16', 'matched'], ['Kalitdu', '35.22.16', 'guessed'],
     ['Xyz', None, 'unmatched']]
    """
    from rapidfuzz import fuzz, process

    cand = candidates(level, within)
    by_norm: dict[str, list[int]] = {}
    for i, n in enumerate(cand["nama_norm"]):
        by_norm.setdefault(n, []).append(i)
    choices = cand["nama_norm"].tolist()
    rows = []
    seen: set[str] = set()
    for name in names:
        if name is None or (isinstance(name, float) and pd.isna(name)):
            continue
        name = str(name)
        if name in seen:
            continue
        seen.add(name)
        if aliases and name in aliases:
            code = aliases[name]
            nm = cand.loc[cand["kode"] == code, "nama"]
            rows.append((name, code, nm.iloc[0] if len(nm) else None, "matched", 100.0))
            continue
        qn = normalize_name(name)
        exact = by_norm.get(qn, []) or by_norm.get(normalize_name(name, strip_prefix=False), [])
        if len(exact) == 1:
            r = cand.iloc[exact[0]]
            rows.append((name, r["kode"], r["nama"], "matched", 100.0))
            continue
        res = process.extract(qn, choices, scorer=fuzz.WRatio, limit=2) if qn else []
        if res and len(exact) != 2:
            best_score = res[0][1]
            second = res[1][1] if len(res) > 1 else 0.0
            r = cand.iloc[res[0][2]]
            if best_score >= guess_threshold and best_score - second >= 3.0:
                rows.append((name, r["kode"], r["nama"], "guessed", float(best_score)))
                continue
            rows.append((name, None, None, "unmatched", float(best_score)))
        else:
            rows.append((name, None, None, "unmatched", 0.0))
    table = pd.DataFrame(rows, columns=["input", "kode", "nama", "status", "score"])
    for col in ("kode", "nama"):
        table[col] = table[col].astype(object).where(table[col].notna(), None)
    return NameMatch(table)
