from django.apps import AppConfig


class RulesConfig(AppConfig):
    name = "fazhi.rules"
    label = "rules"
    verbose_name = "行政规范性文件"

    def ready(self) -> None:
        from fazhi.rules import menus

        menus.register_rules_menu()
