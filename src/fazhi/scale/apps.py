from django.apps import AppConfig


class ScaleConfig(AppConfig):
    name = "fazhi.scale"
    label = "scale"
    verbose_name = "规模测试数据"
