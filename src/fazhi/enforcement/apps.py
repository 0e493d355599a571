from django.apps import AppConfig


class EnforcementConfig(AppConfig):
    name = "fazhi.enforcement"
    label = "enforcement"
    verbose_name = "行政执法"

    def ready(self) -> None:
        from fazhi.enforcement import figures, menus, parameters, todos

        parameters.register_enforcement_parameters()
        figures.register_enforcement_figures()
        menus.register_enforcement_menu()
        todos.register_enforcement_todos()
