"""Bytes to text: byte-order marks first, then strict UTF-8, then charset-normalizer."""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

from ssi_core.importers.messages import rejected

# Text files from Western European spreadsheets: when the detector hesitates, these are the likely
# ones, in this order.
_WESTERN = ("cp1252", "latin_1", "iso8859_15")
_CONTROL = set(range(0, 32)) - {9, 10, 12, 13}
_ASCII = bytes(range(128))
_WESTERN_TEXT = set("ÀÁÂÃÄÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜàáâãäçèéêëìíîïñòóôõöùúûüºª°¿¡€–—‘’“”…·«»\xa0")


def _looks_utf16(data: bytes) -> str | None:
    """UTF-16 without a byte-order mark: every other byte of ASCII text is zero."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even_zero = sample[0::2].count(0) / max(1, len(sample[0::2]))
    odd_zero = sample[1::2].count(0) / max(1, len(sample[1::2]))
    if odd_zero > 0.4 and even_zero < 0.05:
        return "utf-16-le"
    if even_zero > 0.4 and odd_zero < 0.05:
        return "utf-16-be"
    return None


def _is_binary(text: str) -> bool:
    sample = text[:8192]
    if not sample:
        return False
    controls = sum(1 for ch in sample if ord(ch) in _CONTROL)
    return "\x00" in sample or controls / len(sample) > 0.01


def decode(data: bytes, file_label: str) -> tuple[str, str]:
    """Return (text, encoding name) or raise ImportRejected naming the file.

    Args:
        data: the raw bytes of a text file (not a workbook).
        file_label: the name used in messages.
    """
    text: str | None = None
    encoding: str | None = None
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)) and len(data) % 4 == 0:
        encoding = "utf-32"
    elif data.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    else:
        encoding = _looks_utf16(data)
    if encoding is not None:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            text = None
    if text is None:
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            text = None
    if text is None:
        text, encoding = _detect(data, file_label)
    if _is_binary(text):
        raise rejected("binary", file=file_label)
    return text.lstrip("\ufeff"), encoding


def _detect(data: bytes, file_label: str) -> tuple[str, str]:
    if data[:8192].count(0) > 0:
        raise rejected("binary", file=file_label)
    # The detector is slow on big inputs: judge a sample, then decode everything.
    best = from_bytes(data[:65_536]).best()
    names = [best.encoding] if best is not None else []
    # Short Western files often score as well in a Central European or Cyrillic code page; when
    # cp1252 (what Excel writes in Spain, Portugal and the Americas) gives only Western letters
    # and punctuation, it is the better reading.
    if not names or names[0] not in _WESTERN:
        high_bytes = set(data.translate(None, _ASCII))  # fast even on a big file
        try:
            letters = {bytes([byte]).decode("cp1252") for byte in high_bytes}
        except UnicodeDecodeError:
            letters = None
        if letters is not None and letters <= _WESTERN_TEXT:
            return data.decode("cp1252"), "cp1252"
    for name in [*names, *_WESTERN]:
        try:
            return data.decode(name), _canonical(name)
        except (UnicodeDecodeError, LookupError):
            continue
    raise rejected("undecodable", file=file_label)


def _canonical(name: str) -> str:
    return {"latin_1": "latin-1", "iso8859_15": "iso-8859-15"}.get(name, name)
