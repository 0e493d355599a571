from django.apps import AppConfig


class PublicityConfig(AppConfig):
    name = "fazhi.publicity"
    label = "publicity"
    verbose_name = "普法"

    def ready(self) -> None:
        from fazhi.publicity import figures, menus

        figures.register_publicity_figures()
        menus.register_publicity_menu()
