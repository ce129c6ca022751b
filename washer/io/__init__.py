"""Reading and writing extracts: formats, detection, atomic publication."""

from washer.io.atomic import Staging
from washer.io.formats import EXTENSIONS, FORMATS, CsvDialect, Format, normalize_encoding
from washer.io.readers import InputSource, open_input
from washer.io.writers import ChunkWriter, write_frame

__all__ = [
    "EXTENSIONS",
    "FORMATS",
    "ChunkWriter",
    "CsvDialect",
    "Format",
    "InputSource",
    "Staging",
    "normalize_encoding",
    "open_input",
    "write_frame",
]
