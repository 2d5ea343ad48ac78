"""The app's signals, for hosts and our own receivers.

Both are sent by ``domain.workflow`` once the transaction that made the change has committed (a
rolled-back publication is never announced), with ``sender=Session`` and the keyword arguments
``session`` (re-read after the commit, so its ``version`` is the one readers get), ``user`` (who did
it) and ``change`` (the ``StatusChange`` row: from, to, when, comment). Receivers are called with
``send_robust``: one that fails is logged and does not keep the others from hearing.
"""

from django.dispatch import Signal

#: Sent once the transaction that published a report has committed.
session_published = Signal()
#: Sent once the transaction that unpublished a report has committed.
session_unpublished = Signal()
