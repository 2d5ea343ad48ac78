"""The floor of benchmarks/api_load.sh: a plain Django view returning, from memory, the bytes of
the seed report's API answer (read once from the file ``GSEF_BENCH_FLOOR_BODY`` names, which the
benchmark writes from a real answer), with the same content type, behind the same middleware."""

import functools
import os
from pathlib import Path

from django.http import HttpResponse


@functools.cache
def _body():
    return Path(os.environ["GSEF_BENCH_FLOOR_BODY"]).read_bytes()


def floor(request):
    return HttpResponse(_body(), content_type="application/json")
