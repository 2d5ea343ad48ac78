from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("forum/", include("gsef_sessions.urls")),
    path("forum-api/", include("gsef_sessions.api.urls")),
]
