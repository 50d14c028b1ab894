"""The graph store: one ``neo4j`` driver, to a real Neo4j (``NEO4J_URI``) or to the embedded ArcadeDB Bolt server.

The embedded server keeps everything under ``<data_dir>/arcadedb/``:

- ``server/``          ArcadeDB's root (databases, users, its logs);
- ``root-password``    the generated root password (mode 0600), made once on first start;
- ``reader-password``  the password of ``ecokg_reader`` (mode 0600), the user query endpoints connect as:
                       the server's security groups let it read records and nothing else;
- ``server.lock``      held (flock) by the process that runs the server, for as long as it runs;
- ``server.json``      that process's pid, ports and mode, so other processes connect over Bolt.

The lock, not the pid file, says whether a server is running: the kernel releases it when the
process dies, so a crashed server never blocks the next start and its stale pid file is removed.
"""
from __future__ import annotations

import fcntl
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

import neo4j
from neo4j import GraphDatabase

from ecokg.errors import ConfigError, PortInUseError, StoreError
from ecokg.settings import Settings
from graph import cypher

EMBEDDED_DATABASE = "ecokg"
ROOT_USER = "root"
READER_USER = "ecokg_reader"
READER_GROUP = "ecokg_reader"
# The embedded server's security group for READER_USER: read records, never create, update, delete or change
# the schema or security (LOAD CSV needs the latter on ArcadeDB, so it is refused too).
READER_GROUP_RIGHTS = {"resultSetLimit": -1, "readTimeout": -1, "access": [], "types": {"*": {"access": ["readRecord"]}}}
# The embedded server stops READER_USER's statements at ECOKG_CYPHER_TIMEOUT_S and everyone else's (loads,
# analytics, `ecokg cypher --write`) at this many times it: a load's statement carries up to megabytes of text,
# which a busy machine can take seconds over, and a runaway write still ends.
WRITER_TIMEOUT_FACTOR = 10
# How often the server looks for READER_USER's statements past the Cypher timeout: the precision of that limit.
READER_WATCH_INTERVAL_S = 0.1
LOOPBACK = "127.0.0.1"
START_TIMEOUT_S = 90.0
STOP_TIMEOUT_S = 60.0


@dataclass(frozen=True)
class Store:
    """The open drivers and the database to use; made once per process at the edge and passed in.

    ``driver`` may write (builds, uploads, ``ecokg cypher --write``); ``reader`` connects as a user the server
    lets only read, and every query endpoint uses it, so no query text can change the graph whatever a
    guard in front of it misses."""

    driver: neo4j.Driver
    reader: neo4j.Driver
    database: str | None
    bolt_uri: str
    embedded: bool

    @contextmanager
    def session(self, **config) -> Iterator[neo4j.Session]:
        """A session as the writing user; closing it counts as a write (:func:`write_generation`), even if the
        session only read: a reader must never trust an answer older than a write made in this process."""
        try:
            with self.driver.session(database=self.database, **config) as session:
                yield session
        finally:
            _count_write()

    def read_session(self, **config) -> neo4j.Session:
        """A session as the read-only user, in READ access mode (which Neo4j enforces too)."""
        return self.reader.session(database=self.database, default_access_mode=neo4j.READ_ACCESS, **config)


_writes_lock = threading.Lock()
_writes = 0


def _count_write() -> None:
    global _writes
    with _writes_lock:
        _writes += 1


def write_generation() -> int:
    """How many writing sessions this process has closed: a change means the graph may have changed here.

    Cheap (no round trip); what other processes write is seen only by asking the graph (api/names.py)."""
    return _writes


@dataclass(frozen=True)
class ServerInfo:
    """What ``server.json`` records about the running embedded server."""

    pid: int
    host: str
    bolt_port: int
    http_port: int
    mode: str  # "foreground": lives as long as an ecokg command; "background": `ecokg db start`

    @property
    def bolt_uri(self) -> str:
        return f"bolt://{self.host}:{self.bolt_port}"


