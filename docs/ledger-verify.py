#!/usr/bin/env python3
"""Check a Fulcrum ledger bundle with nothing but Python's standard library.

    python3 ledger-verify.py bundle.json

A bundle holds chosen entries of a practitioner's record, each with its RFC 6962
inclusion proof, one checkpoint (tree size, Merkle root, time) signed with the
workspace's Ed25519 key, and that public key. This script checks, independently of
Fulcrum's own code:

1. the checkpoint's Ed25519 signature (RFC 8032, verified below in plain Python);
2. each entry's body is canonical JSON naming its own sequence number and workspace;
3. each entry's audit path leads from SHA-256(0x00 || body) to the signed root.

It prints what it proved and exits 0, or names the first entry that fails and exits 1.
Confirm the public key with the practitioner by some other path: the bundle can only
show that its entries belong to the log that key signed.
"""

import hashlib
import json
import sys
from datetime import datetime

FORMAT = "fulcrum-ledger-bundle-v1"
CHECKPOINT_DOMAIN = b"fulcrum-ledger-checkpoint-v1\x00"
SAFE_INTEGER = 2**53 - 1

# --- Ed25519 verification (RFC 8032 section 5.1.7; reference arithmetic) -------------
P = 2**255 - 19
L = 2**252 + 27742317777372353535851937790883648493
D = -121665 * pow(121666, P - 2, P) % P
SQRT_M1 = pow(2, (P - 1) // 4, P)


def _add(a, b):
    x = (a[1] - a[0]) * (b[1] - b[0]) % P
    y = (a[1] + a[0]) * (b[1] + b[0]) % P
    c = 2 * a[3] * b[3] * D % P
    d = 2 * a[2] * b[2] % P
    e, f, g, h = y - x, d - c, d + c, y + x
    return (e * f % P, g * h % P, f * g % P, e * h % P)


def _mul(s, point):
    result = (0, 1, 1, 0)
    while s:
        if s & 1:
            result = _add(result, point)
        point = _add(point, point)
        s >>= 1
    return result


def _same(a, b):
    return (a[0] * b[2] - b[0] * a[2]) % P == 0 and (a[1] * b[2] - b[1] * a[2]) % P == 0


def _x_from_y(y, sign):
    if y >= P:
        return None
    x2 = (y * y - 1) * pow(D * y * y + 1, P - 2, P) % P
    if x2 == 0:
        return None if sign else 0
    x = pow(x2, (P + 3) // 8, P)
    if (x * x - x2) % P:
        x = x * SQRT_M1 % P
    if (x * x - x2) % P:
        return None
    return P - x if (x & 1) != sign else x


def _point(data):
    y = int.from_bytes(data, "little")
    sign, y = y >> 255, y & ((1 << 255) - 1)
    x = _x_from_y(y, sign)
    return None if x is None else (x, y, 1, x * y % P)


_GY = 4 * pow(5, P - 2, P) % P
_GX = _x_from_y(_GY, 0)
BASE = (_GX, _GY, 1, _GX * _GY % P)


def ed25519_verify(public, message, signature):
    """Whether ``signature`` is ``public``'s Ed25519 signature over ``message``."""
    if len(public) != 32 or len(signature) != 64:
        return False
    a, r = _point(public), _point(signature[:32])
    s = int.from_bytes(signature[32:], "little")
    if a is None or r is None or s >= L:
        return False
    h = int.from_bytes(hashlib.sha512(signature[:32] + public + message).digest(), "little") % L
    return _same(_mul(s, BASE), _add(r, _mul(h, a)))


# --- Canonical JSON (RFC 8785-style: sorted keys by UTF-16, no spaces, integers only) --
class NotCanonical(Exception):
    pass


def _refuse(text):
    raise NotCanonical(f"{text} is not allowed")


def canonical(value):
    if value is None or value is True or value is False:
        return json.dumps(value)
    if isinstance(value, int):
        if abs(value) > SAFE_INTEGER:
            raise NotCanonical("integer out of range")
        return str(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ",".join(canonical(item) for item in value) + "]"
    if isinstance(value, dict):
        keys = sorted(value, key=lambda k: k.encode("utf-16-be", "surrogatepass"))
        items = (json.dumps(k, ensure_ascii=False) + ":" + canonical(value[k]) for k in keys)
        return "{" + ",".join(items) + "}"
    raise NotCanonical(f"a {type(value).__name__} is not allowed")


def read_body(body):
    value = json.loads(body.decode("utf-8"), parse_float=_refuse, parse_constant=_refuse)
    if canonical(value).encode("utf-8") != body:
        raise NotCanonical("not in canonical form")
    fields = {"v", "stream", "seq", "kind", "at", "payload", "prev"}
    if not isinstance(value, dict) or set(value) != fields or value["v"] != 1:
        raise NotCanonical("not an entry's fields")
    seq = value["seq"]
    if not isinstance(seq, int) or isinstance(seq, bool):
        raise NotCanonical("sequence is not a whole number")
    for name, kind in (("stream", str), ("kind", str), ("payload", dict), ("prev", str)):
        if not isinstance(value[name], kind):
            raise NotCanonical(f"{name} has the wrong type")
    if len(value["prev"]) != 64:
        raise NotCanonical("previous hash is not 64 hex digits")
    bytes.fromhex(value["prev"])
    _time(value["at"])
    return value


def _time(text):
    if not isinstance(text, str):
        raise NotCanonical("time is not text")
    moment = datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ")
    if moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ") != text:
        raise NotCanonical("time is not in its one written form")
    return moment


# --- RFC 6962 / RFC 9162 inclusion --------------------------------------------------
def leaf_hash(data):
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left, right):
    return hashlib.sha256(b"\x01" + left + right).digest()


def root_from_path(leaf, index, size, path):
    if not 0 <= index < size:
        return None
    fn, sn, node = index, size - 1, leaf
    for sibling in path:
        if sn == 0:
            return None
        if fn & 1 or fn == sn:
            node = node_hash(sibling, node)
            if not fn & 1:
                while fn and not fn & 1:
                    fn, sn = fn >> 1, sn >> 1
        else:
            node = node_hash(node, sibling)
        fn, sn = fn >> 1, sn >> 1
    return node if sn == 0 else None


# --- The bundle ----------------------------------------------------------------------
def _checkpoint_message(cp):
    fields = {"stream": cp["stream"], "size": cp["size"], "root": cp["root"], "at": cp["at"]}
    return CHECKPOINT_DOMAIN + canonical(fields).encode("utf-8")


def check(bundle):
    """Return (True, [sequence numbers proved]) or (False, first failing number or None, why)."""
    if not isinstance(bundle, dict) or bundle.get("format") != FORMAT:
        return False, None, "not a Fulcrum ledger bundle"
    try:
        public = bytes.fromhex(str(bundle.get("public_key")))
        cp = bundle["checkpoint"]
        stream, size = cp["stream"], cp["size"]
        root, signature = bytes.fromhex(str(cp["root"])), bytes.fromhex(str(cp["signature"]))
        if not isinstance(stream, str) or not isinstance(size, int) or size < 0:
            raise ValueError("stream or size")
        if isinstance(size, bool) or len(root) != 32:
            raise ValueError("size or root")
        _time(cp["at"])
        message = _checkpoint_message({**cp, "root": root.hex()})
    except (KeyError, TypeError, ValueError, NotCanonical) as exc:
        return False, None, f"its checkpoint or key is malformed ({exc})"
    if not ed25519_verify(public, message, signature):
        return False, None, "the checkpoint's signature is not by the key given"
    entries = bundle.get("entries")
    if not isinstance(entries, list) or not entries:
        return False, None, "it holds no entries"
    proved, last = [], 0
    for item in entries:
        seq = item.get("sequence") if isinstance(item, dict) else None
        if not isinstance(seq, int) or isinstance(seq, bool) or seq <= last:
            return False, None, "its entries are not in order"
        last = seq
        body_text, path = item.get("body"), item.get("proof")
        if not isinstance(body_text, str):
            return False, seq, "its body is missing"
        try:
            body = body_text.encode("utf-8", "surrogatepass")
            if not isinstance(path, list):
                raise ValueError("proof is not a list")
            nodes = [bytes.fromhex(n) if isinstance(n, str) else b"" for n in path]
            if any(len(n) != 32 for n in nodes):
                raise ValueError("a proof hash is not 32 bytes")
            content = read_body(body)
        except (ValueError, NotCanonical) as exc:
            return False, seq, f"it cannot be read ({exc})"
        if content["seq"] != seq or content["stream"] != stream:
            return False, seq, "its body names another place in the log"
        if root_from_path(leaf_hash(body), seq - 1, size, nodes) != root:
            return False, seq, "its proof does not lead to the checkpoint's root"
        proved.append(seq)
    return True, proved, ""


def main(argv):
    if len(argv) != 2:
        print("usage: ledger-verify.py BUNDLE.json", file=sys.stderr)
        return 2
    try:
        with open(argv[1], encoding="utf-8") as handle:
            bundle = json.load(handle)
    except (OSError, ValueError) as exc:
        print(f"Cannot read {argv[1]}: {exc}", file=sys.stderr)
        return 1
    result = check(bundle)
    if result[0]:
        numbers = ", ".join(str(n) for n in result[1])
        size = bundle["checkpoint"]["size"]
        print(f"OK: entries {numbers} are in the signed log of {size} entries.")
        return 0
    where = f"Entry {result[1]}" if result[1] is not None else "The bundle"
    print(f"FAILED: {where}: {result[2]}.", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
