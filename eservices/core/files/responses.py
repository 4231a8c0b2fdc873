"""Serving a private file to someone a view has already checked (docs/security.md R5)."""

from django.http import FileResponse


def private_file_response(file, name: str, content_type: str) -> FileResponse:
    """A private file as a download the browser will neither render nor sniff."""
    response = FileResponse(
        file.open("rb"), as_attachment=True, filename=name, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
