"""The documentation refers only to what the repository holds, and the option docs match the code.

No Spark here: these read the repository's files. Every relative link of every Markdown file must
name an existing file (and an existing heading, for an anchor); every ``*.md`` a Markdown file or
a Java comment mentions must exist; docs/options.md lists exactly the options of AirbyteOptions,
and its cluster defaults exactly AirbyteOptions.CLUSTER_DEFAULTS; the README's test command is the
one .ci/run runs.
"""
import os
import re
from pathlib import Path
from typing import Dict, List, Set

REPO = Path(__file__).resolve().parents[2]
SKIPPED_DIRS = {"target", "node_modules", "build", "dist", "__pycache__"}

LINK = re.compile(r"(?<!!)\[(?:[^\]\[]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
FENCE = re.compile(r"^(```|~~~).*?^\1", re.MULTILINE | re.DOTALL)
MD_MENTION = re.compile(r"(?<![\w/.-])((?:[\w.-]+/)*[\w.-]+\.md)\b")


def files(suffix: str, under: Path = REPO) -> List[Path]:
    found = []
    for directory, dirs, names in os.walk(under):
        dirs[:] = sorted(d for d in dirs if d not in SKIPPED_DIRS and not d.startswith("."))
        found.extend(Path(directory) / n for n in sorted(names) if n.endswith(suffix))
    return found


def markdown_files() -> List[Path]:
    return files(".md")


def slug(heading: str) -> str:
    """GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading.strip())  # links keep their text
    text = text.replace("`", "").lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def anchors(path: Path) -> Set[str]:
    text = FENCE.sub("", path.read_text(encoding="utf-8"))
    seen: Dict[str, int] = {}
    result = set()
    for match in re.finditer(r"^#{1,6}\s+(.+?)\s*#*\s*$", text, re.MULTILINE):
        base = slug(match.group(1))
        count = seen.get(base, 0)
        seen[base] = count + 1
        result.add(base if count == 0 else f"{base}-{count}")
    return result


def links(path: Path) -> List[str]:
    text = FENCE.sub("", path.read_text(encoding="utf-8"))
    text = re.sub(r"`[^`\n]*`", "", text)  # code spans are not links
    return [m.group(1) for m in LINK.finditer(text)]


def broken_links(path: Path, root: Path = REPO) -> List[str]:
    broken = []
    for target in links(path):
        if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.IGNORECASE):  # https:, mailto:
            continue
        file_part, _, anchor = target.partition("#")
        resolved = (path.parent / file_part).resolve() if file_part else path
        where = f"{path.relative_to(root)}: {target}"
        if not resolved.exists():
            broken.append(f"{where} (no such file)")
        elif root not in resolved.parents and resolved != root:
            broken.append(f"{where} (outside the repository)")
        elif anchor and resolved.suffix == ".md" and anchor not in anchors(resolved):
            broken.append(f"{where} (no heading #{anchor})")
    return broken


def test_every_markdown_link_names_an_existing_file_and_heading():
    assert len(markdown_files()) >= 8, [str(p) for p in markdown_files()]
    broken = [b for path in markdown_files() for b in broken_links(path)]
    assert broken == []


def test_the_link_check_sees_a_broken_link(tmp_path):
    assert "read-options" in anchors(REPO / "docs" / "options.md")
    assert slug("Cluster defaults: `spark.brickbyte.<option>`") == "cluster-defaults-sparkbrickbyteoption"
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "options.md").write_text("# Options\n\n## Read options\n", encoding="utf-8")
    probe = docs / "probe.md"
    probe.write_text("[a](missing.md) [b](options.md#no-such-heading) [c](options.md#read-options)\n"
                     "[d](../outside.md) [e](https://example.com/x.md) [f](#here)\n"
                     "`[g](in-code.md)`\n```\n[h](in-fence.md)\n```\n## Here\n", encoding="utf-8")
    assert broken_links(probe, tmp_path) == [
        "docs/probe.md: missing.md (no such file)",
        "docs/probe.md: options.md#no-such-heading (no heading #no-such-heading)",
        "docs/probe.md: ../outside.md (no such file)",
    ]


def md_mentions(path: Path) -> List[str]:
    missing = []
    text = path.read_text(encoding="utf-8")
    for mention in set(MD_MENTION.findall(text)):
        if mention.startswith("."):
            continue
        candidates = [path.parent / mention, REPO / mention]
        if not any(c.exists() for c in candidates):
            missing.append(f"{path.relative_to(REPO)}: {mention}")
    return missing


def test_every_md_file_mentioned_exists():
    sources = markdown_files() + files(".java", REPO / "src") + [REPO / "bench" / "run", REPO / ".ci" / "run"]
    missing = [m for path in sources for m in md_mentions(path)]
    assert missing == []


def java_options() -> Dict[str, Set[str]]:
    source = (REPO / "src/main/java/io/brickbyte/options/AirbyteOptions.java").read_text(encoding="utf-8")
    constants = dict(re.findall(r"public static final String (\w+) = \"([^\"]+)\";", source))

    def named_set(name: str) -> Set[str]:
        body = re.search(r"Set<String> " + name + r" = Set\.of\(([^;]*)\);", source).group(1)
        return {constants[c.strip()] for c in body.split(",") if c.strip()}

    return {"all": set(constants.values()), "source": named_set("SOURCE"), "read": named_set("READ"),
            "sync": named_set("SYNC"), "cluster": named_set("CLUSTER_DEFAULTS")}


def option_tables() -> Dict[str, Set[str]]:
    """The first column's option names of each table in docs/options.md, by section."""
    tables: Dict[str, Set[str]] = {}
    section = ""
    for line in (REPO / "docs" / "options.md").read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            section = slug(line[3:])
        cell = re.match(r"^\|\s*`([^`]+)`\s*\|", line)
        if cell:
            tables.setdefault(section, set()).add(cell.group(1))
    return tables


def documented_key(name: str) -> str:
    return name.replace("<stream>", "")  # writeMode.<stream> is the prefix writeMode.


def test_docs_options_lists_every_option_of_the_code_and_no_other():
    code = java_options()
    tables = option_tables()
    read = {documented_key(n) for n in tables["read-options"]}
    sync = {documented_key(n) for n in tables["sync-options"]}
    assert read == code["source"] | code["read"]
    # The sync's table holds its own options (syncMode too: it means more there); the read options
    # it shares are in the read table, and the ones it takes without use are named in its section.
    assert code["sync"] - code["read"] <= sync <= code["sync"]
    assert read | sync == code["all"]
    section = (REPO / "docs" / "options.md").read_text(encoding="utf-8").split("## Sync options")[1]
    section = section.split("\n## ")[0]
    assert [o for o in sorted(code["sync"]) if f"`{documented_key(o)}" not in section
            and f"`{o}" not in section] == []


def test_docs_options_lists_exactly_the_cluster_defaults():
    code = java_options()
    table = option_tables()["cluster-defaults-sparkbrickbyteoption"]
    assert {n for n in table if n.startswith("spark.brickbyte.")} == {
        "spark.brickbyte." + o for o in code["cluster"]}


def test_the_readme_test_command_is_the_one_ci_runs():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    setup = readme.split("## Set up: two commands", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"^(mvn [^#\n]*?)\s*(?:#.*)?$", setup, re.MULTILINE)
    assert commands == ["mvn -B -q compile exec:exec", "mvn -B verify"]
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    ci_commands = [line.strip() for line in ci.splitlines()
                   if line.strip().startswith("mvn ")]
    assert ci_commands == ["mvn -B verify"]
