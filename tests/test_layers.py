"""Layer rules of the package, read from the source (issue 18).

* no import cycle between ucjlib modules, counting imports inside functions;
* no module reaches into another module's ``_private`` name;
* the library (everything outside ``ucjlib/commands`` and ``ucjlib/cli.py``) does not
  import the command line;
* no module is over 600 lines.

The import graph is built from the AST, so an import written inside a function, or under
``if TYPE_CHECKING:``, counts as much as one at the top of the file: a cycle is broken by
moving the shared piece into a lower module, not by hiding an import.
``from ucjlib.x import y`` is an edge to ``ucjlib.x.y`` when ``y`` is a submodule, else to
``ucjlib.x``.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "ucjlib"
ROOT = "ucjlib"


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def _is_package(name: str) -> bool:
    return MODULES[name].name == "__init__.py"


def _absolute(module: str, node: ast.ImportFrom) -> str:
    """The absolute module name of ``from <node.module> import ...`` inside ``module``."""
    if not node.level:
        return node.module or ""
    base = module.split(".")
    if not _is_package(module):
        base = base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def _owner(name: str) -> str | None:
    """The ucjlib module that ``name`` (a dotted name) lives in, or None outside ucjlib."""
    while name:
        if name in MODULES:
            return name
        name = name.rpartition(".")[0]
    return None


def _tree(module: str) -> ast.Module:
    return ast.parse(MODULES[module].read_text(encoding="utf-8"))


def _imports(module: str) -> list[tuple[str, int, str | None]]:
    """(imported module, line, imported name or None) for every import in ``module``.

    ``from a import b`` yields ``a.b`` (name None) when ``b`` is a submodule, else
    ``a`` with name ``b``.
    """
    found = []
    for node in ast.walk(_tree(module)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                owner = _owner(alias.name)
                if owner:
                    found.append((owner, node.lineno, None))
        elif isinstance(node, ast.ImportFrom):
            source = _absolute(module, node)
            for alias in node.names:
                sub = f"{source}.{alias.name}"
                if sub in MODULES:
                    found.append((sub, node.lineno, None))
                elif _owner(source):
                    found.append((_owner(source), node.lineno, alias.name))
    return found


def _graph() -> dict[str, set[str]]:
    return {m: {target for target, _, _ in _imports(m) if target != m} for m in MODULES}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_the_graph_sees_imports_inside_functions():
    # sanity checks of the reader itself, on modules known to import inside functions
    graph = _graph()
    assert "ucjlib.errors" in graph["ucjlib.checks"]
    assert all(m.startswith(ROOT) for targets in graph.values() for m in targets)
    assert len(MODULES) > 50


def test_no_import_cycles():
    cycles = _cycles(_graph())
    assert not cycles, "import cycles between ucjlib modules:\n" + "\n".join(
        " <-> ".join(c) for c in cycles)


def _private_reaches(module: str) -> list[str]:
    """``from m import _x`` and ``m._x`` on an imported ucjlib module, m != module."""
    reaches = []
    for target, line, name in _imports(module):
        if name and name.startswith("_") and not name.startswith("__") and target != module:
            if not (_is_package(module) and target.startswith(module + ".")):
                reaches.append(f"{module}:{line} from {target} import {name}")
    tree = _tree(module)
    # names bound to ucjlib modules: `import ucjlib.x as y`, `from ucjlib import x`
    bound: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if _owner(alias.name) == alias.name:
                    bound[alias.asname or alias.name] = alias.name
        elif isinstance(node, ast.ImportFrom):
            source = _absolute(module, node)
            for alias in node.names:
                sub = f"{source}.{alias.name}"
                if sub in MODULES:
                    bound[alias.asname or alias.name] = sub
    for node in ast.walk(tree):
        if not isinstance(node, ast.Attribute):
            continue
        attr = node.attr
        if not attr.startswith("_") or attr.startswith("__"):
            continue
        dotted = []
        value = node.value
        while isinstance(value, ast.Attribute):
            dotted.append(value.attr)
            value = value.value
        if not isinstance(value, ast.Name) or value.id not in bound:
            continue
        target = ".".join([bound[value.id], *reversed(dotted)])
        if target in MODULES and target != module:
            if not (_is_package(module) and target.startswith(module + ".")):
                reaches.append(f"{module}:{node.lineno} {target}.{attr}")
    return reaches


def test_no_reach_into_private_names():
    reaches = [r for m in MODULES for r in _private_reaches(m)]
    assert not reaches, "private names used from another module:\n" + "\n".join(reaches)


def _is_cli(module: str) -> bool:
    return module == f"{ROOT}.cli" or module == f"{ROOT}.commands" or \
        module.startswith(f"{ROOT}.commands.") or module == f"{ROOT}.__main__"


def test_the_library_does_not_import_the_cli():
    leaks = [f"{m}:{line} imports {target}"
             for m in MODULES if not _is_cli(m)
             for target, line, _ in _imports(m) if _is_cli(target)]
    assert not leaks, "library modules importing the command line:\n" + "\n".join(leaks)


#: The longest a module may be; one past it does several jobs and is to be split.
MAX_LINES = 600


def test_no_module_over_600_lines():
    sizes = {path.relative_to(PACKAGE.parent).as_posix():
             len(path.read_text(encoding="utf-8").splitlines()) for path in MODULES.values()}
    over = sorted(f"{name}: {n} lines" for name, n in sizes.items() if n > MAX_LINES)
    assert not over, f"modules over {MAX_LINES} lines (split them):\n" + "\n".join(over)


def test_no_export_is_shadowed_by_a_submodule_of_the_same_name():
    """``ucj.compare`` must stay the function after ``import ucjlib.<module>`` of any module.

    Importing ``ucjlib.x`` sets the package attribute ``x`` to the module, replacing a
    lazily exported function ``x`` (``'module' object is not callable``).
    """
    import pkgutil

    import ucjlib

    modules = {m.name for m in pkgutil.iter_modules(ucjlib.__path__)}
    shadowed = sorted(n for n in ucjlib.__all__ if n in modules)
    assert not shadowed, shadowed
