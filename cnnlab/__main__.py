"""``python -m cnnlab`` and the ``cnnlab`` console script run the command line.

Ctrl-C is caught from the very start: importing the command line takes a moment, and a
Ctrl-C then must end it as it ends a command (exit 130, one line, no traceback).
"""

import os
import signal
import sys


def _interrupted(signum: int, frame: object) -> None:
    sys.stderr.write("\ninterrupted\n")
    sys.stderr.flush()
    os._exit(130)


def run() -> None:
    signal.signal(signal.SIGINT, _interrupted)  # until cnnlab.cli.main installs its own
    from cnnlab.cli import main

    main()


if __name__ == "__main__":
    run()
