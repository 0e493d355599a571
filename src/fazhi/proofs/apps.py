from django.apps import AppConfig


class ProofsConfig(AppConfig):
    name = "fazhi.proofs"
    label = "proofs"
    verbose_name = "证明事项告知承诺"
