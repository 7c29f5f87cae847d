"""Every page of a follow-up list, for the readers that need all of it (the report, exports).

``queries.list_followups`` returns one keyset page; this walks the cursor to the end so no
caller writes the loop again, and no caller holds more than one page of rows unless it keeps
them itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from sqlmodel import Session

from tracker import status as st
from tracker.services import queries as q

PAGE_SIZE = 500


def pages(
    session: Session,
    *,
    as_of: dt.date,
    status: st.StatusFilter,
    unit: str | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    page_size: int = PAGE_SIZE,
) -> Iterator[list[q.FollowUpRow]]:
    """The pages of ``list_followups`` with these filters, in its order (soonest deadline first)."""
    after: q.Cursor | None = None
    while True:
        page = q.list_followups(
            session,
            as_of=as_of,
            status=status,
            unit=unit,
            date_from=date_from,
            date_to=date_to,
            limit=page_size,
            after=after,
        )
        yield page.items
        if page.next is None:
            return
        after = page.next
