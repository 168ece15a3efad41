"""The ``ucj`` command line.

Each group of commands lives in ``ucjlib/commands/<name>.py`` and exposes
``register(app)``. No mistake a user can make ends in a Python traceback:

- errors ucjlib raises on purpose (:class:`~ucjlib.errors.UcjError`) become a
  one-paragraph message on stderr and their documented exit code;
- usage errors of the command-line parser (an unknown command or option, a
  missing argument) become one paragraph and exit code 2, whichever
  typer/click version is installed (typer 0.29 bundles its own click, whose
  exceptions are not click's);
- anything else is a bug: one paragraph naming the place, exit code 70, and
  the traceback only with ``UCJ_DEBUG=1`` (it may quote data, so it is not
  shown by default).

Language: Indonesian by default. ``--lang en`` (anywhere, also before the command:
``ucj --lang en report ...``) or ``UCJ_LANG=en`` makes the help and click's usage errors
English and ``--lang`` default to ``en`` (:mod:`ucjlib.commands.help`); an unknown
``UCJ_LANG`` exits 2.

Exit codes: 0 ok, 1 other error, 2 wrong argument or region, 3 bad input
file, 4 reference data missing or not verified, 5 boundary file, 6 output
cannot be written, 7 a rules file, 70 internal error, 130 interrupted.
"""

from __future__ import annotations

import importlib
import os
import re
import sys
from typing import Any

import typer

from ucjlib.errors import UcjError
from ucjlib.text import say

COMMAND_MODULES = ("wilayah", "boundaries", "demo", "data", "coverage", "project", "budget",
                   "report", "batch", "template", "published")
EXIT_USAGE = 2
EXIT_INTERNAL = 70

