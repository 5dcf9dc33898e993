"""Production defaults: checked in fresh interpreters, since settings load once."""

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "council_portal.settings",
    "DJANGO_SECRET_KEY": "k8#Jw2!pQz7vR4tY9uX1mN6bC3dF5gH0jL2sA8eW4rT6yU1iO3pZ",
    "DJANGO_ALLOWED_HOSTS": "portal.council.example",
    "DATABASE_URL": "postgres://portal@127.0.0.1:5432/portal",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


def _run(*args: str, env: dict) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PORTAL_"))}
    clean.pop("DATABASE_URL", None)
    clean.pop("REDIS_URL", None)
    return subprocess.run(
        [sys.executable, *args], cwd=REPO, env={**clean, **env},
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip


def test_check_deploy_is_clean_with_production_variables(tmp_path):
    result = _run(
        "manage.py", "check", "--deploy", "--fail-level", "WARNING",
        env={**PRODUCTION, "PORTAL_VAR_DIR": str(tmp_path)},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = {**PRODUCTION, "PORTAL_VAR_DIR": str(tmp_path)}
    del env["DJANGO_SECRET_KEY"]

    result = _run("manage.py", "check", env=env)

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_debug_is_off_unless_asked_for(tmp_path):
    code = "from django.conf import settings; print(settings.DEBUG)"
    env = {**PRODUCTION, "PORTAL_VAR_DIR": str(tmp_path)}
    result = _run("-c", f"import django; django.setup(); {code}", env=env)
    assert result.stdout.strip() == "False", result.stderr


def test_without_service_variables_the_embedded_defaults_are_used(tmp_path):
    code = (
        "from django.conf import settings; "
        "print(settings.DATABASES['default']['ENGINE']); print(settings.CELERY_BROKER_URL)"
    )
    env = {"DJANGO_SETTINGS_MODULE": "council_portal.settings", "DJANGO_DEBUG": "1",
           "PORTAL_VAR_DIR": str(tmp_path)}  # fmt: skip
    result = _run("-c", f"import django; django.setup(); {code}", env=env)
    assert result.stdout.split() == ["django.db.backends.sqlite3", "filesystem://"], result.stderr
    assert (tmp_path / "celery" / "queue").is_dir()


def test_microsoft_sign_in_is_off_without_its_settings_and_on_with_them(tmp_path):
    code = (
        "from django.conf import settings; "
        "print('allauth.socialaccount.providers.microsoft' in settings.INSTALLED_APPS)"
    )
    env = {**PRODUCTION, "PORTAL_VAR_DIR": str(tmp_path)}
    off = _run("-c", f"import django; django.setup(); {code}", env=env)
    on = _run(
        "-c", f"import django; django.setup(); {code}",
        env={**env, "MICROSOFT_CLIENT_ID": "client-id", "MICROSOFT_CLIENT_SECRET": "s3cret"},
    )  # fmt: skip

    assert off.stdout.strip() == "False", off.stderr
    assert on.stdout.strip() == "True", on.stderr
