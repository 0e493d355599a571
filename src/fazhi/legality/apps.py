from django.apps import AppConfig


class LegalityConfig(AppConfig):
    name = "fazhi.legality"
    label = "legality"
    verbose_name = "合法性审核与征求意见"

    def ready(self) -> None:
        from fazhi.legality import menus, todos

        menus.register_legality_menu()
        todos.register_legality_todos()
