from __future__ import annotations

from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "fulcrum.ledger"
    label = "ledger"
    verbose_name = "Tamper-evident ledger"

    def ready(self) -> None:
        from fulcrum.kernel.encryption import SEALED_ELSEWHERE
        from fulcrum.ledger.models import count_bodies_by_key

        if count_bodies_by_key not in SEALED_ELSEWHERE:
            SEALED_ELSEWHERE.append(count_bodies_by_key)
