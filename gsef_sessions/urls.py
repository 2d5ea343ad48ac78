from django.urls import path

from .views import public

app_name = "gsef_sessions"

urlpatterns = [
    path("", public.forum_list, name="forum-list"),
    path("<slug:forum_slug>/", public.forum_detail, name="forum-detail"),
    path("<slug:forum_slug>/<slug:session_slug>/", public.session_detail, name="session-detail"),
]
