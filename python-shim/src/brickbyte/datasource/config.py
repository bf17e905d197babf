"""A connector's config: JSON text that holds credentials.

It prints as a mask, and parse errors give a position, never the text, so it cannot leak through
a log line, an exception or a plan. ``${env:NAME}`` and ``${file:PATH}`` references in its string
values are resolved on the driver; the resolved values are secrets whatever their key.
"""
import json
import os
import re
from typing import Any, Callable, List, Optional

from brickbyte.datasource.redactor import Redactor
from brickbyte.errors import AirbyteConfigError

_REFERENCE = re.compile(r"\$\{(env|file|secret):([^}]+)}")
_ACCEPTED = 'Accepted: a JSON object, e.g. {"api_key": "..."}'


class ConnectorConfig:
    """Immutable; ``json`` is for the connector's config file only."""

    __slots__ = ("_json", "_redactor")

    def __init__(self, text: str, redactor: Redactor) -> None:
        self._json = text
        self._redactor = redactor

    @staticmethod
    def parse(text: str, option: str,
              env: Callable[[str], Optional[str]] = os.environ.get) -> "ConnectorConfig":
        try:
            node = json.loads(text)
        except json.JSONDecodeError as e:
            raise AirbyteConfigError(
                f"Option '{option}' is not valid JSON (line {e.lineno}, column {e.colno}). "
                + _ACCEPTED) from None
        if not isinstance(node, dict):
            kind = {list: "array", str: "string", bool: "boolean", type(None): "null"}.get(
                type(node), "number")
            raise AirbyteConfigError(f"Option '{option}' must be a JSON object, not {kind}. "
                                     + _ACCEPTED)
        resolved: List[str] = []
        node = _resolve(node, env, resolved)
        return ConnectorConfig(json.dumps(node) if resolved else text,
                               Redactor.for_config(node).with_values(resolved))

    @property
    def json(self) -> str:
        return self._json

    def value(self) -> Any:
        return json.loads(self._json)

    @property
    def redactor(self) -> Redactor:
        return self._redactor

    def __repr__(self) -> str:
        return "ConnectorConfig(****)"

    __str__ = __repr__


EMPTY = ConnectorConfig("{}", Redactor())


def _resolve(node: Any, env: Callable[[str], Optional[str]], resolved: List[str]) -> Any:
    if isinstance(node, dict):
        return {k: _resolve(v, env, resolved) for k, v in node.items()}
    if isinstance(node, list):
        return [_resolve(v, env, resolved) for v in node]
    if isinstance(node, str) and "${" in node:
        def replace(match: "re.Match[str]") -> str:
            value = _look_up(match.group(1), match.group(2).strip(), env)
            resolved.append(value)
            return value
        return _REFERENCE.sub(replace, node)
    return node


def _look_up(kind: str, name: str, env: Callable[[str], Optional[str]]) -> str:
    if kind == "env":
        value = env(name)
        if value is None:
            raise AirbyteConfigError(
                f"The config references ${{env:{name}}}, but the environment variable {name} "
                "is not set on the driver")
        return value
    if kind == "file":
        try:
            with open(name, encoding="utf-8") as f:
                return f.read().rstrip()
        except OSError as e:
            raise AirbyteConfigError(
                f"The config references ${{file:{name}}}, which cannot be read: {e}") from None
    # Databricks secrets need dbutils, which a Python data source's worker does not have.
    raise AirbyteConfigError(
        f"The config references ${{secret:{name}}}, which the Python source cannot resolve (its "
        "workers have no dbutils). Accepted: ${env:NAME} or ${file:PATH}, or resolve the secret "
        "in the notebook with dbutils.secrets.get and pass the value in option 'config'")


def read_config(inline: Optional[str], file: Optional[str],
                refused: Callable[..., Exception]) -> ConnectorConfig:
    """Option ``config`` or ``configFile`` (not both), or an empty config."""
    if inline is not None and file is not None:
        raise AirbyteConfigError(
            "Options 'config' and 'configFile' are both set. Accepted: one of them")
    if file is not None:
        try:
            with open(file, encoding="utf-8") as f:
                text = f.read()
        except OSError as e:
            raise refused("configFile", file, f"it cannot be read ({e})",
                          "a readable file holding the connector's config as a JSON object"
                          ) from None
        return ConnectorConfig.parse(text, "configFile")
    return EMPTY if inline is None else ConnectorConfig.parse(inline, "config")
