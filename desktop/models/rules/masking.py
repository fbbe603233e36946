"""Masked display of personal data for lists, public boards (积分榜, 微心愿墙) and exports.

Showing a full name or number needs a reason and often separate consent under PIPL, so the
default everywhere outside the record's own form is the masked form. The phone and ID maskers
live with their validators and are re-exported here, so callers have one place to import from.
"""

from __future__ import annotations

from desktop.models.rules.idnumber import mask_id_number
from desktop.models.rules.phone import mask_phone

__all__ = ["ANONYMOUS", "mask_id_number", "mask_name", "mask_phone"]

# Demands may be registered anonymously; masking this placeholder would only make it look
# like a real name.
ANONYMOUS = "匿名"


def mask_name(name: str) -> str:
    """Keep the first character and star the rest: 张三 → 张*, 张三丰 → 张**, Tom → T**.

    Compound surnames (欧阳娜娜 → 欧***) also keep only the first character: telling them apart
    would need a surname list, and revealing less is the safe side. A one-character name has
    nothing left to hide and is returned as it is.
    """
    cleaned = name.strip()
    if not cleaned or cleaned == ANONYMOUS:
        return cleaned
    return cleaned[0] + "*" * (len(cleaned) - 1)
