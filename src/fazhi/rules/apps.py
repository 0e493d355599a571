from django.apps import AppConfig


class RulesConfig(AppConfig):
    name = "fazhi.rules"
    label = "rules"
    verbose_name = "行政规范性文件"

    def ready(self) -> None:
        from fazhi.rules import figures, menus, parameters, subjects, todos

        parameters.register_rules_parameters()
        subjects.register_rules_review_subject()
        figures.register_rules_figures()
        menus.register_rules_menu()
        todos.register_rules_todos()
