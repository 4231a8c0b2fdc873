"""Requests: submissions, attachments, tracking numbers, statuses and receipts."""
