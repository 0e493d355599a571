from django.apps import AppConfig
from django.core.checks import Tags, register


class CoreConfig(AppConfig):
    name = "fazhi.core"
    label = "core"
    verbose_name = "基础"

    def ready(self) -> None:
        from fazhi.core import checks, counting, figures, listing, menus, parameters, todos

        register(checks.mfa_required_roles_check, Tags.security)
        figures.register_core_figures()
        todos.register_todo_provider("core", todos.stored_todos_for)
        menus.register_core_menu()
        parameters.register_core_parameters()
        listing.tables_signature_cache_install()
        counting.receivers_connect()
