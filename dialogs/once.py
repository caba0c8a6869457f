"""One-time confirmations: nothing destructive happens on one tap of an old button.

A flow that asks before it destroys something ("Start over?", "Delete everything?") issues a fresh
random value for that action, kept in the session (sealed with it) and put into the confirming
button's data. The tap counts only when its value is the one the session holds, and only once: the
value is spent by the tap (yes or no) and replaced whenever the question is asked again, so the
"Yes" of an earlier question, a redelivered or forged tap, or a second tap finds nothing to act on
and gets "That button has expired" with the current screen instead.

Use (the buttons are the flow's own ``Callback`` kinds with a ``token: str`` field)::

    token = once.issue(out.session, "start_over")
    out.say("Start over?", ((button("Yes", StartOverYes(token)), button("No", StartOverNo(token))),))
    ...
    case StartOverYes(token=token):
        if once.redeem(out.session, "start_over", token):
            ...  # act
        else:
            once.expired(ctx, out)
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass, field
from typing import Any, Self

from dialogs.flow import Context
from dialogs.reply import Outcome
from dialogs.session import Part, Session

EXPIRED = "That button has expired, so nothing was done. Here is where you are now:"


@dataclass
class Pending(Part):
    """The value each open confirmation expects, by action."""

    KEY = "once"
    tokens: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_json(cls, data: Any) -> Self:
        if not isinstance(data, dict):
            return cls()
        return cls({str(k): v for k, v in data.items() if isinstance(v, str) and v})

    def to_json(self) -> Any:
        return dict(self.tokens) or None


def issue(session: Session, action: str) -> str:
    """A fresh value for ``action`` (any earlier one for it stops counting)."""
    token = secrets.token_urlsafe(6)  # 8 characters, 48 bits: not guessable, short in button data
    session.part(Pending).tokens[action] = token
    return token


def redeem(session: Session, action: str, token: str) -> bool:
    """True once for the value last issued for ``action``; the value is spent either way it matches."""
    pending = session.part(Pending)
    expected = pending.tokens.get(action)
    if expected is None or not hmac.compare_digest(expected, token):
        return False
    del pending.tokens[action]
    return True


def expired(ctx: Context, out: Outcome) -> None:
    """The answer to a stale confirmation: its keyboard goes, and the current screen comes below."""
    out.settle()
    ctx.flows.current_step(ctx, out, EXPIRED)
