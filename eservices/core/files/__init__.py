"""Private files: one abstract model, one upload check, one antivirus hook, one storage.

Request attachments and the files sent with ideas are both ``AbstractPrivateFile`` rows written
by ``store_uploads`` and served by ``private_file_response``; SECURITY rules R4–R6 in
``docs/security.md``. Importing the package lets Django's multipart parser accept long file
names (``multipart.allow_long_part_headers``), which the upload check then shortens.
"""

from .multipart import allow_long_part_headers

allow_long_part_headers()
