"""Reading a scenario file safely: size, encoding and a YAML subset without aliases.

:func:`read_scenario_text` and :func:`parse_scenario_yaml` turn a file into plain Python
data; :func:`ucjlib.projection.scenario.load_scenarios` then checks every key and value.
No message quotes a line of the file.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from ucjlib.errors import InputValidationError, Problem

__all__ = ["MAX_DEPTH", "MAX_FILE_BYTES", "parse_scenario_yaml", "read_scenario_text"]

#: Largest scenario file read (bytes) and deepest nesting parsed.
MAX_FILE_BYTES = 1_000_000
MAX_DEPTH = 20


class _NoAliasLoader(yaml.SafeLoader):
    """A safe YAML loader that refuses anchors and aliases (no alias bombs) and deep nesting."""

    def compose_node(self, parent, index):  # noqa: D102 - PyYAML hook
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise _YamlRefused("anker/alias YAML (&nama, *nama, <<) tidak diterima",
                               event.start_mark)
        depth = getattr(self, "_ucj_depth", 0)
        if depth >= MAX_DEPTH:
            raise _YamlRefused(f"bersarang lebih dari {MAX_DEPTH} tingkat", event.start_mark)
        self._ucj_depth = depth + 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._ucj_depth = depth


class _YamlRefused(Exception):
    def __init__(self, reason: str, mark: Any) -> None:
        super().__init__(reason)
        self.reason, self.mark = reason, mark


def _at(mark: Any) -> str:
    if mark is None:
        return ""
    return f" (baris {mark.line + 1}, kolom {mark.column + 1})"


def _yaml_reason(exc: Exception) -> str:
    """PyYAML's problem without any quoted text from the file."""
    problem = str(getattr(exc, "problem", None) or getattr(exc, "reason", None) or "")
    problem = re.sub(r"'[^']*'|\"[^\"]*\"|#x[0-9a-fA-F]+", "(…)", problem)
    problem = problem if re.fullmatch(r"[A-Za-z0-9 ,.()…:;_\-]{1,100}", problem) else ""
    return f" ({problem})" if problem else ""


def read_scenario_text(path: str | Path) -> str:
    """Return the text of a scenario file: at most 1 MB, UTF-8 (a BOM is allowed).

    Raises
    ------
    InputValidationError
        A file that is missing, too large, not UTF-8 or not readable.
    """
    p = Path(path)
    def fail(msg: str, expected: str | None = None) -> InputValidationError:
        return InputValidationError([Problem(str(p), None, None, msg, expected)])
    try:
        if p.is_dir():
            raise fail("berkas skenario adalah folder", "berkas YAML")
        with p.open("rb") as fh:
            data = fh.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise fail("berkas skenario tidak ditemukan") from None
    except OSError as exc:
        raise fail(f"berkas skenario tidak dapat dibaca ({type(exc).__name__})") from None
    if len(data) > MAX_FILE_BYTES:
        raise fail("berkas skenario terlalu besar (lebih dari 1 MB); bukan berkas skenario?",
                   "berkas YAML skenario, paling besar 1 MB")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise fail(f"berkas skenario bukan teks UTF-8 (byte tidak valid di baris {line})",
                   "berkas YAML yang disimpan sebagai UTF-8") from None


def parse_scenario_yaml(text: str, file: str = "<scenario>") -> Any:
    """Parse scenario YAML safely: no anchors or aliases, no deep nesting, no quoted lines.

    Raises
    ------
    InputValidationError
        A syntax error (naming the line and column, never their content) or a refused
        construct.
    """
    try:
        return yaml.load(text, Loader=_NoAliasLoader)  # noqa: S506 - a SafeLoader subclass
    except _YamlRefused as exc:
        msg, mark = exc.reason, exc.mark
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        msg = "sintaks YAML tidak valid" + _yaml_reason(exc)
        if exc.problem_mark and exc.context_mark and exc.context_mark.line != mark.line:
            msg += f"{_at(mark)}; bagian yang belum selesai dimulai{_at(exc.context_mark)}"
            mark = None
    except yaml.YAMLError as exc:  # ReaderError: a character YAML does not allow
        mark = None
        pos = getattr(exc, "position", None)
        if isinstance(pos, int):
            before = text[:pos]
            mark = type("M", (), {"line": before.count("\n"),
                                  "column": pos - (before.rfind("\n") + 1)})()
        msg = "karakter yang tidak diizinkan dalam YAML (karakter kendali)"
    except RecursionError:
        mark, msg = None, "struktur YAML terlalu dalam"
    except ValueError:  # PyYAML's int() of a number with thousands of digits
        mark, msg = None, "angka dengan terlalu banyak digit"
    raise InputValidationError([Problem(file, None, None, msg + _at(mark),
                                        "YAML sesuai data/scenarios/README.md; isi baris "
                                        "tidak ditampilkan")]) from None
