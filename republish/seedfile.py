"""Read a seed file into clean text, refusing what cannot be published faithfully."""

from __future__ import annotations

from pathlib import Path

from .errors import EditorError

BOM = "\ufeff"
ENCODINGS = ("utf-8", "gb18030", "gbk", "big5")


def decode_seed(path: Path, data: bytes, declared: str | None = None) -> str:
    """Decode seed bytes; only UTF-8 unless the sidecar declares another encoding."""
    encoding = (declared or "utf-8").lower()
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise _decode_error(path, data, encoding, exc) from None
    return normalise_newlines(text.removeprefix(BOM))


def _decode_error(path: Path, data: bytes, encoding: str, exc: Exception) -> EditorError:
    if isinstance(exc, LookupError):
        return EditorError(path.with_suffix(".yml"), f"unknown encoding '{encoding}'",
                           "declare one of: " + ", ".join(ENCODINGS))
    assert isinstance(exc, UnicodeDecodeError)
    line = data[: exc.start].count(b"\n") + 1
    column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
    guess = _guess_encoding(data)
    looks = f" (it looks like {guess})" if guess else ""
    fix = (f"save the file as UTF-8, or declare 'encoding: {guess}' in its sidecar"
           if guess else "save the file as UTF-8")
    return EditorError(path, f"not valid {encoding}{looks}", fix, line, column)


def _guess_encoding(data: bytes) -> str | None:
    for candidate in ENCODINGS[1:]:
        try:
            data.decode(candidate)
        except UnicodeDecodeError:
            continue
        return candidate
    return None


def normalise_newlines(text: str) -> str:
    """CRLF and lone CR become LF so line numbers match what editors see."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def check_content(path: Path, text: str) -> None:
    """Refuse text that would publish nothing or hide characters."""
    if not text.strip():
        raise EditorError(path, "the seed is empty or whitespace only",
                          "put the article text in the file or remove the file")
    nul = text.find("\x00")
    if nul >= 0:
        line = text.count("\n", 0, nul) + 1
        column = nul - (text.rfind("\n", 0, nul) + 1) + 1
        raise EditorError(path, "the seed contains a NUL byte", "remove the NUL byte "
                          "(often left by a bad copy from a PDF or a UTF-16 file)", line, column)


def read_seed(path: Path, declared_encoding: str | None = None) -> str:
    """The checked, decoded text of a seed file."""
    text = decode_seed(path, path.read_bytes(), declared_encoding)
    check_content(path, text)
    return text