@dataclass(frozen=True)
class ServerStatus:
    running: bool
    bolt_uri: str
    embedded: bool
    data_dir: str
    pid: int | None = None
    mode: str | None = None
    http_port: int | None = None

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class EmbeddedPaths:
    root: Path

    @classmethod
    def of(cls, settings: Settings) -> EmbeddedPaths:
        return cls(settings.data_dir.resolve() / "arcadedb")

    def make_private(self) -> None:
        """Create the store's folder, and the data directory holding it, readable by this user only (0700):
        the database files, passwords and uploads inside are nobody else's to read."""
        self.root.mkdir(parents=True, exist_ok=True)
        for folder in (self.root.parent, self.root):
            folder.chmod(0o700)

    @property
    def server_root(self) -> Path:
        return self.root / "server"

    @property
    def password_file(self) -> Path:
        return self.root / "root-password"

    @property
    def reader_password_file(self) -> Path:
        return self.root / "reader-password"

    @property
    def lock_file(self) -> Path:
        return self.root / "server.lock"

    @property
    def info_file(self) -> Path:
        return self.root / "server.json"

    @property
    def logging_config(self) -> Path:
        return self.root / "logging.properties"

    @property
    def log_dir(self) -> Path:
        return self.server_root / "log"

    @property
    def background_log(self) -> Path:
        return self.root / "background.log"


# --------------------------------------------------------------------------- opening a store


@contextmanager
def open_store(settings: Settings) -> Iterator[Store]:
    """A :class:`Store` for the configured server.

    With ``NEO4J_URI`` it connects there. Otherwise it connects to the embedded server that
    another process runs, or, if none runs, starts one in this process for the duration.
    """
    if settings.neo4j_uri:
        password = settings.neo4j_password.get_secret_value() if settings.neo4j_password else ""
        # Without a reader user of its own (NEO4J_READER_USER, role `reader`), Neo4j still refuses writes in
        # READ access mode, which read_session() always sets.
        reader_user = settings.neo4j_reader_user or settings.neo4j_user
        reader_password = (settings.neo4j_reader_password.get_secret_value() if settings.neo4j_reader_password
                           else password if not settings.neo4j_reader_user else "")
        with _driver(settings.neo4j_uri, (settings.neo4j_user, password), "NEO4J_URI") as driver, \
                _driver(settings.neo4j_uri, (reader_user, reader_password), "NEO4J_URI (reader)") as reader:
            yield Store(driver, reader, settings.neo4j_database, settings.neo4j_uri, embedded=False)
        return
    paths = EmbeddedPaths.of(settings)
    with embedded_server(settings) as info:
        with _driver(info.bolt_uri, (ROOT_USER, _read_password(paths.password_file)), "the embedded server") as driver, \
                _driver(info.bolt_uri, (READER_USER, _read_password(paths.reader_password_file)),
                        "the embedded server (reader)") as reader:
            if info.pid == os.getpid():  # started by this process just now: ready once its Cypher engine has loaded
                driver.execute_query(cypher.load("server_ready"), database_=EMBEDDED_DATABASE)
            yield Store(driver, reader, EMBEDDED_DATABASE, info.bolt_uri, embedded=True)


@contextmanager
def _driver(uri: str, auth: tuple[str, str], what: str) -> Iterator[neo4j.Driver]:
    try:
        driver = GraphDatabase.driver(uri, auth=auth)
    except ValueError as exc:
        raise ConfigError(f"{what}: bad Bolt URI {uri!r}: {exc}") from exc
    try:
        try:
            driver.verify_connectivity()
        except neo4j.exceptions.AuthError as exc:
            raise StoreError(f"{what} at {uri} refused the credentials; check NEO4J_USER/NEO4J_PASSWORD") from exc
        except (neo4j.exceptions.ServiceUnavailable, OSError) as exc:
            raise StoreError(f"cannot reach {what} at {uri}: {exc}") from exc
        yield driver
    finally:
        driver.close()


@contextmanager
def embedded_server(settings: Settings) -> Iterator[ServerInfo]:
    """The running embedded server's :class:`ServerInfo`; starts one in this process if none runs."""
    paths = EmbeddedPaths.of(settings)
    paths.make_private()
    deadline = time.monotonic() + START_TIMEOUT_S
    while True:
        lock = _try_lock(paths)
        if lock is not None:
            try:
                with _run_server(settings, paths, lock, mode="foreground") as info:
                    yield info
            finally:
                os.close(lock)
            return
        info = _read_info(paths)
        if info is not None and _port_answers(info.host, info.bolt_port):
            yield info
            return
        if time.monotonic() > deadline:
            raise StoreError(
                f"another process holds the embedded store in {paths.root} but its server does not answer; "
                "check `ecokg db status`"
            )
        time.sleep(0.2)


