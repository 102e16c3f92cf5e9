"""The process of a job started by republish.workers.spawn:
`python -m republish.spawned module:function argument-file`.

It imports the function, reads its argument (a pickle), and writes back (True, the result) or,
when anything failed, (False, None): the build then does the job itself and raises there what
this process met, with the build's own message. What the job prints goes to the error stream;
the output carries the answer only.
"""

from __future__ import annotations

import importlib
import os
import pickle
import signal
import sys
from collections.abc import Callable
from typing import Any


def imported(name: str) -> Callable[[Any], Any]:
    """The function `module:qualified.name`."""
    module, _, qualified = name.partition(":")
    found: Any = importlib.import_module(module)
    for part in qualified.split("."):
        found = getattr(found, part)
    function: Callable[[Any], Any] = found
    return function


def main(arguments: list[str]) -> int:
    # Ctrl-C reaches the whole process group: the build stops, and reads no answer.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    answer = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())       # a print cannot break the answer
    try:
        function = imported(arguments[0])
        with open(arguments[1], "rb") as file:
            argument = pickle.load(file)
        reply: tuple[bool, Any] = (True, function(argument))
    except Exception:   # done again in the build, which raises it there
        reply = (False, None)
    try:
        with answer:
            pickle.dump(reply, answer, protocol=pickle.HIGHEST_PROTOCOL)
    except OSError:     # the build stopped reading (it failed, or closed the job)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
