"""What staff see: the enhet's queue, their own conversations, one conversation in full (every read audited)."""

from __future__ import annotations

from typing import Any

from router.domain.access import Role, StaffUser, may_see
from router.domain.messages import reading_order
from router.domain.queue import order_queue
from router.services import views
from router.services.deps import Deps
from router.services.dispatch import load_visible
from router.services.errors import Forbidden, NotFound
from router.services.staff import audit


async def queue_for(deps: Deps, staff: StaffUser) -> list[dict[str, Any]]:
    """The waiting conversations this staff member may see, in queue order."""
    sees_all = staff.has_role(Role.KONTAKTSENTER) or staff.has_role(Role.ADMIN)
    async with deps.uow() as uow:
        waiting = await uow.conversations.queued(None if sees_all else staff.enhetsnummer)
        visible = {c.id: c for c in waiting if may_see(staff, c.scope)}
        # Who a waiting conversation is kept for (a transfer to a named colleague, the own veileder after login),
        # so a colleague does not take it by mistake while that veileder is on the way.
        names = {}
        for veileder_id in {c.own_veileder_id for c in visible.values() if c.own_veileder_id is not None}:
            if (veileder := await uow.veiledere.get(veileder_id)) is not None:
                names[veileder_id] = veileder.navn
        gone = await uow.conversations.bruker_gone(list(visible))
    # Queue order: nødhjelp first with a bounded head start, then FIFO by entry time (never by activity); brukere
    # whose page is gone last, as assignment gives them to nobody (services/assignment.py).
    ordered = order_queue([c.queue_entry() for c in visible.values()], deps.clock.now(), gone=gone)
    return [views.conversation_in_list(visible[e.conversation_id], names, bruker_gone=gone) for e in ordered]


async def may_watch(deps: Deps, staff: StaffUser, conversation_id: str) -> bool:
    """Whether a staff screen may get this conversation's content live (it opened it, an audited read): only
    those who may see it; anyone else's screen gets its state changes, never what is said."""
    async with deps.uow() as uow:
        try:
            await load_visible(uow, staff, conversation_id)
        except (NotFound, Forbidden):
            return False
    return True


SEARCH_LIMIT = 20


async def search(deps: Deps, staff: StaffUser, words: str) -> list[dict[str, Any]]:
    """Conversations this staff member may see that match ``words`` (services/inbox.py need-to-know: a veileder
    searches their enhet, the kontaktsenter and admins every enhet; kode 6/7 and skjermet only with the permission).
    Audited with the number of hits, not the words, which may name a person."""
    sees_all = staff.has_role(Role.KONTAKTSENTER) or staff.has_role(Role.ADMIN)
    async with deps.uow() as uow:
        # Over-fetch: what the permissions hide must not crowd out what the user may see.
        found = await uow.conversations.search(words, enhetsnummer=None if sees_all else staff.enhetsnummer,
                                               limit=SEARCH_LIMIT * 5)
        visible = [c for c in found if may_see(staff, c.scope)][:SEARCH_LIMIT]
        now = deps.clock.now()
        audit(uow, staff, "search", None, now, {"hits": len(visible)})
        for conversation in visible:  # a hit tells that its words matched: audited with the conversation
            audit(uow, staff, "search_hit", conversation.id, now)
    return [views.conversation_in_list(c) for c in visible]


async def mine(deps: Deps, staff: StaffUser) -> list[dict[str, Any]]:
    async with deps.uow() as uow:
        conversations = await uow.conversations.assigned_to(staff.id)
        gone = await uow.conversations.bruker_gone([c.id for c in conversations])
    return [views.conversation_for_staff(c, bruker_gone=gone) for c in conversations]


async def conversation_detail(deps: Deps, staff: StaffUser, conversation_id: str) -> dict[str, Any]:
    """The whole conversation for a veileder: transcript with intents, slots, events. The read is audited."""
    async with deps.uow() as uow:
        conversation = await load_visible(uow, staff, conversation_id)
        messages = reading_order(await uow.messages.list(conversation_id))
        history = await uow.history.list(conversation_id)
        gone = await uow.conversations.bruker_gone([conversation_id])
        audit(uow, staff, "read", conversation_id, deps.clock.now())
    return {
        "conversation": views.conversation_for_staff(conversation, bruker_gone=gone),
        "messages": [views.message_for_staff(m) for m in messages],
        "events": [views.event_for_staff(e, deps.routing.enhet_navn) for e in history],
    }
