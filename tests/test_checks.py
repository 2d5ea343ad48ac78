from gsef_sessions.checks import check_settings


def test_check_settings_missing_parler(settings):
    settings.INSTALLED_APPS = [app for app in settings.INSTALLED_APPS if app != "parler"]
    assert [e.id for e in check_settings()] == ["gsef_sessions.E001"]


def test_check_settings_without_use_tz(settings):
    settings.USE_TZ = False
    assert [e.id for e in check_settings()] == ["gsef_sessions.E002"]


def test_check_settings_demo_is_clean():
    assert check_settings() == []