@contextmanager
def serve_embedded(settings: Settings, mode: str) -> Iterator[ServerInfo]:
    """Run the embedded server in this process; refuses if another process runs it already."""
    paths = EmbeddedPaths.of(settings)
    paths.make_private()
    lock = _try_lock(paths)
    if lock is None:
        raise StoreError(f"the embedded server for {paths.root} is already running; see `ecokg db status`")
    try:
        with _run_server(settings, paths, lock, mode=mode) as info:
            yield info
    finally:
        os.close(lock)


@contextmanager
def _run_server(settings: Settings, paths: EmbeddedPaths, lock: int, mode: str) -> Iterator[ServerInfo]:
    # We hold the lock, so any server.json is a dead process's.
    paths.info_file.unlink(missing_ok=True)
    _ensure_port_free(settings.bolt_port, "ECOKG_BOLT_PORT")
    _ensure_port_free(settings.arcadedb_http_port, "ECOKG_ARCADEDB_HTTP_PORT")
    password = _root_password(paths)
    server = _start_arcadedb(settings, paths, password)
    info = ServerInfo(os.getpid(), LOOPBACK, settings.bolt_port, settings.arcadedb_http_port, mode)
    try:
        with _stop_reader_statements_after(server, settings.cypher_timeout_s):
            _write_info(paths, info)
            yield info
    finally:
        paths.info_file.unlink(missing_ok=True)
        server.stop()


def _start_arcadedb(settings: Settings, paths: EmbeddedPaths, password: str):
    from arcadedb_embedded import ArcadeDBError
    from arcadedb_embedded.server import ArcadeDBServer

    paths.log_dir.mkdir(parents=True, exist_ok=True)
    _write_logging_config(paths)
    # Read once, when this process starts its JVM: the JVM's crash log and ArcadeDB's logs go to
    # the data directory instead of ./log in whatever directory ecokg was started from.
    os.environ.setdefault("ARCADEDB_JVM_ERROR_FILE", str(paths.log_dir / "hs_err_pid%p.log"))
    jvm_args = [f"-Djava.util.logging.config.file={paths.logging_config}"]
    try:
        server = ArcadeDBServer(
            root_path=str(paths.server_root),
            root_password=password,
            config={
                "server_plugins": "Bolt:com.arcadedb.bolt.BoltProtocolPlugin",
                "bolt_port": settings.bolt_port,
                "http_port": settings.arcadedb_http_port,
                "host": LOOPBACK,
            },
            jvm_kwargs={"jvm_args": jvm_args},
        )
        _limit_statements(settings)
        _keep_jvm_at_exit()
        server.start()
        server.create_database(EMBEDDED_DATABASE)
        _ensure_reader(server, _secret(paths.reader_password_file))
    except ArcadeDBError as exc:
        if "address already in use" in str(exc).lower():
            raise PortInUseError(
                f"port {settings.bolt_port} or {settings.arcadedb_http_port} on {LOOPBACK} is taken by another "
                "program; set ECOKG_BOLT_PORT / ECOKG_ARCADEDB_HTTP_PORT to free ports"
            ) from exc
        raise StoreError(f"the embedded ArcadeDB server did not start: {exc}; see {paths.log_dir}") from exc
    return server


def _limit_statements(settings: Settings) -> None:
    """JVM-wide settings the databases read (a server's own configuration does not reach them).

    The server aborts any statement that runs longer than WRITER_TIMEOUT_FACTOR times the Cypher timeout, so
    even a runaway write stops on the server (it ignores Bolt transaction timeouts); the reader's statements
    are stopped sooner, by :func:`_stop_reader_statements_after`. No statement may read files or URLs."""
    import jpype  # noqa: PLC0415 - the JVM runs once ArcadeDBServer is made

    config = jpype.JClass("com.arcadedb.GlobalConfiguration")
    config.COMMAND_TIMEOUT.setValue(int(settings.cypher_timeout_s * WRITER_TIMEOUT_FACTOR * 1000))
    config.OPENCYPHER_LOAD_CSV_ALLOW_FILE_URLS.setValue(False)
    config.OPENCYPHER_LOAD_CSV_ALLOW_REMOTE_URLS.setValue(False)


