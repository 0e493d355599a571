"""The proofs app's rule parameters (core.parameters), with their basis and confidence.

The provincial 行政协助核查办法 sets a reply time limit that the sources found do not quote
(domain notes §3.3 [I]); it and the spot-check rate stay editable by the bureau.
"""

from decimal import Decimal

from fazhi.core.deadlines import DayUnit
from fazhi.core.parameters import Confidence, Parameter, register_parameter

ASSISTED_REPLY_DAYS = "proofs.assisted_reply_days"
SPOT_CHECK_RATE = "proofs.spot_check_rate"
SOURCE_MAX_ATTEMPTS = "proofs.source_max_attempts"


def register_proofs_parameters() -> None:
    for parameter in (
        Parameter(
            key=ASSISTED_REPLY_DAYS,
            label="行政协助核查答复期限",
            unit=DayUnit.WORKING,
            default=5,
            legal_basis=(
                "《山东省实施证明事项告知承诺制行政协助核查办法(试行)》规定被请求单位应在规定期限内"
                "答复协助核查请求；所见资料未载明具体天数，平台取5个工作日。"
            ),
            confidence=Confidence.INFERRED,
            note="自发出协查请求之日起算；逾期未答复的列入督办并提示司法局。",
            order=400,
        ),
        Parameter(
            key=SPOT_CHECK_RATE,
            label="告知承诺事后抽查默认比例",
            unit="%",
            default=Decimal(10),
            legal_basis=(
                "国办发〔2020〕42号：行政机关应当根据风险程度确定核查的时间、标准、方式和比例，"
                "对免予核查的事项加强事中事后监管。比例由平台取值，清单中事项可另定风险比例。"
            ),
            confidence=Confidence.INFERRED,
            note="清单中未另定抽查比例的事项按此比例抽取。",
            order=401,
        ),
        Parameter(
            key=SOURCE_MAX_ATTEMPTS,
            label="数据核查接口最多尝试次数",
            unit="次",
            default=6,
            legal_basis="平台设计取值：接口超时或中断时按退避间隔重试，达到次数后转人工处理。",
            confidence=Confidence.INFERRED,
            note="间隔为30秒、1分钟、2分钟……最长1小时；用尽后提示窗口改用协助核查或纸质证明。",
            order=402,
        ),
    ):
        register_parameter(parameter)
