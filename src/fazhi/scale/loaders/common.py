"""What several loaders draw from: days of the years covered, names, a pool of encrypted phones."""

import datetime
import random
from functools import cache

from fazhi.core.crypto import encrypt_text

# The years the synthetic records span: four years of ledgers reach issue 9's volumes at
# Rongcheng-like rates per county.
YEARS = (2019, 2020, 2021, 2022)
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国志文海燕"
# Encrypting costs ~25 µs a value; ten million phones would take minutes. The generator encrypts
# a fixed pool once and reuses the ciphertexts: equal phones then share a ciphertext, which is
# harmless for synthetic people and never done for real ones (encrypt_text draws a fresh nonce).
PHONE_POOL = 4096


@cache
def days() -> tuple[datetime.date, ...]:
    first = datetime.date(YEARS[0], 1, 1)
    last = datetime.date(YEARS[-1], 12, 31)
    return tuple(first + datetime.timedelta(days=n) for n in range((last - first).days + 1))


def person_names(rng: random.Random, count: int) -> list[str]:
    surnames = rng.choices(SURNAMES, k=count)
    firsts = rng.choices(GIVEN, k=count)
    seconds = rng.choices(GIVEN + "  ", k=count)
    return [f"{s}{a}{b}".strip() for s, a, b in zip(surnames, firsts, seconds, strict=True)]


@cache
def phone_ciphertexts() -> tuple[str, ...]:
    rng = random.Random("phones")
    return tuple(
        encrypt_text(f"13{rng.randint(0, 9)}{rng.randint(0, 99_999_999):08d}")
        for _ in range(PHONE_POOL)
    )