@contextmanager
def _stop_reader_statements_after(server, timeout_s: float) -> Iterator[None]:
    """While the block runs, the server terminates every statement of READER_USER older than ``timeout_s``.

    ArcadeDB has no per-user statement limit: arcadedb.command.timeout is JVM-wide (it would cut loads too), a
    security group's readTimeout only bounds each scan of one type (a Cypher cross product of small scans
    runs on), and Bolt transaction timeouts are ignored. Its registry of running queries can terminate one:
    the statement aborts at the same checks as the timeout, and the client gets
    Neo.ClientError.Transaction.Terminated."""
    registry = server._java_server.getRunningQueries()  # the Python wrapper does not expose it
    limit_ms = int(timeout_s * 1000)
    reason = f"ecokg: ECOKG_CYPHER_TIMEOUT_S of {timeout_s:g}s"
    done = threading.Event()

    def watch() -> None:
        while not done.wait(READER_WATCH_INTERVAL_S):
            for query in registry.getRunning():
                if str(query.getUser()) == READER_USER and query.getElapsedMillis() > limit_ms:
                    query.terminate(reason)

    watcher = threading.Thread(target=watch, name="ecokg-reader-time-limit", daemon=True)
    watcher.start()
    try:
        yield
    finally:
        done.set()
        watcher.join()


def exit_process(code: int) -> None:
    """End the process with ``code``; one that ran the embedded server's JVM skips the interpreter's teardown.

    With the JVM kept at exit (:func:`_keep_jvm_at_exit`), its native threads still run when the C runtime's
    exit handlers do, and about half such exits aborted ("FATAL: exception not rethrown", exit 134) after the
    command had done its work. The server was stopped, its files flushed, when the store closed, so nothing is
    left to tear down: flush the output and leave."""
    if "jpype" in sys.modules and sys.modules["jpype"].isJVMStarted():
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    raise SystemExit(code)


def _keep_jvm_at_exit() -> None:
    """Let the process exit without destroying the JVM.

    JPype destroys it at interpreter exit by default, and that crashed processes (exit 139) whose Bolt
    and HTTP threads were still winding down. The server is stopped explicitly (its files flushed) when
    the store closes, so there is nothing left for the JVM's teardown to do."""
    import jpype.config  # noqa: PLC0415

    jpype.config.destroy_jvm = False


def _write_logging_config(paths: EmbeddedPaths) -> None:
    # ArcadeDB's default logging writes to the console and to ./log; ecokg's stdout carries --json.
    paths.logging_config.write_text(
        "handlers = java.util.logging.FileHandler\n"
        ".level = INFO\n"
        "io.undertow.level = WARNING\n"
        "org.xnio.level = WARNING\n"
        "org.jboss.level = WARNING\n"
        "java.util.logging.FileHandler.level = INFO\n"
        f"java.util.logging.FileHandler.pattern = {paths.log_dir}/arcadedb.%g.log\n"
        "java.util.logging.FileHandler.formatter = com.arcadedb.log.LogFormatter\n"
        "java.util.logging.FileHandler.limit = 10000000\n"
        "java.util.logging.FileHandler.count = 5\n",
        encoding="utf-8",
    )


def _ensure_reader(server, password: str) -> None:
    """Make (or reset) the read-only user and its group on the running server; idempotent on every start.

    The Python wrapper exposes no security API, so this goes through the Java server it wraps."""
    import jpype  # noqa: PLC0415 - the JVM runs once the server does

    json_object = jpype.JClass("com.arcadedb.serializer.json.JSONObject")
    security = server._java_server.getSecurity()  # noqa: SLF001
    security.saveGroup(EMBEDDED_DATABASE, READER_GROUP, json_object(json.dumps(READER_GROUP_RIGHTS)))
    if security.existsUser(READER_USER):
        security.dropUser(READER_USER)
    security.createUser(json_object(json.dumps({
        "name": READER_USER, "password": str(security.encodePassword(password)),
        "databases": {EMBEDDED_DATABASE: [READER_GROUP]},
    })))


# --------------------------------------------------------------------------- passwords


def _root_password(paths: EmbeddedPaths) -> str:
    if paths.password_file.exists():
        return _read_password(paths.password_file)
    if (paths.server_root / "config").exists():
        raise StoreError(
            f"{paths.password_file} is missing but the embedded store in {paths.server_root} was initialised "
            "with a root password; restore the file, or delete that directory to start an empty store"
        )
    return _secret(paths.password_file)


def _secret(path: Path) -> str:
    """The password kept in ``path``, generated (mode 0600) the first time."""
    if path.exists():
        return _read_password(path)
    password = secrets.token_urlsafe(24)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(password + "\n")
    return password


