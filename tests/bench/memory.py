"""Peak memory of a process and everything it starts, as the machine pays for it.

The build forks (one process per language site, a conversion pool without a
second language); each child's own peak RSS counts the pages it shares with
its parent again, so the sum of peaks overstates. PSS (proportional set size)
splits each shared page between the processes sharing it: the sum over the
process tree, sampled while it runs, is the memory the build really holds.
"""

import subprocess
import threading
import time
from pathlib import Path

# Reading smaps_rollup costs the sampled process a little: ten times a second is enough.
INTERVAL = 0.1


def tree(pid):
    """The pid and all its descendants."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*/children"):
            try:
                todo.extend(int(child) for child in task.read_text().split())
            except OSError:
                pass  # the task ended meanwhile
    return found


def pss_kb(pid):
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass  # the process ended meanwhile
    return 0


def run_measured(args, **kwargs):
    """subprocess.run, plus the peak of the tree's summed PSS in kB: (result, peak_kb)."""
    process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs)
    peak = 0

    def sample():
        nonlocal peak
        while process.poll() is None:
            peak = max(peak, sum(pss_kb(pid) for pid in tree(process.pid)))
            time.sleep(INTERVAL)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, stderr = process.communicate()
    sampler.join()
    return subprocess.CompletedProcess(args, process.returncode, stdout, stderr), peak
