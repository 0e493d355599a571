import pytest
from django.core.exceptions import ValidationError

from fazhi.rules.models import PrecheckRule

pytestmark = pytest.mark.django_db


def _rule(**values):
    defaults = {
        "code": "PC-TEST-01",
        "name": "测试规则",
        "category": PrecheckRule.Category.OTHER,
        "pattern": "测试",
        "explanation": "说明",
        "legal_basis": "依据",
    }
    return PrecheckRule(**(defaults | values))


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("pattern", "(未闭合", "匹配模式不是有效的正则表达式"),
        ("pattern", "a|", "匹配模式不能匹配空文本，否则每一句都会被提示"),
        ("exclusion", "[依法", "排除模式不是有效的正则表达式"),
    ],
)
def test_an_unusable_expression_is_refused_on_save(field, value, message):
    rule = _rule(**{field: value})

    with pytest.raises(ValidationError) as refused:
        rule.save()

    assert list(refused.value.message_dict) == [field]
    assert refused.value.message_dict[field][0].startswith(message)
    assert not PrecheckRule.objects.filter(code="PC-TEST-01").exists()


def test_an_overlong_pattern_is_refused():
    with pytest.raises(ValidationError) as refused:
        _rule(pattern="甲" * 1001).save()

    assert refused.value.message_dict == {"pattern": ["匹配模式不能超过1000个字符"]}


def test_a_valid_rule_saves():
    _rule(exclusion="依法").save()

    assert PrecheckRule.objects.get(code="PC-TEST-01").exclusion == "依法"
