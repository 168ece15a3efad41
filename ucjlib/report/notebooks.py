"""The report's notebooks: which ones, with which parameters, and running one.

Notebooks are executed with papermill from this Python process; in a report their
cells run in this process too (:mod:`ucjlib.report.engine`: no kernel to start, the
imports already paid), since they only render results computed before. Only the
parameters a notebook declares are passed, region codes as strings.
"""

from __future__ import annotations

import contextlib
import re
import subprocess
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ucjlib.errors import UcjError
from ucjlib.paths import notebook_dir

# the order a reader reads them; they run in that order too (each renders saved results)
READING_ORDER = ("00-summary", "01-coverage", "02-projection", "03-budget")
EXECUTION_ORDER = READING_ORDER
KERNEL = "python3"


def available(folder: str | Path | None = None) -> list[Path]:
    """List the report notebooks that exist in ``folder``, in execution order.

    Raises
    ------
    UcjError
        When none of them exists (an install without the notebooks).
    """
    folder = Path(folder) if folder is not None else notebook_dir()
    found = [folder / f"{n}.ipynb" for n in EXECUTION_ORDER if (folder / f"{n}.ipynb").is_file()]
    if not found:
        raise UcjError(f"Tidak ada notebook laporan di {folder} (yang dicari: "
                       + ", ".join(f"{n}.ipynb" for n in EXECUTION_ORDER)
                       + "). Pasang ulang ucjlib atau atur UCJ_NOTEBOOKS.")
    return found


def declared(path: Path) -> dict[str, Any]:
    """Parameters the notebook declares in its ``parameters`` cell (name -> info)."""
    papermill = import_papermill()
    _quiet_parser()
    return dict(papermill.inspect_notebook(str(path)))


class _NoParseWarnings:
    """Drop papermill's "Unable to parse line" warnings (a comment it cannot read)."""

    def filter(self, record: Any) -> bool:  # noqa: D102
        return not str(record.getMessage()).startswith("Unable to parse line")


_FILTER = _NoParseWarnings()


def _quiet_parser() -> None:
    import logging

    log = logging.getLogger("papermill.translators")
    if _FILTER not in log.filters:
        log.addFilter(_FILTER)


def parameters_for(path: Path, wanted: Mapping[str, Any]) -> dict[str, Any]:
    """Keep the part of ``wanted`` the notebook declares (``None``: left to its default).

    Examples
    --------
    >>> nb = notebook_dir() / "01-coverage.ipynb"
    >>> sorted(parameters_for(nb, {"kabupaten": "35.22", "skenario_file": "x", "target": None}))
    ['kabupaten']
    """
    names = declared(path)
    return {k: v for k, v in wanted.items() if k in names and v is not None}


def in_language(nb: Any, lang: str) -> Any:
    """Return notebook ``nb`` with its markdown in ``lang``: in place, and returned.

    Each markdown cell is written in Indonesian and carries its English text in its
    metadata (``{"ucj": {"en": "..."}}``); for ``lang="en"`` that text replaces the cell's
    source (and stays in the metadata). Indonesian leaves the notebook as it is.

    Examples
    --------
    >>> import nbformat
    >>> nb = nbformat.read(notebook_dir() / "01-coverage.ipynb", as_version=4)
    >>> in_language(nb, "en").cells[0].source.splitlines()[0]
    '# 01 — Universal Coverage Jamsostek coverage by area'
    """
    if lang == "id":
        return nb
    for cell in nb.cells:
        text = cell.get("metadata", {}).get("ucj", {}).get(lang)
        if cell.cell_type == "markdown" and text:
            cell.source = text
    return nb


@dataclass(frozen=True)
class NotebookRun:
    """Timing of one executed notebook (for the manifest)."""

    name: str
    output: Path
    start: str
    end: str
    seconds: float
    parameters: dict[str, Any]


