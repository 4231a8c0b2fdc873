"""The identity gate (S6): SMS one-time codes bound to a mobile, a national code and a session."""
