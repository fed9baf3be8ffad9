"""The reference endpoint under load, slow clients and hang-ups.

No test sleeps: waits are on sockets (their timeouts bound every test) and on
the server's own connection cap, which orders requests where order matters.
"""

import http.client
import socket
import struct
import threading
import urllib.parse
from collections import Counter

import pytest
from endpoint_helpers import POST_URL, Endpoint, form

CLIENTS, POSTS_EACH = 50, 20


def test_fifty_clients_posting_twenty_comments_each_lose_nothing(tmp_path):
    endpoint = Endpoint(tmp_path, rate_limit=CLIENTS * POSTS_EACH)
    body = urllib.parse.urlencode(form()).encode()
    outcomes, lock = Counter(), threading.Lock()
    start = threading.Barrier(CLIENTS)

    def client():
        start.wait()
        for _ in range(POSTS_EACH):
            # A new connection per post, as a browser submitting a form makes.
            connection = http.client.HTTPConnection("127.0.0.1", endpoint.port, timeout=60)
            try:
                connection.request("POST", "/comments", body, {"Content-Type": "application/x-www-form-urlencoded"})
                response = connection.getresponse()
                response.read()
                outcome = (response.status, response.getheader("Location"))
            except OSError as error:
                outcome = type(error).__name__
            finally:
                connection.close()
            with lock:
                outcomes[outcome] += 1

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    endpoint.stop()
    assert outcomes == {(303, POST_URL + "#comment-received"): CLIENTS * POSTS_EACH}
    assert len(endpoint.queued()) == CLIENTS * POSTS_EACH


def stalled_connection(endpoint):
    """A client that sends half a request and then nothing."""
    sock = socket.create_connection(("127.0.0.1", endpoint.port), timeout=10)
    sock.sendall(b"POST /comments HTTP/1.1\r\nHost: x\r\n")
    return sock


def test_stalled_connections_do_not_hold_up_other_readers(tmp_path):
    # The 21 stalled connections, against the default cap of 64 and a
    # deadline far longer than this test: the reader's post is answered anyway.
    endpoint = Endpoint(tmp_path, request_deadline=600, socket_timeout=600)
    stalled = [stalled_connection(endpoint) for _ in range(21)]
    try:
        assert endpoint.post(timeout=10) == (303, POST_URL + "#comment-received")
    finally:
        for sock in stalled:
            sock.close()
        endpoint.stop()


def closed_by_server(sock):
    """True once the server has closed `sock` (EOF, or a reset)."""
    try:
        return sock.recv(65536) == b"" or closed_by_server(sock)
    except ConnectionError:
        return True


def test_more_stalled_connections_than_the_cap_are_cut_off_and_the_reader_is_served(tmp_path):
    endpoint = Endpoint(tmp_path, max_connections=4, request_deadline=0.5, socket_timeout=600)
    stalled = [stalled_connection(endpoint) for _ in range(12)]
    try:
        # Connections past the cap wait in the listen queue, not reset; each
        # stalled one is cut off at its deadline, so the reader's turn comes.
        assert endpoint.post(timeout=30) == (303, POST_URL + "#comment-received")
        assert all(closed_by_server(sock) for sock in stalled)
    finally:
        for sock in stalled:
            sock.close()
        endpoint.stop()


def test_a_client_dripping_bytes_is_cut_off_at_the_deadline(tmp_path):
    # Each byte arrives long before the per-read timeout (600 s): only the
    # deadline for the whole request can end this connection.
    endpoint = Endpoint(tmp_path, request_deadline=0.5, socket_timeout=600)
    sock = socket.create_connection(("127.0.0.1", endpoint.port), timeout=10)
    try:
        sock.sendall(b"POST /comments HTTP/1.1\r\nHost: x\r\nX-Drip: ")
        sock.settimeout(0.05)
        cut = False
        for _ in range(400):  # at most 400 waits of 0.05 s on the socket: 20 s
            try:
                data = sock.recv(65536)
            except TimeoutError:
                sock.sendall(b"a")  # the server said nothing yet: one more byte
                continue
            except ConnectionError:
                data = b""
            cut = data == b"" or data.startswith(b"HTTP/1.")
            break
        assert cut, "the dripping connection was still open after 20 s"
    finally:
        sock.close()
        endpoint.stop()


def reset(sock):
    """Close with a TCP reset (SO_LINGER 0), as a client that crashes does."""
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()


@pytest.mark.parametrize("half", [b"POST /comments HTTP/1.1\r\nHost: x\r\n", b""])
def test_hang_ups_and_failed_writes_print_no_traceback_and_no_address(tmp_path, capfd, half):
    blocker = tmp_path / "queue"
    blocker.write_text("a file where the queue folder should be", encoding="utf-8")
    # One connection at a time: each request below is handled only after the
    # previous one's thread has finished, error output included.
    endpoint = Endpoint(tmp_path, queue=blocker, max_connections=1)
    try:
        data = urllib.parse.urlencode(form()).encode()
        whole = b"POST /comments HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n%s" % (len(data), data)
        for payload in (half or whole, whole[:-5]):
            sock = socket.create_connection(("127.0.0.1", endpoint.port), timeout=10)
            sock.sendall(payload)
            reset(sock)
        assert endpoint.post() == (303, POST_URL + "#comment-not-sent-unavailable")
        assert endpoint.post() == (303, POST_URL + "#comment-not-sent-unavailable")
    finally:
        endpoint.stop()
    err = capfd.readouterr().err
    assert "Traceback" not in err and "127.0.0.1" not in err
    # A whole request that hangs up before its answer was still handled: one more line.
    assert err.count("comments endpoint: could not write to the queue") == (3 if half == b"" else 2)
    assert str(blocker) in err
