"""OpenCC's conversion of a piece of text, the same result without its parse tree.

opencc-python-reimplemented converts each piece between its separators with a
binary tree of string nodes: for each dictionary of a group it finds, in a
node's text, the longest key (no longer than the key that split the node off),
leftmost among equals, replaces it, and goes on with the text to its left and
to its right; text no dictionary of the group matched goes to the next
dictionary; each chain step then works on the joined result. In a cold build
that tree (nodes, stacks, slices tried at every length) was most of the
conversion's cost.

`convert_piece` applies the same rule recursively on index ranges and tries
only the key lengths a dictionary has. It reads OpenCC's loaded dictionaries
(`_dict_chain_data`), so it follows whatever profile OpenCC was given;
tests/unit/test_ccmatch.py checks it against OpenCC itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from opencc import OpenCC


@dataclass(frozen=True)
class _Dictionary:
    """One OpenCC dictionary: its map, its key lengths (longest first), the first two characters
    of its longer keys (a position where none starts needs no lookup at any length) and, for a
    dictionary of single characters, a str.translate table."""

    keys: dict[str, str]
    lengths: tuple[int, ...]
    starts: frozenset[str]
    characters: dict[int, str] | None


class PieceMatcher:
    """Converts pieces of text (no OpenCC separator inside) as OpenCC(config) does."""

    def __init__(self, opencc: OpenCC) -> None:
        if not opencc._dict_init_done:  # noqa: SLF001 - OpenCC loads its dictionaries lazily
            opencc._init_dict()  # noqa: SLF001
        self.chain = tuple(tuple(_dictionary(d) for d in group)
                           for group in opencc._dict_chain_data)  # noqa: SLF001

    def convert_piece(self, piece: str) -> str:
        """The piece through every step of the chain."""
        for group in self.chain:
            piece = _convert(piece, group)
        return piece


def _first(value: str) -> str:
    """OpenCC's choice among a key's values (separated by spaces): the first."""
    return value.split(" ")[0] if " " in value else value


def _dictionary(entry: tuple[int, int, dict[str, str]]) -> _Dictionary:
    """OpenCC's (max length, min length, map) as a dictionary with its lookup aids."""
    _, _, keys = entry
    lengths = tuple(sorted({len(k) for k in keys}, reverse=True))
    characters = {ord(k): _first(v) for k, v in keys.items()} if lengths == (1,) else None
    return _Dictionary(keys, lengths, frozenset(k[:2] for k in keys if len(k) > 1), characters)


def _convert(text: str, group: tuple[_Dictionary, ...]) -> str:
    """The text converted by one group of dictionaries.

    The longest match of a dictionary (at most `hint` long, leftmost among equals) splits
    a range; both sides go on with that dictionary and the match's length as their hint.
    A range a dictionary cannot match goes to the next one without a hint. Single-character
    keys split a range at every character they match, so the group's last dictionary, when
    it has only those, is a translation of the range. An explicit stack, in reading order,
    instead of recursion: a long run has many matches.
    """
    out: list[str] = []
    tables: dict[int, list[tuple[int, ...]]] = {}
    tasks: list[tuple[int, int, int, int | None] | str] = [(0, len(text), 0, None)]
    last = len(group) - 1
    while tasks:
        task = tasks.pop()
        if isinstance(task, str):
            out.append(task)
            continue
        start, end, index, hint = task
        dictionary = group[index]
        if index == last and dictionary.characters is not None:
            out.append(text[start:end].translate(dictionary.characters))
            continue
        if index not in tables:
            tables[index] = _match_table(text, dictionary)
        found = _longest_match(tables[index], start, end, hint)
        if found is not None:
            position, length = found
            value = _first(dictionary.keys[text[position:position + length]])
            tasks += [(position + length, end, index, length), value, (start, position, index, length)]
        elif index < last and end > start:
            tasks.append((start, end, index + 1, None))
        else:
            out.append(text[start:end])
    return "".join(out)


def _match_table(text: str, dictionary: _Dictionary) -> list[tuple[int, ...]]:
    """For each position of the text, the lengths of the dictionary's keys found there, longest first."""
    keys, starts, size = dictionary.keys, dictionary.starts, len(text)
    table: list[tuple[int, ...]] = []
    for position in range(size):
        if text[position:position + 2] in starts:
            found = tuple(n for n in dictionary.lengths
                          if position + n <= size and text[position:position + n] in keys)
        elif text[position] in keys:
            found = (1,)
        else:
            found = ()
        table.append(found)
    return table


def _longest_match(table: list[tuple[int, ...]], start: int, end: int,
                   hint: int | None) -> tuple[int, int] | None:
    """(position, length) of the longest key inside [start, end), at most `hint` long,
    leftmost among equals; None if there is none."""
    best, where = 0, start
    for position in range(start, end):
        for length in table[position]:
            if length <= best:
                break
            if position + length <= end and (hint is None or length <= hint):
                best, where = length, position
                break
    return (where, best) if best else None
