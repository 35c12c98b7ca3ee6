"""SQL taken from the Swift sources, for the benchmarks that run an endpoint's own statements in
pgbench beside the server (bench_api.py, bench_portal.py): the statements are read from their
`static let …SQL` constants every run, so the pgbench side cannot drift from what the server
sends. Anything the reader does not understand fails loudly rather than being guessed.

Standard library only.
"""

import re
from dataclasses import dataclass
from pathlib import Path

_MULTILINE = re.compile(r'static let (\w+) = """\n(.*?)\n([ \t]*)"""', re.DOTALL)
_SINGLE_LINE = re.compile(r'static let (\w+) = "((?:[^"\\\n]|\\.)*)"')
# The rest of a one-line string literal after its opening quote, closing quote included.
_STRING_BODY = re.compile(r'(?:[^"\\\n]|\\.)*"')
_TYPE_DECLARATION = re.compile(r"\b(?:enum|struct|class|actor|extension|protocol)\s+([A-Za-z_]\w*)")


@dataclass(frozen=True)
class SwiftConstant:
    """A string constant as written: the type (or extension) whose body declares it, and its raw
    text, escapes and interpolations not yet resolved."""

    owner: str | None
    raw: str


def _end_of(source: str, closing: str, start: int) -> int:
    """The index just past the next `closing` from `start`, or the end of `source`."""
    found = source.find(closing, start)
    return len(source) if found < 0 else found + len(closing)


def _owners(source: str, positions: list[int]) -> dict[int, str | None]:
    """The innermost type or extension whose braces enclose each position. Comments and string
    literals are skipped, so a brace or a keyword inside them counts for nothing."""
    declarations = {match.start(): match for match in _TYPE_DECLARATION.finditer(source)
                    if match.group(1) not in ("func", "var", "let")}  # `class func`, `class var`
    wanted = sorted(positions)
    owners: dict[int, str | None] = {}
    frames: list[str | None] = []  # one per open brace: the type it opens, or None
    declared = None  # the type whose `{` comes next
    index = 0
    while wanted:
        while wanted and index >= wanted[0]:
            owners[wanted.pop(0)] = next((frame for frame in reversed(frames) if frame), None)
        if index >= len(source):
            break
        if source.startswith("//", index):
            index = _end_of(source, "\n", index)
        elif source.startswith("/*", index):
            index = _end_of(source, "*/", index + 2)
        elif source.startswith('"""', index):
            index = _end_of(source, '"""', index + 3)
        elif source[index] == '"':
            literal = _STRING_BODY.match(source, index + 1)
            index = literal.end() if literal else index + 1
        elif index in declarations:
            declared = declarations[index].group(1)
            index = declarations[index].end()
        else:
            if source[index] == "{":
                frames.append(declared)
                declared = None
            elif source[index] == "}" and frames:
                frames.pop()
            index += 1
    return owners


def swift_string_constants(source: str) -> dict[str, SwiftConstant]:
    """The `static let name = "..."` and triple-quoted string constants of a Swift file, each under
    its own name and under `Owner.name` (its enclosing type's name). In a multi-line literal the
    closing delimiter's indentation is stripped from every line (The Swift Programming Language,
    "Multiline String Literals"); a line indented less is an error there and here."""
    found: list[tuple[int, str, str]] = []
    for match in _MULTILINE.finditer(source):
        name, body, indent = match.groups()
        lines = []
        for line in body.split("\n"):
            if line.strip() and not line.startswith(indent):
                raise ValueError(f"{name}: a line is indented less than its closing delimiter")
            lines.append(line[len(indent):])
        found.append((match.start(), name, "\n".join(lines)))
    multiline_starts = {position for position, _, _ in found}
    for match in _SINGLE_LINE.finditer(source):
        # `static let x = """` also reads as the one-line literal "" followed by a quote.
        if match.start() not in multiline_starts:
            found.append((match.start(), match.group(1), match.group(2)))
    owners = _owners(source, [position for position, _, _ in found])
    constants: dict[str, SwiftConstant] = {}
    for position, name, raw in sorted(found):
        constant = SwiftConstant(owners.get(position), raw)
        constants.setdefault(name, constant)
        if constant.owner:
            constants.setdefault(f"{constant.owner}.{name}", constant)
    return constants


def swift_int_constant(source: str, name: str) -> int:
    """The value of `static let name = 25` (or `static let name: Int = 25`, `1_000`) in a Swift
    file; anything else — an expression, another constant's name — fails loudly."""
    match = re.search(rf"static let {re.escape(name)}(?:\s*:\s*Int)?\s*=\s*([^\n/]*)", source)
    if not match:
        raise ValueError(f"no constant '{name}' found")
    literal = match.group(1).strip()
    if not re.fullmatch(r"\d[\d_]*", literal):
        raise ValueError(f"{name}: '{literal}' is not a whole-number literal")
    return int(literal.replace("_", ""))


