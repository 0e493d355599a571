"""Roles and the capabilities each one holds.

Roles are data (Membership rows); what a role may do is declared here once. The three
administrator roles hold disjoint capabilities (三员分立, GB/T 22239-2019 8.1.4.2d).
"""

import enum

from django.db import models


class Role(models.TextChoices):
    SYSTEM_ADMIN = "system_admin", "系统管理员"
    SECURITY_ADMIN = "security_admin", "安全管理员"
    AUDIT_ADMIN = "audit_admin", "审计管理员"
    BUREAU_GENERAL = "bureau_general", "司法局·法治督察与综合"
    BUREAU_REVIEW = "bureau_review", "司法局·合法性审核"
    BUREAU_SUPERVISION = "bureau_supervision", "司法局·执法监督"
    BUREAU_LEGAL_SERVICE = "bureau_legal_service", "司法局·公共法律服务"
    BUREAU_CORRECTIONS = "bureau_corrections", "司法局·社区矫正"
    BUREAU_LAWYERS = "bureau_lawyers", "司法局·律师管理"
    DEPARTMENT = "department", "部门法制员"
    TOWN = "town", "镇街/司法所"
    OFFICER = "officer", "执法人员"
    SUPERVISOR = "supervisor", "特邀监督员"
    LAWYER = "lawyer", "律师"


ADMIN_ROLES = frozenset({Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN})
BUREAU_ROLES = frozenset(
    {
        Role.BUREAU_GENERAL,
        Role.BUREAU_REVIEW,
        Role.BUREAU_SUPERVISION,
        Role.BUREAU_LEGAL_SERVICE,
        Role.BUREAU_CORRECTIONS,
        Role.BUREAU_LAWYERS,
    }
)
PERSONAL_ROLES = frozenset({Role.OFFICER, Role.SUPERVISOR, Role.LAWYER})


