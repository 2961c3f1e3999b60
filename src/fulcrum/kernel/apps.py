from typing import Any

from django.apps import AppConfig
from django.db.backends.signals import connection_created


def _secure_on_connect(sender: Any, connection: Any, **kwargs: Any) -> None:
    from fulcrum.kernel.files import secure_sqlite_file, sqlite_path

    path = sqlite_path(connection.settings_dict)
    if path is not None:
        secure_sqlite_file(path)
    if connection.vendor == "sqlite":
        # Deleted rows are overwritten rather than left in free pages, so text removed
        # (or sealed by the encryption migrations) does not linger in the file.
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA secure_delete = ON")


class KernelConfig(AppConfig):
    name = "fulcrum.kernel"
    label = "kernel"

    def ready(self) -> None:
        from fulcrum.kernel import checks  # noqa: F401 (registers the system check)
        from fulcrum.kernel.files import secure_data_folder

        # Before any connection opens, so SQLite never creates the database readable
        # by others; on each connection too, for files made or copied in since.
        secure_data_folder()
        connection_created.connect(_secure_on_connect, dispatch_uid="fulcrum-secure-sqlite")
