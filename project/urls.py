import os

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from gsef_sessions.views.sitemaps import sitemaps

from . import bench

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("gsef_sessions.api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps}, name="django.contrib.sitemaps.views.sitemap"),
]
# benchmarks/api_load.sh's floor: a plain view behind the same middleware (only when it asks for it).
if os.environ.get("GSEF_BENCH_FLOOR_BODY"):
    urlpatterns += [path("bench/floor/", bench.floor), path("bench/floor/<slug:name>/", bench.floor)]
# The public pages in every language: /es/…, /fr/…; English, the default, keeps the unprefixed URLs.
urlpatterns += i18n_patterns(path("", include("gsef_sessions.urls")), prefix_default_language=False)
