"""The tip line: anonymous submissions into the confidential ``tips`` collection.

clean(data, name)                 # a file without its metadata (``scrub``)
receive(store, text, files)       # a new tip: its receipt code and documents
add(store, code, text, files)     # more for a tip, by its receipt code
tips(store)                       # the tips a store's scope may read, with files
"""

from redes.tips.line import (
    TIPS,
    TipLineClosed,
    add,
    attachment,
    new_receipt,
    receipt_hash,
    receive,
    tips,
)
from redes.tips.scrub import ACCEPTED, Refused, clean

__all__ = [
    "ACCEPTED",
    "TIPS",
    "Refused",
    "TipLineClosed",
    "add",
    "attachment",
    "clean",
    "new_receipt",
    "receipt_hash",
    "receive",
    "tips",
]
