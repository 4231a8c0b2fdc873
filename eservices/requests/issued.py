"""Whose receipts are whose (R3): the browser session a request was issued to, kept on the
request itself rather than in the session.

A list in the session would lose numbers: parallel requests of one session each load the
session, add their number and save it back, and the last to save wins. So each submission
carries ``issued_to``, a keyed digest of the session's *holder*, and a session's receipts are
the submissions carrying its digest.

The holder is the session key the session had when it was first issued a receipt, kept in the
session's data: parallel requests of one session share that key, so they all agree on it
without a write racing another, and it survives the new key a verification gives the session
(``cycle_key`` keeps the data). Only its keyed digest reaches the database.
"""

from django.utils.crypto import salted_hmac

SESSION_HOLDER = "eservices_receipts_holder"


def holder_digest(session, create: bool = False) -> str:
    """The digest that marks the receipts issued to ``session``; "" for a session that has
    none and, unless ``create``, none yet (``create`` saves a new session to give it a key)."""
    holder = session.get(SESSION_HOLDER) or session.session_key
    if not holder:
        if not create:
            return ""
        session.save()
        holder = session.session_key
    if create and session.get(SESSION_HOLDER) != holder:
        session[SESSION_HOLDER] = holder
    return salted_hmac("eservices.requests.issued", holder, algorithm="sha256").hexdigest()
