"""The ``ucj`` command line.

Each group of commands lives in ``ucjlib/commands/<name>.py`` and exposes
``register(app)``. Errors that ucjlib raises on purpose (:class:`UcjError`)
become a one-paragraph message on stderr and a non-zero exit code, never a
traceback.
"""

from __future__ import annotations

import importlib
import sys

import typer

from ucjlib.errors import UcjError

COMMAND_MODULES = ("wilayah", "boundaries", "demo", "data", "coverage", "report")

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


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", help="Tampilkan versi ucjlib lalu keluar."),
) -> None:
    if version:
        from ucjlib import __version__

        typer.echo(f"ucjlib {__version__}")
        raise typer.Exit()


def _register_all() -> None:
    for name in COMMAND_MODULES:
        modname = f"{__package__}.commands.{name}"
        try:
            module = importlib.import_module(modname)
        except ModuleNotFoundError as exc:
            if exc.name == modname:
                continue  # command group not built yet
            raise
        module.register(app)


_register_all()


def main(argv: list[str] | None = None) -> int:
    """Run the ``ucj`` command; return the exit code."""
    try:
        code = app(args=argv, standalone_mode=False)
    except UcjError as exc:
        typer.secho(f"Kesalahan: {exc}", fg=typer.colors.RED, err=True)
        return exc.exit_code
    except KeyboardInterrupt:
        typer.echo("Dibatalkan.", err=True)
        return 130
    except SystemExit as exc:  # typer.Exit inside commands
        return int(exc.code or 0)
    except Exception as exc:  # click usage errors and the like
        import click

        if isinstance(exc, click.exceptions.Exit):
            return exc.exit_code
        if isinstance(exc, click.ClickException):
            exc.show()
            return exc.exit_code
        if isinstance(exc, click.exceptions.Abort):
            return 1
        raise
    return int(code or 0) if isinstance(code, int) else 0


def run() -> None:  # pragma: no cover - console entry point
    """Console-script entry point."""
    sys.exit(main())


if __name__ == "__main__":  # pragma: no cover
    run()
