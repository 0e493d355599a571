"""What several loaders draw from: days of the years covered, names, a pool of encrypted phones."""

import datetime
import random
from dataclasses import dataclass
from functools import cache

from stdnum.cn import ric

from fazhi.core.crypto import blind_index, encrypt_text, mask_id_number

# The years the synthetic records span: four years of ledgers reach issue 9's volumes at
# Rongcheng-like rates per county.
YEARS = (2019, 2020, 2021, 2022)
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国志文海燕"
# Encrypting costs ~25 µs a value; ten million phones would take minutes. The generator encrypts
# a fixed pool once and reuses the ciphertexts: equal phones then share a ciphertext, which is
# harmless for synthetic people and never done for real ones (encrypt_text draws a fresh nonce).
PHONE_POOL = 4096
# The platform's time zone (TIME_ZONE = Asia/Shanghai) has no daylight saving.
BEIJING_OFFSET = datetime.timedelta(hours=8)


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


@dataclass(frozen=True)
class PoolPerson:
    """A synthetic person of a pool: ID number encrypted once, its blind index and masked form."""

    id_number: str
    digest: str
    birth_date: datetime.date
    male: bool
    masked: str


@cache
def id_people(label: str, size: int = 8192) -> tuple[PoolPerson, ...]:
    """`size` synthetic people with valid ID numbers (GB 11643), each encrypted once.

    A pool of its own per label: officers, correction subjects and released persons do not
    share numbers. Born 1960–2003 in Shandong (37), as a validator expects.
    """
    rng = random.Random(f"id-people:{label}")
    people = []
    for _ in range(size):
        birth = datetime.date(1960, 1, 1) + datetime.timedelta(days=rng.randrange(16_000))
        sequence = rng.randrange(1000)
        body = f"37{rng.randrange(10_000):04d}{birth:%Y%m%d}{sequence:03d}"
        number = body + ric.calc_check_digit(body + "0")  # it reads the first 17 of 18
        people.append(
            PoolPerson(
                encrypt_text(number),
                blind_index(number),
                birth,
                sequence % 2 == 1,
                mask_id_number(number),
            )
        )
    return tuple(people)


@cache
def address_ciphertexts() -> tuple[str, ...]:
    """A pool of encrypted home addresses, reused like the phones."""
    rng = random.Random("addresses")
    return tuple(
        encrypt_text(f"第{rng.randint(1, 25)}镇第{rng.randint(1, 60)}村{rng.randint(1, 300)}号")
        for _ in range(PHONE_POOL // 4)
    )


def moment(
    day: datetime.date, rng: random.Random, *, hours: tuple[int, int] = (8, 17)
) -> datetime.datetime:
    """A time on `day` within office hours (Beijing time), as an aware datetime in UTC.

    UTC with whole seconds: what the database gives back, so a hash over it verifies.
    """
    local = datetime.datetime.combine(
        day, datetime.time(rng.randint(*hours), rng.randrange(60), rng.randrange(60))
    )
    return (local - BEIJING_OFFSET).replace(tzinfo=datetime.UTC)
