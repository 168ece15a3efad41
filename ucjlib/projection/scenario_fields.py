"""The fields of scenario parts: one schema for the dataclasses and the YAML parser.

Every field of a part (:class:`~ucjlib.projection.scenario.Cohort`, ``Renewal``,
``Campaign``, ``Lapse``, ``WorkforceGrowth``) has one validator and one default here
(:data:`SCHEMA`); :func:`check_part` applies them when a part is made, whether in Python
or from a scenario file, so both refuse the same values with the same message. The
limits (``MAX_*``) bound what a scenario file may ask for.
"""

from __future__ import annotations

import difflib
import math
import re
from typing import Any

from ucjlib.dataset import FUNDING, SEGMENTS
from ucjlib.errors import ArgumentError

# --- one schema for every field: the dataclasses and the YAML parser use the same rules ---

MAX_NAME_CHARS = 120
MAX_DESCRIPTION_CHARS = 1000
MAX_SCENARIOS = 100
MAX_PARTS = 200
MAX_PER_MONTH = 10_000_000
MAX_COHORT = 100_000_000
MAX_MONTHS = 120


class Bad(Exception):
    """A field value that breaks its rule: ``reason`` never quotes an unsafe value."""

    def __init__(self, reason: str, expected: str) -> None:
        super().__init__(reason)
        self.reason, self.expected = reason, expected


TOKEN_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_.\-]{0,19}")
_NUMBER_RE = re.compile(r"-?[0-9][0-9_.eE+\-]{0,9}")


def shown_value(value: Any) -> str:
    """Quote ``value`` only when it is a short identifier-like token or a short number."""
    if isinstance(value, bool) or value is None:
        return repr(value)
    if isinstance(value, str) and TOKEN_RE.fullmatch(value):
        return repr(value)
    if (isinstance(value, int) and abs(value) < 10**10
            or isinstance(value, float) and _NUMBER_RE.fullmatch(repr(value))):
        return repr(value)
    return "(nilai tidak ditampilkan)"


def kind_of(value: Any) -> str:
    """Name the kind of a YAML value for a message (``ya/tidak (boolean)``, ``teks`` ...)."""
    if isinstance(value, bool):
        return "ya/tidak (boolean)"
    if isinstance(value, str):
        return "teks"
    if isinstance(value, dict):
        return "pemetaan"
    if isinstance(value, list | tuple):
        return "daftar"
    if value is None:
        return "kosong"
    return type(value).__name__