class Capability(enum.StrEnum):
    MANAGE_USERS = "manage_users"
    MANAGE_CODE_LISTS = "manage_code_lists"
    MANAGE_CALENDAR = "manage_calendar"
    GRANT_ROLES = "grant_roles"
    UNLOCK_ACCOUNTS = "unlock_accounts"
    VIEW_AUDIT_LOG = "view_audit_log"
    EXPORT_AUDIT_LOG = "export_audit_log"
    VIEW_DIRECTORY = "view_directory"
    VIEW_PERSONS = "view_persons"
    REVEAL_PERSONAL_DATA = "reveal_personal_data"
    WRITE_NARRATIVE = "write_narrative"
    REVIEW_NARRATIVE = "review_narrative"
    VIEW_REPORT = "view_report"
    # Setting the legal numbers deadlines are computed from (规则参数) is a legal judgement, so it
    # belongs to the bureau, not to the system administrator (三员分立).
    MANAGE_RULE_PARAMETERS = "manage_rule_parameters"
    # Legality review (合法性审核) is the bureau reviewers' work; pre-checking a draft is open to
    # the departments that draft normative documents too.
    REVIEW_LEGALITY = "review_legality"
    PRECHECK_DRAFT = "precheck_draft"
    # The units that draft normative documents, carry out major decisions and sign contracts
    # (起草单位 / 承办单位) move their own records through the procedure; the bureau's reviewers
    # (REVIEW_LEGALITY) compile plans and catalogs and review.
    DRAFT_DOCUMENTS = "draft_documents"
    HANDLE_DECISIONS = "handle_decisions"
    HANDLE_CONTRACTS = "handle_contracts"
    # Certificate-free services (证明事项告知承诺): departments propose catalog changes and handle
    # applications at the hall; the bureau reviews and publishes the catalog (威海市证明事项告知
    # 承诺制工作规程 art. 4–5).
    PROPOSE_PROOF_ITEMS = "propose_proof_items"
    REVIEW_PROOF_CATALOG = "review_proof_catalog"
    HANDLE_SERVICE_APPLICATIONS = "handle_service_applications"
    # Joint enterprise inspections (涉企联合检查): enforcement departments keep their matters
    # lists and plans; the bureau's supervision function coordinates them into joint inspections
    # (山东省优化营商环境条例 art. 42).
    PLAN_INSPECTIONS = "plan_inspections"
    COORDINATE_INSPECTIONS = "coordinate_inspections"
    # Enforcement officers (行政执法人员): departments keep their officers on the register and
    # apply for certificates; the bureau's supervision function reviews the applications and
    # records the issued card, its annual review, suspension and revocation (山东省行政执法监督
    # 条例 art. 10).
    MANAGE_OFFICERS = "manage_officers"
    ISSUE_CERTIFICATES = "issue_certificates"
    # Enforcement supervision (执法监督): the bureau's supervision function keeps the invited
    # supervisors and contact points, supervises on site and issues supervision opinions and
    # decisions; departments answer the opinions and decisions addressed to them (山东省行政执法
    # 监督条例 arts. 21–29).
    SUPERVISE_ENFORCEMENT = "supervise_enforcement"
    # The bureau keeps the training ledger, issues the yearly study list (学法责任清单) and records
    # case-study trainings and court-hearing observations.
    KEEP_TRAINING = "keep_training"
    ANSWER_SUPERVISION = "answer_supervision"
    # The online exam (线上考试): the bureau's supervision function keeps the question bank and
    # sets exams; officers sit them with their own accounts (山东省行政执法监督条例 art. 10).
    MANAGE_EXAMS = "manage_exams"
    TAKE_EXAMS = "take_exams"
    # Case-file review (案卷评查): the bureau's supervision function sets the rubric, draws and
    # scores departments' case files and re-checks rectifications; departments register their
    # case files and answer the rectification notices (山东省行政执法监督条例 art. 14).
    REVIEW_CASE_FILES = "review_case_files"
    SUBMIT_CASE_FILES = "submit_case_files"
    # Legal publicity (普法, "谁执法谁普法"): every department and town keeps its responsibility
    # list and activity ledger; the bureau's general function (the office of the publicity
    # leading group) runs the campaigns and follows the whole region (山东省法治宣传教育条例
    # arts. 6, 10).
    RECORD_PUBLICITY = "record_publicity"
    MANAGE_PUBLICITY = "manage_publicity"
    # Public legal services (公共法律服务): the county justice bureau sets up the network's
    # stations and rooms and gives every village a legal adviser (山东省公共法律服务条例 arts.
    # 10–12, 19); the towns' judicial offices keep the ledger of services, the legal liaisons and
    # the people's mediation of their town (人民调解法 art. 5), the bureau's function the city's.
    MANAGE_LEGAL_SERVICE_NETWORK = "manage_legal_service_network"
    RECORD_LEGAL_SERVICES = "record_legal_services"
    # A lawyer follows the legal-aid cases the centre assigned to their own account (法律援助法
    # arts. 43, 46); which cases is the scope's owner rule (ADR 0001).
    HANDLE_LEGAL_AID_CASES = "handle_legal_aid_cases"
    # Exporting a list that names persons (PIPL art. 28 sensitive data: 特定身份, 行踪轨迹) is a
    # separate permission from seeing the list: the file leaves the platform's access control,
    # so it is watermarked and audited (core.services.privacy).
    EXPORT_PERSONAL_DATA = "export_personal_data"
    # Community corrections (社区矫正法 art. 9): the county's corrections body (社区矫正机构, the
    # bureau's corrections function) receives subjects, sets management levels, decides approvals
    # beyond the judicial office's tier, rewards and sanctions, devices, spot checks and file
    # reviews; a town's judicial office (司法所), entrusted by it, supervises its subjects
    # day to day.
    MANAGE_CORRECTIONS = "manage_corrections"
    SUPERVISE_CORRECTIONS = "supervise_corrections"
    # Resettlement of released prisoners (安置帮教): a town's judicial office receives the
    # prisons' notices for its residents, hands them over and supports them; the bureau's
    # corrections function (the county's 安置帮教 office) follows the whole city. Remote family
    # video visits and remote hearings are arranged by the county body only (山东省公共法律服务
    # 条例 art. 17: 安置帮教, 监所远程视频探视).
    RECORD_RESETTLEMENT = "record_resettlement"
    ARRANGE_REMOTE_VISITS = "arrange_remote_visits"


_STAFF = frozenset({Capability.VIEW_DIRECTORY, Capability.VIEW_REPORT})
_LEGALITY_SUBJECTS = frozenset(
    {Capability.DRAFT_DOCUMENTS, Capability.HANDLE_DECISIONS, Capability.HANDLE_CONTRACTS}
)

