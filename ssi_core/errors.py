"""The project's error type: a message a user can act on."""


class SSIError(ValueError):
    """Input was rejected; the message names the file, row or field and the reason."""


class StoreBusyError(SSIError):
    """The database file is locked by another process, even after retrying."""


class StoreUnavailableError(SSIError):
    """The database server cannot be reached, even after retrying."""
