"""Where PDFs are kept: a storage that is not web-served; files reach readers only through a view
that checks permissions."""

from pathlib import Path

from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import FileSystemStorage, InvalidStorageError, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty

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


class _PdfStorage(LazyObject):
    # Resolved on first use and again after a settings change, like Django's default_storage.
    def _setup(self):
        self._wrapped = configured_pdf_storage()


_storage = _PdfStorage()


def pdf_storage():
    """The storage of ``Render.file`` (a callable, so migrations do not record the host's choice)."""
    return _storage


@receiver(setting_changed)
def _reset(*, setting, **kwargs):
    if setting in ("STORAGES", "MEDIA_ROOT", "GSEF_SESSIONS_PDF_ROOT", "GSEF_SESSIONS_PDF_STORAGE_ALIAS"):
        _storage._wrapped = empty
