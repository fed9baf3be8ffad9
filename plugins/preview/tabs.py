"""What the open tabs show, so that the rebuild after an early page
(early_page.py) waits for the edited post's tab to have reloaded.

On two cores, a rebuild (two processes) and a browser reloading a page share
the machine and, in this process, one interpreter lock: started at once, the
rebuild slows the reload down by half a second or more. So the rebuild starts
once each tab showing the edited page has loaded it again (the served page's
script says so), after at most MAX_WAIT_SECONDS; at once when no tab shows it.
"""

import threading
import time
from collections import Counter

# The longest a rebuild waits for a tab (one that is slow, or was closed meanwhile).
MAX_WAIT_SECONDS = 1.0


class Tabs:
    def __init__(self):
        self.listening = Counter()  # {file name: the tabs listening for its reload}
        self.loaded = {}  # {file name: the latest rebuild a tab showing it has loaded}
        self.changed = threading.Condition()

    def listen(self, name, change):
        """A tab showing `name` starts (1) or stops (-1) listening for reloads."""
        with self.changed:
            self.listening[name] += change

    def page_loaded(self, name, shown):
        """A tab finished loading `name` as of rebuild `shown`."""
        with self.changed:
            self.loaded[name] = max(shown, self.loaded.get(name, 0))
            self.changed.notify_all()

    def wait_for_reload(self, name, number, timeout=MAX_WAIT_SECONDS):
        """Return once a tab has loaded `name` as of rebuild `number` (at once if
        none listens for it), or after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        with self.changed:
            if self.listening[name] > 0:
                self.changed.wait_for(lambda: self.loaded.get(name, 0) >= number, deadline - time.monotonic())