class NotebookFailedError(UcjError):
    """A report notebook stopped with an error.

    The message names the notebook, the cell and the error type; the error
    text itself only when it is a ucjlib error (our messages never quote
    personal data; other errors may, so they are not repeated).
    """

    def __init__(self, notebook: str, where: str, what: str, partial: Path | None = None,
                 exit_code: int = 1) -> None:
        self.notebook, self.where, self.what, self.partial = notebook, where, what, partial
        self.exit_code = exit_code
        super().__init__(self._text())

    def _text(self) -> str:
        msg = f"notebook {self.notebook} gagal {self.where}: {self.what}"
        if self.partial is not None:
            msg += f" Notebook yang sudah dijalankan sebagian disimpan di {self.partial}."
        return msg

    def with_partial(self, partial: Path) -> NotebookFailedError:
        """Return the same error, pointing at where the partial notebook was kept."""
        return NotebookFailedError(self.notebook, self.where, self.what, partial,
                                   self.exit_code)


def _ucj_error_class(ename: str) -> type[UcjError] | None:
    import ucjlib.errors as errors

    cls = getattr(errors, ename, None)
    if isinstance(cls, type) and issubclass(cls, UcjError):
        return cls
    if ename in ("RulesError", "NotebookFailedError"):
        return UcjError
    return None


_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _failing_line(source: str, traceback: list[str] | None) -> tuple[int | None, str]:
    r"""Line number in the cell and that line of code, literals masked (code may quote data).

    The line number comes from the traceback's ``Cell In[n], line L`` frame;
    nothing else of the traceback (which ends with the error text) is used.

    Examples
    --------
    >>> _failing_line('x = 1\nraise RuntimeError("NIK 3522010101900001")', None)
    (2, 'raise RuntimeError("…")')
    """
    lines = source.splitlines()
    number = None
    for frame in traceback or []:
        m = re.search(r"Cell In\[\d+\], line (\d+)", _ANSI.sub("", str(frame)))
        if m:
            number = int(m.group(1))
    if number is None or not 1 <= number <= len(lines):
        code = [i for i, ln in enumerate(lines, 1) if ln.strip() and
                not ln.strip().startswith("#")]
        number = code[-1] if code else None
    if number is None:
        return None, ""
    line = lines[number - 1].strip()
    line = re.sub(r"(?P<q>[\"'])(?:\\.|(?!(?P=q)).)*(?P=q)",
                  lambda m: f"{m.group('q')}…{m.group('q')}", line)
    return number, re.sub(r"\d{5,}", "…", line)


def describe_failure(name: str, exc: BaseException) -> NotebookFailedError:
    """Turn papermill's/nbclient's exception into a message that quotes no cell output."""
    try:
        from papermill.exceptions import PapermillExecutionError
    except ImportError:  # pragma: no cover - papermill is a dependency
        PapermillExecutionError = ()  # noqa: N806
    if PapermillExecutionError and isinstance(exc, PapermillExecutionError):
        number, first = _failing_line(exc.source or "", getattr(exc, "traceback", None))
        if len(first) > 80:
            first = first[:77] + "..."
        where = f"di sel In [{exc.exec_count}]"
        if first:
            where += f", baris {number}: `{first}`"
        cls = _ucj_error_class(exc.ename)
        if cls is not None:
            what = f"{exc.ename}: {exc.evalue}"
            code = int(getattr(cls, "exit_code", 1) or 1)
        else:
            what = (f"{exc.ename} (isi pesan tidak ditampilkan karena bisa memuat data; "
                    "lihat notebook yang disimpan).")
            code = 1
        return NotebookFailedError(name, where, what, exit_code=code)
    kind = type(exc).__name__
    if kind == "DeadKernelError":
        return NotebookFailedError(name, "", "kernel Python berhenti (kehabisan memori?).")
    if kind in ("CellTimeoutError", "TimeoutError"):
        return NotebookFailedError(name, "", "waktu habis saat menjalankan sel.")
    return NotebookFailedError(name, "", f"{kind} saat menjalankan notebook.")


