"""Indonesian formatting and tolerant number parsing."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ucjlib import fmt


@pytest.mark.parametrize(
    "value, expected",
    [(157058, "157.058"), (0, "0"), (-1234567, "-1.234.567"), (999, "999")],
)
def test_int(value, expected):
    assert fmt.fmt_int(value) == expected


def test_pct_and_english():
    assert fmt.fmt_pct(0.4229) == "42,29%"
    assert fmt.fmt_pct(0.4387, 1) == "43,9%"
    assert fmt.fmt_pct(0.4229, lang="en") == "42.29%"
    assert fmt.fmt_pct(float("nan")) == "–"


def test_rupiah_scales():
    assert fmt.fmt_rupiah(31_700_000_000) == "Rp 31,7 miliar"
    assert fmt.fmt_rupiah(35_000_000_000) == "Rp 35 miliar"
    assert fmt.fmt_rupiah(6_250_000_000_000) == "Rp 6,3 triliun"
    assert fmt.fmt_rupiah(2_500_000) == "Rp 2,5 juta"
    assert fmt.fmt_rupiah(16_800) == "Rp 16.800"
    assert fmt.fmt_rupiah(5_838_000_000, lang="en") == "IDR 5.8 billion"


def test_month_names():
    assert [fmt.month_name(f"2025-{m:02d}") for m in (1, 3, 8, 12)] == [
        "Januari 2025", "Maret 2025", "Agustus 2025", "Desember 2025"]
    with pytest.raises(ValueError, match="YYYY-MM"):
        fmt.month_name("2025-13")
    with pytest.raises(ValueError):
        fmt.month_name("Juni")


def test_pp():
    assert fmt.fmt_pp(0.4229 - 0.4387) == "-1,58 poin persen"


@pytest.mark.parametrize(
    "text, expected",
    [("157.058", 157058), ("42,29", 42.29), ("1.234.567,5", 1234567.5),
     ("1,234,567.5", 1234567.5), ("Rp 42.000.000", 42_000_000), ("43,87%", 43.87),
     ("-12", -12), ("0,5", 0.5), ("12.5", 12.5), ("", None), ("-", None)],
)
def test_parse_number(text, expected):
    assert fmt.parse_number(text) == expected


def test_parse_number_rejects_text():
    with pytest.raises(ValueError, match="Bukan angka"):
        fmt.parse_number("seratus")


@given(st.integers(min_value=0, max_value=10**12))
def test_roundtrip_int(n):
    assert fmt.parse_number(fmt.fmt_int(n)) == n
    assert fmt.parse_number(fmt.fmt_int(n, lang="en")) == n


@given(st.floats(min_value=0, max_value=1e6, allow_nan=False).map(lambda x: round(x, 2)))
def test_roundtrip_decimal(x):
    text = fmt.fmt_number(x, 2)
    assert math.isclose(fmt.parse_number(text), x, abs_tol=0.005)
