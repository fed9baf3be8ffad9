"""COMMENTS_* settings: defaults in one place, checked once at start-up."""

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

DEFAULTS = {
    "COMMENTS_ENABLED": True,
    "COMMENTS_ENDPOINT": "",
    "COMMENTS_REQUIRE_HTTPS": False,
    "COMMENTS_ASK_EMAIL": False,
    "COMMENTS_NAME_MAXLENGTH": 100,
    "COMMENTS_MESSAGE_MAXLENGTH": 2000,
    "COMMENTS_PATH": "comments",
    "COMMENTS_RULES_KEY": "rules-of-engagement",
    "COMMENTS_PREVIEW_SITEURL": "",
    # The ids of the post's status blocks, which the form's redirects target as
    # fragments (#comment-received, #comment-not-sent[-<reason>]); per language.
    "COMMENTS_RECEIVED_SLUG": "comment-received",
    "COMMENTS_ERROR_SLUG": "comment-not-sent",
}
FRAGMENT_ID = re.compile(r"[a-z][a-z0-9-]*")
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}


class CommentsSettingError(ValueError):
    exitcode = 1
    # A setting to fix, not a bug: Pelican's log shows the message without a traceback.
    is_content_error = True


@dataclass(frozen=True)
class CommentsSettings:
    enabled: bool
    endpoint: str
    ask_email: bool
    name_maxlength: int
    message_maxlength: int
    path: str
    rules_key: str
    siteurl: str
    received_slug: str
    error_slug: str


def read_settings(settings):
    """Check the COMMENTS_* settings once; errors name the setting and the fix."""
    values = {name: settings.get(name, default) for name, default in DEFAULTS.items()}
    checked = CommentsSettings(
        enabled=bool(values["COMMENTS_ENABLED"]),
        endpoint=str(values["COMMENTS_ENDPOINT"]).strip(),
        ask_email=bool(values["COMMENTS_ASK_EMAIL"]),
        name_maxlength=int(values["COMMENTS_NAME_MAXLENGTH"]),
        message_maxlength=int(values["COMMENTS_MESSAGE_MAXLENGTH"]),
        path=values["COMMENTS_PATH"],
        rules_key=values["COMMENTS_RULES_KEY"],
        siteurl=absolute_siteurl(settings.get("SITEURL", ""), values["COMMENTS_PREVIEW_SITEURL"]),
        received_slug=values["COMMENTS_RECEIVED_SLUG"],
        error_slug=values["COMMENTS_ERROR_SLUG"],
    )
    if not checked.enabled:
        return checked
    for name in ("COMMENTS_RECEIVED_SLUG", "COMMENTS_ERROR_SLUG"):
        if not FRAGMENT_ID.fullmatch(str(values[name])):
            raise CommentsSettingError(
                f"comments: {name} is the id of a status block on the post (a URL fragment); "
                f"use lowercase letters, digits and hyphens, got {values[name]!r}"
            )
    endpoint = urlsplit(checked.endpoint)
    if endpoint.scheme not in ("http", "https") or not endpoint.hostname:
        raise CommentsSettingError(
            f"comments: COMMENTS_ENDPOINT must be an http(s) URL, got {checked.endpoint!r}; "
            "set it in the environment (COMMENTS_ENDPOINT=https://...) or set "
            "COMMENTS_ENABLED = False"
        )
    loopback = endpoint.hostname in LOOPBACK_HOSTS
    if values["COMMENTS_REQUIRE_HTTPS"] and endpoint.scheme != "https" and not loopback:
        raise CommentsSettingError(
            "comments: COMMENTS_ENDPOINT must be an https URL in publish mode "
            f"(only loopback hosts may use http), got {checked.endpoint!r}"
        )
    if urlsplit(checked.siteurl).scheme not in ("http", "https"):
        raise CommentsSettingError(
            "comments: the form's redirects need an absolute site URL; set SITEURL or "
            f"COMMENTS_PREVIEW_SITEURL to e.g. 'http://127.0.0.1:8000', got {checked.siteurl!r}"
        )
    return checked


def absolute_siteurl(siteurl, preview_siteurl):
    """SITEURL when it is absolute; else (a local preview) where the preview is served."""
    chosen = siteurl if urlsplit(siteurl).scheme else preview_siteurl
    return (chosen or "").rstrip("/")
