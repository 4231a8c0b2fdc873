"""E-Services Desk: a Wagtail plugin for a public body's catalog of e-services."""
