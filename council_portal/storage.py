"""Files stored alongside database rows."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.files.storage import default_storage
from django.db import transaction


@contextmanager
def stored_atomically() -> Iterator[list[str]]:
    """A transaction that, if it fails, also deletes the files stored in it (their
    names are appended to the list it gives), so a failure after a file reached
    storage leaves nothing behind either."""
    stored: list[str] = []
    try:
        with transaction.atomic():
            yield stored
    except BaseException:
        for name in stored:
            default_storage.delete(name)
        raise