def _number(value: Any, expected: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise Bad(f"bukan angka ({kind_of(value)}: {shown_value(value)})", expected)
    try:
        v = float(value)
    except OverflowError:
        raise Bad("angka terlalu besar", expected) from None
    if not math.isfinite(v):
        raise Bad(f"bukan angka terhingga: {shown_value(value)}", expected)
    return v


def _share(value: Any) -> float:
    expected = "angka 0 sampai 1 (mis. 0.5 untuk separuh)"
    v = _number(value, expected)
    if not 0.0 <= v <= 1.0:
        raise Bad(f"di luar 0 sampai 1: {shown_value(value)}", expected)
    return v


def _dots(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _whole(lo: int, hi: int, what: str):
    expected = f"{what}: bilangan bulat {_dots(lo)} sampai {_dots(hi)}"

    def check(value: Any) -> int:
        v = _number(value, expected)
        if v != int(v):
            raise Bad(f"bukan bilangan bulat: {shown_value(value)}", expected)
        if not lo <= v <= hi:
            raise Bad(f"di luar batas: {shown_value(value)}", expected)
        return int(v)
    return check


def _per_month(value: Any) -> float:
    expected = f"pendaftaran per bulan, 0 sampai {_dots(MAX_PER_MONTH)}"
    v = _number(value, expected)
    if not 0.0 <= v <= MAX_PER_MONTH:
        raise Bad(f"di luar batas: {shown_value(value)}", expected)
    return v


def _month(value: Any) -> str:
    expected = 'bulan YYYY-MM dalam tanda kutip, mis. "2025-09"'
    if not isinstance(value, str):
        raise Bad(f"bukan bulan ({kind_of(value)}: {shown_value(value)})", expected)
    m = re.fullmatch(r"\s*((?:19|20|21)\d\d)-(\d\d)\s*", value)
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise Bad(f"bukan bulan: {shown_value(value)}", expected)
    return f"{m.group(1)}-{m.group(2)}"


def _choice(choices: tuple[str, ...], what: str):
    expected = f"{what}: " + ", ".join(choices)

    def check(value: Any) -> str:
        if isinstance(value, str) and value in choices:
            return value
        if isinstance(value, str):
            folded = {c.lower(): c for c in choices}
            hint = folded.get(value.strip().lower())
            hint = hint or next(iter(difflib.get_close_matches(value, choices, 1)), None)
            more = f"; maksud Anda {hint}?" if hint else ""
            raise Bad(f"{what} tidak dikenal: {shown_value(value)}{more}", expected)
        raise Bad(f"{what} bukan teks ({kind_of(value)}: {shown_value(value)})", expected)
    return check


def _or_estimated(check):
    def inner(value: Any) -> float | str:
        return value if value == "estimated" and isinstance(value, str) else check(value)
    return inner


def _growth(value: Any) -> float:
    expected = ('pertumbuhan tahunan di atas -0.5 dan di bawah 0.5 (mis. 0.02 untuk 2%) '
                'atau "estimated"')
    v = _number(value, expected)
    if not -0.5 < v < 0.5:
        raise Bad(f"di luar batas: {shown_value(value)}", expected)
    return v


_SEGMENT = _choice(SEGMENTS, "segment")
_FUNDING = _choice(FUNDING, "funding")
_GOV_FUNDING = _choice(tuple(f for f in FUNDING if f.startswith("APBD")), "funding kohort")
_SELF_FUNDING = _choice(tuple(f for f in FUNDING if not f.startswith("APBD")),
                        "funding kampanye (kohort APBD/APBDes: pakai cohort)")
REQUIRED = object()

#: kind -> field -> (validator, default); ``REQUIRED`` marks a field without default.
#: A default of ``None`` means "not given" and is accepted as is.
SCHEMA: dict[str, dict[str, tuple[Any, Any]]] = {
    "cohort": {"size": (_whole(0, MAX_COHORT, "jumlah peserta"), REQUIRED),
               "start": (_month, REQUIRED), "funding": (_GOV_FUNDING, "APBD"),
               "segment": (_SEGMENT, "BPU"),
               "months": (_whole(1, MAX_MONTHS, "lama masuk dalam bulan"), 1),
               "renewal": (_share, 1.0)},
    "renewal": {"funding": (_FUNDING, "APBD"), "share": (_share, 1.0),
                "segment": (_SEGMENT, None),
                "from_year": (_whole(2000, 2100, "tahun"), None)},
    "campaign": {"per_month": (_per_month, REQUIRED), "start": (_month, None),
                 "end": (_month, None), "segment": (_SEGMENT, "BPU"),
                 "funding": (_SELF_FUNDING, "mandiri")},
    "lapse": {"rate": (_or_estimated(_share), "estimated"), "segment": (_SEGMENT, "BPU"),
              "funding": (_FUNDING, "mandiri"), "start": (_month, None)},
    "workforce": {"annual_rate": (_or_estimated(_growth), "estimated")},
}


def check_part(kind: str, obj: Any) -> None:
    """Validate and normalise the fields of a part in place (raises :class:`ArgumentError`)."""
    for name, (check, default) in SCHEMA[kind].items():
        value = getattr(obj, name)
        if value is None and default is None:
            continue
        try:
            object.__setattr__(obj, name, check(value))
        except Bad as exc:
            raise ArgumentError(f"{kind}.{name}", Shown(shown_value(value)), exc.expected) from None
    start, end = getattr(obj, "start", None), getattr(obj, "end", None)
    if start and end and end < start:
        raise ArgumentError(f"{kind}.end", Shown(repr(end)), f"bulan pada atau setelah {start}")


class Shown(str):
    """A value already made safe for a message (its repr is itself)."""

    def __repr__(self) -> str:
        return str(self)
