"""Who may send comments, and how often: the Origin allowlist, redirects kept on
the site, and rate limits per reader (also behind a trusted reverse proxy)."""

import pytest
from comments.limits import RateLimiter, reader_address
from endpoint_helpers import POST_URL, SITE, Endpoint, form


@pytest.fixture
def endpoint(tmp_path):
    running = Endpoint(tmp_path)
    yield running
    running.stop()


@pytest.mark.parametrize("origin", ["https://evil.example", "null", "http://127.0.0.1:8000.evil.example"])
def test_a_foreign_or_null_origin_is_forbidden(endpoint, origin):
    status, location = endpoint.post(headers={"Origin": origin})
    assert (status, location) == (403, None)
    assert endpoint.queued() == []


def test_a_redirect_off_the_site_is_refused(endpoint):
    assert endpoint.post(form(**{"options[redirect]": "https://evil.example/"}))[0] == 400
    header_split = form(**{"options[redirect]": POST_URL + "\r\nSet-Cookie: x=1"})
    assert endpoint.post(header_split) == (400, None)
    assert endpoint.queued() == []


def test_mistakes_do_not_use_up_the_rate_limit(tmp_path):
    endpoint = Endpoint(tmp_path, rate_limit=2)
    try:
        for _ in range(5):
            assert endpoint.post(form(**{"fields[message]": ""}))[1].endswith("-missing-fields")
        assert endpoint.post()[1].endswith("#comment-received")
        assert endpoint.post()[1].endswith("#comment-received")
        assert endpoint.post() == (303, POST_URL + "#comment-not-sent-too-many")
        assert len(endpoint.queued()) == 2
    finally:
        endpoint.stop()


def test_behind_a_trusted_proxy_each_reader_has_their_own_limit(tmp_path):
    endpoint = Endpoint(tmp_path, rate_limit=1, trusted_proxies=frozenset({"127.0.0.1"}))
    try:
        assert endpoint.post(headers={"X-Forwarded-For": "198.51.100.1"})[1].endswith("#comment-received")
        assert endpoint.post(headers={"X-Forwarded-For": "198.51.100.2"})[1].endswith("#comment-received")
        assert endpoint.post(headers={"X-Forwarded-For": "198.51.100.1"})[1].endswith("-too-many")
        # A reader cannot pick their own key by sending the header through the proxy:
        # the proxy appends the real peer, and that right-most address is the one used.
        spoof = {"X-Forwarded-For": "203.0.113.9, 198.51.100.2"}
        assert endpoint.post(headers=spoof)[1].endswith("-too-many")
    finally:
        endpoint.stop()


def test_without_a_trusted_proxy_the_forwarded_header_is_ignored(tmp_path):
    endpoint = Endpoint(tmp_path, rate_limit=1)
    try:
        assert endpoint.post(headers={"X-Forwarded-For": "198.51.100.1"})[1].endswith("#comment-received")
        assert endpoint.post(headers={"X-Forwarded-For": "198.51.100.2"})[1].endswith("-too-many")
    finally:
        endpoint.stop()


def test_a_request_without_origin_is_accepted(endpoint):
    # Older browsers and non-browser clients send none; redirects still bind it to the site.
    assert endpoint.post(headers={"Origin": None}) == (303, POST_URL + "#comment-received")


def test_two_origin_headers_are_forbidden(endpoint):
    import urllib.parse

    data = urllib.parse.urlencode(form()).encode()
    head = f"POST /comments HTTP/1.1\r\nHost: x\r\nOrigin: {SITE}\r\nOrigin: https://evil.example\r\n"
    answer = endpoint.raw(f"{head}Content-Length: {len(data)}\r\n\r\n".encode() + data)
    assert answer.startswith(b"HTTP/1.0 403 ")
    assert endpoint.queued() == []


@pytest.mark.parametrize(
    ("peer", "forwarded", "expected"),
    [
        ("10.0.0.5", ["198.51.100.1"], "10.0.0.5"),  # not a trusted proxy: header ignored
        ("127.0.0.1", None, "127.0.0.1"),  # the proxy sent no header
        ("127.0.0.1", ["203.0.113.9, 198.51.100.2"], "198.51.100.2"),  # right-most is the proxy's own
        ("127.0.0.1", ["198.51.100.2, 127.0.0.1"], "198.51.100.2"),  # trusted hops are skipped
        ("127.0.0.1", ["2001:db8::1"], "2001:db8::1"),
        ("127.0.0.1", ["not-an-address"], "127.0.0.1"),  # malformed: fall back to the proxy
        ("127.0.0.1", ["a", "198.51.100.3"], "198.51.100.3"),  # two headers count as one list
    ],
)
def test_reader_address(peer, forwarded, expected):
    assert reader_address(peer, forwarded, frozenset({"127.0.0.1"})) == expected


def test_rate_limit_keeps_only_salted_hashes():
    limiter = RateLimiter(limit=2, window=60)
    assert limiter.allow("10.0.0.1") and limiter.allow("10.0.0.1")
    assert not limiter.allow("10.0.0.1")
    assert limiter.allow("10.0.0.2")
    assert "10.0.0.1" not in repr(limiter.seen)
