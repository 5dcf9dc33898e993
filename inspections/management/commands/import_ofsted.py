from django.core.management.base import BaseCommand, CommandError

from inspections.ofsted import OfstedFileError, import_ofsted_files


class Command(BaseCommand):
    help = (
        "Import Ofsted's management information on state-funded school inspections (CSV, "
        "UTF-8 or Windows-1252), keyed by inspection number. Prints created, updated, "
        "unchanged inspections and skipped rows, with bad rows by line."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "paths",
            nargs="+",
            metavar="PATH",
            help="Ofsted CSVs, e.g. the 'latest inspections as at' file; imported in order",
        )

    def handle(self, *args, paths, **options):
        try:
            summaries = import_ofsted_files(paths)
        except OfstedFileError as exc:
            raise CommandError(f"{exc}. Nothing was changed.") from None
        for summary in summaries:
            for line in summary.lines():
                self.stdout.write(line)
