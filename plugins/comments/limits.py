"""Rate limits of the reference endpoint: per reader, counted on accepted comments.

Only accepted comments count, so a reader who gets a field wrong a few times is
told what is wrong, not locked out. Readers are told apart by address, kept as
salted hashes in memory only (never on disk). Behind a reverse proxy every TCP
peer is the proxy; the reader's address is then the one the proxy appended to
X-Forwarded-For, trusted only when the peer is a proxy named with
--trusted-proxy (anyone else could send the header to pick their own key).
"""

import hashlib
import ipaddress
import secrets
import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field


@dataclass
class RateLimiter:
    """At most `limit` accepted comments per reader per `window` seconds."""

    limit: int
    window: float
    salt: bytes = field(default_factory=lambda: secrets.token_bytes(16))
    seen: dict = field(default_factory=lambda: defaultdict(deque))
    lock: threading.Lock = field(default_factory=threading.Lock)

    def allow(self, client):
        """Count one accepted comment for `client`, or return False if over the limit."""
        key = hashlib.sha256(self.salt + client.encode()).hexdigest()
        now = time.monotonic()
        with self.lock:
            times = self.seen[key]
            while times and now - times[0] > self.window:
                times.popleft()
            if len(times) >= self.limit:
                return False
            times.append(now)
            return True

    def give_back(self, client):
        """Uncount the last comment of `client` (it could not be queued after all)."""
        key = hashlib.sha256(self.salt + client.encode()).hexdigest()
        with self.lock:
            if self.seen[key]:
                self.seen[key].pop()


def reader_address(peer, forwarded_for, trusted_proxies):
    """The address to key limits on: the peer, or, when the peer is a trusted proxy,
    the right-most address in X-Forwarded-For that is not itself a trusted proxy."""
    if peer not in trusted_proxies or not forwarded_for:
        return peer
    for hop in reversed([part.strip() for part in ",".join(forwarded_for).split(",")]):
        try:
            address = str(ipaddress.ip_address(hop))
        except ValueError:
            return peer  # a malformed chain: fall back to the proxy, one shared key
        if address not in trusted_proxies:
            return address
    return peer
