from django.core.management.base import BaseCommand, CommandError

from schools.gias import GiasFileError, import_gias_file


class Command(BaseCommand):
    help = (
        "Import a GIAS establishment CSV (Windows-1252 or UTF-8), upserting schools by URN. "
        "Prints created, updated, unchanged and skipped rows, with bad rows by line."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="the GIAS CSV, e.g. edubasealldata20250422.csv")
        parser.add_argument(
            "--la",
            action="append",
            metavar="CODE",
            help="import only these local authorities (GIAS LA code); may be repeated",
        )

    def handle(self, *args, path, la=None, **options):
        try:
            summary = import_gias_file(path, la_codes=la)
        except GiasFileError as exc:
            raise CommandError(f"{path}: {exc}. Nothing was changed.") from None
        for line in summary.lines():
            self.stdout.write(line)
