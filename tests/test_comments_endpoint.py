"""Rules of the reference endpoint that need no browser."""

from pathlib import Path

from comments.endpoint import EndpointConfig, RateLimiter, check_submission
from comments.settings import read_settings

CONFIG = EndpointConfig(queue=Path("unused"), allowed_origins=frozenset())
FORM = {"options[slug]": "a-post", "options[lang]": "fr", "fields[name]": "Ana", "fields[message]": "Bonjour"}


def test_rate_limit_refuses_a_client_past_its_quota_but_not_others():
    limiter = RateLimiter(limit=2, window=60)
    assert limiter.allow("10.0.0.1") and limiter.allow("10.0.0.1")
    assert not limiter.allow("10.0.0.1")
    assert limiter.allow("10.0.0.2")
    # Only salted hashes are kept, never the address itself.
    assert "10.0.0.1" not in repr(limiter.seen)


def test_accepted_comment_keeps_no_network_details():
    result, comment = check_submission(FORM, CONFIG)
    assert result == "ok"
    assert set(comment) == {"id", "key", "name", "date", "lang", "message"}


def test_too_long_message_and_path_like_key_are_refused():
    assert check_submission({**FORM, "fields[message]": "x" * 2001}, CONFIG)[0] == "too-long"
    assert check_submission({**FORM, "options[slug]": "../../etc"}, CONFIG)[0] == "rejected"


def test_publish_accepts_a_loopback_http_endpoint_for_local_rehearsals():
    checked = read_settings(
        {"COMMENTS_ENDPOINT": "http://127.0.0.1:8081/comments", "COMMENTS_REQUIRE_HTTPS": True, "SITEURL": "https://x.gc.ca"}
    )
    assert checked.endpoint == "http://127.0.0.1:8081/comments"
