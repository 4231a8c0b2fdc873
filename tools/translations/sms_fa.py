"""Persian for the user-facing strings of eservices/sms/.

There are none: the SMS package shows nothing to citizens. Its error messages (``SmsSendError``,
``ImproperlyConfigured``) and log lines are for operators and staff logs and stay in English,
untranslated. The text of each SMS is written, and translated, by whoever sends it.
"""

FA: dict[str, str] = {}
