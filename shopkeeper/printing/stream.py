"""A ReportLab canvas that writes finished pages to its file as it goes.

A plain ``Canvas`` keeps every page of the document in memory until ``save()``: about 13 KB per
letter, so 10,000 letters hold 130 MB. Here every ``flush_every`` pages the finished pages and
their content streams are formatted and written out, and only their object numbers and file
offsets stay behind (for the cross-reference table at the end). Memory stays flat however big
the batch. Fonts, forms (the letterhead), the page tree and the catalogue are still written at
``save()``, because they are only complete then (a font subset grows with every new character).

This relies on ReportLab's document internals (``PDFDocument.idToObject``, ``numberToId``,
``Reference``), which have been stable for many years; the printing tests read every page of the
result back with pypdf and render it with poppler, so a change there cannot pass unnoticed.
"""

from __future__ import annotations

from typing import BinaryIO

from reportlab.pdfbase import pdfdoc
from reportlab.pdfgen.canvas import Canvas


class _Written(pdfdoc.PDFObject):
    """Stands in for an object already in the file: other objects can still refer to it."""

    def __init__(self, name: str) -> None:
        self.__InternalName__ = name


class StreamingCanvas(Canvas):
    """``Canvas`` writing into a binary file object, page by page. Call ``save()`` once."""

    def __init__(self, stream: BinaryIO, *, flush_every: int = 50, **kwargs: object) -> None:
        kwargs.setdefault("pageCompression", 1)
        super().__init__(stream, **kwargs)
        self._stream = stream
        self._flush_every = max(1, flush_every)
        self._flushed_pages = 0
        self._written: set[str] = set()
        self._file: pdfdoc.PDFFile | None = None

    @property
    def page_count(self) -> int:
        return len(self._doc.Pages.pages)

    def showPage(self) -> None:  # noqa: N802 - ReportLab's name
        super().showPage()
        if self.page_count - self._flushed_pages >= self._flush_every:
            self._flush_pages()

    def _write_object(self, name: str) -> None:
        doc = self._doc
        if self._file is None:
            self._file = pdfdoc.PDFFile(doc._pdfVersion)  # collects the header
            for chunk in self._file.strings:
                self._stream.write(chunk)
            self._file.strings = []
            self._file.write = self._stream.write
        data = pdfdoc.PDFIndirectObject(name, doc.idToObject[name]).format(doc)
        doc.idToOffset[name] = self._file.add(data)
        self._written.add(name)
        doc.idToObject[name] = _Written(name)

    def _flush_pages(self) -> None:
        doc = self._doc
        pages = doc.Pages.pages
        for index in range(self._flushed_pages, len(pages)):
            name = pages[index].__InternalName__
            before = doc.objectcounter
            self._write_object(name)
            # Formatting the page numbered its content stream: write that too. Anything else
            # it referred to for the first time (the page tree) waits for save().
            for number in range(before + 1, doc.objectcounter + 1):
                new = doc.numberToId[number]
                if new not in self._written and isinstance(doc.idToObject[new], pdfdoc.PDFStream):
                    self._write_object(new)
            pages[index] = _Written(name)
        self._flushed_pages = len(pages)

    def save(self) -> None:
        """Finish the document: the remaining pages, fonts, forms, page tree, xref, trailer.

        Mirrors ``PDFDocument.GetPDFData`` and ``format``, skipping what is already written.
        """
        if len(self._code):  # a page drawn but not shown, as Canvas.save does
            self.showPage()
        self._flush_pages()
        doc = self._doc
        for font in doc.delayedFonts:
            font.addObjects(doc)
        doc.info.invariant = doc.invariant
        doc.info.digest(doc.signature)
        doc.Reference(doc.Catalog)
        doc.Reference(doc.info)
        doc.Outlines.prepare(doc, self)
        if doc.Outlines.ready < 0:
            doc.Catalog.Outlines = None
        doc.encrypt.prepare(doc)
        ids = []
        counter = 0
        while True:  # objects may be added while formatting: walk until none is left
            counter += 1
            if counter not in doc.numberToId:
                break
            name = doc.numberToId[counter]
            if name not in self._written:
                self._write_object(name)
            ids.append(name)
        xref = pdfdoc.PDFCrossReferenceTable()
        xref.addsection(0, ids)
        offset = self._file.add(xref.format(doc))
        trailer = pdfdoc.PDFTrailer(
            startxref=offset,
            Size=len(doc.numberToId) + 1,
            Root=doc.Reference(doc.Catalog),
            Info=doc.Reference(doc.info),
            ID=doc.ID(),
        )
        self._file.add(trailer.format(doc))
        self._stream.flush()
