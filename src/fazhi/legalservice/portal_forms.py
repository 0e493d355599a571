"""Forms of the public portal: the station finder, the guided legal-aid application, tracking.

Each step of the application is one small form; `answers()` gives what the draft keeps. The ID
number and the phone are never written back into a page: their inputs render empty, and a value
already kept is shown masked and kept unless a new one is typed.
"""

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from fazhi.core.crypto import mask_id_number, mask_phone
from fazhi.core.models import Region
from fazhi.core.validators import validate_id_number, validate_mobile
from fazhi.legalservice.aid_services import hardship_threshold
from fazhi.legalservice.models import LegalAidApplication
from fazhi.legalservice.portal_selectors import town_list_public

Aid = LegalAidApplication


class BlankTextInput(forms.TextInput):
    """A text input that never renders its value back into the page."""

    def format_value(self, value: Any) -> None:
        return None


class PortalForm(forms.Form):
    """A form styled for the portal's Tabler layout."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput | forms.RadioSelect):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")


def _phone_field(label: str, *, required: bool = True) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=20,
        error_messages={"required": "请填写手机号码", "max_length": "手机号应为以1开头的11位数字"},
        widget=BlankTextInput(attrs={"inputmode": "numeric", "autocomplete": "tel"}),
    )


def _clean_phone(value: str) -> str:
    phone = (value or "").strip().replace(" ", "")
    if phone:
        validate_mobile(phone)
    return phone


class StationFinderForm(PortalForm):
    town = forms.ModelChoiceField(
        label="所在镇（街道）",
        queryset=Region.objects.none(),
        required=False,
        empty_label="请选择镇（街道）",
    )
    village = forms.CharField(label="或输入村（社区）名称", required=False, max_length=32)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["town"].queryset = town_list_public()  # type: ignore[attr-defined]


# Step 1 --------------------------------------------------------------------------------------

# Plain-language explanations next to the statutory wording (法律援助法 arts. 24, 29, 31).
MATTER_HINTS = {
    Aid.Matter.LABOUR_PAY: "例如：被拖欠工资、没签劳动合同想确认劳动关系",
    Aid.Matter.PERSONAL_INJURY: "例如：工伤、交通事故、医疗事故、吃了有问题的食品药品受了伤",
    Aid.Matter.MAINTENANCE: "例如：子女不给老人赡养费、离婚后对方不付孩子抚养费",
    Aid.Matter.SOCIAL_INSURANCE: "例如：养老、医疗、工伤保险待遇，低保、特困救助没有依法发放",
    Aid.Matter.PENSION: "例如：烈士、因公牺牲人员家属的抚恤金",
    Aid.Matter.STATE_COMPENSATION: "国家机关及其工作人员违法行使职权造成损害，要求赔偿",
    Aid.Matter.CAPACITY: "例如：家人患精神疾病或痴呆，需要法院认定其行为能力",
    Aid.Matter.ENVIRONMENT: "例如：工厂排污造成庄稼、养殖损失或身体损害",
    Aid.Matter.OTHER_CIVIL: "其他与个人、家庭、财产有关的纠纷",
    Aid.Matter.OTHER_ADMINISTRATIVE: "其他与政府部门有关的事项",
    Aid.Matter.CRIMINAL_DEFENCE: "本人或家人涉嫌犯罪，请不起律师，需要辩护",
    Aid.Matter.CRIMINAL_VICTIM: "本人是刑事案件的受害人，需要律师代理",
}


class MatterForm(PortalForm):
    matter = forms.ChoiceField(
        label="您遇到的是哪一类事情？",
        widget=forms.RadioSelect,
        choices=[(value, label) for value, label in Aid.Matter.choices if value in MATTER_HINTS],
        error_messages={"required": "请选择一项最接近您情况的事项"},
    )

    def answers(self) -> dict[str, Any]:
        return {"matter": self.cleaned_data["matter"]}


# Step 2 --------------------------------------------------------------------------------------

GROUP_CHOICES = [
    (Aid.GreenChannel.MIGRANT_WAGES, "我是进城务工人员（农民工），要讨要被拖欠的工资"),
    (Aid.GreenChannel.SUBSISTENCE, "我是低保户，要维护自己的合法权益"),
    (Aid.GreenChannel.OTHER, "我是老年人、残疾人、未成年人、军人军属等其他优先群体"),
    (Aid.GreenChannel.NONE, "以上都不是"),
]


class GroupForm(PortalForm):
    green_channel = forms.ChoiceField(
        label="您是否属于下列优先办理的群体？",
        widget=forms.RadioSelect,
        choices=GROUP_CHOICES,
        required=False,
    )

    def clean_green_channel(self) -> str:
        if "green_channel" not in self.data:
            raise ValidationError("请选择一项；如果都不是，请选择“以上都不是”")
        return str(self.cleaned_data["green_channel"])

    def answers(self) -> dict[str, Any]:
        return {"green_channel": self.cleaned_data["green_channel"]}


# Step 3 --------------------------------------------------------------------------------------


class ApplicantForm(PortalForm):
    applicant_name = forms.CharField(
        label="姓名",
        max_length=32,
        error_messages={"required": "请填写需要法律援助的人的姓名"},
    )
    id_number = forms.CharField(
        label="居民身份证号码",
        required=False,
        max_length=24,
        widget=BlankTextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    town = forms.ModelChoiceField(
        label="居住的镇（街道）",
        queryset=Region.objects.none(),
        empty_label="请选择",
        error_messages={"required": "请选择居住的镇（街道）"},
    )
    village = forms.CharField(label="村（社区）名称", required=False, max_length=32)

    def __init__(self, *args: Any, kept_id_number: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["town"].queryset = town_list_public()  # type: ignore[attr-defined]
        self.kept_id_number = kept_id_number
        if kept_id_number:
            self.fields[
                "id_number"
            ].help_text = f"已填写：{mask_id_number(kept_id_number)}。无需修改请留空。"

    def clean_id_number(self) -> str:
        id_number = str(self.cleaned_data["id_number"]).strip().upper().replace(" ", "")
        if not id_number:
            if self.kept_id_number:
                return self.kept_id_number
            raise ValidationError("请填写18位居民身份证号码")
        validate_id_number(id_number)
        return id_number

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        town = cleaned.get("town")
        village_name = str(cleaned.get("village", "")).strip()
        cleaned["region"] = town
        if town is not None and village_name:
            village = (
                Region.objects.filter(
                    level=Region.Level.VILLAGE,
                    code__startswith=town.prefix,
                    name__contains=village_name,
                )
                .order_by("code")
                .first()
            )
            if village is None:
                self.add_error(
                    "village", f"{town.name}没有名称含“{village_name}”的村（社区），请核对或留空"
                )
            else:
                cleaned["region"] = village
        return cleaned

    def answers(self) -> dict[str, Any]:
        region = self.cleaned_data["region"]
        return {
            "applicant_name": self.cleaned_data["applicant_name"].strip(),
            "id_number": self.cleaned_data["id_number"],
            "region_id": region.pk,
            "region_name": region.name,
            "town_id": self.cleaned_data["town"].pk,
            "village": self.cleaned_data["village"].strip(),
        }


# Step 4 --------------------------------------------------------------------------------------


class ContactForm(PortalForm):
    phone = _phone_field("手机号码", required=False)

    def __init__(self, *args: Any, kept_phone: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kept_phone = kept_phone
        if kept_phone:
            self.fields["phone"].help_text = f"已填写：{mask_phone(kept_phone)}。无需修改请留空。"

    def clean_phone(self) -> str:
        phone = _clean_phone(self.cleaned_data["phone"])
        if not phone:
            if self.kept_phone:
                return self.kept_phone
            raise ValidationError("请填写11位手机号码，我们会用它联系您")
        return phone

    def answers(self) -> dict[str, Any]:
        return {"phone": self.cleaned_data["phone"]}


# Step 5 --------------------------------------------------------------------------------------

ELIGIBILITY_CHOICES = [
    (Aid.Eligibility.EXEMPT, "我属于不用审查经济状况的情形"),
    (Aid.Eligibility.INCOME, "我家收入低，填写家庭每人每月平均收入"),
    (Aid.Eligibility.COMMITMENT, "我说不清收入，愿意书面承诺家庭经济困难"),
]
EXEMPTION_CHOICES = [
    (value, label)
    for value, label in Aid.Exemption.choices
    if value not in (Aid.Exemption.NONE, Aid.Exemption.MANDATORY_DEFENCE)
]


class EconomicForm(PortalForm):
    eligibility = forms.ChoiceField(
        label="您家的经济状况",
        widget=forms.RadioSelect,
        choices=ELIGIBILITY_CHOICES,
        error_messages={"required": "请选择一项"},
    )
    exemption = forms.ChoiceField(
        label="属于哪种情形",
        required=False,
        choices=[("", "请选择"), *EXEMPTION_CHOICES],
    )
    monthly_income = forms.DecimalField(
        label="家庭每人每月平均收入（元）",
        required=False,
        min_value=Decimal(0),
        max_digits=10,
        decimal_places=2,
        error_messages={
            "invalid": "请填写数字，例如 800",
            "min_value": "收入不能是负数",
        },
    )

    def __init__(self, *args: Any, on: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.threshold = hardship_threshold(on) if on is not None else None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        eligibility = cleaned.get("eligibility")
        if eligibility == Aid.Eligibility.EXEMPT and not cleaned.get("exemption"):
            self.add_error("exemption", "请选择您属于哪种情形")
        if eligibility == Aid.Eligibility.INCOME and cleaned.get("monthly_income") is None:
            self.add_error("monthly_income", "请填写家庭每人每月平均收入")
        return cleaned

    def answers(self) -> dict[str, Any]:
        eligibility = self.cleaned_data["eligibility"]
        income = self.cleaned_data.get("monthly_income")
        return {
            "eligibility": eligibility,
            "exemption": self.cleaned_data["exemption"]
            if eligibility == Aid.Eligibility.EXEMPT
            else "",
            "monthly_income": str(income)
            if eligibility == Aid.Eligibility.INCOME and income is not None
            else "",
        }


# Step 6 --------------------------------------------------------------------------------------

DESCRIPTION_MIN = 10
DESCRIPTION_MAX = 500


class DescriptionForm(PortalForm):
    description = forms.CharField(
        label="请简单说说发生了什么、您希望得到什么帮助",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=DESCRIPTION_MAX,
        error_messages={
            "required": "请简单说明您的情况",
            "max_length": f"请控制在{DESCRIPTION_MAX}字以内，详细情况可在审查时补充",
        },
    )

    def clean_description(self) -> str:
        text = str(self.cleaned_data["description"]).strip()
        if len(text) < DESCRIPTION_MIN:
            raise ValidationError(f"请至少写{DESCRIPTION_MIN}个字，说清楚发生了什么")
        return text

    def answers(self) -> dict[str, Any]:
        return {"description": self.cleaned_data["description"]}


# Step 7 --------------------------------------------------------------------------------------


class ConfirmForm(PortalForm):
    truthful = forms.BooleanField(
        label="我承诺以上填写的内容真实；如有虚假，愿意承担相应责任（法律援助法第六十四条）",
        error_messages={"required": "提交前请勾选承诺"},
    )

    def answers(self) -> dict[str, Any]:
        return {}


STEP_FORMS: list[type[PortalForm]] = [
    MatterForm,
    GroupForm,
    ApplicantForm,
    ContactForm,
    EconomicForm,
    DescriptionForm,
    ConfirmForm,
]


# Resume and tracking ----------------------------------------------------------------------------


class ResumeForm(PortalForm):
    code = forms.CharField(
        label="续填码",
        max_length=20,
        error_messages={"required": "请填写续填码"},
    )
    phone = _phone_field("手机号码")

    def clean_phone(self) -> str:
        return _clean_phone(self.cleaned_data["phone"])


class TrackForm(PortalForm):
    number = forms.CharField(
        label="申请号",
        max_length=32,
        error_messages={"required": "请填写申请号"},
    )
    phone = _phone_field("申请时填写的手机号码")

    def clean_phone(self) -> str:
        phone = _clean_phone(self.cleaned_data["phone"])
        if not phone:
            raise ValidationError("请填写手机号码")
        return phone
