# Privacy mode without the SDK: the digests Baton computes from fact values,
# computed in Python, byte for byte (baton.snapshot.fact_digests).
import hashlib
import json
import re
from decimal import Decimal

# What JavaScript's String.prototype.trim removes (str.strip() removes other characters).
JS_SPACE = "\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"


def _number(n):
    """A number as JavaScript's JSON.stringify writes it."""
    if isinstance(n, int) and abs(n) < 2**53:
        return str(n)
    x = float(n)
    if x != x or x in (float("inf"), float("-inf")):
        raise ValueError("facts must be JSON: no NaN or Infinity")
    if x == 0:
        return "0"
    sign, digits, exponent = Decimal(repr(abs(x))).normalize().as_tuple()
    s, point = "".join(map(str, digits)), len(digits) + exponent
    if len(s) <= point <= 21:
        text = s + "0" * (point - len(s))
    elif 0 < point <= 21:
        text = s[:point] + "." + s[point:]
    elif -6 < point <= 0:
        text = "0." + "0" * -point + s
    else:
        e = point - 1
        text = s[0] + ("." + s[1:] if len(s) > 1 else "") + "e" + ("+" if e >= 0 else "-") + str(abs(e))
    return ("-" if x < 0 else "") + text


def _string(s):
    text = json.dumps(s, ensure_ascii=False)
    return re.sub("[\ud800-\udfff]", lambda m: "\\u%04x" % ord(m.group()), text)


def _canonical(value):
    """JSON with object keys sorted and strings trimmed, at every depth."""
    if isinstance(value, str):
        return _string(value.strip(JS_SPACE))
    if value is None or isinstance(value, bool):
        return json.dumps(value)
    if isinstance(value, (int, float)):
        return _number(value)
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(_canonical(v) for v in value) + "]"
    if isinstance(value, dict):
        keys = sorted(value, key=lambda k: k.encode("utf-16-be", "surrogatepass"))
        return "{" + ",".join(_string(k) + ":" + _canonical(value[k]) for k in keys) + "}"
    raise TypeError(f"facts must be JSON, got {type(value).__name__}")


def _flatten(facts, prefix=""):
    """Nested objects become dotted paths; arrays, scalars, None and empty objects are leaves."""
    out = {}
    for key, value in facts.items():
        path = f"{prefix}.{key}" if prefix else key
        if isinstance(value, dict) and value:
            out.update(_flatten(value, path))
        else:
            out[path] = value
    return out


def digest_facts(facts):
    """{"customer": {"id": "C-42"}} -> {"customer.id": "sha256:…"}"""
    return {key: "sha256:" + hashlib.sha256(_canonical(value).encode("utf-8", "surrogatepass")).hexdigest() for key, value in _flatten(facts).items()}
