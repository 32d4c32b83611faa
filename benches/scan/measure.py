"""Run one command, report wall time, peak RSS of its process tree, and the number of
requests the emulator logged meanwhile. Prints one JSON object.

    python measure.py --moto-log LOG -- CMD ARGS...
"""

import argparse
import json
import resource
import subprocess
import sys
import time


def count_requests(log: str) -> int:
    with open(log, "rb") as f:
        return sum(1 for line in f if b'"' in line and b" HTTP/1." in line and b"/moto-api/" not in line)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--moto-log", required=True)
    ap.add_argument("--label", required=True)
    ap.add_argument("cmd", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    cmd = a.cmd[1:] if a.cmd and a.cmd[0] == "--" else a.cmd
    before = count_requests(a.moto_log)
    start = time.monotonic()
    proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.monotonic() - start
    time.sleep(0.5)  # let the emulator flush its access log
    calls = count_requests(a.moto_log) - before
    # ru_maxrss of waited-for children: KiB on Linux. One child per measure.py run.
    rss_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps({"label": a.label, "exit": proc.returncode, "wall_s": round(wall, 3),
                      "api_calls": calls, "peak_rss_mb": round(rss_mb, 1)}))
    if proc.returncode not in (0, 3):
        sys.stderr.write(proc.stderr.decode(errors="replace")[-4000:])


if __name__ == "__main__":
    main()