def _read_password(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise StoreError(f"cannot read the embedded server's password in {path}: {exc}") from exc


# --------------------------------------------------------------------------- lock, pid file, ports


def _try_lock(paths: EmbeddedPaths) -> int | None:
    """The locked file descriptor, or None when another process holds the lock."""
    fd = os.open(paths.lock_file, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return None
    return fd


def _write_info(paths: EmbeddedPaths, info: ServerInfo) -> None:
    tmp = paths.info_file.with_suffix(".tmp")
    tmp.write_text(json.dumps(asdict(info)), encoding="utf-8")
    tmp.replace(paths.info_file)


def _read_info(paths: EmbeddedPaths) -> ServerInfo | None:
    try:
        return ServerInfo(**json.loads(paths.info_file.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return None


def _port_answers(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1.0):
            return True
    except OSError:
        return False


def _ensure_port_free(port: int, setting: str) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        # As the server binds: connections of a just-stopped server in TIME_WAIT do not count.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((LOOPBACK, port))
        except OSError as exc:
            raise PortInUseError(
                f"port {port} on {LOOPBACK} is taken by another program; set {setting} to a free port"
            ) from exc


# --------------------------------------------------------------------------- ecokg db start|stop|status


def status(settings: Settings) -> ServerStatus:
    """Whether the embedded server runs, and where; with ``NEO4J_URI`` set, that server's address."""
    if settings.neo4j_uri:
        return ServerStatus(True, settings.neo4j_uri, embedded=False, data_dir=str(settings.data_dir))
    paths = EmbeddedPaths.of(settings)
    bolt_uri = f"bolt://{LOOPBACK}:{settings.bolt_port}"
    if not paths.root.exists():
        return ServerStatus(False, bolt_uri, embedded=True, data_dir=str(settings.data_dir))
    lock = _try_lock(paths)
    if lock is not None:
        paths.info_file.unlink(missing_ok=True)  # stale: its process is gone
        os.close(lock)
        return ServerStatus(False, bolt_uri, embedded=True, data_dir=str(settings.data_dir))
    info = _read_info(paths)
    if info is None:  # starting: the lock is taken, server.json not yet written
        return ServerStatus(True, bolt_uri, embedded=True, data_dir=str(settings.data_dir))
    return ServerStatus(
        True, info.bolt_uri, embedded=True, data_dir=str(settings.data_dir),
        pid=info.pid, mode=info.mode, http_port=info.http_port,
    )


def start_background(settings: Settings) -> ServerStatus:
    """Start the embedded server in a detached process (``python -m graph.server``) unless one runs."""
    if settings.neo4j_uri:
        raise ConfigError("NEO4J_URI is set: ecokg uses that server and runs no embedded one")
    current = status(settings)
    if current.running:
        return current
    paths = EmbeddedPaths.of(settings)
    paths.make_private()
    _ensure_port_free(settings.bolt_port, "ECOKG_BOLT_PORT")
    _ensure_port_free(settings.arcadedb_http_port, "ECOKG_ARCADEDB_HTTP_PORT")
    env = {
        **os.environ,
        "ECOKG_DATA_DIR": str(settings.data_dir.resolve()),
        "ECOKG_BOLT_PORT": str(settings.bolt_port),
        "ECOKG_ARCADEDB_HTTP_PORT": str(settings.arcadedb_http_port),
    }
    with open(paths.background_log, "ab") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "graph.server"],
            cwd=paths.root, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise StoreError(f"the background server exited: {_last_line(paths.background_log)}")
        info = _read_info(paths)
        if info is not None and info.pid == process.pid and _port_answers(info.host, info.bolt_port):
            return status(settings)
        time.sleep(0.2)
    process.terminate()
    raise StoreError(f"the background server did not answer within {START_TIMEOUT_S:.0f}s; see {paths.background_log}")


def stop_background(settings: Settings) -> bool:
    """Stop the background server; False if none was running."""
    current = status(settings)
    if not current.running or current.pid is None:
        return False
    if current.mode != "background":
        raise StoreError(
            f"the embedded server runs inside process {current.pid} (an ecokg command such as `ecokg serve`); "
            "stop that process instead"
        )
    os.kill(current.pid, signal.SIGTERM)
    deadline = time.monotonic() + STOP_TIMEOUT_S
    while time.monotonic() < deadline:
        if not status(settings).running:
            return True
        time.sleep(0.2)
    raise StoreError(f"the background server (pid {current.pid}) did not stop within {STOP_TIMEOUT_S:.0f}s")


def _last_line(path: Path) -> str:
    try:
        lines = [line for line in path.read_text(encoding="utf-8", errors="replace").splitlines() if line.strip()]
    except OSError:
        return "no output"
    return lines[-1] if lines else "no output"