def resolve(name: str, constants: dict[str, SwiftConstant], seen: tuple[str, ...] = ()) -> str:
    """The value of constant `name` (`listSQL` or `Sessions.listSQL`): interpolated constants
    replaced — `\\(Type.other)` is Type's, a bare `\\(other)` the constant's own type's first, as
    Swift looks names up — and the escapes \\\\ \\" \\n \\t decoded. Anything else (an
    interpolated expression, a line continuation, \\u{…}) fails loudly rather than guessing."""
    if name not in constants:
        raise ValueError(f"no string constant '{name}' found")
    if name in seen:
        raise ValueError(f"'{name}' interpolates itself")
    constant = constants[name]
    raw = constant.raw
    out = []
    index = 0
    while index < len(raw):
        char = raw[index]
        if char != "\\":
            out.append(char)
            index += 1
            continue
        rest = raw[index + 1:index + 2]
        if rest == "(":
            end = raw.find(")", index)
            inner = raw[index + 2:end] if end > 0 else ""
            if not re.fullmatch(r"(?:\w+\.)?\w+", inner):
                raise ValueError(f"{name}: cannot evaluate the interpolation \\({inner}")
            own = f"{constant.owner}.{inner}"
            reference = own if "." not in inner and constant.owner and own in constants else inner
            out.append(resolve(reference, constants, seen + (name,)))
            index = end + 1
        elif rest in ('\\', '"', "n", "t"):
            out.append({"\\": "\\", '"': '"', "n": "\n", "t": "\t"}[rest])
            index += 2
        else:
            raise ValueError(f"{name}: unsupported escape \\{rest!r}")
    return "".join(out)


def substitute_parameters(sql: str, values: dict[int, str], name: str) -> str:
    """Replaces each $n with values[n]; every $n must have a value and every value must be used."""
    used = set()

    def replace(match: re.Match) -> str:
        number = int(match.group(1))
        if number not in values:
            raise ValueError(f"{name}: ${number} has no value in the pgbench script")
        used.add(number)
        return values[number]

    result = re.sub(r"\$(\d+)(?!\d)", replace, sql)
    if used != set(values):
        raise ValueError(f"{name}: no ${', $'.join(str(n) for n in sorted(set(values) - used))} in the statement")
    return result


def sql_literal(text: str) -> str:
    """`text` as a standard-conforming SQL string literal (PostgreSQL docs §4.1.2.1: a quote
    is written twice)."""
    return "'" + text.replace("'", "''") + "'"


@dataclass(frozen=True)
class Statement:
    """One statement the server sends: the Swift file and constant it comes from, what each $n
    becomes in the pgbench script (a `:variable`, sent as a parameter under -M extended, or a
    literal), and how the script line ends: `;`, or a meta-command such as `\\gset site_` that
    hands the row's columns to the statements after it."""

    path: str
    constant: str
    values: dict[int, str]
    terminator: str = ";"


def module_constants(root: Path, path: str) -> dict[str, SwiftConstant]:
    """The string constants visible to the statement in `path`: its own file's first, then those
    of its module's other files, for constants it interpolates from another type."""
    constants = swift_string_constants((root / path).read_text())
    for other in sorted((root / path).parent.glob("*.swift")):
        for key, value in swift_string_constants(other.read_text()).items():
            constants.setdefault(key, value)
    return constants


def statement_line(root: Path, statement: Statement) -> str:
    """The statement as a pgbench script command, under a comment naming where it comes from."""
    try:
        sql = resolve(statement.constant, module_constants(root, statement.path))
    except ValueError as error:
        raise ValueError(f"{statement.path}: {error}") from None
    sql = substitute_parameters(sql, statement.values, statement.constant)
    if ";" in sql or "\\" in sql:
        raise ValueError(f"{statement.path}: {statement.constant} holds ';' or '\\', "
                         "which pgbench would read as its own syntax")
    ending = " " + statement.terminator if statement.terminator.startswith("\\") else statement.terminator
    return f"-- {statement.path}: {statement.constant}\n{sql}{ending}"


def pgbench_script(root: Path, header: list[str], statements: list[Statement], preamble: tuple[str, ...] = ()) -> str:
    """A pgbench script: `header` as comments, `preamble` lines (`\\set` meta-commands), then
    one transaction, BEGIN, the statements in order, COMMIT — as the server's one transaction
    per request."""
    lines = [f"-- {line}" if line else "--" for line in header]
    lines.extend(preamble)
    lines.append("BEGIN;")
    lines.extend(statement_line(root, statement) for statement in statements)
    lines.append("COMMIT;")
    return "\n".join(lines) + "\n"
