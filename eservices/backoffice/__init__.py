"""The back office: the staff inbox, service levels, exports, reports and retention."""
