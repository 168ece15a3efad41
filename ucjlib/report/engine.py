"""A papermill engine that runs report notebooks inside this process: no kernel to start.

In a report the analysis is already done (:mod:`ucjlib.report.analysis`) and the
notebooks only *render* the kept results: they load JSON/Parquet, format tables and
show the charts already saved under ``charts/``. Starting a Jupyter kernel for that
(a new Python process importing pandas, geopandas, matplotlib and ucjlib again) cost
more than everything the notebooks do, so the report registers this engine with
papermill and runs every notebook in one :class:`IPython.core.interactiveshell.InteractiveShell`
of the report's own process, a fresh namespace per notebook. Papermill still
parameterises the notebook, records cell metadata and writes the executed notebook
(with an error banner when a cell fails); the outputs are the same kinds of
``display_data``/``execute_result``/``stream``/``error`` outputs a kernel sends.

Notebooks run one at a time per process (a lock): the shell, ``sys.stdout`` and the
display publisher are process-wide. Interactive use (JupyterLab, nbval) is untouched:
there a real kernel runs the same notebooks, which then compute for themselves.
"""

from __future__ import annotations

import base64
import contextlib
import io
import sys
import threading
from typing import Any

__all__ = ["ENGINE", "InProcessEngine", "register"]

#: Name under which the engine is registered with papermill.
ENGINE = "ucj-inprocess"

_LOCK = threading.RLock()
_SHELL: Any = None


def _shell() -> Any:
    """Return this process's shell for report notebooks (made once)."""
    global _SHELL
    if _SHELL is None:
        from IPython.core.interactiveshell import InteractiveShell
        from traitlets.config import Config

        config = Config()
        config.HistoryManager.enabled = False  # no SQLite history of report cells
        _SHELL = InteractiveShell.instance(config=config)
        # `%matplotlib inline` asks for a GUI event loop, which a plain shell lacks; the
        # inline backend needs none (its figures come out as display data, captured here)
        _SHELL.enable_gui = lambda gui=None: None
        _SHELL.display_formatter.active_types = [
            "text/plain", "text/html", "text/markdown", "image/png", "image/svg+xml",
            "image/jpeg", "application/json"]
    return _SHELL


class _Capture:
    """Collect what one cell shows, as nbformat outputs, in the order it was shown."""

    def __init__(self) -> None:
        self.outputs: list[dict[str, Any]] = []
        self._streams: dict[str, io.StringIO] = {}

    # -- streams: consecutive writes to one stream form one output -----------------------
    def write(self, name: str, text: str) -> None:
        if not text:
            return
        last = self.outputs[-1] if self.outputs else None
        if last is not None and last.get("output_type") == "stream" and last["name"] == name:
            last["text"] += text
        else:
            self.outputs.append({"output_type": "stream", "name": name, "text": text})

    def display(self, data: dict[str, Any], metadata: dict[str, Any] | None,
                kind: str = "display_data", count: int | None = None) -> None:
        clean = {}
        for mime, value in data.items():
            if isinstance(value, bytes | bytearray):  # as a kernel sends it: base64 text
                value = base64.b64encode(bytes(value)).decode("ascii")
            clean[mime] = value
        out: dict[str, Any] = {"output_type": kind, "data": clean,
                               "metadata": dict(metadata or {})}
        if kind == "execute_result":
            out["execution_count"] = count
        self.outputs.append(out)

    def clear(self) -> None:
        self.outputs.clear()


class _Stream(io.TextIOBase):
    def __init__(self, capture: _Capture, name: str) -> None:
        self._capture, self.name = capture, name

    def write(self, text: str) -> int:  # type: ignore[override]
        self._capture.write(self.name, str(text))
        return len(text)

    def writable(self) -> bool:  # noqa: D102
        return True

    def isatty(self) -> bool:  # noqa: D102
        return False


def _publisher(capture: _Capture) -> Any:
    from IPython.core.displaypub import DisplayPublisher

    class _Publisher(DisplayPublisher):
        def publish(self, data: dict[str, Any], metadata: dict[str, Any] | None = None,
                    source: Any = None, *, transient: Any = None, update: bool = False,
                    **kw: Any) -> None:
            capture.display(data, metadata)

        def clear_output(self, wait: bool = False) -> None:
            capture.clear()

    return _Publisher()


def _hook(shell: Any, capture: _Capture) -> Any:
    from IPython.core.displayhook import DisplayHook

    class _Hook(DisplayHook):
        def write_output_prompt(self) -> None:
            pass

        def write_format_data(self, format_dict: dict[str, Any],
                              md_dict: dict[str, Any] | None = None) -> None:
            capture.display(format_dict, md_dict, "execute_result", shell.execution_count)

        def log_output(self, format_dict: dict[str, Any]) -> None:
            pass

    return _Hook(shell=shell, cache_size=0)


