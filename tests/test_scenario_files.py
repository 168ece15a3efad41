"""Scenario files: validated, never silently ignored, never a crash, never a quoted line.

Each bad file goes through the library (:func:`load_scenarios`) and through ``ucj project
35.22 --scenario FILE`` in-process: exit 3, one paragraph naming the file, no traceback, and
no NIK or name from the file. Cases are listed in ``data/BAD_INPUT.md`` ("Scenario files").
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ucjlib.errors import ArgumentError, InputValidationError, UcjError
from ucjlib.projection.scenario import (
    Campaign,
    Cohort,
    Renewal,
    Scenario,
    load_scenarios,
    scenario_dir,
    scenarios_from_dict,
)

NIK = "3522011234567890"
PERSON = "Budi Santoso"
SECRET = f"{NIK} {PERSON}"


def _doc(part: str) -> str:
    return f"scenarios:\n  - name: uji\n    parts:\n      - {part}\n"


_BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
    f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
    for i in range(9))

#: id -> (file content, fragments the message must hold)
CASES: dict[str, tuple[bytes | str, list[str]]] = {
    "not-utf8": (f"scenarios:\n  - name: Caf\xe9 {SECRET}\n".encode("latin-1"), ["UTF-8"]),
    "too-large": ("# " + "x" * 1_000_100 + "\n", ["1 MB"]),
    "alias-bomb": (_BOMB, ["alias", "baris 1"]),
    "anchor-merge": ("base: &b {share: 0}\nscenarios:\n  - name: x\n    parts:\n"
                     "      - renewal: {<<: *b}\n", ["alias"]),
    "yaml-syntax": (f"scenarios:\n  - name: [{SECRET}\n", ["sintaks YAML", "baris 2"]),
    "yaml-tab": (f"scenarios:\n\t- name: {SECRET}\n", ["sintaks YAML", "baris 2"]),
    "yaml-bad-quote": (f'scenarios:\n  - name: "{SECRET}\n', ["sintaks YAML", "baris"]),
    "yaml-control-char": (f"scenarios:\n  - name: {SECRET}\x00\n", ["karakter", "baris 2"]),
    "yaml-python-tag": (f"scenarios: !!python/object:os.system {SECRET}\n", ["sintaks YAML"]),
    "yaml-deep": ("scenarios: " + "[" * 5000 + "\n", ["bersarang"]),
    "yaml-huge-int": ("scenarios:\n  - name: " + "9" * 5000 + "\n", ["digit"]),
    "participant-csv": (f"nik;nama;segmen\n{NIK};{PERSON};BPU\n", ["tidak ada daftar skenario"]),
    "unknown-top-key": (_doc("renewal: {share: 0}") + f"catatan: {SECRET}\n", ["catatan"]),
    "unknown-scenario-key": ("scenarios:\n  - name: x\n    part:\n      - renewal: {}\n",
                             ["'part'", "maksud Anda parts"]),
    "unknown-part": (_doc("kampanye: {per_month: 10}"), ["kampanye", "campaign"]),
    "unknown-part-key": (_doc("renewal: {funding: APBD, sahre: 0}"),
                         ["parts[1].renewal", "'sahre'", "maksud Anda share"]),
    "unknown-part-key-secret": (_doc(f"renewal: {{'{SECRET}': 0}}"),
                                ["kunci tidak ditampilkan"]),
    "funding-typo": (_doc("renewal: {funding: APDB, share: 0}"),
                     ["renewal.funding", "'APDB'", "maksud Anda APBD", "APBDes, lainnya"]),
    "funding-secret": (_doc(f"renewal: {{funding: {SECRET}, share: 0}}"),
                       ["renewal.funding", "tidak ditampilkan"]),
    "segment-typo": (_doc("lapse: {segment: BPUU, rate: 0}"),
                     ["lapse.segment", "maksud Anda BPU", "PU, BPU, JAKON, PMI"]),
    "campaign-negative": (_doc("campaign: {per_month: -50000}"), ["campaign.per_month"]),
    "campaign-huge": (_doc("campaign: {per_month: 1.0e12}"), ["10.000.000"]),
    "campaign-bool": (_doc("campaign: {per_month: yes}"), ["campaign.per_month", "boolean"]),
    "campaign-end-before-start": (_doc('campaign: {per_month: 5, start: "2025-09", '
                                       'end: "2025-07"}'), ["campaign.end"]),
    "cohort-huge": (_doc('cohort: {size: 1000000000000, start: "2025-09"}'),
                    ["cohort.size", "100.000.000"]),
    "cohort-abc": (_doc('cohort: {size: abc, start: "2025-09"}'), ["cohort.size", "teks"]),
    "cohort-secret": (_doc(f'cohort: {{size: {NIK}, start: "2025-09"}}'),
                      ["cohort.size", "tidak ditampilkan"]),
    "cohort-fraction": (_doc('cohort: {size: 10.5, start: "2025-09"}'), ["bulat"]),
    "cohort-missing-start": (_doc("cohort: {size: 10}"), ["cohort.start", "wajib"]),
    "share-above-one": (_doc("renewal: {share: 1.5}"), ["renewal.share", "0 sampai 1"]),
    "share-text": (_doc("renewal: {share: separuh}"), ["renewal.share", "teks"]),
    "month-invalid": (_doc('lapse: {rate: 0, start: "2025-13"}'), ["lapse.start", "YYYY-MM"]),
    "month-date": (_doc("lapse: {rate: 0, start: 2025-09-01}"), ["lapse.start", "YYYY-MM"]),
    "growth-text": (_doc("workforce: {annual_rate: dua persen}"), ["workforce.annual_rate"]),
    "part-not-mapping": (_doc("renewal: [1, 2]"), ["pemetaan"]),
    "parts-not-list": ("scenarios:\n  - name: x\n    parts: renewal\n", ["daftar"]),
    "base-not-bool": ("scenarios:\n  - name: x\n    base: kadang\n", ["base", "true"]),
    "name-missing": ("scenarios:\n  - parts: []\n", ["skenario tanpa name"]),
    "name-too-long": ("scenarios:\n  - name: " + "a" * 200 + "\n", ["120"]),
    "name-duplicate": ("scenarios:\n  - name: sama\n  - name: sama\n",
                       ["scenarios[2].name", "nama sama dengan scenarios[1]"]),
}


def _write(tmp_path: Path, content: bytes | str) -> Path:
    f = tmp_path / "skenario.yaml"
    if isinstance(content, bytes):
        f.write_bytes(content)
    else:
        f.write_text(content, encoding="utf-8")
    return f


def _no_secret(text: str) -> None:
    assert "Traceback" not in text
    assert NIK not in text and PERSON not in text and "Budi" not in text


@pytest.mark.parametrize("case", list(CASES))
def test_bad_scenario_file_through_library(tmp_path, case):
    content, fragments = CASES[case]
    f = _write(tmp_path, content)
    with pytest.raises(InputValidationError) as e:
        load_scenarios(f)
    msg = str(e.value)
    assert e.value.exit_code == 3
    assert str(f) in msg
    for frag in fragments:
        assert frag in msg, (frag, msg)
    _no_secret(msg)


@pytest.mark.parametrize("case", list(CASES))
def test_bad_scenario_file_through_ucj(ucj, tmp_path, case):
    content, fragments = CASES[case]
    f = _write(tmp_path, content)
    res = ucj(["project", "35.22", "--scenario", f, "--draws", "10"])
    rc, out, err = res.returncode, res.stdout, res.stderr
    assert "Traceback" not in out + err
    assert rc == 3, err
    assert out == ""
    assert err.startswith("Kesalahan") and str(f) in err
    assert "\n\n" not in err.strip(), "one paragraph"
    for frag in fragments:
        assert frag in err, (frag, err)
    _no_secret(out + err)


def test_every_problem_of_a_file_is_reported_at_once(tmp_path):
    f = _write(tmp_path, _doc("renewal: {funding: APDB, share: 2}")
               + "      - cohort: {size: abc, start: \"2025-09\", segment: BPUU}\n")
    with pytest.raises(InputValidationError) as e:
        load_scenarios(f)
    where = [p.column for p in e.value.problems]
    assert where == ["scenarios[1].parts[1].renewal.funding (skenario 'uji')",
                     "scenarios[1].parts[1].renewal.share (skenario 'uji')",
                     "scenarios[1].parts[2].cohort.size (skenario 'uji')",
                     "scenarios[1].parts[2].cohort.segment (skenario 'uji')"]


def test_control_characters_are_removed_from_names_and_descriptions(tmp_path):
    f = _write(tmp_path, 'scenarios:\n  - name: "APBD \\e[2J\\e[31mmerah\\u202e x\\t y"\n'
                         '    description: "satu\\nkalimat \\x07 saja"\n')
    (s,) = load_scenarios(f)
    assert s.name == "APBD [2J [31mmerah x y"
    assert s.description == "satu kalimat saja"
    assert not re.search(r"[\x00-\x1f\x7f-\x9f]", s.name + s.description)


def test_formula_like_names_stay_text(tmp_path):
    text = "scenarios:\n" + "".join(f"  - name: '{c}SUM(A1) {i}'\n"
                                    for i, c in enumerate("=+-@"))
    names = [s.name for s in load_scenarios(_write(tmp_path, text))]
    assert names == ["=SUM(A1) 0", "+SUM(A1) 1", "-SUM(A1) 2", "@SUM(A1) 3"]


def test_utf8_bom_and_unicode_names_are_fine(tmp_path):
    f = _write(tmp_path, "\ufeffscenarios:\n  - name: Kohort désa — 2026 ✓\n".encode())
    assert load_scenarios(f)[0].name == "Kohort désa — 2026 ✓"


def test_committed_scenario_files_load_unchanged():
    base = load_scenarios(scenario_dir() / "baseline.yaml")
    assert [s.name for s in base] == ["dasar"] and base[0].base
    assert base[0].parts == (Renewal("APBD", 1.0), Renewal("APBDes", 1.0),
                             *load_scenarios(scenario_dir() / "default.yaml")[0].parts[2:])
    default = load_scenarios(scenario_dir() / "default.yaml")
    assert [s.name for s in default] == ["dasar", "APBD tidak diperpanjang",
                                         "APBD diperpanjang separuh", "lapse berhenti"]
    (bojo,) = load_scenarios(scenario_dir() / "bojonegoro-nonrenewal.yaml")
    assert bojo.parts == (Renewal("APBD", 0.0, "BPU", 2026),)


def test_parts_built_in_code_follow_the_same_rules():
    for make in (lambda: Renewal("APDB"), lambda: Renewal("APBD", 1.5),
                 lambda: Cohort(10**12, "2025-09"), lambda: Cohort("abc", "2025-09"),
                 lambda: Campaign(-50_000), lambda: Campaign(10, funding="APBD"),
                 lambda: Scenario("x" * 121), lambda: Scenario("")):
        with pytest.raises(ArgumentError) as e:
            make()
        assert e.value.exit_code == 2
    assert Cohort(50_000.0, "2025-09").size == 50_000
    assert Scenario("a\x1b[0mb").name == "a [0mb"


# --- Hypothesis: any document, any bytes -> scenarios or a documented error -------------

_scalar = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(),
                    st.text(max_size=30), st.sampled_from(
                        ["APBD", "APBDes", "mandiri", "lainnya", "BPU", "PU", "JAKON", "PMI",
                         "estimated", "2025-09", "2026-01", "2025-13", "", NIK]),
                    st.dates(), st.binary(max_size=10))
_KEYS = ["scenarios", "name", "description", "base", "parts", "cohort", "renewal",
         "campaign", "lapse", "workforce", "size", "start", "end", "funding", "segment",
         "months", "renewal", "share", "from_year", "per_month", "rate", "annual_rate"]
_key = st.one_of(st.sampled_from(_KEYS), st.text(max_size=12), st.integers(-5, 5))
_value = st.recursive(_scalar, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(_key, inner, max_size=4)), max_leaves=20)
_part = st.dictionaries(st.sampled_from(["cohort", "renewal", "campaign", "lapse",
                                         "workforce", "bonus"]),
                        st.dictionaries(st.sampled_from(_KEYS), _value, max_size=4),
                        min_size=1, max_size=1)
_scenario = st.fixed_dictionaries(
    {"name": st.one_of(st.text(max_size=130), _scalar)},
    optional={"description": _value, "base": st.one_of(st.booleans(), _scalar),
              "parts": st.one_of(st.lists(st.one_of(_part, _value), max_size=4), _value)})
_document = st.one_of(_value, st.fixed_dictionaries(
    {"scenarios": st.one_of(st.lists(_scenario, max_size=4), _value)},
    optional={"extra": _value}))


def _check(result_or_error) -> None:
    if isinstance(result_or_error, UcjError):
        assert result_or_error.exit_code == 3
        _no_secret(str(result_or_error))
        return
    names = [s.name for s in result_or_error]
    assert result_or_error and len(set(names)) == len(names)
    for s in result_or_error:
        assert isinstance(s, Scenario) and 0 < len(s.name) <= 120
        assert not re.search(r"[\x00-\x1f\x7f-\x9f]", s.name + s.description)


def _run(fn, *args):
    try:
        return fn(*args)
    except UcjError as exc:
        return exc


_SETTINGS = settings(max_examples=200, deadline=None,
                     suppress_health_check=[HealthCheck.too_slow,
                                            HealthCheck.function_scoped_fixture])


@_SETTINGS
@given(_document)
def test_any_document_gives_scenarios_or_a_documented_error(doc):
    _check(_run(scenarios_from_dict, doc, "s.yaml"))


@_SETTINGS
@given(doc=_document)
def test_any_yaml_file_gives_scenarios_or_a_documented_error(tmp_path, doc):
    try:
        text = yaml.safe_dump(doc, allow_unicode=True)
    except yaml.YAMLError:
        return
    f = tmp_path / "h.yaml"
    f.write_text(text, encoding="utf-8")
    _check(_run(load_scenarios, f))


@_SETTINGS
@given(data=st.one_of(st.binary(max_size=300), st.text(max_size=300).map(str.encode),
                      st.text(alphabet="[]{}:-&*!|>'\"#\t\n ,?%@`ab01", max_size=200)
                      .map(str.encode)))
def test_any_bytes_give_scenarios_or_a_documented_error(tmp_path, data):
    f = tmp_path / "b.yaml"
    f.write_bytes(data)
    _check(_run(load_scenarios, f))
