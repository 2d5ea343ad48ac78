"""The app's Spanish and French catalogs: complete, compiled, covering the sources, and in use.

Needs GNU gettext's msgfmt and xgettext (Debian: apt-get install gettext), as makemessages and
compilemessages do.
"""

import ast
import gettext
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.utils import translation

import gsef_sessions
from gsef_sessions.domain.documents import labels
from gsef_sessions.models import Session
from tests.factories import UserFactory

APP_DIR = Path(gsef_sessions.__file__).resolve().parent
REPO_DIR = APP_DIR.parent
LANGUAGES = ("es", "fr")
NBSP = "\u00a0"  # French puts a no-break space before ":" and ";"
PLURAL_FORMS = {"es": "nplurals=2; plural=(n != 1);", "fr": "nplurals=2; plural=(n > 1);"}


def po_path(language):
    return APP_DIR / "locale" / language / "LC_MESSAGES" / "django.po"


def parse_po(path):
    """The entries of a .po file: dicts of msgctxt, msgid, msgid_plural, msgstr / msgstr[N], plus flags.

    Obsolete entries (``#~``) are left out; everything makemessages writes is understood.
    """
    entries, entry, key = [], None, None

    def finish():
        if entry and "msgid" in entry:
            entries.append(entry)

    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#~"):
            continue
        if line.startswith("#"):
            if entry is not None and "msgid" in entry:
                finish()
                entry = None
            entry = entry or {"flags": set()}
            if line.startswith("#,"):
                entry["flags"].update(flag.strip() for flag in line[2:].split(","))
            continue
        match = re.fullmatch(r'(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(".*")', line)
        if match:
            key = match.group(1)
            if key in ("msgctxt", "msgid") and entry is not None and "msgid" in entry:
                finish()
                entry = None
            entry = entry or {"flags": set()}
            entry[key] = ast.literal_eval(match.group(2))
        elif line.startswith('"') and entry is not None and key:
            entry[key] += ast.literal_eval(line)
        else:
            raise AssertionError(f"{path}:{number}: cannot read {line!r}")
    finish()
    return entries


def key_of(entry):
    return entry.get("msgctxt"), entry["msgid"], entry.get("msgid_plural")


def translations(entry):
    return [value for name, value in entry.items() if name.startswith("msgstr")]


def gettext_tool(name):
    tool = shutil.which(name)
    assert tool, f"{name} not found: install GNU gettext (apt-get install gettext)"
    return tool


# (a) Complete catalogs.


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalog_header(language):
    header = parse_po(po_path(language))[0]
    assert header["msgid"] == "" and "fuzzy" not in header["flags"]
    fields = dict(re.findall(r"^([^:\n]+): (.*)$", header["msgstr"], flags=re.MULTILINE))
    assert fields["Language"] == language
    assert fields["Plural-Forms"] == PLURAL_FORMS[language]
    assert fields["Content-Type"] == "text/plain; charset=UTF-8"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_entry_is_translated_and_none_is_fuzzy(language):
    entries = parse_po(po_path(language))[1:]
    assert len(entries) > 400
    untranslated = [key_of(e) for e in entries if not all(translations(e))]
    fuzzy = [key_of(e) for e in entries if "fuzzy" in e["flags"]]
    assert not (untranslated or fuzzy), f"in {language}, untranslated: {untranslated}; fuzzy: {fuzzy}"
    # Both languages have two plural forms; every plural entry gives both, a singular one none.
    wrong_forms = [
        key_of(e)
        for e in entries
        if sorted(k for k in e if k.startswith("msgstr"))
        != (["msgstr[0]", "msgstr[1]"] if "msgid_plural" in e else ["msgstr"])
    ]
    assert not wrong_forms, f"wrong plural forms in {language}: {wrong_forms}"


# (b) Compiled catalogs up to date.


def catalog(mo_path):
    """A compiled catalog's messages and plural rule. The header (dates, translator) is left out:
    a fresh makemessages changes it, not the strings."""
    with open(mo_path, "rb") as mo:
        translations = gettext.GNUTranslations(mo)
    messages = {key: value for key, value in translations._catalog.items() if key != ""}
    return messages, (translations._info.get("plural-forms"), [translations.plural(n) for n in range(3)])


