"""Argument checks of the BrickByte API: keyword names, the two modes, the kind of session."""
import difflib
import functools
import inspect
import sys
import warnings
from typing import Any, Callable, List, Optional, Tuple, TypeVar

F = TypeVar("F", bound=Callable[..., Any])

SYNC_MODES = ("full_refresh", "incremental")
CONVERSION_MODES = ("PERMISSIVE", "FAILFAST", "DROPMALFORMED")

# warnings.warn's stacklevel from resolve_modes, so that the warning names the user's line:
# resolve_modes, BrickByte._put_modes, the API method, its checked_keywords wrapper, the caller.
_CALLER = 5


def checked_keywords(method: F) -> F:
    """Makes an unknown keyword argument of ``method`` a ``TypeError`` that names the accepted
    keywords and the closest of them, as Python's own error does not.

    The data source's options are not keywords: they go in ``options={...}`` by their Java
    names, where the JVM checks them.

    Example::

        @checked_keywords
        def read(self, stream: str, sync_mode: Optional[str] = None) -> DataFrame: ...

        read(bb, "users", sync_mod="incremental")
        # TypeError: BrickByte.read() got an unexpected keyword argument 'sync_mod'.
        # Did you mean 'sync_mode'? Accepted: stream, sync_mode
    """
    accepted = [name for name, parameter in inspect.signature(method).parameters.items()
                if name != "self" and parameter.kind in (inspect.Parameter.POSITIONAL_OR_KEYWORD,
                                                         inspect.Parameter.KEYWORD_ONLY)]
    title = method.__qualname__.replace(".__init__", "")

    @functools.wraps(method)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        for name in kwargs:
            if name not in accepted:
                raise TypeError(unknown_keyword_message(title, name, accepted))
        return method(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def unknown_keyword_message(title: str, name: str, accepted: List[str]) -> str:
    """The message of an unknown keyword: the closest accepted one, else where options go."""
    message = f"{title}() got an unexpected keyword argument {name!r}."
    # Compared in lower case, so that a Java spelling (syncMode, tablePrefix) finds its keyword.
    lowered = {keyword.lower(): keyword for keyword in accepted}
    close = difflib.get_close_matches(name.lower(), list(lowered), n=1)
    if close:
        message += f" Did you mean {lowered[close[0]]!r}?"
    message += " Accepted: " + ", ".join(accepted) + "."
    if not close and "options" in accepted:
        message += (f" An option of the airbyte data source goes by its Java name in "
                    f"options={{...}}: options={{{name!r}: ...}}")
    return message


def sync_mode_value(sync_mode: str) -> str:
    """``full_refresh`` or ``incremental``, in any case, as the JVM accepts them."""
    if isinstance(sync_mode, str) and sync_mode.strip().lower() in SYNC_MODES:
        return sync_mode.strip().lower()
    raise ValueError(f"sync_mode: {' or '.join(SYNC_MODES)} is accepted, not {sync_mode!r}")


def resolve_modes(method: str, sync_mode: Optional[str],
                  mode: Optional[str]) -> Tuple[Optional[str], Optional[str]]:
    """The ``syncMode`` and ``mode`` options of ``sync_mode=`` and ``mode=`` (``None``: unset).

    ``mode=`` is the conversion mode (PERMISSIVE, FAILFAST or DROPMALFORMED). A ``mode=`` of
    ``full_refresh`` or ``incremental`` is the sync mode's old spelling: it still works, with a
    ``DeprecationWarning``, when ``sync_mode=`` is not given or agrees; a ``sync_mode=`` that
    disagrees is a ``ValueError``.

    Example::

        resolve_modes("BrickByte.read", "incremental", "FAILFAST")  # ('incremental', 'FAILFAST')
        resolve_modes("BrickByte.read", None, "incremental")  # ('incremental', None), warned
    """
    sync = sync_mode_value(sync_mode) if sync_mode is not None else None
    if mode is None:
        return sync, None
    if isinstance(mode, str) and mode.strip().upper() in CONVERSION_MODES:
        return sync, mode.strip().upper()
    if isinstance(mode, str) and mode.strip().lower() in SYNC_MODES:
        old = mode.strip().lower()
        if sync is not None and sync != old:
            raise ValueError(f"{method}: sync_mode={sync!r} and mode={mode!r} disagree; mode= "
                             f"for the sync mode is deprecated: give sync_mode= alone")
        warnings.warn(f"{method}(mode={mode!r}) is deprecated for the sync mode: use "
                      f"sync_mode={old!r}. mode= is the conversion mode, "
                      f"{', '.join(CONVERSION_MODES)}", DeprecationWarning, stacklevel=_CALLER)
        return old, None
    raise ValueError(f"mode: {', '.join(CONVERSION_MODES)} is accepted (the sync mode, "
                     f"{' or '.join(SYNC_MODES)}, is sync_mode=), not {mode!r}")


def is_connect_session(spark: Any) -> bool:
    """Whether ``spark`` is a Spark Connect session (PySpark 3.4+), which has no JVM gateway.

    Connect's modules are never imported here (they need grpc, pandas and pyarrow): a Connect
    session exists only once its module has been imported, so ``sys.modules`` is asked.
    """
    connect = sys.modules.get("pyspark.sql.connect.session")
    return connect is not None and isinstance(spark, connect.SparkSession)


def refuse_connect(spark: Any, what: str) -> None:
    """Raises a ``RuntimeError`` saying why ``what`` cannot run on a Spark Connect session."""
    if is_connect_session(spark):
        raise RuntimeError(
            f"{what} needs the JVM of the Spark driver, and a Spark Connect session has no JVM "
            f"gateway (e.g. serverless compute, Databricks Connect): run the sync on classic "
            f"compute in dedicated access mode, e.g. as a job task. spec, check, "
            f"discover and read work over Spark Connect when the server has the BrickByte JAR.")
