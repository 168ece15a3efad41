"""The one PDF engine (ucjlib.render.pdf): A4, offline, atomic."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from ucjlib.errors import OutputError
from ucjlib.render import pdf

PNG_1PX = ("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGA"
           "hKmMIQAAAABJRU5ErkJggg==")


def test_a4_text_and_only_local_images(tmp_path):
    (tmp_path / "inside.png").write_bytes(__import__("base64").b64decode(PNG_1PX))
    outside = tmp_path.parent / f"{tmp_path.name}-outside.png"
    outside.write_bytes((tmp_path / "inside.png").read_bytes())
    html = ("<html><body><h1>Cakupan 42,29%</h1>"
            '<img src="inside.png"><img src="https://example.invalid/x.png">'
            f'<img src="file://{outside}"><img src="data:image/png;base64,{PNG_1PX}">'
            "</body></html>")
    out = pdf.html_to_pdf(html, tmp_path / "r.pdf", base_dir=tmp_path)
    page = PdfReader(out).pages[0]
    assert "42,29%" in page.extract_text()
    # A4 is 595 x 842 points
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)
    # the file in the folder and the data URI; not the remote one, not the one outside
    assert len(page.images) == 2


def test_failure_keeps_the_earlier_file(tmp_path, monkeypatch):
    out = tmp_path / "r.pdf"
    out.write_bytes(b"earlier")
    monkeypatch.setattr(pdf, "_PROBLEM", ["WeasyPrint (OSError: uji)"])
    with pytest.raises(OutputError, match=r"mesin PDF tidak dapat dimuat, "
                       r"WeasyPrint \(OSError: uji\); pasang pustaka Pango"):
        pdf.html_to_pdf("<p>x</p>", out)
    assert out.read_bytes() == b"earlier"
