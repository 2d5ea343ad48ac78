"""Photos and logos are stored re-encoded, within the upload limits, under random names, whatever saves them."""

import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import ExifTags, Image

from tests.factories import OrganisationFactory, PersonFactory, blank_png, image_upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored(field_file):
    with field_file.open("rb") as file:
        return file.read()


def test_photo_is_stored_under_a_random_name_with_the_stored_formats_extension():
    first, second = (
        PersonFactory(photo=image_upload("Audrey Tang.PNG")),
        PersonFactory(photo=image_upload("Audrey Tang.PNG")),
    )
    assert re.fullmatch(r"gsef_sessions/people/[0-9a-f]{32}\.png", first.photo.name)
    assert first.photo.name != second.photo.name


def test_logo_is_stored_under_a_random_name_in_the_logos_folder():
    logo = OrganisationFactory(logo=image_upload("logo.jpeg", format="JPEG")).logo
    assert re.fullmatch(r"gsef_sessions/logos/[0-9a-f]{32}\.jpg", logo.name)


def test_gif_html_polyglot_is_stored_as_a_clean_png():
    script = b"<html><script>alert(document.cookie)</script></html>"
    polyglot = image_upload("photo.gif", format="GIF", mode="P", size=(8, 8), comment=script, after=script)
    assert polyglot.read().count(b"<script") == 2
    person = PersonFactory(photo=polyglot)
    data = stored(person.photo)
    assert (person.photo.name.endswith(".png"), b"<script" in data, data.endswith(b"IEND\xaeB`\x82")) == (
        True,
        False,
        True,
    )
    with Image.open(io.BytesIO(data)) as image:
        assert (image.format, image.size, image.info) == ("PNG", (8, 8), {})


def test_jpeg_metadata_is_stripped_and_its_orientation_applied():
    exif = Image.Exif()
    exif[ExifTags.Base.Artist] = "Audrey Tang"
    exif[ExifTags.Base.Orientation] = 6  # shown turned by 90°
    exif.get_ifd(ExifTags.IFD.GPSInfo)[ExifTags.GPS.GPSLatitudeRef] = "N"
    photo = image_upload("photo.jpg", format="JPEG", size=(40, 30), exif=exif, comment=b"taken at home")
    original = photo.read()
    assert (b"Audrey Tang" in original, b"taken at home" in original) == (True, True)
    data = stored(PersonFactory(photo=photo).photo)
    assert (b"Audrey Tang" in data, b"taken at home" in data) == (False, False)
    with Image.open(io.BytesIO(data)) as image:
        assert (image.format, image.size, dict(image.getexif())) == ("JPEG", (30, 40), {})


def test_photo_saved_in_code_is_held_to_the_limits_and_nothing_is_stored(media_root):
    person = PersonFactory()
    with pytest.raises(ValidationError) as caught:
        person.photo.save("bomb.png", ContentFile(blank_png(5001, 5000)))
    assert caught.value.messages == ["This image has too many pixels: at most 25,000,000 (width × height) are allowed."]
    assert list(media_root.rglob("*.*")) == []


def test_stored_photo_is_kept_as_it_is_when_the_person_is_saved_again():
    person = PersonFactory(photo=image_upload("photo.jpg", format="JPEG"))
    name, data = person.photo.name, stored(person.photo)
    person.family_name = "Tang"
    person.save()
    person.refresh_from_db()
    assert (person.photo.name, stored(person.photo)) == (name, data)
