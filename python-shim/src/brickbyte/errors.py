"""Python faces of the JVM library's exceptions.

The JVM raises ``io.brickbyte.AirbyteException`` and its subclasses; py4j hands them to Python as a
``Py4JJavaError`` whose text is the whole Java stack trace. The shim re-raises them as the classes
below, with the Java message unchanged, and keeps the Java exception as ``java_exception``.
"""
from typing import Any, Callable, Optional, TypeVar

from py4j.protocol import Py4JJavaError
from pyspark.errors.exceptions.captured import CapturedException

T = TypeVar("T")

_JAVA_PACKAGE = "io.brickbyte."


class AirbyteError(Exception):
    """Raised for ``io.brickbyte.AirbyteException``: the root of the library's own errors.

    ``str(error)`` is the Java exception's message, word for word.

    Example::

        try:
            BrickByte(spark).check(source="source-faker", source_config={"count": -1})
        except AirbyteError as e:
            print(e.java_class, e)
    """

    def __init__(self, message: str, java_class: Optional[str] = None,
                 java_exception: Any = None) -> None:
        super().__init__(message)
        self.message = message
        #: the fully qualified name of the Java exception's class; None where the Python data
        #: source raised it (no JVM involved)
        self.java_class = java_class
        #: the py4j reference to the Java exception (``None`` once the gateway is gone)
        self.java_exception = java_exception


class AirbyteConfigError(AirbyteError):
    """A bad option, a bad connector config, or a ``check`` the connector answered FAILED."""


class AirbyteConnectorError(AirbyteError):
    """A connector that failed, hung or could not be started or installed."""


class AirbyteDataError(AirbyteError):
    """A record that does not fit its column in ``FAILFAST`` mode, or a broken protocol message."""


_BY_JAVA_CLASS = {
    "io.brickbyte.AirbyteConfigException": AirbyteConfigError,
    "io.brickbyte.AirbyteConnectorException": AirbyteConnectorError,
    "io.brickbyte.AirbyteDataException": AirbyteDataError,
    "io.brickbyte.AirbyteException": AirbyteError,
}


def _python_class(java_throwable: Any) -> Optional[type]:
    """The Python class of the nearest BrickByte superclass of a Java throwable, if any."""
    java_class = java_throwable.getClass()
    while java_class is not None:
        found = _BY_JAVA_CLASS.get(java_class.getName())
        if found is not None:
            return found
        java_class = java_class.getSuperclass()
    return None


def to_python_error(error: Exception) -> Exception:
    """The BrickByte error in a Java exception's cause chain, else ``error`` itself.

    ``error`` is py4j's ``Py4JJavaError``, or one of pyspark's captured exceptions (which keep the
    Java exception as ``_origin``). The cause chain matters: a connector failing inside a Spark
    task reaches the driver wrapped in a ``SparkException``.
    """
    if isinstance(error, Py4JJavaError):
        throwable = error.java_exception
    else:
        throwable = getattr(error, "_origin", None)
    seen = 0
    while throwable is not None and seen < 20:  # a cause chain may loop in theory
        python_class = _python_class(throwable)
        if python_class is not None:
            message = throwable.getMessage()
            return python_class(message if message is not None else "",
                                throwable.getClass().getName(), throwable)
        throwable = throwable.getCause()
        seen += 1
    return error


def call_jvm(function: Callable[[], T]) -> T:
    """Runs a call into the JVM, re-raising BrickByte's Java exceptions as Python ones."""
    try:
        return function()
    except (Py4JJavaError, CapturedException) as error:
        converted = to_python_error(error)
        if converted is error:
            raise
        raise converted from error
