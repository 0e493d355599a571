from django.apps import AppConfig
from django.core.checks import Tags, register


class CoreConfig(AppConfig):
    name = "fazhi.core"
    label = "core"
    verbose_name = "基础"

    def ready(self) -> None:
        from django_tables2 import utils as tables_utils

        from fazhi.core import checks, figures, menus, parameters, todos
        from fazhi.core.listing import cell_signature

        # Every cell of every list inspected its column's render method (core.listing).
        tables_utils.signature = cell_signature

        register(checks.mfa_required_roles_check, Tags.security)
        figures.register_core_figures()
        todos.register_todo_provider("core", todos.stored_todos_for)
        menus.register_core_menu()
        parameters.register_core_parameters()
