"""Password rules beyond Django's own (performance-and-security.md §B7 S4)."""

from typing import Any

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError

# Passwords seen at the top of leaked Chinese password lists; Django's list covers English ones.
_COMMON_CHINESE = frozenset(
    {
        "a123456",
        "a123456789",
        "aa123456",
        "abc123456",
        "qq123456",
        "woaini1314",
        "woaini520",
        "1qaz2wsx",
        "1q2w3e4r",
        "qwe123456",
        "zxc123456",
        "asd123456",
        "aa123456789",
        "a1234567",
        "abcd1234",
        "admin123",
        "admin@123",
        "p@ssw0rd",
        "passw0rd",
        "password1",
        "qwer1234",
        "fazhi123",
        "fazhi@123",
        "sfj123456",
        "zhangwei123",
        "wang123456",
        "li123456",
    }
)


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's length rule with its message in Chinese.

    Django 5.2's message changed its placeholder, so the shipped zh-Hans catalogue no longer
    translates it and users would read English.
    """

    def validate(self, password: str, user: Any = None) -> None:
        if len(password) < self.min_length:
            raise ValidationError(
                f"密码长度太短，至少需要{self.min_length}个字符", code="password_too_short"
            )

    def get_help_text(self) -> str:
        return f"密码至少需要{self.min_length}个字符。"


class CharacterClassValidator:
    """At least three of: lower-case letters, upper-case letters, digits, other characters."""

    def __init__(self, min_classes: int = 3) -> None:
        self.min_classes = min_classes

    def validate(self, password: str, user: Any = None) -> None:
        classes = [
            any(char.islower() for char in password),
            any(char.isupper() for char in password),
            any(char.isdigit() for char in password),
            any(not char.isalnum() for char in password),
        ]
        if sum(classes) < self.min_classes:
            raise ValidationError(
                "密码须至少包含小写字母、大写字母、数字、符号中的三类", code="password_classes"
            )

    def get_help_text(self) -> str:
        return "密码须至少包含小写字母、大写字母、数字、符号中的三类。"


class CommonChinesePasswordValidator:
    def validate(self, password: str, user: Any = None) -> None:
        if password.lower() in _COMMON_CHINESE:
            raise ValidationError("该密码过于常见，容易被猜到", code="password_common")

    def get_help_text(self) -> str:
        return "不能使用常见弱口令。"
