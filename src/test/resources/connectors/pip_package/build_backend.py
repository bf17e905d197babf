"""A PEP 517 backend writing a pure-Python wheel with zipfile (standard library only)."""
import base64
import hashlib
import os
import zipfile

NAME = "airbyte_source_brickbyte_test"
VERSION = "0.1.0"
PACKAGE = "brickbyte_test_connector"
HERE = os.path.dirname(os.path.abspath(__file__))

METADATA = f"Metadata-Version: 2.1\nName: airbyte-source-brickbyte-test\nVersion: {VERSION}\n"
WHEEL = "Wheel-Version: 1.0\nGenerator: brickbyte-test\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
ENTRY_POINTS = f"[console_scripts]\nsource-brickbyte-test = {PACKAGE}:main\n"


def get_requires_for_build_wheel(config_settings=None):
    return []


def _record_line(path, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{path},sha256={digest},{len(data)}"


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    wheel_name = f"{NAME}-{VERSION}-py3-none-any.whl"
    dist_info = f"{NAME}-{VERSION}.dist-info"
    files = {}
    for file in sorted(os.listdir(os.path.join(HERE, PACKAGE))):
        if file.endswith(".py"):
            with open(os.path.join(HERE, PACKAGE, file), "rb") as source:
                files[f"{PACKAGE}/{file}"] = source.read()
    files[f"{dist_info}/METADATA"] = METADATA.encode()
    files[f"{dist_info}/WHEEL"] = WHEEL.encode()
    files[f"{dist_info}/entry_points.txt"] = ENTRY_POINTS.encode()
    record = [_record_line(path, data) for path, data in files.items()]
    record.append(f"{dist_info}/RECORD,,")
    files[f"{dist_info}/RECORD"] = ("\n".join(record) + "\n").encode()
    with zipfile.ZipFile(os.path.join(wheel_directory, wheel_name), "w") as wheel:
        for path, data in files.items():
            wheel.writestr(path, data)
    return wheel_name
