from fazhi.core.menus import MenuItem, register_menu_item
from fazhi.core.roles import Capability

SECTION = "行政执法"
_DESK = (Capability.MANAGE_OFFICERS, Capability.ISSUE_CERTIFICATES)
_REVIEWS = (Capability.REVIEW_CASE_FILES, Capability.SUBMIT_CASE_FILES)
_SUPERVISION = (Capability.SUPERVISE_ENFORCEMENT, Capability.ANSWER_SUPERVISION)
_EXAMS = (Capability.MANAGE_EXAMS, Capability.TAKE_EXAMS, Capability.MANAGE_OFFICERS)
_BANK = Capability.MANAGE_EXAMS


def register_enforcement_menu() -> None:
    for item in (
        MenuItem(SECTION, "执法人员名册", "enforcement:officer-list", "id-badge-2", _DESK, 90),
        MenuItem(
            SECTION,
            "登记执法人员",
            "enforcement:officer-create",
            "user-plus",
            Capability.MANAGE_OFFICERS,
            91,
        ),
        MenuItem(
            SECTION,
            "导入执法人员",
            "enforcement:officer-import",
            "file-import",
            Capability.MANAGE_OFFICERS,
            92,
        ),
        MenuItem(SECTION, "培训台账", "enforcement:training-course-list", "school", _DESK, 100),
        MenuItem(SECTION, "年度培训学时", "enforcement:training-hours", "clock-hour-4", _DESK, 101),
        MenuItem(SECTION, "学法责任清单", "enforcement:study-list-list", "checklist", _DESK, 102),
        MenuItem(
            SECTION, "案例学习与旁听庭审", "enforcement:study-event-list", "gavel", _DESK, 103
        ),
        MenuItem(
            SECTION, "案卷评查批次", "enforcement:batch-list", "clipboard-check", _REVIEWS, 140
        ),
        MenuItem(SECTION, "执法案卷", "enforcement:case-file-list", "folders", _REVIEWS, 141),
        MenuItem(SECTION, "评查问题整改", "enforcement:rectification-list", "tool", _REVIEWS, 142),
        MenuItem(SECTION, "评查标准", "enforcement:rubric-list", "list-check", _REVIEWS, 143),
        MenuItem(
            SECTION,
            "特邀监督员",
            "enforcement:invited-supervisor-list",
            "user-star",
            Capability.SUPERVISE_ENFORCEMENT,
            120,
        ),
        MenuItem(
            SECTION,
            "企业联系点",
            "enforcement:contact-point-list",
            "building-store",
            Capability.SUPERVISE_ENFORCEMENT,
            121,
        ),
        MenuItem(
            SECTION,
            "执法监督检查",
            "enforcement:supervision-visit-list",
            "eye-check",
            _SUPERVISION,
            122,
        ),
        MenuItem(
            SECTION,
            "监督意见书",
            "enforcement:supervision-opinion-list",
            "file-alert",
            _SUPERVISION,
            123,
        ),
    ):
        register_menu_item(item)
    # The online exam: the bureau sets exams and keeps the bank; officers sit their exams.
    for item in (
        MenuItem(SECTION, "线上考试", "enforcement:exam-list", "writing", _EXAMS, 130),
        MenuItem(SECTION, "考试题库", "enforcement:question-list", "database", _BANK, 131),
    ):
        register_menu_item(item)
