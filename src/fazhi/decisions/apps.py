from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "fazhi.decisions"
    label = "decisions"
    verbose_name = "重大行政决策"

    def ready(self) -> None:
        from fazhi.decisions import figures, menus, parameters, subjects, todos

        parameters.register_decisions_parameters()
        subjects.register_decision_subject()
        figures.register_decisions_figures()
        menus.register_decisions_menu()
        todos.register_decisions_todos()
