"""The environment a connector process gets: connectors are third-party code, so not the node's
whole environment (cloud credentials live there), only what a process needs to run, reach the
network and install Python packages, plus the variables the user names (option ``connectorEnv``).
The same rule as the JVM's ``ConnectorEnvironment``."""
import os
from typing import Dict, Iterable, Mapping, Optional

NAMES = frozenset({
    "PATH", "HOME", "LANG", "TZ", "TMPDIR", "USER",
    "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "http_proxy", "https_proxy", "no_proxy",
    "SSL_CERT_FILE", "SSL_CERT_DIR", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"})
PREFIXES = ("LC_", "PYTHON", "PYENV_", "PIP_", "UV_")
# Set by PySpark in its workers; meaningless (and misleading) to a connector's own Python.
_SPARK_PYTHON = frozenset({"PYTHONPATH", "PYTHONHASHSEED", "PYTHON_WORKER_FACTORY_SECRET",
                           "PYTHONUNBUFFERED", "PYSPARK_PYTHON", "PYTHONSTARTUP"})


def passes(name: str) -> bool:
    """Whether every connector gets this variable of the node."""
    return (name in NAMES or name.startswith(PREFIXES)) and name not in _SPARK_PYTHON


def minimal_environment(user_names: Iterable[str],
                        node: Optional[Mapping[str, str]] = None) -> Dict[str, str]:
    names = set(user_names)
    source = os.environ if node is None else node
    return {k: v for k, v in source.items() if passes(k) or k in names}
