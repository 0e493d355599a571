import pytest
from django.core.exceptions import ValidationError

from fazhi.core.exceptions import PermissionDenied
from fazhi.core.models import AuditLog
from fazhi.core.permissions import denial_ensure_recorded
from fazhi.rules.models import PrecheckRule
from fazhi.rules.services.precheck_rules import precheck_rule_create, precheck_rule_update

pytestmark = pytest.mark.django_db

NEW_RULE = {
    "code": "PC-LOC-99",
    "name": "限定本地车辆",
    "category": PrecheckRule.Category.LOCAL_PROTECTION,
    "pattern": r"(?:仅限|只限)本地车辆",
    "exclusion": "",
    "explanation": "限定本地车辆承运，排斥外地经营者。",
    "legal_basis": "《公平竞争审查制度实施细则》第十四条",
}
MANAGERS = ["bureau_reviewer", "bureau_staff"]
NOT_MANAGERS = [
    "department_officer",
    "town_staff",
    "officer",
    "sysadmin",
    "security_admin",
    "audit_admin",
    "supervisor",
    "lawyer",
]


@pytest.mark.parametrize("persona_name", MANAGERS)
def test_legality_reviewers_add_a_rule_audited(world, request, persona_name):
    reviewer = request.getfixturevalue(persona_name)

    rule = precheck_rule_create(acting_user=reviewer, **NEW_RULE)

    assert PrecheckRule.objects.get(code="PC-LOC-99").created_by == reviewer
    entry = AuditLog.objects.get(event=AuditLog.Event.CREATE, object_id=str(rule.pk))
    assert entry.object_type == "rules.PrecheckRule"
    assert entry.changes["pattern"] == [None, NEW_RULE["pattern"]]


@pytest.mark.parametrize("persona_name", NOT_MANAGERS)
def test_others_cannot_add_a_rule(world, request, persona_name):
    user = request.getfixturevalue(persona_name)

    with pytest.raises(PermissionDenied):
        precheck_rule_create(acting_user=user, **NEW_RULE)

    assert not PrecheckRule.objects.filter(code="PC-LOC-99").exists()


def test_update_records_only_the_changed_fields(world, bureau_reviewer):
    rule = PrecheckRule.objects.get(code="PC-OTH-02")

    precheck_rule_update(
        acting_user=bureau_reviewer, rule_id=rule.pk, enabled=False, name=rule.name
    )

    assert PrecheckRule.objects.get(pk=rule.pk).enabled is False
    entry = AuditLog.objects.get(event=AuditLog.Event.UPDATE, object_id=str(rule.pk))
    assert entry.changes == {"enabled": [True, False]}
    assert entry.user == bureau_reviewer


def test_an_update_without_change_writes_no_audit_row(world, bureau_reviewer):
    rule = PrecheckRule.objects.get(code="PC-OTH-02")

    precheck_rule_update(acting_user=bureau_reviewer, rule_id=rule.pk, name=rule.name)

    assert not AuditLog.objects.filter(event=AuditLog.Event.UPDATE).exists()


@pytest.mark.parametrize("persona_name", NOT_MANAGERS)
def test_others_cannot_change_a_rule_and_nothing_changes(world, request, persona_name):
    user = request.getfixturevalue(persona_name)
    rule = PrecheckRule.objects.get(code="PC-PEN-01")
    before = (rule.enabled, rule.pattern, rule.updated_at)

    with pytest.raises(PermissionDenied) as refused:
        precheck_rule_update(acting_user=user, rule_id=rule.pk, enabled=False, pattern="罚")
    # The service's rollback takes the denial row; the interface answering the request restores it.
    denial_ensure_recorded(refused.value)

    rule.refresh_from_db()
    assert (rule.enabled, rule.pattern, rule.updated_at) == before
    assert not AuditLog.objects.filter(event=AuditLog.Event.UPDATE).exists()
    assert AuditLog.objects.filter(event=AuditLog.Event.DENIED, user=user).exists()


def test_an_invalid_pattern_is_refused_and_nothing_changes(world, bureau_reviewer):
    rule = PrecheckRule.objects.get(code="PC-PEN-01")
    pattern = rule.pattern

    with pytest.raises(ValidationError) as refused:
        precheck_rule_update(acting_user=bureau_reviewer, rule_id=rule.pk, pattern="(罚款")

    assert list(refused.value.message_dict) == ["pattern"]
    assert "不是有效的正则表达式" in refused.value.message_dict["pattern"][0]
    assert PrecheckRule.objects.get(pk=rule.pk).pattern == pattern


def test_a_duplicate_code_is_refused(world, bureau_reviewer):
    with pytest.raises(ValidationError) as refused:
        precheck_rule_create(acting_user=bureau_reviewer, **(NEW_RULE | {"code": "PC-PEN-01"}))

    assert list(refused.value.message_dict) == ["code"]


def test_unknown_fields_are_refused(world, bureau_reviewer):
    rule = PrecheckRule.objects.get(code="PC-PEN-01")

    with pytest.raises(ValidationError) as refused:
        precheck_rule_update(acting_user=bureau_reviewer, rule_id=rule.pk, created_by=None)

    assert refused.value.message_dict == {"created_by": ["该字段不可修改"]}
