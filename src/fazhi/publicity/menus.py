from fazhi.core.menus import MenuItem, register_menu_item
from fazhi.core.roles import Capability

SECTION = "普法宣传"
_DESK = (Capability.RECORD_PUBLICITY, Capability.MANAGE_PUBLICITY)
_RECORD = Capability.RECORD_PUBLICITY


def register_publicity_menu() -> None:
    for item in (
        MenuItem(SECTION, "普法活动台账", "publicity:activity-list", "speakerphone", _DESK, 150),
        MenuItem(SECTION, "登记普法活动", "publicity:activity-create", "circle-plus", _RECORD, 151),
        MenuItem(SECTION, "导入普法活动", "publicity:activity-import", "file-import", _RECORD, 152),
        MenuItem(SECTION, "普法责任清单", "publicity:list-list", "checklist", _DESK, 153),
        MenuItem(SECTION, "集中普法活动", "publicity:campaign-list", "flag", _DESK, 154),
        MenuItem(SECTION, "以案释法", "publicity:episode-list", "device-tv", _DESK, 155),
    ):
        register_menu_item(item)
