"""The project's error type: a message a user can act on."""


class SSIError(ValueError):
    """Input was rejected; the message names the file, row or field and the reason."""


class StoreError(SSIError):
    """The database failed; the message may name its file, host or user (fine on the command
    line, never shown to the users of a hosted app)."""


class StoreBusyError(StoreError):
    """The database file is locked by another process, even after retrying."""


class StoreUnavailableError(StoreError):
    """The database server cannot be reached, even after retrying."""
