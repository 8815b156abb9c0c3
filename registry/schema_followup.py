"""What followed a deployment, as entry models: investigations and their penalties, litigation,
political action, public statements, replies and corrections.

Split from registry.schema (which assembles `Entry` from these and the deployment's own
models) so that each file reads in one sitting; `registry.schema` re-exports every name.
"""

from __future__ import annotations

from pydantic import Field

from registry import vocab
from registry.dates import PartialDate
from registry.qualified import DateLike
from registry.types import (
    Cites,
    Count,
    CurrencyCode,
    Line,
    OptionalCites,
    OrUnknown,
    StatementId,
    StrictModel,
    Text,
)


class Fine(StrictModel):
    """The 1.0 form of one fine; shown as a fine whose status is unknown."""

    amount: Count
    currency: CurrencyCode


class Penalty(StrictModel):
    """One sanction of an investigation, with what became of it (an overturned fine is not a fine)."""

    kind: vocab.PenaltyKind
    amount: Count | None = None
    currency: CurrencyCode | None = None
    date: OrUnknown[DateLike] | None = None
    status: vocab.PenaltyStatus = "unknown"
    note: Text | None = None
    sources: OptionalCites = Field(default_factory=list)


class Investigation(StrictModel):
    body: Line
    opened: OrUnknown[DateLike] | None = None
    closed: OrUnknown[DateLike] | None = None
    status: vocab.InvestigationStatus
    outcome: OrUnknown[Text]
    fine: Fine | None = None
    penalties: list[Penalty] = Field(default_factory=list)
    sources: Cites

    @property
    def all_penalties(self) -> list[Penalty]:
        """The penalties, with a 1.0 `fine` read as one fine whose status is unknown."""
        if self.fine is not None:
            return [Penalty(kind="fine", amount=self.fine.amount, currency=self.fine.currency)]
        return list(self.penalties)


class Litigation(StrictModel):
    case: OrUnknown[Line]
    court: OrUnknown[Line]
    citation: Line | None = None
    filed: OrUnknown[DateLike] | None = None
    decided: OrUnknown[DateLike] | None = None
    outcome: OrUnknown[Text]
    sources: Cites


class PoliticalAction(StrictModel):
    actor: Line
    date: OrUnknown[DateLike]
    type: vocab.PoliticalActionType
    summary: Text
    sources: Cites


class Statement(StrictModel):
    """A public statement; one later contradicted points at the statement that contradicts it."""

    id: StatementId
    by: Line
    date: OrUnknown[DateLike]
    text: Text
    verbatim: vocab.YesNo = "no"
    contradicted_by: list[StatementId] = Field(default_factory=list)
    sources: Cites


class Response(StrictModel):
    """A named organisation's reply (right of reply), or a request for comment it left unanswered.

    `text` comes with its `date`; `requested` alone is shown "Comment requested on DATE; no reply."
    """

    by: Line
    requested: PartialDate | None = Field(None, description="When comment was requested from them.")
    date: PartialDate | None = None
    text: Text | None = None
    sources: OptionalCites = Field(default_factory=list)


class Correction(StrictModel):
    """A correction to the record: a date and a one-line summary, never the removed text."""

    date: PartialDate
    summary: Text
