"""Paper: HTML laid out on a page (A4, A5) by :class:`QTextDocument`, saved as PDF or printed.

A document with a page size is printed as it is laid out (without one, Qt lays it out again
with 2 cm margins of its own and adds page numbers), so what the page count says is what comes
out. Nothing here asks anything: the receipt and the certificates call it with their markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QSizeF, QUrl
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPdfWriter, QTextDocument
from PySide6.QtPrintSupport import QPrinter

from liaison_wire.files import write_atomically

RESOLUTION = 300
Images = dict[str, QImage]
# The fonts every paper asks for, the village PCs' (Windows) first: one CJK font for every
# character, so that a table row's cells are as tall as each other and break at the same place.
FONTS = "'Microsoft YaHei', 'Noto Sans CJK SC', 'Source Han Sans SC', SimSun, sans-serif"


@dataclass(frozen=True)
class Paper:
    size: QPageSize.PageSizeId
    margin_mm: float
    title: str  # the PDF's title

    def layout(self) -> QPageLayout:
        margin = self.margin_mm
        return QPageLayout(
            QPageSize(self.size),
            QPageLayout.Orientation.Portrait,
            QMarginsF(margin, margin, margin, margin),
            QPageLayout.Unit.Millimeter,
        )

    def document(
        self, markup: str, device: QPdfWriter | QPrinter, images: Images | None = None
    ) -> QTextDocument:
        """``markup`` laid out for ``device``: in its own pixels, inside the margins;
        ``images`` are what its ``<img src=…>`` name."""
        device.setPageLayout(self.layout())
        document = QTextDocument()
        for name, image in (images or {}).items():
            document.addResource(QTextDocument.ResourceType.ImageResource, QUrl(name), image)
        document.documentLayout().setPaintDevice(device)
        document.setDocumentMargin(0)
        size = device.pageLayout().paintRectPixels(device.resolution()).size()
        document.setPageSize(QSizeF(size.width(), size.height()))
        document.setHtml(markup)
        return document

    def _writer(self, buffer: QBuffer) -> QPdfWriter:
        writer = QPdfWriter(buffer)
        writer.setTitle(self.title)
        writer.setResolution(RESOLUTION)
        return writer

    def pdf_bytes(self, markup: str, images: Images | None = None) -> bytes:
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        writer = self._writer(buffer)
        self.document(markup, writer, images).print_(writer)
        del writer  # finishes the PDF
        buffer.close()
        return bytes(data.data())

    def pages(self, markup: str, images: Images | None = None) -> int:
        buffer = QBuffer()
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        writer = self._writer(buffer)
        pages = self.document(markup, writer, images).pageCount()
        del writer
        return pages

    def write_pdf(self, markup: str, path: Path, images: Images | None = None) -> None:
        """Save as a PDF at ``path`` (whole file or nothing); OSError as it comes."""
        write_atomically(path, self.pdf_bytes(markup, images))

    def print_to(self, markup: str, printer: QPrinter, images: Images | None = None) -> None:
        self.document(markup, printer, images).print_(printer)