def _kernel_manager(cwd: Path, log_path: Path | None) -> type:
    """Make a kernel manager that starts the kernel in ``cwd``, stderr to ``log_path``.

    papermill's own ``cwd`` changes the working directory of the whole
    process while a notebook runs, which is wrong when several notebooks run
    side by side in threads (a kernel may start in another run's folder).
    Starting the kernel process in ``cwd`` touches nothing else. The kernel's
    stderr (start-up warnings) goes to the log file, not to the user's terminal.
    """
    from jupyter_client.manager import AsyncKernelManager

    class _RunKernelManager(AsyncKernelManager):
        async def start_kernel(self, **kw: Any) -> None:  # type: ignore[override]
            kw.setdefault("cwd", str(cwd))
            if log_path is not None:
                fh = open(log_path, "ab")  # noqa: SIM115 - closed when the kernel is cleaned up
                self._ucj_log = fh
                kw.setdefault("stderr", fh)
                kw.setdefault("stdout", subprocess.DEVNULL)
            await super().start_kernel(**kw)

        async def cleanup_resources(self, restart: bool = False) -> None:  # type: ignore[override]
            await super().cleanup_resources(restart=restart)
            fh = getattr(self, "_ucj_log", None)
            if fh is not None:
                with contextlib.suppress(OSError):
                    fh.close()

    return _RunKernelManager


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def import_papermill() -> Any:
    """Import papermill without the 1.3 s grammar compile it does not need.

    papermill imports nbformat, whose validator imports jsonschema, which compiles an
    RFC 3987 grammar (``rfc3987_syntax``, lark) at import for one string format ("iri")
    that no notebook uses. Where that package is not imported yet, it is marked as
    unavailable for this process (jsonschema then skips that one format check).
    """
    import sys

    if "papermill" not in sys.modules and "rfc3987_syntax" not in sys.modules:
        sys.modules["rfc3987_syntax"] = None  # type: ignore[assignment]
    import papermill

    return papermill


def execute(path: Path, out: Path, parameters: Mapping[str, Any], cwd: Path,
            log_path: Path | None = None, timeout: int | None = 1800,
            in_process: bool | None = None) -> NotebookRun:
    """Execute one notebook with papermill into ``out``.

    The executed notebook is written to ``out`` even when a cell fails
    (papermill adds a banner pointing at the cell). Raises
    :class:`NotebookFailedError` on failure.

    Parameters
    ----------
    path, out : Path
        The notebook and where the executed copy goes.
    parameters : mapping
        Passed to papermill.
    cwd : Path
        Working folder of the notebook's code (relative paths in parameters).
    log_path : Path, optional
        The kernel's stderr (kernel mode only).
    timeout : int, optional
        Seconds per cell (kernel mode only).
    in_process : bool, optional
        Run the cells in this process (:mod:`ucjlib.report.engine`, no kernel); default
        whenever this process is not itself an IPython kernel.
    """
    from ucjlib.report import engine

    papermill = import_papermill()
    name = path.stem
    params = dict(parameters)
    source: Any = str(path)
    if params.get("lang", "id") != "id":  # the markdown in the report's language
        import nbformat

        source = in_language(nbformat.read(path, as_version=4), str(params["lang"]))
    if in_process is None:
        in_process = engine.usable()
    _quiet_parser()
    start, t0 = _now(), time.monotonic()
    try:
        if in_process:
            papermill.execute_notebook(source, str(out), parameters=params,
                                       kernel_name=KERNEL, engine_name=engine.register(),
                                       progress_bar=False, log_output=False,
                                       request_save_on_cell_execute=False,
                                       ucj_cwd=str(Path(cwd).resolve()))
        else:
            kwargs: dict[str, Any] = {
                "kernel_manager_class": _kernel_manager(Path(cwd).resolve(), log_path)}
            papermill.execute_notebook(source, str(out), parameters=params,
                                       kernel_name=KERNEL, progress_bar=False,
                                       log_output=False, execution_timeout=timeout,
                                       **kwargs)
    except UcjError:
        raise
    except Exception as exc:  # noqa: BLE001 - every kernel/cell failure becomes one message
        raise describe_failure(name, exc) from None
    return NotebookRun(name, out, start, _now(), round(time.monotonic() - t0, 3), params)
