"""Room for long file names in multipart uploads (docs/security.md R4).

Django's multipart parser refuses a whole request with a bare "400 Bad Request" when the
headers of one part exceed ``django.http.multipartparser.MAX_TOTAL_HEADER_SIZE`` (1024 bytes).
A file's name travels in those headers, so a name of a few hundred Persian characters (two
bytes each in UTF-8) lost the citizen the whole form. The desk raises that limit once, when this
package is imported, to ``MAX_PART_HEADER_SIZE``: room for a name of 5,000 characters in any
script, even percent-encoded. ``uploads.clean_upload`` then cleans and shortens the name; it is
never a reason to refuse the file.

The limit is a module global that Django's parser reads on every request, so raising it is
what Django allows; it is raised, never lowered, so a host project that set a larger value keeps
it. Each part's headers are read into at most this many bytes and then dropped.
"""

from django.http import multipartparser

MAX_PART_HEADER_SIZE = 64 * 1024


def allow_long_part_headers() -> None:
    """Let Django parse multipart parts whose headers reach ``MAX_PART_HEADER_SIZE`` bytes."""
    if multipartparser.MAX_TOTAL_HEADER_SIZE < MAX_PART_HEADER_SIZE:
        multipartparser.MAX_TOTAL_HEADER_SIZE = MAX_PART_HEADER_SIZE
