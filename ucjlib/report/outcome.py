"""What a batch of reports gives back: one outcome per kabupaten, and the whole.

Plain records, read by the batch (:mod:`ucjlib.report.batch`) that fills them and by the
index page (:mod:`ucjlib.report.index`) that shows them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ucjlib.geo.wilayah import Region

__all__ = ["BatchItem", "BatchResult"]


@dataclass
class BatchItem:
    """Outcome of one kabupaten in a batch."""

    kode: str
    nama: str
    ok: bool
    seconds: float = 0.0
    path: str | None = None       # the published run folder
    periode: str | None = None
    error: str = ""
    exit_code: int = 0
    failed_path: str | None = None
    manifest: dict[str, Any] = field(default_factory=dict)
    earlier: bool = False         # a report of an earlier run, shown in the index


@dataclass
class BatchResult:
    """Outcome of a batch: every item, and the index page written."""

    provinsi: Region
    periode: str
    items: list[BatchItem]
    index: Path | None = None
    target: float | None = None   # the batch's --target (None: each region's own)
    earlier: list[BatchItem] = field(default_factory=list)  # kept reports of earlier runs

    @property
    def failed(self) -> list[BatchItem]:
        """Items that did not produce a report."""
        return [i for i in self.items if not i.ok]