ROLE_CAPABILITIES: dict[str, frozenset[Capability]] = {
    Role.SYSTEM_ADMIN: frozenset(
        {Capability.MANAGE_USERS, Capability.MANAGE_CODE_LISTS, Capability.MANAGE_CALENDAR}
    ),
    Role.SECURITY_ADMIN: frozenset({Capability.GRANT_ROLES, Capability.UNLOCK_ACCOUNTS}),
    Role.AUDIT_ADMIN: frozenset({Capability.VIEW_AUDIT_LOG, Capability.EXPORT_AUDIT_LOG}),
    Role.BUREAU_GENERAL: _STAFF
    | {
        Capability.VIEW_PERSONS,
        Capability.WRITE_NARRATIVE,
        Capability.REVIEW_NARRATIVE,
        Capability.MANAGE_RULE_PARAMETERS,
        Capability.REVIEW_LEGALITY,
        Capability.PRECHECK_DRAFT,
        Capability.REVIEW_PROOF_CATALOG,
        Capability.RECORD_PUBLICITY,
        Capability.MANAGE_PUBLICITY,
    }
    | _LEGALITY_SUBJECTS,
    Role.BUREAU_REVIEW: _STAFF
    | _LEGALITY_SUBJECTS
    | {
        Capability.REVIEW_PROOF_CATALOG,
        Capability.WRITE_NARRATIVE,
        Capability.MANAGE_RULE_PARAMETERS,
        Capability.REVIEW_LEGALITY,
        Capability.PRECHECK_DRAFT,
    },
    Role.BUREAU_SUPERVISION: _STAFF
    | {
        Capability.WRITE_NARRATIVE,
        Capability.COORDINATE_INSPECTIONS,
        Capability.ISSUE_CERTIFICATES,
        Capability.SUPERVISE_ENFORCEMENT,
        Capability.KEEP_TRAINING,
        Capability.MANAGE_EXAMS,
        Capability.REVIEW_CASE_FILES,
    },
    Role.BUREAU_LEGAL_SERVICE: _STAFF
    | {
        Capability.VIEW_PERSONS,
        Capability.REVEAL_PERSONAL_DATA,
        Capability.WRITE_NARRATIVE,
        Capability.MANAGE_LEGAL_SERVICE_NETWORK,
        Capability.RECORD_LEGAL_SERVICES,
    },
    Role.BUREAU_CORRECTIONS: _STAFF
    | {
        Capability.VIEW_PERSONS,
        Capability.REVEAL_PERSONAL_DATA,
        Capability.WRITE_NARRATIVE,
        Capability.EXPORT_PERSONAL_DATA,
        Capability.MANAGE_CORRECTIONS,
        Capability.SUPERVISE_CORRECTIONS,
        Capability.RECORD_RESETTLEMENT,
        Capability.ARRANGE_REMOTE_VISITS,
    },
    Role.BUREAU_LAWYERS: _STAFF | {Capability.WRITE_NARRATIVE},
    Role.DEPARTMENT: _STAFF
    | _LEGALITY_SUBJECTS
    | {
        Capability.VIEW_PERSONS,
        Capability.WRITE_NARRATIVE,
        Capability.PRECHECK_DRAFT,
        Capability.PROPOSE_PROOF_ITEMS,
        Capability.HANDLE_SERVICE_APPLICATIONS,
        Capability.PLAN_INSPECTIONS,
        Capability.MANAGE_OFFICERS,
        Capability.ANSWER_SUPERVISION,
        Capability.SUBMIT_CASE_FILES,
        Capability.RECORD_PUBLICITY,
    },
    Role.TOWN: _STAFF
    | _LEGALITY_SUBJECTS
    | {
        Capability.VIEW_PERSONS,
        Capability.REVEAL_PERSONAL_DATA,
        Capability.WRITE_NARRATIVE,
        Capability.PRECHECK_DRAFT,
        Capability.HANDLE_SERVICE_APPLICATIONS,
        Capability.RECORD_PUBLICITY,
        Capability.RECORD_LEGAL_SERVICES,
        Capability.SUPERVISE_CORRECTIONS,
        Capability.RECORD_RESETTLEMENT,
    },
    Role.OFFICER: frozenset({Capability.TAKE_EXAMS}),
    Role.SUPERVISOR: frozenset(),
    Role.LAWYER: frozenset({Capability.HANDLE_LEGAL_AID_CASES}),
}
