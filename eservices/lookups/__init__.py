"""Lookups: the data sources that view forms read from, chosen per page from a registry."""
