"""What a ZIP's end record declares, read from its last bytes before anything is unpacked: the
workbook reader and the data-archive reader both refuse an oversized ZIP with it (no pandas here,
so the archive reader stays light)."""

from __future__ import annotations


def declared_entries(data: bytes) -> int | None:
    """The number of files the ZIP's end record declares, read before zipfile builds an object
    for each of them; None when there is no end record."""
    at = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))
    if at < 0 or at + 22 > len(data):
        return None
    return int.from_bytes(data[at + 10 : at + 12], "little")
