"""Runs a Databricks source-format notebook on a local SparkSession, cell by cell.

Only what exists on Databricks alone is stubbed here, never in the notebook: ``display``,
``dbutils.widgets`` (a notebook's parameters) and the ``%pip``/``%md`` magics (the shim is
already installed in the test venv). ``%run ./other`` runs the other notebook in the same
namespace, as Databricks does.
"""
from pathlib import Path
from typing import Any, Dict, List, Mapping

HEADER = "# Databricks notebook source"
SEPARATOR = "\n# COMMAND ----------\n"
MAGIC = "# MAGIC "


class Widgets:
    """``dbutils.widgets``: a widget's value is the test's parameter, else its default."""

    def __init__(self, parameters: Mapping[str, str]) -> None:
        self._parameters = dict(parameters)
        self._defaults: Dict[str, str] = {}

    def text(self, name: str, default_value: str, label: str = None) -> None:
        self._defaults[name] = default_value

    def get(self, name: str) -> str:
        if name not in self._defaults:
            raise ValueError(f"no widget named {name!r} was defined")  # as Databricks fails
        return self._parameters.get(name, self._defaults[name])


class DbUtils:
    def __init__(self, parameters: Mapping[str, str]) -> None:
        self.widgets = Widgets(parameters)


class NotebookRun:
    """The namespace and the displayed DataFrames of one notebook run."""

    def __init__(self, spark: Any, parameters: Mapping[str, str]) -> None:
        self.displayed: List[Any] = []
        self.pip_installs: List[str] = []
        self.namespace: Dict[str, Any] = {
            "spark": spark, "dbutils": DbUtils(parameters), "display": self._display,
            "__name__": "__main__"}

    def _display(self, value: Any) -> None:
        # display() runs the query on Databricks; collecting it here makes it run too.
        self.displayed.append((value, value.collect() if hasattr(value, "collect") else value))

    def run(self, notebook: Path) -> "NotebookRun":
        text = notebook.read_text()
        if not text.startswith(HEADER + "\n"):
            raise AssertionError(f"{notebook.name} does not start with '{HEADER}'")
        for number, cell in enumerate(text[len(HEADER) + 1:].split(SEPARATOR), start=1):
            self._run_cell(notebook, number, cell.strip("\n"))
        return self

    def _run_cell(self, notebook: Path, number: int, cell: str) -> None:
        lines = cell.splitlines()
        if lines and all(line.startswith(MAGIC) or line == MAGIC.rstrip() for line in lines):
            magic = lines[0][len(MAGIC):].split()
            if magic[0] == "%md":
                return
            if magic[0] == "%pip":
                self.pip_installs.append(" ".join(magic[1:]))
                return
            if magic[0] == "%run":
                self.run((notebook.parent / (magic[1] + ".py")).resolve())
                return
            raise AssertionError(f"{notebook.name} cell {number}: unsupported magic {magic[0]}")
        code = compile(cell, f"{notebook.name}[cell {number}]", "exec")
        exec(code, self.namespace)  # noqa: S102: running the notebook is the point
