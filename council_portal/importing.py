"""What every file import reports: rows read, created / updated / unchanged, and the
rows skipped with their reasons and, for bad rows, the line and URN."""

from collections import Counter
from dataclasses import dataclass, field


@dataclass
class ImportSummary:
    file_name: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    skipped_reasons: Counter = field(default_factory=Counter)
    errors: list[tuple[int, str, str]] = field(default_factory=list)  # line, URN, message

    def skip(self, reason: str) -> None:
        self.skipped += 1
        self.skipped_reasons[reason] += 1

    def error(self, line: int, urn: str, message: str) -> None:
        self.errors.append((line, urn, message))
        self.skip("bad row")

    def reason_lines(self) -> list[str]:
        return [f"  skipped {n}: {reason}" for reason, n in sorted(self.skipped_reasons.items())]

    def skipped_lines(self) -> list[str]:
        """Why rows were skipped, then each bad row by line and URN."""
        out = self.reason_lines()
        out += [
            f"  line {line} (URN {urn or 'blank'}): {message}" for line, urn, message in self.errors
        ]
        return out
