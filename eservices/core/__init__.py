"""The core layer of the desk: what every capability stands on.

Audit log, service levels (working time, holidays, due dates), private files (one abstract
file model, upload checks, antivirus, storage), rate limits, random reference numbers, QR codes
and the Persian/Jalali text helpers. Nothing here imports a capability, a page or the back
office (``docs/architecture.md``; an import-linter contract in ``make test`` enforces it).
"""
