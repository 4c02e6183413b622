"""The web UI: server-rendered pages (`pages`), what they show (`views`), templates and static
files (vendored front-end libraries under static/vendor, re-fetched by scripts/vendor_web.sh).
The HTTP API and the app factory are in `newsledger.api`."""
