"""Staff sign-in hardening (docs/security.md D3): password lockouts and authenticator-app codes.

django-axes counts wrong passwords at the Wagtail admin login (``lockout``); django-otp's TOTP
devices add a second step for staff (``policy`` decides who needs it, ``middleware`` enforces
it under the admin's URL prefix, ``views`` verify, enrol and disable). Citizens never meet any
of this: they have no password and no staff rights.
"""
