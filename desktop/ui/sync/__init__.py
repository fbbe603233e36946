"""同步: the sync controller (立即同步, the timer, the status bar) and the 同步 page."""
