"""Runs a command and prints its wall time, CPU time (user + system) and peak RSS (ru_maxrss from wait4) as JSON.

Used by bench/datasets.ts so that the authors' Python scripts and `node bin/entropo.js` are measured the same way.
Usage: python measure-process.py COMMAND [ARGS...]   (the command's stdout is discarded; stderr is kept on failure)
"""

import json
import os
import subprocess
import sys
import tempfile
import time


def main(argv: list[str]) -> int:
    with tempfile.TemporaryFile() as stderr:
        started = time.perf_counter()
        child = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=stderr)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        code = os.waitstatus_to_exitcode(status)
        if code != 0:
            stderr.seek(0)
            sys.stderr.write(stderr.read().decode(errors="replace")[-4000:])
    cpu = usage.ru_utime + usage.ru_stime
    print(json.dumps({"seconds": round(seconds, 3), "cpu_seconds": round(cpu, 3), "peak_rss_mb": round(usage.ru_maxrss / 1024, 1), "code": code}))
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
