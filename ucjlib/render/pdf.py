"""HTML to A4 PDF through WeasyPrint: the one PDF engine of ucjlib.

The report's PDF and the action sheets are written from HTML (the same content as
``report.html``), laid out by WeasyPrint with a print style sheet (``@page`` rules:
A4, page numbers, a running demo label). No network: WeasyPrint is given a URL
fetcher that refuses anything but ``data:`` URIs and files under the report folder.

WeasyPrint needs the Pango library of the operating system (on Debian/Ubuntu the
``libpango-1.0-0`` package, present wherever a desktop is; on Windows the GTK
runtime). Where it cannot be loaded, :func:`pdf_engine_problem` says why and the
caller keeps the HTML report and says the PDF was skipped.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ucjlib.errors import OutputError

__all__ = ["html_to_pdf", "layout_html", "pdf_engine_problem", "write_document"]

_PROBLEM: list[str | None] = []


def pdf_engine_problem() -> str | None:
    """Return why no PDF can be written here (None: WeasyPrint works).

    The reason is technical and in no language (``WeasyPrint (OSError: cannot load library
    'libpango-1.0-0' …)``); the messages that report it (``run.pdf_skipped``,
    ``sheets.skipped``) say what it means and how to install Pango.

    Examples
    --------
    >>> pdf_engine_problem() is None or isinstance(pdf_engine_problem(), str)
    True
    """
    if not _PROBLEM:
        try:
            import weasyprint  # noqa: F401
        except (ImportError, OSError) as exc:  # OSError: Pango library missing
            # the technical reason only (language-neutral: the callers' texts frame it)
            first = str(exc).splitlines()[0][:160] if str(exc) else ""
            _PROBLEM.append(f"WeasyPrint ({type(exc).__name__}: {first})")
        else:
            _PROBLEM.append(None)
    return _PROBLEM[0]


def _allowed(url: str, root: Path | None) -> bool:
    if url.startswith("data:"):
        return True
    if url.startswith("file://") and root is not None:
        from urllib.parse import unquote, urlsplit

        target = Path(unquote(urlsplit(url).path)).resolve()
        return target.is_relative_to(root.resolve())
    return False


def _fetcher(root: Path | None) -> Any:
    """Return a URL fetcher for ``data:`` URIs and files under ``root`` only."""
    import weasyprint.urls as urls

    if hasattr(urls, "URLFetcher"):  # WeasyPrint 66 and later
        class Offline(urls.URLFetcher):  # type: ignore[misc, name-defined]
            def fetch(self, url: str, headers: Any = None) -> Any:  # noqa: D102
                if not _allowed(url, root):
                    raise ValueError(f"refused (offline report): {url[:80]}")
                return super().fetch(url, headers)

        return Offline()

    def fetch(url: str, *args: Any, **kwargs: Any) -> Any:  # pragma: no cover - old API
        if not _allowed(url, root):
            raise ValueError(f"refused (offline report): {url[:80]}")
        return urls.default_url_fetcher(url, *args, **kwargs)

    return fetch


def layout_html(html: str, *, base_dir: str | os.PathLike | None = None,
                stylesheets: list[str] | tuple[str, ...] = ()) -> Any:
    """Lay ``html`` out on pages and return WeasyPrint's document (not yet written).

    Several documents' pages can be joined into one (``doc.copy(pages)``) and each
    written with :func:`write_document`. Raises :class:`OutputError` without an engine.
    """
    problem = pdf_engine_problem()
    if problem is not None:
        from ucjlib.text import say

        raise OutputError(Path(base_dir or "."), say("pdf.no_engine", "id", why=problem))
    import logging

    import weasyprint

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    root = Path(base_dir) if base_dir is not None else None
    doc = weasyprint.HTML(string=html, base_url=str(root) + os.sep if root else None,
                          url_fetcher=_fetcher(root))
    return doc.render(stylesheets=[weasyprint.CSS(string=s) for s in stylesheets])


def write_document(doc: Any, path: str | os.PathLike) -> Path:
    """Write a laid-out document as PDF through a temporary file beside ``path``.

    A failure leaves any earlier file untouched and raises :class:`OutputError`.
    """
    path = Path(path)
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        doc.write_pdf(tmp)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise OutputError(path, f"{type(exc).__name__}: {exc.strerror or exc}") from None
    return path


def html_to_pdf(html: str, path: str | os.PathLike, *, base_dir: str | os.PathLike | None = None,
                stylesheets: list[str] | tuple[str, ...] = ()) -> Path:
    """Lay ``html`` out on A4 pages and write the PDF to ``path`` atomically.

    Parameters
    ----------
    html : str
        A whole HTML page; its ``@media print`` and ``@page`` rules apply.
    path : path-like
        The PDF to write (through a temporary file beside it: a failure leaves any
        earlier file untouched).
    base_dir : path-like, optional
        Folder relative links resolve against; only files under it may be read.
    stylesheets : sequence of str
        Extra CSS text applied after the page's own.

    Raises
    ------
    OutputError
        When WeasyPrint cannot be loaded or the file cannot be written.
    """
    path = Path(path)
    if pdf_engine_problem() is not None:
        from ucjlib.text import say

        raise OutputError(path, say("pdf.no_engine", "id", why=pdf_engine_problem()))
    return write_document(layout_html(html, base_dir=base_dir, stylesheets=stylesheets), path)
