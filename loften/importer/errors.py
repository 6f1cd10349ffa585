"""The importer's one error: why a file cannot be read, in Swedish, with what to do."""


class ImportRefused(Exception):
    """The file is not read; `str(error)` is the message for the person who gave it."""