@pytest.mark.parametrize("language", LANGUAGES)
def test_mo_file_is_up_to_date(language, tmp_path):
    shipped = po_path(language).with_suffix(".mo")
    assert shipped.exists(), f"{shipped} is missing: run compilemessages"
    fresh = tmp_path / "django.mo"
    # --check also checks that placeholders (python-format, python-brace-format) match the msgids.
    subprocess.run([gettext_tool("msgfmt"), "--check", "-o", fresh, po_path(language)], check=True, capture_output=True)
    (compiled, compiled_plural), (expected, expected_plural) = catalog(shipped), catalog(fresh)
    stale = sorted(
        map(str, {key for key in compiled.keys() | expected.keys() if compiled.get(key) != expected.get(key)})
    )
    assert not stale and compiled_plural == expected_plural, (
        f"{shipped} does not match its .po (cd gsef_sessions && ../manage.py compilemessages); "
        f"{len(stale)} message(s) differ: {stale[:20]}; plural rule: {compiled_plural} vs {expected_plural}"
    )


# (c) Catalogs covering the sources.


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """What makemessages extracts today from a copy of the app (as `makemessages -l es`, run in gsef_sessions/)."""
    gettext_tool("xgettext")
    gettext_tool("msguniq")
    copy = tmp_path_factory.mktemp("extract") / "gsef_sessions"
    shutil.copytree(APP_DIR, copy, ignore=shutil.ignore_patterns("__pycache__", "locale"))
    (copy / "locale").mkdir()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "project.settings", "PYTHONPATH": str(REPO_DIR)}
    result = subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "es", "--no-obsolete"],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return parse_po(copy / "locale" / "es" / "LC_MESSAGES" / "django.po")[1:]


def test_extraction_sees_python_and_templates(extracted):
    keys = {key_of(e) for e in extracted}
    assert (None, "Forum session reports", None) in keys  # apps.py
    assert (None, "Session report", None) in keys  # domain/documents.py, templates
    assert (None, "Skip to main content", None) in keys  # base.html only
    assert (None, "%(counter)s session", "%(counter)s sessions") in keys  # {% blocktranslate count %}
    assert ("history column", "Change", None) in keys  # {% translate … context … %}
    assert ("speaker's round 1", "{number}st Round", None) in keys  # pgettext


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalog_covers_every_extracted_string(language, extracted):
    shipped = {key_of(e): e for e in parse_po(po_path(language))[1:]}
    missing = sorted(
        (key for key in map(key_of, extracted) if key not in shipped or not all(translations(shipped[key]))),
        key=lambda key: (key[1], key[0] or ""),
    )
    assert not missing, (
        f"{len(missing)} string(s) of the sources are not translated in {language} "
        "(cd gsef_sessions && ../manage.py makemessages -l es -l fr --no-obsolete, translate, compilemessages):\n"
        + "\n".join(
            f"  msgctxt={ctx!r} msgid={msgid!r}" + (f" msgid_plural={plural!r}" if plural else "")
            for ctx, msgid, plural in missing
        )
    )


# (d) The catalogs in use: pages, PDF labels, admin.


@pytest.mark.django_db
def test_session_page_in_spanish(client, gsef_2020):
    html = client.get("/es/gsef-2020/plenary-3/").content.decode()
    assert '<a class="skip-link" href="#content">Saltar al contenido principal</a>' in html
    assert '<li><a href="/es/">Foros</a></li>' in html
    assert '<nav class="language-switcher" aria-label="Idioma">' in html
    forums = client.get("/es/").content.decode()  # one address for every language: the set_language form
    assert '<label for="gsef-language">Idioma</label>' in forums
    assert '<button type="submit">Cambiar idioma</button>' in forums
    assert '<p class="version">Versión 1, última modificación: 2 de noviembre de 2020</p>' in html
    assert (
        '<a href="http://testserver/es/gsef-2020/plenary-3/report.en.pdf" type="application/pdf">PDF (English)</a>'
        in html
    )
    assert "Informes publicados recientemente (canal Atom)</a>" in html
    assert "Skip to main content" not in html and "last changed" not in html


