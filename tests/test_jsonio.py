"""JSON writing: orjson's speed, the standard library's text, nothing lost."""
import json

from policy_gen import jsonio


def test_same_text_as_the_standard_library():
    value = {"b": [1, {"ö": "Yhtiö Oy", "a": None}], "a": {"empty": [], "none": {}}, "c": True}
    assert jsonio.dumps(value) == json.dumps(value, sort_keys=True, ensure_ascii=False,
                                             separators=(",", ":")).encode()
    assert jsonio.dumps(value, pretty=True) == (json.dumps(value, sort_keys=True, ensure_ascii=False,
                                                           indent=2) + "\n").encode()


def test_an_integer_beyond_64_bits_is_written_as_typed():
    # orjson refuses it; the value must still reach the output unchanged
    value = {"number": 123456789012345678901234567890}
    assert json.loads(jsonio.dumps(value))["number"] == 123456789012345678901234567890
    assert json.loads(jsonio.dumps(value, pretty=True)) == value
