"""Real-browser tests: Playwright driving the system's Chromium against a live server."""
