"""The console of ``make run``: every supervised process's output, each line led by the process's name.

supervisord (backend.ops.processes) hands each chunk a process writes to this
event listener (``PROCESS_LOG`` events, supervisor's own protocol in
``supervisor.childutils``); the lines go to standard error, which supervisord
writes to its own output. A line split across two chunks is printed once whole.
"""

from __future__ import annotations

import sys
from typing import TextIO

from supervisor import childutils

NAME_WIDTH = 8  # "actions2" fits; longer names just push their line to the right


def lines_of(buffers: dict[str, str], name: str, data: str) -> list[str]:
    """The complete lines ``data`` finishes for process ``name``; the rest waits in ``buffers``."""
    text = buffers.pop(name, "") + data
    *complete, rest = text.split("\n")
    if rest:
        buffers[name] = rest
    return [f"{name:<{NAME_WIDTH}} | {line}" for line in complete]


def serve(stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout, out: TextIO = sys.stderr) -> None:
    buffers: dict[str, str] = {}
    while True:
        headers, payload = childutils.listener.wait(stdin, stdout)
        if headers["eventname"].startswith("PROCESS_LOG"):
            process, data = childutils.eventdata(payload)  # "processname:web ... channel:stdout\n<data>"
            for line in lines_of(buffers, process["processname"], data):
                out.write(line + "\n")
            out.flush()
        childutils.listener.ok(stdout)


if __name__ == "__main__":
    serve()
