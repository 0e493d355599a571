"""Core's Excel imports (STYLE P7): columns parsed with the shared validators, rows via services."""

from typing import Any

from fazhi.core.imports import Column, ImportSpec, date, region, text
from fazhi.core.models import Enterprise, Region, User
from fazhi.core.services.directory import enterprise_create
from fazhi.core.validators import validate_uscc


def _enterprise_write(values: dict[str, Any], *, acting_user: User) -> Enterprise:
    return enterprise_create(acting_user=acting_user, **values)


ENTERPRISE_IMPORT = ImportSpec(
    key="core.enterprises",
    title="企业名录",
    columns=[
        Column(
            "统一社会信用代码",
            "uscc",
            text(validators=[validate_uscc], upper=True),
            required=True,
            unique=True,
            example="91371082MA3E1L6N0L",
            help="18位，见营业执照；同一代码只能登记一次",
            aliases=("信用代码",),
        ),
        Column(
            "名称",
            "name",
            text(max_length=128),
            required=True,
            example="荣成市示例水产有限公司",
            help="营业执照上的名称",
            aliases=("企业名称",),
        ),
        Column(
            "所在区划代码",
            "region",
            region(levels=[Region.Level.TOWN, Region.Level.VILLAGE]),
            required=True,
            example="371082001000",
            help="12位统计用区划代码，填镇(街道)或村(社区)；镇街也可只填前9位",
            aliases=("区划代码",),
        ),
        Column("法定代表人", "legal_representative", text(max_length=64), example="张三"),
        Column("行业", "industry", text(max_length=64), example="水产品加工"),
        Column("住所", "address", text(max_length=255), example="荣成市宁津街道示例路1号"),
        Column(
            "成立日期",
            "established_on",
            date(),
            example="2020-01-05",
            help="如 2020-01-05，也可写 2020/1/5 或 2020年1月5日",
        ),
    ],
    row_writer=_enterprise_write,
)
