"""Where PDFs are kept: a storage that is not web-served; files reach readers only through a view
that checks permissions."""

from pathlib import Path

from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import FileSystemStorage, InvalidStorageError, Storage, storages

from .conf import settings


def pdf_root():
    """The folder of the default file-system storage: the setting, else beside MEDIA_ROOT."""
    if settings.PDF_ROOT:
        return Path(settings.PDF_ROOT)
    if not django_settings.MEDIA_ROOT:
        raise ImproperlyConfigured("Set GSEF_SESSIONS_PDF_ROOT (a folder the web server does not serve).")
    return Path(django_settings.MEDIA_ROOT).resolve().parent / "gsef_sessions_pdfs"


def configured_pdf_storage():
    """``STORAGES[<PDF_STORAGE_ALIAS>]`` if the host configured one (e.g. S3), else a private folder."""
    try:
        return storages[settings.PDF_STORAGE_ALIAS]
    except InvalidStorageError:
        return FileSystemStorage(location=pdf_root(), base_url=None)


class PdfStorage(Storage):
    """The storage of ``Render.file``: each call goes to ``configured_pdf_storage()``, so a host's
    settings (and a test's override) apply at once, and migrations record no host's choice. A
    custom storage through Django's documented extension points (``_open``, ``_save``)."""

    def _open(self, name, mode="rb"):
        return configured_pdf_storage().open(name, mode)

    def _save(self, name, content):
        return configured_pdf_storage().save(name, content)

    def get_available_name(self, name, max_length=None):
        return configured_pdf_storage().get_available_name(name, max_length=max_length)

    def delete(self, name):
        configured_pdf_storage().delete(name)

    def exists(self, name):
        return configured_pdf_storage().exists(name)

    def listdir(self, path):
        return configured_pdf_storage().listdir(path)

    def size(self, name):
        return configured_pdf_storage().size(name)

    def url(self, name):
        return configured_pdf_storage().url(name)

    def path(self, name):
        return configured_pdf_storage().path(name)

    def get_modified_time(self, name):
        return configured_pdf_storage().get_modified_time(name)


_storage = PdfStorage()


def pdf_storage():
    """The storage of ``Render.file`` (a callable, so migrations do not record the host's choice)."""
    return _storage
