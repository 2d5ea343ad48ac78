"""A browser, as far as the admin's forms need one: each page's change form read from its HTML
(every input, select and textarea with the value the page gives it), typing laid over it, and the
whole form posted, files included (see ``test_seed_entry`` for the rules it follows)."""

import re
from collections import Counter
from html.parser import HTMLParser
from urllib.parse import urlencode, urljoin


class ChangeForm(HTMLParser):
    """The admin's change form of a page, as a browser would submit it."""

    SKIPPED_INPUTS = {"submit", "button", "image", "reset", "file"}

    def __init__(self, html, url):
        super().__init__(convert_charrefs=True)
        self.values = {}  # name -> [values], in page order
        self.kinds = {}  # name -> "input" | "textarea" | "select" | "select-multiple"
        self.options = {}  # select name -> [(value, label)]
        self.action = None
        self._in_form = False
        self._select = self._option = self._textarea = None
        self.feed(html)
        self.close()
        assert self.values, "no change form on the page"
        self.filled = {}  # inline prefix -> rows filled so far
        self.files = {}  # name -> an uploaded file
        self.url = urljoin(url, self.action)  # where the browser posts it

    # parsing

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            form_id = attrs.get("id") or ""
            self._in_form = form_id.endswith("_form") and form_id != "logout-form"
            if self._in_form:
                self.action = attrs.get("action") or ""
        if not self._in_form or "disabled" in attrs:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in self.SKIPPED_INPUTS:
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                self.values.setdefault(name, [])
            elif kind in ("checkbox", "radio"):
                self.values.setdefault(name, []).append(attrs.get("value", "on"))
            else:
                self.values.setdefault(name, []).append(attrs.get("value", ""))
            self.kinds[name] = "input"
        elif tag == "textarea" and name:
            self._textarea = [name, ""]
        elif tag == "select" and name:
            self._select = {"name": name, "multiple": "multiple" in attrs, "options": []}
        elif tag == "option" and self._select is not None:
            self._option = [attrs.get("value"), "", "selected" in attrs]
            self._select["options"].append(self._option)

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data
        elif self._option is not None:
            self._option[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False
        elif tag == "textarea" and self._textarea is not None:
            name, text = self._textarea
            # A newline right after <textarea> is not part of the value.
            self.values[name] = [text[1:] if text.startswith("\n") else text]
            self.kinds[name] = "textarea"
            self._textarea = None
        elif tag == "option":
            self._option = None
        elif tag == "select" and self._select is not None:
            select = self._select
            options = [
                (label.strip() if value is None else value, label.strip(), chosen)
                for value, label, chosen in select["options"]
            ]
            chosen = [value for value, _label, is_chosen in options if is_chosen]
            if not select["multiple"] and not chosen and options:
                chosen = [options[0][0]]  # a single select shows, and submits, its first option
            self.values[select["name"]] = chosen if select["multiple"] else chosen[:1]
            self.kinds[select["name"]] = "select-multiple" if select["multiple"] else "select"
            self.options[select["name"]] = [(value, label) for value, label, _chosen in options]
            self._select = self._option = None

    # typing

    def type(self, name, value):
        assert name in self.values, f"{name} is not on the page"
        assert self.kinds[name] in ("input", "textarea"), name
        self.values[name] = [str(value)]

    def choose(self, name, *labels):
        """Pick options by their visible label (several for a <select multiple>)."""
        options = self.options[name]
        for label in labels:
            assert [value for value, text in options if text == label], f"{label!r} not among {name}'s options"
        if self.kinds[name] == "select":
            (label,) = labels
            self.values[name] = [value for value, text in options if text == label][:1]
        else:  # submitted in the page's order, whatever the order of the clicks
            self.values[name] = [value for value, text in options if text in labels]

    def attach(self, name, file):
        """Choose a file for a file input (``SimpleUploadedFile``)."""
        self.files[name] = file

    def pick(self, name, value):
        """What an autocomplete widget leaves in its <select> once a result is picked."""
        assert self.kinds[name] == "select", name
        self.values[name] = [str(value)]

    def choose_value(self, name, value):
        """Pick an option of a plain select by its value (e.g. a country by its code)."""
        assert value in [v for v, _label in self.options[name]], f"{value!r} not among {name}'s options"
        self.values[name] = [value]

    def row(self, prefix):
        """The next row of an inline to fill: a blank row of the page, else one "Add another" adds."""
        index = self.filled.get(prefix, int(self.values[f"{prefix}-INITIAL_FORMS"][0]))
        self.filled[prefix] = index + 1
        total = int(self.values[f"{prefix}-TOTAL_FORMS"][0])
        if index >= total:
            template = f"{prefix}-__prefix__-"
            for name in [n for n in self.values if n.startswith(template)]:
                new = f"{prefix}-{index}-{name[len(template) :]}"
                self.values[new] = list(self.values[name])
                self.kinds[new] = self.kinds[name]
                if name in self.options:
                    self.options[new] = self.options[name]
            self.values[f"{prefix}-TOTAL_FORMS"] = [str(index + 1)]
        return f"{prefix}-{index}-"

    def data(self, button):
        data = {}
        for name, values in self.values.items():
            if self.kinds.get(name) == "textarea":
                values = [v.replace("\r\n", "\n").replace("\n", "\r\n") for v in values]
            data[name] = values
        data[button] = "Save"
        return {**data, **self.files}


class Browser:
    """The test client, counting what a person's browser asks of the server."""

    def __init__(self, client):
        self.client = client
        self.counts = Counter()  # page, popup, landing, save, xhr
        self.page = None

    def open(self, url):
        self.counts["popup" if "_popup=1" in url else "page"] += 1
        response = self.client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        self.page = response
        return ChangeForm(response.content.decode(), url)

    def save(self, form, button="_save"):
        self.counts["save"] += 1
        response = self.client.post(form.url, form.data(button))
        if response.status_code != 302:
            raise AssertionError(f"{form.url} did not save:\n{form_errors(response)}")
        self.counts["landing"] += 1  # the browser follows the redirect
        landing = self.client.get(response["Location"])
        assert landing.status_code == 200, (response["Location"], landing.status_code)
        self.page = landing
        return landing

    def autocomplete(self, model_name, field_name, term, wanted):
        """Type ``term`` into an autocomplete box and pick the result shown as ``wanted``."""
        self.counts["xhr"] += 1
        query = urlencode(
            {"app_label": "gsef_sessions", "model_name": model_name, "field_name": field_name, "term": term}
        )
        response = self.client.get(f"/admin/autocomplete/?{query}", headers={"x-requested-with": "XMLHttpRequest"})
        assert response.status_code == 200, (term, response.status_code)
        found = [result["id"] for result in response.json()["results"] if result["text"] == wanted]
        assert len(found) == 1, (term, wanted, response.json()["results"])
        return found[0]


def form_errors(response):
    context = response.context
    if context is None:
        return f"{response.status_code} {response.get('Location', '')}"
    lines = [f"form: {context['adminform'].form.errors.as_data()}"]
    for inline in context["inline_admin_formsets"]:
        formset = inline.formset
        lines.append(f"{formset.prefix}: {formset.errors} {formset.non_form_errors()}")
    return "\n".join(lines)


def round_links(html):
    """The round pages a session page links to, in the page's order."""
    return list(dict.fromkeys(re.findall(r'href="(/admin/gsef_sessions/round/\d+/change/)[^"]*"', html)))