@pytest.mark.django_db
def test_session_page_in_french(client, gsef_2020):
    html = client.get("/fr/gsef-2020/plenary-3/").content.decode()
    assert '<a class="skip-link" href="#content">Passer au contenu principal</a>' in html
    assert '<nav class="language-switcher" aria-label="Langue">' in html
    assert '<p class="version">Version 1, dernière modification le 2 novembre 2020</p>' in html
    assert "Rapports récemment publiés (flux Atom)</a>" in html
    assert "Skip to main content" not in html and "last changed" not in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "es",
            [
                '<p class="kicker">Plenary 3 · Informe de la sesión</p>',
                '<th scope="row">Fecha:</th><td>21 de octubre de 2020</td>',
                '<th scope="row">Participantes (número de personas conectadas)</th><td>441 (Zoom, 9:55 h)</td>',
                "<h2>Nombre de los panelistas/comentaristas:</h2>",
                '<h2 class="guiding-questions">Preguntas orientadoras</h2>\n<h3>Ronda 1</h3>',
                '<h3 class="speaker-round">1.ª ronda</h3>',
                '<h3 class="speaker-round">2.ª ronda</h3>',
                "<h2>Preguntas clave del público y respuestas de los panelistas</h2>",
            ],
        ),
        (
            "fr",
            [
                '<p class="kicker">Plenary 3 · Rapport de session</p>',
                f'<th scope="row">Date{NBSP}:</th><td>21 octobre 2020</td>',
                '<th scope="row">Participants (nombre de personnes connectées)</th><td>441 (Zoom, 9 h 55)</td>',
                f"<h2>Nom des panélistes/commentateurs{NBSP}:</h2>",
                '<h2 class="guiding-questions">Questions directrices</h2>\n<h3>Tour 1</h3>',
                '<h3 class="speaker-round">1er tour</h3>',
                '<h3 class="speaker-round">2e tour</h3>',
                "<h2>Principales questions du public et réponses des panélistes</h2>",
            ],
        ),
    ],
)
def test_translated_report_prints_its_labels_in_its_language(client, gsef_2020, language, expected):
    # The report's own labels follow the report's language (its title is translated here), not the UI's.
    Session.objects.get(slug="plenary-3").create_translation(language, title="…")
    html = client.get(f"/{language}/gsef-2020/plenary-3/").content.decode()
    for snippet in expected:
        assert snippet in html


def test_pdf_labels_in_spanish():
    with translation.override("es"):
        spanish = labels()
        one, many = labels(sessions=1)["sessions_count"], labels(sessions=12)["sessions_count"]
    assert spanish["session_report"] == "Informe de la sesión"
    assert spanish["session_title"] == "Título de la sesión:"
    assert spanish["date"] == "Fecha:"
    assert spanish["attendance"] == "Participantes (número de personas conectadas)"
    assert spanish["page_of"] == "Página {page} de {total}"
    assert spanish["version"] == "Versión {version}, última modificación: {date}"
    assert spanish["proceedings"] == "Actas"
    assert (one, many) == ("{count} sesión", "{count} sesiones")


def test_pdf_labels_in_french():
    with translation.override("fr"):
        french = labels()
        # French counts 0 and 1 in the singular.
        forms = [labels(sessions=n)["sessions_count"] for n in (0, 1, 2)]
    assert french["session_report"] == "Rapport de session"
    assert french["date"] == f"Date{NBSP}:"
    assert french["page_of"] == "Page {page} sur {total}"
    assert french["version"] == "Version {version}, dernière modification le {date}"
    assert forms == ["{count} session", "{count} session", "{count} sessions"]


@pytest.mark.django_db
def test_admin_in_french(client, gsef_2020):
    # The admin is outside i18n_patterns: it follows Accept-Language (project/middleware.py).
    client.force_login(UserFactory(is_superuser=True))
    html = client.get("/admin/gsef_sessions/session/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert '<a href="/admin/gsef_sessions/">Rapports des sessions du forum</a>' in html
    assert '<option value="submit_selected">Soumettre les rapports sélectionnés pour relecture</option>' in html
    assert '<option value="render_pdf_selected">Générer le PDF des rapports sélectionnés</option>' in html
    assert '<td class="field-status">Publié</td>' in html
    assert '<a href="?status__exact=in_review">En relecture</a>' in html
    assert "Forum session reports" not in html
