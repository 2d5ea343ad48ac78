"""The floor of benchmarks/api_load.sh: a plain Django view returning, from memory, the bytes of a
real answer, with the same content type, behind the same middleware. ``/bench/floor/``: the seed
report's API answer, read once from the file ``GSEF_BENCH_FLOOR_BODY`` names; ``/bench/floor/<name>/``:
a public page's HTML, from ``<that file>.<name>.html``. The benchmark writes both from real answers."""

import functools
import os
from pathlib import Path

from django.http import HttpResponse


@functools.cache
def _body(name=None):
    path = os.environ["GSEF_BENCH_FLOOR_BODY"]
    return Path(path if name is None else f"{path}.{name}.html").read_bytes()


def floor(request, name=None):
    if name is None:
        return HttpResponse(_body(), content_type="application/json")
    return HttpResponse(_body(name))  # text/html; charset=utf-8, as the pages
