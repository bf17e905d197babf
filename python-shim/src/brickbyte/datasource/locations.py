"""The text at a local path or an http(s) URL: registries, manifests, components, read on the
driver."""
import urllib.error
import urllib.request
from typing import Optional


class HttpStatusError(OSError):
    """An http(s) answer other than 200 (or 404 where absence is allowed)."""

    def __init__(self, location: str, status: int) -> None:
        super().__init__(f"{location} answered HTTP {status}")
        self.status = status


def is_url(location: str) -> bool:
    return location.startswith(("http://", "https://"))


def read(location: str, optional: bool) -> Optional[str]:
    """The text at ``location``; None if ``optional`` and it does not exist."""
    if not is_url(location):
        try:
            with open(location, encoding="utf-8") as f:
                return f.read()
        except FileNotFoundError:
            if optional:
                return None
            raise
    try:
        with urllib.request.urlopen(location, timeout=120) as answer:
            return answer.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        if optional and e.code == 404:
            return None
        raise HttpStatusError(location, e.code) from None
