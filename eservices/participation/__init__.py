"""Participation (S10): ideas and solutions citizens send about a service, with documents."""
