"""SMS: provider backends for django-sms and the task that sends a message."""
