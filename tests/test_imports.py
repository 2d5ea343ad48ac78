"""The package's import graph: no circle, and the one-way flow ARCHITECTURE.md describes.

Every import counts: at module level, inside a function (an import deferred into a function to
dodge a circle is still a circle) or under ``TYPE_CHECKING``. An import is an edge to the module it
names: ``from P import x`` goes to ``P.x`` when that is a module, else to ``P``. The packages Python
loads on the way to a module (its parents) are not edges, so a package that re-exports its own
modules (``models/__init__``) is no circle; one of those modules importing the package back would be.
"""

import ast
import importlib.util
import pkgutil
from pathlib import Path

import gsef_sessions

PACKAGE = gsef_sessions.__name__


def _modules():
    """Every module of the package: its dotted name and whether it is a package."""
    found = {PACKAGE: True}
    for info in pkgutil.walk_packages(gsef_sessions.__path__, prefix=f"{PACKAGE}."):
        found[info.name] = info.ispkg
    return found


def _source(name):
    return Path(importlib.util.find_spec(name).origin).read_text()


def _imported(node, *, module, is_package, modules):
    """The package's modules that one import statement names."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if node.level:
        base = (module if is_package else module.rpartition(".")[0]).split(".")
        base = base[: len(base) - node.level + 1]
        target = ".".join(base + ([node.module] if node.module else []))
    else:
        target = node.module
    return [f"{target}.{alias.name}" if f"{target}.{alias.name}" in modules else target for alias in node.names]


def _graph():
    """Each module of the package and the package's modules it imports."""
    modules = _modules()
    graph = {}
    for module, is_package in modules.items():
        tree = ast.parse(_source(module))
        graph[module] = {
            target
            for node in ast.walk(tree)
            if isinstance(node, (ast.Import, ast.ImportFrom))
            for target in _imported(node, module=module, is_package=is_package, modules=modules)
            if target in modules and target != module
        }
    return graph


def _cycle(graph):
    """One circle of imports as a list of modules (first == last), or None."""
    done, path, on_path = set(), [], set()

    def visit(module):
        path.append(module)
        on_path.add(module)
        for target in sorted(graph[module]):
            if target in on_path:
                return path[path.index(target) :] + [target]
            if target not in done and (found := visit(target)):
                return found
        on_path.discard(path.pop())
        done.add(module)
        return None

    for module in sorted(graph):
        if module not in done and (found := visit(module)):
            return found
    return None


def _inside(module, package):
    return module == package or module.startswith(f"{package}.")


def _reaching(graph, *, sources, forbidden):
    """``source → … → module`` for each way a module of ``sources`` loads one of ``forbidden``,
    directly or through other modules; each path ends at its first forbidden module."""
    found = []
    for source in sorted(module for module in graph if _inside(module, sources)):
        paths, todo = {source: [source]}, [source]
        while todo:
            current = todo.pop()
            for target in sorted(graph[current]):
                if target in paths:
                    continue
                paths[target] = paths[current] + [target]
                if _inside(target, forbidden):
                    found.append(" → ".join(paths[target]))
                else:
                    todo.append(target)
    return found


def test_imports_no_cycle():
    cycle = _cycle(_graph())

    assert cycle is None, "Import circle: " + " → ".join(cycle or [])


def test_imports_pdf_engines_load_nothing_from_domain():
    found = _reaching(_graph(), sources=f"{PACKAGE}.pdf", forbidden=f"{PACKAGE}.domain")

    assert found == [], "Engines see data only, yet: " + "; ".join(found)


def test_imports_models_load_nothing_from_domain():
    found = _reaching(_graph(), sources=f"{PACKAGE}.models", forbidden=f"{PACKAGE}.domain")

    assert found == [], "Data flows one way, yet: " + "; ".join(found)
