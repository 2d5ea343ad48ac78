"""Public pages: thin views over domain/ (what is visible, the programme and the report as data).

Everything starts from ``visible_sessions(request.user)``: what a reader may not see is a 404.
Anonymous readers of the report, programme and person pages get them from ``domain.page_cache``
(conditional GET on the page's tag; ``Cache-Control`` a CDN can use); signed-in users get the
current page, marked private.
"""

import zoneinfo

from django import forms
from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.translation import gettext_lazy as _

from ..conf import settings as app_settings
from ..domain import page_cache, programme, read_model, statistics, structured_data
from ..domain.languages import localise, report_language, requested_language, site_languages
from ..domain.permissions import visible_sessions
from ..domain.presentation import printed_report, printed_statistics, when
from ..domain.read_etag import ReportState, report_tag
from ..domain.rendering import published_for_proceedings, report_pdf_links
from ..enums import SessionStatus
from ..models import Forum, Participation, Person


def localised_path(viewname, args, language):
    """The page's path in ``language``: under its language prefix where the site has one."""
    if language not in site_languages():
        return reverse(viewname, args=args)
    with translation.override(language):
        return reverse(viewname, args=args)


def language_paths(viewname, args, languages):
    """``{language: path}`` of a page in each of ``languages`` the site serves at an address of its
    own (``i18n_patterns``); empty where the languages share one address."""
    paths = {code: localised_path(viewname, args, code) for code in languages if code in site_languages()}
    return paths if len(set(paths.values())) > 1 else {}


def _alternates(request, viewname, args, languages):
    return {code: request.build_absolute_uri(path) for code, path in language_paths(viewname, args, languages).items()}


def _shareable(request, switcher):
    """Whether the page is the same for every reader asking for it: anonymous, read, and without the
    ``set_language`` form, whose CSRF token is the reader's own."""
    if request.method not in ("GET", "HEAD") or request.user.is_authenticated:
        return False
    if switcher:
        return True
    try:
        reverse("set_language")
    except NoReverseMatch:
        return True
    return False


def _page(request, *, kind, viewname, args, build, lookup, params=None):
    """A page ``build(switcher)`` renders. ``switcher``: ``{language: path}`` of the page in every
    site language when each has an address of its own (the language switcher is then links, and the
    page holds nothing of the reader's). A shared page is found under its tag, ``lookup()`` (None:
    not visible, a 404): a 304 when the reader's copy is current, else the stored page, rendered
    once per tag; other readers get the current page, private."""
    switcher = language_paths(viewname, args, site_languages())
    if not _shareable(request, switcher):
        response = build(switcher)
        patch_cache_control(response, private=True, no_cache=True)
        return response
    tag = lookup()
    if tag is None:
        raise Http404
    etag = f'W/"{tag}"'
    response = get_conditional_response(request, etag=etag)
    if response is None:
        url = request.build_absolute_uri(request.path)
        key = page_cache.page_key(kind=kind, tag=tag, url=url, params=params or {})
        response = HttpResponse(page_cache.cached_page(key=key, render=lambda: build(switcher).content))
    response["ETag"] = etag
    response["Cache-Control"] = app_settings.PAGE_CACHE_CONTROL
    patch_vary_headers(response, ("Cookie",))  # signed in, the same address shows drafts
    return response


def _localised_forum(forum_slug, sessions, request):
    forum = get_object_or_404(
        Forum.objects.prefetch_related("translations"), slug=forum_slug, pk__in=sessions.values("forum")
    )
    return localise(forum, language=requested_language(request), fallback=settings.LANGUAGE_CODE)


def forum_list(request):
    forums = Forum.objects.filter(pk__in=visible_sessions(request.user).values("forum")).prefetch_related(
        "translations"
    )
    language = requested_language(request)
    forums = [localise(forum, language=language, fallback=settings.LANGUAGE_CODE) for forum in forums]
    return render(request, "gsef_sessions/forum_list.html", {"forums": forums})


