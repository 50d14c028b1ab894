"""Token and size are checked as a request arrives: an unauthenticated or oversized upload is refused unread.

The chunked uploads go over a socket to a real uvicorn server (TestClient reads a whole body before the app sees
it), sending until the server answers: what it took before answering is what it read."""
from __future__ import annotations

import select
import socket
import threading
import time
from collections.abc import Iterator

import pytest
import uvicorn
from fastapi.testclient import TestClient

from api.app import create_app

CHUNK = b"x" * (1 << 20)




def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


MULTIPART = {"Content-Type": "multipart/form-data; boundary=b"}


@pytest.fixture()
def small_client(api_settings, store) -> Iterator[TestClient]:
    with TestClient(create_app(api_settings.model_copy(update={"max_upload_bytes": 2 << 20}))) as client:
        yield client


@pytest.fixture()
def small_server(api_settings, store) -> Iterator[int]:
    """A uvicorn server of the app with a 2 MiB upload limit; yields its port."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(api_settings.model_copy(update={"max_upload_bytes": 2 << 20})),
                                           host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    yield port
    server.should_exit = True
    thread.join(10)


def chunked_upload(port: int, headers: dict[str, str], mebibytes: int = 1024) -> tuple[str, int]:
    """POST a chunked multipart upload of up to ``mebibytes`` MiB; the status line and the MiB sent before it came."""
    head = "".join(f"{key}: {value}\r\n" for key, value in {**MULTIPART, **headers}.items())
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.sendall(f"POST /documents HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n{head}\r\n".encode())
        part = (b'--b\r\nContent-Disposition: form-data; name="file"; filename="big.txt"\r\n'
                b"Content-Type: text/plain\r\n\r\n")
        sock.sendall(b"%x\r\n%s\r\n" % (len(part), part))
        sent = 0
        try:
            while sent < mebibytes and not select.select([sock], [], [], 0.01)[0]:
                sock.sendall(b"%x\r\n%s\r\n" % (len(CHUNK), CHUNK))
                sent += 1
        except (BrokenPipeError, ConnectionResetError):
            pass
        sock.settimeout(10)
        return sock.recv(65536).split(b"\r\n", 1)[0].decode(), sent


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong"}], ids=["no-token", "wrong-token"])
def test_an_unauthenticated_chunked_upload_is_refused_before_its_body_is_read(small_server, headers) -> None:
    status, sent = chunked_upload(small_server, headers)  # 1 GiB, if it were read
    assert " 401 " in status
    assert sent <= 8  # what the socket buffers took before the answer came back


def test_a_chunked_upload_over_the_limit_is_cut_off_as_it_arrives(small_server, auth, empty_store,
                                                                    graph_snapshot) -> None:
    before = graph_snapshot(empty_store)
    status, sent = chunked_upload(small_server, auth)
    assert " 413 " in status
    assert sent <= 12  # the 2 MiB limit, the multipart slack and the socket buffers, not the gigabyte
    assert graph_snapshot(empty_store) == before


def test_a_declared_length_over_the_limit_is_refused_unread(small_client, auth) -> None:
    response = small_client.post("/documents", content=b"x" * (3 << 20), headers={**MULTIPART, **auth})
    assert response.status_code == 413


def test_reads_are_not_asked_for_a_token(small_client) -> None:
    response = small_client.post("/cypher", json={"query": "MATCH (n) RETURN count(n) AS n"})
    assert response.status_code == 200