app = typer.Typer(
    name="ucj",
    help=(
        "ucjlib — Universal Coverage Jamsostek untuk kabupaten/kota.\n\n"
        "Contoh: ucj wilayah find bojonegoro · ucj boundaries build · "
        "ucj coverage Bojonegoro"
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        from ucjlib import __version__

        typer.echo(f"ucjlib {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", is_eager=True, callback=_version,
                                 help="Tampilkan versi ucjlib lalu keluar."),
    lang: str | None = typer.Option(
        None, "--lang", help="Bahasa bantuan dan bawaan --lang perintah: id | en "
        "(tanpa ini: UCJ_LANG, lalu id)."),
) -> None:
    """Universal Coverage Jamsostek untuk kabupaten/kota."""
    if lang is not None:  # its effect is taken before parsing (ucjlib.commands.help)
        from ucjlib.commands._common import choice

        choice("--lang", lang, ("id", "en"))


def _register_all() -> None:
    for name in COMMAND_MODULES:
        importlib.import_module(f"ucjlib.commands.{name}").register(app)


_register_all()

# click's English usage messages, in Indonesian (the rest of the message is kept)
_TRANSLATIONS = [
    (r"^No such command '(.+)'\.", r"Perintah tidak dikenal: '\1'."),
    (r"^No such option: (\S+)", r"Opsi tidak dikenal: \1."),
    (r"Did you mean (\S+)\?", r"Maksud Anda \1?"),
    (r"\(Possible options: (.+)\)", r"(Pilihan: \1)"),
    (r"^Missing argument '(.+)'\.", r"Argumen wajib belum diberikan: '\1'."),
    (r"^Missing option '(.+)'\.", r"Opsi wajib belum diberikan: '\1'."),
    (r"^Missing command\.", "Perintah belum diberikan."),
    (r"^Option '(.+)' requires an argument\.", r"Opsi '\1' perlu nilai."),
    (r"^Invalid value for '(.+)': ", r"Nilai tidak valid untuk '\1': "),
    (r"^Got unexpected extra arguments? \((.+)\)", r"Argumen tambahan tidak dikenal: \1."),
    (r"is not a valid (integer|float)", r"bukan angka"),
    (r"is not one of", "bukan salah satu dari"),
]


def language(argv: list[str] | None = None) -> str:
    """Return the language of this command line (``sys.argv`` when ``None``).

    The last ``--lang`` of ``argv``, else ``UCJ_LANG``, else Indonesian
    (:func:`ucjlib.commands.help.requested_lang`); a wrong ``UCJ_LANG`` is an
    :class:`~ucjlib.errors.ArgumentError`.
    """
    from ucjlib.commands.help import requested_lang

    return requested_lang(sys.argv[1:] if argv is None else argv)


def command(lang: str = "id") -> Any:
    """Return the click command of ``ucj`` with its help in ``lang``."""
    from typer.main import get_command

    from ucjlib.commands.help import localise

    return localise(get_command(app), lang)


def _usage_text(message: str) -> str:
    for pattern, repl in _TRANSLATIONS:
        message = re.sub(pattern, repl, message)
    return message


def _click_error_types() -> tuple[tuple[type, ...], tuple[type, ...], tuple[type, ...]]:
    """(ClickException, Exit, Abort) classes of every click that may be in use."""
    usage: list[type] = []
    exits: list[type] = [typer.Exit] if isinstance(getattr(typer, "Exit", None), type) else []
    aborts: list[type] = [typer.Abort] if isinstance(getattr(typer, "Abort", None), type) else []
    for modname in ("click.exceptions", "typer._click.exceptions", "typer.exceptions"):
        try:
            mod = importlib.import_module(modname)
        except ImportError:
            continue
        for name, bucket in (("ClickException", usage), ("Exit", exits), ("Abort", aborts)):
            cls = getattr(mod, name, None)
            if isinstance(cls, type) and cls not in bucket:
                bucket.append(cls)
    return tuple(usage), tuple(exits), tuple(aborts)


def _err(text: str) -> None:
    typer.secho(text, fg=typer.colors.RED, err=True)


def _command_path(exc: BaseException) -> str:
    ctx = getattr(exc, "ctx", None)
    path = getattr(ctx, "command_path", None) if ctx is not None else None
    return path or "ucj"


def main(argv: list[str] | None = None) -> int:
    """Run the ``ucj`` command and return its exit code (never raises for user mistakes).

    Examples
    --------
    >>> main(["--version"])  # doctest: +ELLIPSIS
    ucjlib ...
    0
    """
    usage, exits, aborts = _click_error_types()
    lang = "id"
    try:
        lang = language(argv)
        code = command(lang).main(args=argv, standalone_mode=False, prog_name="ucj")
    except UcjError as exc:
        from ucjlib.render.safe import terminal_text

        _err(say("error.prefix", lang, message=terminal_text(exc)))
        return int(exc.exit_code)
    except KeyboardInterrupt:
        _err(say("error.cancelled", lang))
        return 130
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except Exception as exc:  # noqa: BLE001 - the one place that turns errors into exit codes
        if exits and isinstance(exc, exits):
            return int(getattr(exc, "exit_code", 0) or 0)
        if aborts and isinstance(exc, aborts):
            _err(say("error.cancelled", lang))
            return 1
        if usage and isinstance(exc, usage):
            path = _command_path(exc)
            if lang == "en":  # click's own English message
                msg = exc.format_message().rstrip()
                msg += "" if msg.endswith((".", "?", "!", ")")) else "."
                _err(f"Error: {msg} See `{path} --help`.")
            else:
                _err(f"Kesalahan: {_usage_text(exc.format_message())} Lihat `{path} --help`.")
            return int(getattr(exc, "exit_code", EXIT_USAGE) or EXIT_USAGE)
        if os.environ.get("UCJ_DEBUG"):
            raise
        tb = exc.__traceback__
        while tb is not None and tb.tb_next is not None:
            tb = tb.tb_next
        where = (f"{os.path.basename(tb.tb_frame.f_code.co_filename)}:{tb.tb_lineno}"
                 if tb is not None else "?")
        _err(say("error.internal", lang, kind=type(exc).__name__, where=where))
        return EXIT_INTERNAL
    return int(code) if isinstance(code, int) else 0


def run() -> None:  # pragma: no cover - console entry point
    """Console-script entry point."""
    import signal

    if hasattr(signal, "SIGXFSZ"):  # a file-size limit becomes an OSError we explain, not a kill
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    if not os.environ.get("UCJ_DEBUG"):
        # after a failed write (full disk) a half-written workbook's ZipFile tries again when
        # it is garbage-collected; Python prints that "Exception ignored" with a traceback
        # after our one-paragraph message. It is ignored by definition: keep it quiet.
        sys.unraisablehook = lambda unraisable: None
    sys.exit(main())


if __name__ == "__main__":  # pragma: no cover
    run()
