"""The limits on what one file may hold: far above any real report, low enough that a
hostile or broken file fails fast with a ``ParseError`` instead of hanging a worker or
filling its memory.

Each limit is many times what the real reports in the tests hold (their figures are in
the comments: the largest of the seed, format and corpus fixtures). A file past a limit
is not a report as agencies publish them; the error says which limit it passed.
"""

from __future__ import annotations

__all__ = [
    "MAX_DOCUMENT_CELLS",
    "MAX_FILE_BYTES",
    "MAX_MARKUP_TAGS",
    "MAX_TABLE_CELLS",
    "MAX_TABLE_COLUMNS",
    "MAX_TABLE_ROWS",
    "MAX_TEXT_BYTES",
    "MAX_TEXT_CHARS",
    "MAX_XML_BYTES",
    "MAX_ZIP_BYTES",
    "MAX_ZIP_MEMBERS",
]

_MiB = 2**20

#: The most bytes of a file in any format (real: 413 KB, a PDF; a PDF or .docx with
#: pictures may hold a few MB).
MAX_FILE_BYTES = 64 * _MiB
#: The most bytes of a text file, before it is decoded (real: 7.8 KB).
MAX_TEXT_BYTES = 4 * _MiB
#: The most characters of report text, as given to ``parse`` or extracted from a file
#: (real: 4,557).
MAX_TEXT_CHARS = 1_000_000
#: The most markup tags (``<``) of an HTML page or of a .docx's ``word/document.xml``
#: (real: 3,546 in a portal page, 4,762 in a .docx body).
MAX_MARKUP_TAGS = 500_000
#: The most columns of a table row, its cells' spans included (real: 15).
MAX_TABLE_COLUMNS = 1_000
#: The most rows of a table (real: 51).
MAX_TABLE_ROWS = 10_000
#: The most positions of one table's grid, spans included (real: 15 x 51 = 765).
MAX_TABLE_CELLS = 200_000
#: The most grid positions of all a document's tables together (real: about 1,200).
MAX_DOCUMENT_CELLS = 1_000_000
#: The most bytes of a .docx's parts once unzipped, together (real: 0.88 MB).
MAX_ZIP_BYTES = 256 * _MiB
#: The most bytes of a .docx's XML parts once unzipped, together (real: 0.88 MB): the XML
#: is parsed whole, whatever the report reads of it.
MAX_XML_BYTES = 16 * _MiB
#: The most parts (files) in a .docx (real: 17).
MAX_ZIP_MEMBERS = 10_000
