from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "fazhi.core"
    label = "core"
    verbose_name = "基础"

    def ready(self) -> None:
        from fazhi.core import figures, menus, todos

        figures.register_core_figures()
        todos.register_todo_provider("core", todos.stored_todos_for)
        menus.register_core_menu()
