"""The language of ``ucj --help`` (issue 18): Indonesian by default, English on request.

The Indonesian help stays where it is written, in the commands' docstrings and
``help=`` texts. The English text of every command and option is in
``data/text/cli.yml``, keyed by command path and parameter name::

    cli.help                      the top-level help
    cli.opt.version               an option of the top level
    cli.coverage.help             a command's help
    cli.coverage.opt.level        its option --level (by parameter name)
    cli.coverage.arg.kabupaten    its argument
    cli.boundaries.build.help     a subcommand of a group

(the ``id`` text beside each ``en`` is the Indonesian source it translates; a test
checks both are current). The language is decided once, before click parses anything
(``--help`` is eager): the last ``--lang en``/``--lang=en`` of the command line, else
``UCJ_LANG``, else Indonesian. :func:`localise` then prepares the click command tree:

- in English, every help text is swapped for its English entry, a ``--lang`` option
  defaults to ``en`` and the Indonesian spelling of an option with an English one
  (``--skenario``) is left out of the help;
- click's own words (``Usage:``, ``Options:``, ``Show this message and exit.``,
  ``[default: ...]``, ``[required]``) are written in the help's language;
- every command and group accepts ``--lang`` (those without an output language take it
  for their help only), so ``ucj boundaries --help --lang en`` is not a usage error;
- ``ucj regions`` is the English name of ``ucj wilayah`` (each help lists its own), and
  ``--table`` of ``ucj project``/``ucj budget`` accepts English table names.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import lru_cache
from typing import Any

from ucjlib.errors import ArgumentError
from ucjlib.text import LANGS, catalogue, say

__all__ = ["COMMAND_ALIASES", "LANG_ENV", "VALUE_ALIASES", "english_help", "env_lang",
           "help_key", "localise", "requested_lang", "walk"]

LANG_ENV = "UCJ_LANG"

# English name -> the command it stands for (the top level); each help lists one of them
COMMAND_ALIASES = {"regions": "wilayah"}

# (command path, parameter name) -> {English value: the value the command takes}
VALUE_ALIASES: dict[tuple[str, str], dict[str, str]] = {
    ("project", "table"): {"allocation": "alokasi", "path": "jalur", "scenarios": "skenario",
                           "backtest": "uji-balik"},
    ("budget", "table"): {"budget": "anggaran", "cashflow": "arus-kas",
                          "comparison": "perbandingan", "sensitivity": "sensitivitas",
                          "rules": "aturan"},
}

# an option's Indonesian spelling, left out of the English help when it has an English one
_INDONESIAN_SPELLING = {"--skenario": "--scenario", "--dengan-pdf": "--pdf",
                        "--tanpa-pdf": "--no-pdf"}

# click's own words -> catalogue codes
_HEADINGS = {"Usage": "cli.word.usage", "Options": "cli.word.options",
             "Arguments": "cli.word.arguments", "Commands": "cli.word.commands"}
_CLICK_HELP = {"Show this message and exit.": "cli.help_option"}
_MARKS = re.compile(r"  \[([^\[\]]*)\]$")


def env_lang(environ: Mapping[str, str] | None = None) -> str | None:
    """Return the language ``UCJ_LANG`` asks for, ``None`` when it is unset or empty.

    ``en``, ``EN``, ``en_US.UTF-8`` and ``en-GB`` all mean English (the part before
    ``_``, ``-`` or ``.``).

    Raises
    ------
    ArgumentError
        For any other language (exit code 2): a wrong setting is said, not ignored.

    Examples
    --------
    >>> env_lang({"UCJ_LANG": "en_US.UTF-8"}), env_lang({"UCJ_LANG": ""})
    ('en', None)
    """
    environ = os.environ if environ is None else environ
    raw = (environ.get(LANG_ENV) or "").strip()
    if not raw:
        return None
    lang = re.split(r"[_.\-@]", raw, maxsplit=1)[0].lower()
    if lang not in LANGS:
        raise ArgumentError(LANG_ENV, raw, "id atau en (Indonesian or English; or leave "
                            f"{LANG_ENV} unset)")
    return lang


def _lang_values(args: Sequence[str]) -> Iterator[str]:
    """Yield the values of ``--lang`` in ``args`` (up to ``--``), in order."""
    it = iter(args)
    for arg in it:
        if arg == "--":
            return
        if arg == "--lang":
            value = next(it, None)
            if value is not None:
                yield value
        elif arg.startswith("--lang="):
            yield arg.partition("=")[2]


def requested_lang(args: Sequence[str], environ: Mapping[str, str] | None = None) -> str:
    """Return the language of this command line: its last valid ``--lang``, else ``UCJ_LANG``.

    An unknown ``--lang`` value is left to the command (which refuses it, unless ``--help``
    comes first: the help is then in the ``UCJ_LANG`` language, or Indonesian).

    Examples
    --------
    >>> requested_lang(["coverage", "--help", "--lang", "en"], {})
    'en'
    >>> requested_lang(["--lang=en", "report", "X", "--lang", "id"], {"UCJ_LANG": "en"})
    'id'
    >>> requested_lang(["coverage"], {"UCJ_LANG": "en"})
    'en'
    """
    given = [v.strip().lower() for v in _lang_values(args)]
    given = [v for v in given if v in LANGS]
    if given:
        env_lang(environ)  # a wrong UCJ_LANG is refused all the same
        return given[-1]
    return env_lang(environ) or "id"


def help_key(path: Sequence[str], param: Any = None) -> str:
    """Return the catalogue code of a command's help, or of one of its parameters.

    Examples
    --------
    >>> help_key(["coverage"]), help_key([])
    ('cli.coverage.help', 'cli.help')
    """
    base = ".".join(["cli", *path])
    if param is None:
        return f"{base}.help"
    kind = "arg" if param.param_type_name == "argument" else "opt"
    return f"{base}.{kind}.{param.name}"


def english_help(code: str) -> str:
    r"""Return the English text of ``code``; a ``\b`` line keeps click from rewrapping."""
    return _click_text(catalogue()[code]["en"])


def _click_text(text: str) -> str:
    return re.sub(r"(?m)^\\b$", "\b", text)


def walk(command: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    """Yield ``(path, command)`` for a click command and every subcommand (aliases once)."""
    yield path, command
    for name, sub in getattr(command, "commands", {}).items():
        if name not in COMMAND_ALIASES:
            yield from walk(sub, (*path, name))


def _word(text: str, table: Mapping[str, str], lang: str) -> str:
    code = table.get(text)
    return say(code, lang) if code else text


def _marks(definition: str, lang: str) -> str:
    """Write click's ``[default: x; required]`` and its help option's text in ``lang``."""
    definition = _word(definition, _CLICK_HELP, lang)

    def one(part: str) -> str:
        if part.startswith("default: "):
            return say("cli.word.default", lang, value=part[len("default: "):])
        return say("cli.word.required", lang) if part == "required" else part

    return _MARKS.sub(lambda m: "  [" + "; ".join(one(p) for p in m.group(1).split("; "))
                      + "]", definition)


@lru_cache(maxsize=8)
def _context_class(base: type, lang: str) -> type:
    """Return a click ``Context`` class of ``base`` whose help is formatted in ``lang``."""

    class Formatter(base.formatter_class):  # type: ignore[name-defined,misc]
        def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
            if prefix is None:
                prefix = say("cli.word.usage", lang) + ": "
            super().write_usage(prog, args, prefix)

        def write_heading(self, heading: str) -> None:
            super().write_heading(_word(heading, _HEADINGS, lang))

        def write_dl(self, rows: Sequence[tuple[str, str]], *args: Any, **kwargs: Any) -> None:
            super().write_dl([(term, _marks(text, lang)) for term, text in rows],
                             *args, **kwargs)

    return type(f"{base.__name__}_{lang}", (base,), {"formatter_class": Formatter})


def _drop_lang(args: list[str], leading: bool) -> list[str]:
    """Return ``args`` without ``--lang X``/``--lang=X`` (a group: only before its command)."""
    out: list[str] = []
    it = iter(args)
    for arg in it:
        if arg == "--":
            out += [arg, *it]
            break
        if arg == "--lang":
            next(it, None)
            continue
        if arg.startswith("--lang="):
            continue
        out.append(arg)
        if leading and not arg.startswith("-"):
            out += list(it)
            break
    return out


def _accept_lang(command: Any) -> None:
    """Let a command without ``--lang`` take one (for its help) instead of refusing it."""
    parse_args = command.parse_args
    leading = hasattr(command, "commands")

    def parse(ctx: Any, args: list[str]) -> list[str]:
        return parse_args(ctx, _drop_lang(list(args), leading))

    command.parse_args = parse


def _value_aliases(param: Any, aliases: Mapping[str, str]) -> None:
    callback = param.callback

    def english_value(ctx: Any, par: Any, value: Any) -> Any:
        if isinstance(value, str):
            value = aliases.get(value.strip().lower(), value)
        return callback(ctx, par, value) if callback is not None else value

    param.callback = english_value


def _hide_spellings(param: Any) -> None:
    """Leave an option's Indonesian spelling out of its help record (it still works).

    Both the option's names and a flag's off-names (``--tanpa-pdf`` beside ``--no-pdf``).
    """
    record = param.get_help_record
    names = [*param.opts, *getattr(param, "secondary_opts", [])]
    hidden = [o for o, english in _INDONESIAN_SPELLING.items()
              if o in names and english in names]
    if not hidden:
        return

    def help_record(ctx: Any) -> Any:
        opts, secondary = param.opts, getattr(param, "secondary_opts", [])
        param.opts = [o for o in opts if o not in hidden]
        if secondary:
            param.secondary_opts = [o for o in secondary if o not in hidden]
        try:
            return record(ctx)
        finally:
            param.opts = opts
            if secondary:
                param.secondary_opts = secondary

    param.get_help_record = help_record


def _list_in(group: Any, lang: str) -> None:
    """List ``ucj regions`` in English help and ``ucj wilayah`` in Indonesian help."""
    list_commands: Callable[[Any], list[str]] = group.list_commands
    english_name = {i: e for e, i in COMMAND_ALIASES.items()}

    def listed(ctx: Any) -> list[str]:
        names = [n for n in list_commands(ctx) if n not in COMMAND_ALIASES]
        if lang == "en":  # the English name where the Indonesian one stands
            names = [english_name.get(n, n) for n in names]
        return names

    group.list_commands = listed


def localise(root: Any, lang: str) -> Any:
    """Prepare the click command tree ``root`` (built for this run) for ``lang``; return it."""
    for english, indonesian in COMMAND_ALIASES.items():
        if indonesian in getattr(root, "commands", {}):
            root.commands[english] = root.commands[indonesian]
    if hasattr(root, "commands"):
        _list_in(root, lang)
    for path, command in walk(root):
        command.context_class = _context_class(type(command).context_class, lang)
        names = {p.name for p in command.params}
        if "lang" not in names:
            _accept_lang(command)
        if lang == "en":
            command.help = english_help(help_key(path))
            command.short_help = None
        for param in command.params:
            aliases = VALUE_ALIASES.get((".".join(path), param.name or ""))
            if aliases:
                _value_aliases(param, aliases)
            if lang != "en":
                continue
            if getattr(param, "help", None) is not None:
                param.help = english_help(help_key(path, param))
            if param.name == "lang" and param.default == "id":
                param.default = "en"
            if aliases and param.default in aliases.values():
                param.default = next(e for e, i in aliases.items() if i == param.default)
            _hide_spellings(param)
    return root