class _Runner:
    """Run cells in the shell with a fresh namespace, capturing their outputs."""

    def __init__(self) -> None:
        self.shell = _shell()
        self.count = 0

    def __enter__(self) -> _Runner:
        sh = self.shell
        self._saved = (sh.display_pub, sh.displayhook, sh.display_trap.hook,
                       sh._showtraceback)
        self._clear()
        sh.execution_count = 1
        return self

    def _clear(self) -> None:
        # a fresh namespace per notebook, without InteractiveShell.reset(), whose
        # gc.collect() costs a quarter of a second each time
        sh = self.shell
        hidden = sh.user_ns_hidden
        for name in [k for k in sh.user_ns
                     if k not in hidden and not (k.startswith("__") and k.endswith("__"))]:
            del sh.user_ns[name]
        sh.history_manager.input_hist_parsed[:] = [""]
        sh.history_manager.input_hist_raw[:] = [""]
        sh.history_manager.output_hist.clear()

    def __exit__(self, *exc: Any) -> None:
        sh = self.shell
        sh.display_pub, sh.displayhook, sh.display_trap.hook, sh._showtraceback = self._saved
        self._clear()

    def run(self, source: str) -> tuple[list[dict[str, Any]], dict[str, Any] | None, int]:
        """Run one cell: its outputs, the error output (or None) and its execution count."""
        sh = self.shell
        capture = _Capture()
        error: dict[str, Any] = {}

        def show_tb(etype: Any, evalue: Any, stb: list[str]) -> None:
            error.update(output_type="error", ename=getattr(etype, "__name__", str(etype)),
                         evalue=str(evalue), traceback=list(stb))

        sh.display_pub = _publisher(capture)
        hook = _hook(sh, capture)
        sh.displayhook = hook
        sh.display_trap.hook = hook
        sh._showtraceback = show_tb
        count = sh.execution_count
        stdin, sys.stdin = sys.stdin, io.StringIO()  # input() ends at once, as in papermill
        try:
            with contextlib.redirect_stdout(_Stream(capture, "stdout")), \
                    contextlib.redirect_stderr(_Stream(capture, "stderr")):
                result = sh.run_cell(source, store_history=True, silent=False)
        finally:
            sys.stdin = stdin
        if not error and not result.success:
            exc = result.error_in_exec or result.error_before_exec
            error.update(output_type="error", ename=type(exc).__name__, evalue=str(exc),
                         traceback=[])
        outputs = list(capture.outputs)
        if error:
            outputs.append(error)
        return outputs, (error or None), count


def _engine_class() -> type:
    from nbformat import from_dict
    from papermill.engines import Engine, NotebookExecutionManager

    class InProcessEngine(Engine):
        """Papermill engine: run the notebook's cells in this process (see module doc)."""

        @classmethod
        def execute_notebook(cls, nb: Any, kernel_name: str, output_path: Any = None,
                             progress_bar: bool = False, log_output: bool = False,
                             autosave_cell_every: int = 0, **kwargs: Any) -> Any:
            # no intermediate saves: papermill writes the notebook once at the end
            # (and with an error banner when a cell failed)
            nb_man = NotebookExecutionManager(nb, output_path=None, progress_bar=False,
                                              log_output=False, autosave_cell_every=0)
            nb_man.notebook_start()
            try:
                cls.execute_managed_notebook(nb_man, kernel_name, **kwargs)
            finally:
                nb_man.cleanup_pbar()
                nb_man.notebook_complete()
            return nb_man.nb

        @classmethod
        def execute_managed_notebook(cls, nb_man: Any, kernel_name: str,
                                     ucj_cwd: str | None = None, **kwargs: Any) -> None:
            # relative paths in the notebook (results_dir="../results") are read from the
            # notebook's own folder, as in a kernel started there
            with _LOCK, contextlib.chdir(ucj_cwd or "."), _Runner() as runner:
                for index, cell in enumerate(nb_man.nb.cells):
                    if cell.cell_type != "code":
                        continue
                    nb_man.cell_start(cell, index)
                    outputs, error, count = runner.run(cell.source)
                    cell.execution_count = count
                    cell.outputs = [from_dict(o) for o in outputs]
                    if error is not None:
                        nb_man.cell_exception(cell, index)
                        nb_man.cell_complete(cell, index)
                        break
                    nb_man.cell_complete(cell, index)

    return InProcessEngine


InProcessEngine: Any = None


def register() -> str:
    """Register the in-process engine with papermill (once); return its name."""
    global InProcessEngine
    with _LOCK:
        if InProcessEngine is None:
            from papermill.engines import papermill_engines

            InProcessEngine = _engine_class()
            papermill_engines.register(ENGINE, InProcessEngine)
    return ENGINE


def usable() -> bool:
    """Say whether notebooks may run in this process.

    Not inside a running IPython (a researcher calling ``run_report`` from JupyterLab):
    that shell is the user's, so the report starts a kernel as before.
    """
    if "IPython" in sys.modules:
        from IPython import get_ipython

        ip = get_ipython()
        return ip is None or ip is _SHELL
    return True
