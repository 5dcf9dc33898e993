import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

REPO = Path(__file__).resolve().parent.parent


def pytest_report_header(config):
    db = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    broker = "redis" if settings.CELERY_BROKER_URL.startswith("redis") else "filesystem"
    return f"services: database={db} broker={broker}"


@pytest.fixture
def password():
    return "correct horse battery staple"


def _test_database_url() -> str:
    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{db['NAME']}"
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    user = db.get("USER") or "postgres"
    return f"postgres://{user}@{host}:{port}/{db['NAME']}"


def wait_for(predicate, timeout: float = 60.0, interval: float = 0.2):
    """Poll until predicate() is truthy; return its value or fail after timeout."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    pytest.fail(f"gave up after {timeout}s waiting for {predicate}")


@pytest.fixture
def worker_mail_dir(tmp_path):
    """Where the test's Celery worker writes the emails it sends (a file per connection)."""
    path = tmp_path / "mail"
    path.mkdir()
    return path


def sent_mail(mail_dir: Path) -> list[str]:
    """The files a worker wrote, as raw text, oldest first (one file per SMTP-like
    connection; a file may hold several messages)."""
    return [p.read_text() for p in sorted(mail_dir.glob("*.log"), key=lambda p: p.stat().st_mtime)]


@pytest.fixture
def celery_worker_process(transactional_db, worker_mail_dir):
    """A real Celery worker in its own process, on the test database and broker.

    The worker consumes this run's own queue (settings_test names it per run),
    so tests never pick up tasks of a portal running on the same machine. Its
    mail goes to files in `worker_mail_dir` (read them with `sent_mail`).
    """
    env = {
        **os.environ,
        "DATABASE_URL": _test_database_url(),
        "PORTAL_TEST_MAIL_DIR": str(worker_mail_dir),
    }
    log = open(Path(settings.VAR_DIR) / "celery-worker.log", "w")  # noqa: SIM115
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "council_portal", "worker",
         "--pool=solo", "--loglevel=INFO", "--without-mingle", "--without-gossip"],
        cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        yield worker
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
        log.close()
