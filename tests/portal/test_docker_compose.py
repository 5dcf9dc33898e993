"""docker-compose.yml cannot run here (no Docker engine); check it by reading."""

import importlib
import shlex
from pathlib import Path

import pytest
import yaml
from django.core.management import get_commands

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((REPO / "docker-compose.yml").read_text())


def test_the_full_stack_has_every_service(compose):
    assert set(compose["services"]) == {"postgres", "redis", "mailpit", "web", "worker", "beat"}


def _commands(service) -> list[list[str]]:
    command = service["command"]
    words = shlex.split(command) if isinstance(command, str) else command
    if words[0] == "sh":
        script = REPO / words[1]
        assert script.is_file(), f"{words[1]} is not in the project"
        lines = [shlex.split(line, comments=True) for line in script.read_text().splitlines()]
        commands = [line[1:] if line[:1] == ["exec"] else line for line in lines if line]
        return [c for c in commands if c[0] in {"python", "gunicorn", "celery"}]
    return [words]


def _check_exists(words: list[str]) -> None:
    program = words[0]
    if program == "python" and words[1] == "manage.py":
        assert words[2] in get_commands(), f"no management command {words[2]}"
    elif program == "gunicorn":
        module, _, attribute = words[1].partition(":")
        assert hasattr(importlib.import_module(module), attribute or "application")
    elif program == "celery":
        assert words[1] == "-A"
        app = importlib.import_module(words[2]).celery_app
        assert app.main == "council_portal"
        assert words[3] in {"worker", "beat"}
    else:
        raise AssertionError(f"unexpected program {program}")


@pytest.mark.parametrize("name", ["web", "worker", "beat"])
def test_every_portal_command_exists_in_the_project(compose, name):
    commands = _commands(compose["services"][name])
    assert commands
    for words in commands:
        _check_exists(words)


@pytest.mark.parametrize("name", ["web", "worker", "beat"])
def test_portal_services_use_postgres_redis_and_mailpit(compose, name):
    environment = compose["services"][name]["environment"]
    assert environment["DATABASE_URL"].startswith("postgres://")
    assert environment["DATABASE_URL"].split("@")[1].startswith("postgres:5432/")
    assert environment["REDIS_URL"].startswith("redis://redis:6379")
    assert environment["EMAIL_URL"] == "smtp://mailpit:1025"


def test_every_variable_the_stack_sets_is_read_by_settings(compose):
    settings_source = (REPO / "council_portal" / "settings.py").read_text()
    for name in compose["services"]["web"]["environment"]:
        if name in {"SEED_DEMO", "DEMO_PASSWORD"}:  # read by scripts/docker-web.sh
            continue
        assert f'"{name}"' in settings_source, f"settings.py never reads {name}"


def test_demo_people_are_loaded_only_when_asked():
    script = (REPO / "scripts" / "docker-web.sh").read_text()
    assert 'if [ "${SEED_DEMO:-0}" = 1 ]' in script
