"""One root error for everything ecokg reports to a user; messages say how to fix."""


class EcokgError(Exception):
    """Root of every error ecokg raises on purpose."""


class ConfigError(EcokgError):
    """A setting is missing or invalid."""


class StoreError(EcokgError):
    """The graph store cannot be started, reached or used."""


class PortInUseError(StoreError):
    """The embedded server's port is taken by another program."""


class LoadError(EcokgError):
    """A document could not be loaded; nothing of it was written."""


class AmbiguousDocumentError(EcokgError):
    """A file name names several documents; ``candidates`` lists them (id, doc, source, path)."""

    def __init__(self, message: str, candidates: list[dict]) -> None:
        super().__init__(message)
        self.candidates = candidates


class ReadError(EcokgError):
    """An input file cannot be read or parsed; the message names the file."""


class PipelineError(EcokgError):
    """The NLP pipeline is missing, uninitialised or misconfigured."""


class QueryError(EcokgError):
    """A Cypher query was refused or failed."""


class QueryTimeoutError(QueryError):
    """A Cypher query ran past its time limit and was stopped by the server."""


class NotFoundError(EcokgError):
    """A requested entity or document does not exist."""


class EvalError(EcokgError):
    """Gold or predictions to score are missing or malformed; the message names the file."""