class ProgrammeFilters(forms.Form):
    """The programme's GET filters; choices are the kinds and languages the forum's sessions have."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        widget=forms.SearchInput,
        help_text=_("Words from a title, a speaker's name or what was said."),
    )
    kind = forms.ChoiceField(label=_("Kind of session"), required=False)
    language = forms.ChoiceField(label=_("Language"), required=False)

    def __init__(self, data, *, kinds, languages):
        super().__init__(data)
        self.fields["kind"].choices = [("", _("All kinds")), *kinds]
        self.fields["language"].choices = [("", _("All languages")), *languages]


def forum_detail(request, forum_slug):
    params = {name: request.GET.get(name, "") for name in ProgrammeFilters.base_fields}
    return _forum_page(request, forum_slug, kind="programme", build=_programme, params=params)


def _forum_page(request, forum_slug, *, kind, build, params=None):
    """A page of the forum's visible sessions, stored under their listing's tag."""
    sessions = visible_sessions(request.user).filter(forum__slug=forum_slug)
    viewname = "gsef_sessions:forum-detail" if kind == "programme" else f"gsef_sessions:forum-{kind}"
    return _page(
        request,
        kind=kind,
        viewname=viewname,
        args=[forum_slug],
        build=lambda switcher: build(request, forum_slug=forum_slug, sessions=sessions, switcher=switcher),
        lookup=lambda: page_cache.listing_tag(sessions=sessions, language=requested_language(request)),
        params=params,
    )


def _programme(request, *, forum_slug, sessions, switcher):
    forum = _localised_forum(forum_slug, sessions, request)
    form = ProgrammeFilters(request.GET, **programme.filter_choices(forum=forum, sessions=sessions))
    form.is_valid()  # an unknown choice is shown as the field's error and not applied
    chosen = {"kind": "", "language": "", "q": "", **form.cleaned_data}
    found = programme.filter_programme(sessions, kind=chosen["kind"], language=chosen["language"], query=chosen["q"])
    return render(
        request,
        "gsef_sessions/forum_detail.html",
        {
            "forum": forum,
            "form": form,
            "filtered": any(chosen.values()),
            "count": len(found),
            "days": programme.by_day(found, requested=requested_language(request)),
            "proceedings": forum.languages if published_for_proceedings(forum).exists() else [],
            "alternates": _alternates(request, "gsef_sessions:forum-detail", [forum.slug], site_languages()),
            "switcher": switcher,
        },
    )


def forum_statistics(request, forum_slug):
    return _forum_page(request, forum_slug, kind="statistics", build=_statistics)


def _statistics(request, *, forum_slug, sessions, switcher):
    forum = _localised_forum(forum_slug, sessions, request)
    figures = statistics.forum_statistics(forum=forum, language=requested_language(request))
    return render(
        request,
        "gsef_sessions/forum_statistics.html",
        {
            "forum": forum,
            "sections": printed_statistics(figures, tz=zoneinfo.ZoneInfo(forum.timezone)),
            "alternates": _alternates(request, "gsef_sessions:forum-statistics", [forum.slug], site_languages()),
            "switcher": switcher,
        },
    )


def _participants(report):
    """Every participant dict of ``report``, wherever the report lists them."""
    for role in report["roles"]:
        yield from role["people"]
    for rnd in report["rounds"]:
        for contribution in rnd["contributions"]:
            yield contribution["speaker"]


def _metadata(request, *, report, person_path, original_language):
    """What machines read about a report page: canonical and hreflang links, OpenGraph, JSON-LD."""
    args = [report["forum"]["slug"], report["session"]["slug"]]
    url = request.build_absolute_uri(localised_path("gsef_sessions:session-detail", args, report["language"]))
    event = structured_data.session_event(
        report=report,
        url=url,
        person_url=lambda uuid: request.build_absolute_uri(person_path(uuid)),
    )
    return {
        "page_title": structured_data.title(report),
        "description": event["description"],
        "canonical": url,
        "alternates": _alternates(request, "gsef_sessions:session-detail", args, report["available_languages"]),
        "x_default": request.build_absolute_uri(
            localised_path("gsef_sessions:session-detail", args, original_language)
        ),
        "open_graph": structured_data.open_graph(report=report, url=url),
        "json_ld": structured_data.script_json(event),
    }


def session_detail(request, forum_slug, session_slug):
    return _page(
        request,
        kind="report",
        viewname="gsef_sessions:session-detail",
        args=[forum_slug, session_slug],
        build=lambda switcher: _report(request, forum_slug=forum_slug, session_slug=session_slug, switcher=switcher),
        lookup=lambda: _report_tag(request, forum_slug=forum_slug, session_slug=session_slug),
    )


def _report_tag(request, *, forum_slug, session_slug):
    """The report's tag (its API answer's), plus the page's own language where the report lacks it:
    the page's labels are in the reader's language, the report in the one it falls back to."""
    state = ReportState.lookup(user=request.user, forum_slug=forum_slug, session_slug=session_slug)
    if state is None:
        return None
    requested = requested_language(request)
    tag = report_tag(state=state, requested=requested)
    return tag if report_language(session=state, requested=requested) == requested else f"{tag};ui-{requested}"


def _report(request, *, forum_slug, session_slug, switcher):
    state = ReportState.lookup(user=request.user, forum_slug=forum_slug, session_slug=session_slug)
    built = None if state is None else read_model.report(state=state, requested=requested_language(request))
    if built is None:
        raise Http404
    report = printed_report(built)
    # Every date of the page in the page's language (the report's texts stay in their own).
    report["session"].update(when(built["starts_at"], zone=built["time_zone"]))

    def person_path(uuid):
        return reverse("gsef_sessions:person-detail", args=[forum_slug, uuid])

    for person in _participants(report):
        person["url"] = person_path(person["person_uuid"])
    pdfs = report_pdf_links(
        forum_slug=forum_slug,
        session_slug=session_slug,
        languages=state.languages,
        statuses=state.pdf_statuses,
        base_url=request.build_absolute_uri("/"),
    )
    for pdf in pdfs:
        pdf["name"] = translation.get_language_info(pdf["language"])["name_local"]
    return render(
        request,
        "gsef_sessions/session_detail.html",
        {
            "report": report,
            "updated_at": state.updated_at,
            "pdfs": pdfs,
            "is_published": built["status"] == SessionStatus.PUBLISHED,
            # The report is not in the page's language: say in which it is.
            "shown_in": translation.get_language_info(built["language"])["name_translated"]
            if built["language"] != translation.get_language()
            else "",
            "switcher": switcher,
            **_metadata(request, report=report, person_path=person_path, original_language=built["original_language"]),
        },
    )


def person_detail(request, forum_slug, person_uuid):
    """A person's page, reachable while they have a session the reader may see in this forum
    (``hide_from_listings`` keeps them out of listings, not off their page)."""
    sessions = visible_sessions(request.user).filter(forum__slug=forum_slug)
    return _page(
        request,
        kind="person",
        viewname="gsef_sessions:person-detail",
        args=[forum_slug, person_uuid],
        build=lambda switcher: _person(
            request, forum_slug=forum_slug, person_uuid=person_uuid, sessions=sessions, switcher=switcher
        ),
        lookup=lambda: page_cache.listing_tag(
            sessions=sessions.filter(participations__person__uuid=person_uuid), language=requested_language(request)
        ),
    )


def _person(request, *, forum_slug, person_uuid, sessions, switcher):
    speakers = Participation.objects.filter(session__in=sessions).values("person")
    person = get_object_or_404(Person.objects.prefetch_related("translations"), uuid=person_uuid, pk__in=speakers)
    forum = _localised_forum(forum_slug, sessions, request)
    profile = programme.person_profile(person=person, sessions=sessions, requested=requested_language(request))
    return render(
        request,
        "gsef_sessions/person_detail.html",
        {
            "forum": forum,
            "person": profile,
            "listed": not person.hide_from_listings,
            "alternates": _alternates(
                request, "gsef_sessions:person-detail", [forum.slug, person.uuid], site_languages()
            ),
            "switcher": switcher,
        },
    )
