import pytest
from cryptography.exceptions import InvalidTag
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from fazhi.core.crypto import (
    blind_index,
    decrypt_text,
    encrypt_text,
    mask_address,
    mask_id_number,
    mask_phone,
    sm3_hexdigest,
)
from fazhi.core.models import Person
from fazhi.core.selectors import person_find_by_id_number

pytestmark = pytest.mark.django_db

ID_NUMBER = "371082198001011234"


def _raw_columns(person):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id_number, phone, address, id_number_digest FROM core_person WHERE id = %s",
            [person.pk],
        )
        return cursor.fetchone()


def test_sensitive_columns_are_not_stored_in_plaintext(world):
    id_number, phone, address, digest = _raw_columns(world.person_yatou)

    assert id_number.startswith("sm4:")
    assert ID_NUMBER not in id_number
    assert "13812345678" not in phone
    assert "测试路" not in address
    assert ID_NUMBER not in digest
    # Python code still sees the plaintext.
    assert Person.objects.get(pk=world.person_yatou.pk).id_number == ID_NUMBER


def test_equal_values_encrypt_differently(world):
    assert _raw_columns(world.person_yatou)[1] != _raw_columns(world.person_ningjin)[1]


@pytest.mark.parametrize("cipher", ["sm4", "aes"])
def test_both_ciphers_round_trip(settings, cipher):
    settings.FIELD_CIPHER = cipher

    stored = encrypt_text("山东省荣成市崖头街道 371082198001011234")

    assert stored.startswith(f"{cipher}:")
    assert decrypt_text(stored) == "山东省荣成市崖头街道 371082198001011234"


def test_values_stay_readable_after_switching_the_cipher(world, settings):
    settings.FIELD_CIPHER = "aes"
    person = Person.objects.get(pk=world.person_yatou.pk)  # stored with sm4
    person.phone = "13987654321"
    person.save(update_fields=["phone"])

    id_number, phone, _, _ = _raw_columns(person)
    reloaded = Person.objects.get(pk=person.pk)

    assert (id_number[:4], phone[:4]) == ("sm4:", "aes:")
    assert (reloaded.id_number, reloaded.phone) == (ID_NUMBER, "13987654321")


def test_a_tampered_ciphertext_does_not_decrypt(settings):
    stored = encrypt_text(ID_NUMBER)
    cipher, payload = stored.split(":")
    tampered = f"{cipher}:{payload[:-6]}AAAAA="

    with pytest.raises(InvalidTag):
        decrypt_text(tampered)


def test_missing_keys_fail_loudly(settings):
    settings.FIELD_ENCRYPTION_KEY = ""
    settings.FIELD_INDEX_KEY = ""

    with pytest.raises(ImproperlyConfigured):
        encrypt_text(ID_NUMBER)
    with pytest.raises(ImproperlyConfigured):
        blind_index(ID_NUMBER)


def test_exact_search_finds_a_person_by_id_number(world, bureau_staff):
    found = person_find_by_id_number(user=bureau_staff, id_number="37108219850303345x")

    assert list(found) == [world.person_market]


def test_exact_search_stays_within_scope(world, other_town_staff):
    # 张志强 lives in 崖头, not in 宁津.
    assert not person_find_by_id_number(
        user=other_town_staff, id_number="37108219850303345X"
    ).exists()


def test_the_blind_index_is_keyed(settings):
    first = blind_index(ID_NUMBER)
    settings.FIELD_INDEX_KEY = "another-key"

    assert blind_index(ID_NUMBER) != first
    assert first != sm3_hexdigest(ID_NUMBER.encode())


def test_masks_keep_only_what_identifies_the_record_loosely():
    assert mask_id_number(ID_NUMBER) == "371082********1234"
    assert mask_id_number("12345") == "*****"
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("12345") == "*****"
    assert mask_address("山东省荣成市测试路1号") == "山东省荣成市****"
    assert mask_address("") == ""


def test_sm3_matches_the_standard_test_vector():
    # GB/T 32905-2016 appendix A.1.
    assert (
        sm3_hexdigest(b"abc") == "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
    )
