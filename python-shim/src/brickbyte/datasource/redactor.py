"""Masks a config's secrets in what a connector prints, before it reaches a log or an exception.

A secret is a value under a secret-sounding key, under a key the connector's spec marks
``airbyte_secret``, or one resolved from a ``${env:}``/``${file:}`` reference; each is masked in
every form it takes (as is, inside a JSON string, URL-encoded, base64), as the JVM's ``Redactor``
and ``SecretForms`` do.
"""
import base64
import json
import re
import urllib.parse
from typing import Any, FrozenSet, Iterable, List, Set

MASK = "****"
_SECRET_KEY = re.compile(
    r"(?i).*(pass|secret|token|key|credential|auth|cookie|session|private|signature).*")
_MIN_SECRET_LENGTH = 4
_MIN_BASE64_LENGTH = 8  # shorter runs occur by chance too often to be worth masking
_VALUE_HOLDERS = ("items", "additionalProperties")
_OPTIONS = ("oneOf", "anyOf", "allOf")


def secret_forms(secret: str) -> Set[str]:
    """The forms a secret takes in what a connector prints."""
    forms = {secret}
    escaped = json.dumps(secret, ensure_ascii=False)[1:-1]
    forms.update({escaped, escaped.replace("/", "\\/"), json.dumps(secret)[1:-1]})
    plus = urllib.parse.quote_plus(secret)
    forms.update({plus, plus.replace("+", "%20"), plus.replace("%2F", "/"),
                  plus.replace("+", "%20").replace("%2F", "/")})
    raw = secret.encode("utf-8")
    # Inside a longer base64 text (user:password) the secret starts at one of three offsets of a
    # 3-byte group; the characters encoding its whole groups are the same whatever surrounds it.
    for skip in range(min(3, len(raw))):
        whole = (len(raw) - skip) // 3 * 3
        core = raw[skip:skip + whole]
        standard = base64.b64encode(core).decode().rstrip("=")
        if len(standard) >= _MIN_BASE64_LENGTH:
            forms.update({standard, base64.urlsafe_b64encode(core).decode().rstrip("=")})
    whole_text = base64.b64encode(raw).decode()
    if len(whole_text) >= _MIN_BASE64_LENGTH:
        forms.update({whole_text, base64.urlsafe_b64encode(raw).decode()})
    forms.discard("")
    return forms


class Redactor:
    """Immutable: one that learns more secrets is a new one."""

    def __init__(self, spec_keys: FrozenSet[str] = frozenset(), forms: Iterable[str] = ()) -> None:
        self._spec_keys = frozenset(spec_keys)
        # Longest first: a form inside a longer one must not split it.
        self._forms = tuple(sorted(set(forms), key=len, reverse=True))

    @staticmethod
    def for_config(config: Any) -> "Redactor":
        return NONE.with_config(config)

    def with_config(self, config: Any) -> "Redactor":
        values: List[str] = []
        self._collect(config, False, values)
        return self.with_values(values)

    def with_spec_keys(self, keys: Iterable[str], config: Any) -> "Redactor":
        return Redactor(self._spec_keys | frozenset(keys), self._forms).with_config(config)

    def with_values(self, values: Iterable[str]) -> "Redactor":
        forms = set(self._forms)
        for value in values:
            if len(value) >= _MIN_SECRET_LENGTH:
                forms |= secret_forms(value)
        return self if len(forms) == len(self._forms) else Redactor(self._spec_keys, forms)

    def redact(self, text: str) -> str:
        if not text:
            return text
        for form in self._forms:
            if form in text:
                text = text.replace(form, MASK)
        return text

    def _collect(self, node: Any, secret: bool, out: List[str]) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                self._collect(value, secret or key in self._spec_keys
                              or bool(_SECRET_KEY.match(key)), out)
        elif isinstance(node, list):
            for item in node:
                self._collect(item, secret, out)
        elif secret and node is not None:
            out.append(node if isinstance(node, str) else json.dumps(node))

    def __repr__(self) -> str:
        return f"Redactor({len(self._forms)} secret forms)"


NONE = Redactor()


def spec_secret_keys(spec: Any) -> FrozenSet[str]:
    """The keys a SPEC message's ``connectionSpecification`` marks ``airbyte_secret``, at any
    depth (options of oneOf/anyOf/allOf, items, maps). Keys, not paths: masks more, never less."""
    keys: Set[str] = set()
    _collect_secret_keys(spec.get("connectionSpecification") if isinstance(spec, dict) else None,
                         keys)
    return frozenset(keys)


def _collect_secret_keys(schema: Any, keys: Set[str]) -> None:
    if isinstance(schema, dict):
        properties = schema.get("properties")
        if isinstance(properties, dict):
            keys.update(k for k, v in properties.items() if _holds_only_secrets(v))
        children: Iterable[Any] = schema.values()
    elif isinstance(schema, list):
        children = schema
    else:
        return
    for child in children:
        _collect_secret_keys(child, keys)


def _holds_only_secrets(schema: Any) -> bool:
    if not isinstance(schema, dict):
        return False
    if schema.get("airbyte_secret") is True:
        return True
    if any(_holds_only_secrets(schema.get(h)) for h in _VALUE_HOLDERS):
        return True
    return any(_holds_only_secrets(o) for k in _OPTIONS for o in (schema.get(k) or []))
