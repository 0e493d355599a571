from django.apps import AppConfig


class ProofsConfig(AppConfig):
    name = "fazhi.proofs"
    label = "proofs"
    verbose_name = "证明事项告知承诺"

    def ready(self) -> None:
        from fazhi.proofs import figures, menus

        figures.register_proofs_figures()
        menus.register_proofs_menu()
