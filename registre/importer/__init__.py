"""`import`: official extracts (PDF, OCR of a scan, or pdftotext's text) -> content files.

The stages, one module each: `pages` numbers the lines, finds the acts a document holds
and takes off running headers and footers; `read` reads one act in its zones: the
prefecture's stamp and footers (`stamp`), the header (`header`), the number, title and
labelled fields (`title`), the text (`body`) and the closing and vote (`closing`); each
field is recorded with its line and how it was found (`extract`), a second, different
reading being reported as a conflict; `write` writes one content file per act. Text that
fits no part stays in the body, and every field that could not be read is reported with
the line where it was looked for.
"""

from .extract import Extract
from .header import given_first
from .read import import_extract, import_extracts
from .write import Imported, content_file, extract_text, import_file

__all__ = ["Extract", "Imported", "content_file", "extract_text", "given_first", "import_extract", "import_extracts", "import_file"]
