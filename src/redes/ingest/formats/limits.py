"""Bounds on the work one file may cause: archive bombs, huge scans, deep nesting.

A file past a bound fails with a reason that names the bound; none of them is reached by
ordinary documents.
"""

MB = 1024 * 1024

# Archives (ZIP, and the ZIP inside DOCX, XLSX and ODT files; gzip).
MAX_ENTRIES = 10_000  # members of one archive
MAX_MEMBER = 100 * MB  # decompressed bytes of one member
MAX_TOTAL = 500 * MB  # decompressed bytes of one archive, all members together
# Compression ratio of one member. Text and XML compress 5-20:1; a member of zeros
# compresses 1000:1. Members under RATIO_FLOOR bytes are too small to matter.
MAX_RATIO = 200
RATIO_FLOOR = 1 * MB
# Archives, mails and attachments inside each other: a mail in a zip in a zip is depth 3.
MAX_DEPTH = 4

# OCR.
OCR_MAX_PAGES = 50  # pages of one document read by OCR; the rest are named in the document's meta
OCR_DPI = 200  # rasterisation resolution of PDF pages
MAX_PIXELS = 40_000_000  # pixels of one image or rasterised page (an A4 page at 600 dpi is 35M)

# Spreadsheets and mailboxes.
MAX_ROWS = 200_000  # rows of one sheet
MAX_MESSAGES = 10_000  # messages of one mailbox
