from fazhi.core.menus import MenuItem, register_menu_item
from fazhi.core.roles import Capability

SECTION = "安置帮教"


def register_resettlement_menu() -> None:
    for item in (
        MenuItem(
            SECTION,
            "刑满释放人员",
            "corrections:released-person-list",
            "user-share",
            Capability.RECORD_RESETTLEMENT,
            520,
        ),
        MenuItem(
            SECTION,
            "待归档帮教档案",
            "corrections:released-person-archive-list",
            "archive",
            Capability.RECORD_RESETTLEMENT,
            521,
        ),
        MenuItem(
            SECTION,
            "远程视频会见",
            "corrections:remote-visit-list",
            "video",
            (Capability.ARRANGE_REMOTE_VISITS, Capability.RECORD_RESETTLEMENT),
            530,
        ),
        MenuItem(
            SECTION,
            "远程庭审提审",
            "corrections:remote-hearing-list",
            "device-tv",
            Capability.ARRANGE_REMOTE_VISITS,
            531,
        ),
    ):
        register_menu_item(item)
