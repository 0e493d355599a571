from django.apps import AppConfig


class CorrectionsConfig(AppConfig):
    name = "fazhi.corrections"
    label = "corrections"
    verbose_name = "社区矫正与安置帮教"

    def ready(self) -> None:
        from fazhi.corrections import figures, menus, parameters, todos

        parameters.register_corrections_parameters()
        figures.register_corrections_figures()
        menus.register_corrections_menu()
        todos.register_corrections_todos()
