"""Options ``state`` and ``startingState``: turned into what connectors read with ``--state``,
the protocol's JSON array of state messages, as the JVM's ``StateOption``. The STATE envelope
(``{"type": "STATE", "state": {...}}``) is unwrapped; anything that is no state is refused, since
a connector given one silently starts over. Errors never echo the value: states can hold
secrets."""
import json
from typing import Any, Optional

from brickbyte.errors import AirbyteConfigError

ACCEPTED = ('Accepted: a JSON array of state messages (objects with "type" STREAM, GLOBAL or '
            'LEGACY, or a legacy object with "data"), one such object, or the STATE messages a '
            'connector prints ({"type": "STATE", "state": {...}}), alone or in an array')
_STATE_TYPES = ("STREAM", "GLOBAL", "LEGACY")


def parse_state(key: str, value: Optional[str]) -> Optional[str]:
    """The state as the protocol's JSON array (text), or None for none."""
    if value is None or not value.strip():
        return None
    try:
        state = json.loads(value)
    except ValueError:
        raise _rejected(key, "is not valid JSON") from None
    if isinstance(state, list):
        messages = [_state_message(key, s, f"element {i} of the array")
                    for i, s in enumerate(state)]
    else:
        messages = [_state_message(key, state, "the value")]
    return json.dumps(messages)


def _state_message(key: str, node: Any, where: str) -> Any:
    envelope = isinstance(node, dict) and node.get("type") == "STATE"
    message = node.get("state") if envelope else node
    place = f'the "state" of {where}' if envelope else where
    if not isinstance(message, dict):
        raise _rejected(key, f"holds no state message in {place} (not a JSON object)")
    kind = message.get("type")
    known = "data" in message if kind is None else kind in _STATE_TYPES
    if not known:
        raise _rejected(key, f'holds no state message in {place} (its "type" is not STREAM, '
                        'GLOBAL or LEGACY, nor is it a legacy object with "data")')
    return message


def _rejected(key: str, problem: str) -> AirbyteConfigError:
    return AirbyteConfigError(f"Option '{key}' {problem}. {ACCEPTED}")
