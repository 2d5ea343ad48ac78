"""No private API of Django or DRF in the package: CI runs two Django majors, and internals change
without deprecation.

The package's source is walked (``ast``) for:

- attributes named with one leading underscore that the package does not define itself, unless
  documented as public: ``_meta`` (Model._meta API), ``_default_manager`` and ``_base_manager``
  (Model attributes, "Managers"), ``_state`` (Model instance reference); of other libraries,
  ``_parler_meta`` (django-parler's documented model API) and ``_history_user`` /
  ``_change_reason`` (django-simple-history's documented ways to record who and why);
- private names that the package could also define itself (overriding them is using them):
  ``_request``, ``_data``, ``_setup``, ``_wrapped``, ``_construct_form``… (``ALWAYS_PRIVATE``);
- internals without an underscore: the query compiler and the database wrapper's own machinery
  (``INTERNALS``);
- imports of underscored names or modules of Django or DRF, and of their internal modules
  (``INTERNAL_MODULES``).

A custom storage's ``_open`` and ``_save`` are Django's documented extension points: defined by the
package, they are not flagged.
"""

import ast
from pathlib import Path

import gsef_sessions

PACKAGE = Path(gsef_sessions.__file__).parent
DOCUMENTED = {"_meta", "_default_manager", "_base_manager", "_state", "_parler_meta", "_history_user", "_change_reason"}
ALWAYS_PRIVATE = {
    "_request",  # DRF's Request wraps Django's: request._request
    "_data",
    "_errors",
    "_fields",
    "_result_cache",
    "_prefetch_related_lookups",
    "_iterable_class",
    "_db",
    "_hints",
    "_setup",  # LazyObject
    "_wrapped",
    "_construct_form",  # formsets
    "_should_delete_form",
    "_get_obj_does_not_exist_redirect",  # ModelAdmin
}
INTERNALS = {
    "extra_select",
    "values_select",
    "annotation_select",
    "col_count",
    "get_compiler",
    "get_converters",
    "apply_converters",
    "make_cursor",
    "make_debug_cursor",
    "close_if_health_check_failed",
    "get_connection_params",
    "in_atomic_block",
    "integer_field_ranges",
}
LIBRARIES = ("django", "rest_framework")
INTERNAL_MODULES = ("django.db.backends", "django.db.models.sql")


def sources():
    return sorted(path for path in PACKAGE.rglob("*.py") if "migrations" not in path.parts)


def defined_names(trees):
    """The underscored names the package defines: functions, classes, variables and attributes."""
    names = set()
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                names.add(node.name)
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                names.add(node.id)
            elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
                names.add(node.attr)
    return {name for name in names if name.startswith("_")}


def private(name):
    return name.startswith("_") and not name.startswith("__")


def uses(tree, ours):
    """(line, what) for each use of a private or internal name in ``tree``."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            name = node.attr
            if name in ALWAYS_PRIVATE or name in INTERNALS or (private(name) and name not in ours | DOCUMENTED):
                yield node.lineno, name
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name in ALWAYS_PRIVATE:
            yield node.lineno, f"def {node.name}"
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] in LIBRARIES:
            if node.module.startswith(INTERNAL_MODULES) or any(private(part) for part in node.module.split(".")):
                yield node.lineno, f"from {node.module}"
            yield from ((node.lineno, f"import {alias.name}") for alias in node.names if private(alias.name))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] in LIBRARIES and (alias.name.startswith(INTERNAL_MODULES) or any(map(private, parts))):
                    yield node.lineno, f"import {alias.name}"


def test_package_uses_no_private_django_or_drf_api():
    trees = {path: ast.parse(path.read_text(encoding="utf-8"), str(path)) for path in sources()}
    ours = defined_names(trees.values()) - ALWAYS_PRIVATE
    found = [
        f"{path.relative_to(PACKAGE.parent).as_posix()}:{line}: {name}"
        for path, tree in trees.items()
        for line, name in sorted(uses(tree, ours))
    ]
    assert found == []


def test_the_check_finds_private_api():
    tree = ast.parse(
        "from django.db.models.sql import Query\n"
        "request._request.META\n"
        "compiler.col_count\n"
        "connection._nodb_cursor()\n"
        "def _construct_form(self, i): pass\n"
        "self._own = 1\n"
        "self._own\n"
        "model._meta\n"
    )
    assert sorted(uses(tree, defined_names([tree]))) == [
        (1, "from django.db.models.sql"),
        (2, "_request"),
        (3, "col_count"),
        (4, "_nodb_cursor"),
        (5, "def _construct_form"),
    ]
