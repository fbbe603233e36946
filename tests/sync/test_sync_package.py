"""同步包 by USB stick, for a village without a line for weeks: the PC writes what waits
(``liaison sync --export``), the county applies it with the same exactly-once rules as a push
and writes a 回执包 (``liaison-county import-package``), the PC takes the answer in
(``liaison sync --import``). Round trip, replay, a tampered file, another village's file, and
packages mixed with pushes over the line; on SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PIL import Image
from sqlalchemy import select
from sync_support import ROOT, VILLAGE_B, CountyServer, VillagePC

from desktop.__main__ import main as liaison_main
from desktop.models.demand import Demand
from desktop.models.photos import add_photo, photo_path
from desktop.sync import state
from liaison_wire import package as pkg


def _export(pc: VillagePC, target: Path) -> Path:
    assert liaison_main(["sync", "--export", str(target), "--data-dir", str(pc.data_dir)]) == 0
    return target


def _county_import(
    county: CountyServer, package: Path, answer: Path
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*county.command("import-package", str(package), "--answer", str(answer))],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


def _import(pc: VillagePC, answer: Path) -> int:
    return liaison_main(["sync", "--import", str(answer), "--data-dir", str(pc.data_dir)])


def _photo(tmp_path: Path) -> Path:
    path = tmp_path / "路灯.jpg"
    Image.new("RGB", (320, 240), (200, 120, 40)).save(path, "JPEG")
    return path


def test_a_round_trip_by_usb_stick(
    county: CountyServer,
    make_village: Callable[..., VillagePC],
    tmp_path: Path,
    capsys: Any,
) -> None:
    pc = make_village(county)
    lamp = pc.register("村口路灯坏了")
    water = pc.register("自来水管冻裂了")
    with pc.db.writing() as session:
        photo = add_photo(session, pc.data_dir, "demand", lamp, _photo(tmp_path))
    waiting = len(pc.outbox())
    stick = tmp_path / "U盘"
    stick.mkdir()

    # A folder as the target: the file is named after the village and the time.
    assert liaison_main(["sync", "--export", str(stick), "--data-dir", str(pc.data_dir)]) == 0
    [package] = stick.glob(f"*{pkg.SUFFIX}")
    assert package.name.startswith("陈家店村-同步包-")
    assert f"{waiting} 条待上报记录、1 张照片" in capsys.readouterr().out
    assert len(pc.outbox()) == waiting  # kept until the county answers

    answer = stick / "回执包.lwsync"
    done = _county_import(county, package, answer)
    assert done.returncode == 0, done.stderr
    assert "已导入陈家店村" in done.stdout and f"接收 {waiting} 条" in done.stdout
    assert {d["id"] for d in county.demands()} == {lamp, water}
    assert county.demand(lamp)["status"] == "SUBMITTED"

    # The county acts on it; the PC takes the answer in.
    county.dispatch(lamp, "县供电志愿服务队")
    assert _import(pc, answer) == 0
    assert pc.outbox() == []
    assert pc.demand(lamp).server_version == 1
    with pc.db.reading() as session:
        cursor = int(state.get_state(session, state.PULL_CURSOR, "0"))
    assert cursor > 0
    # The dispatch came after the answer was written: the next package's answer brings it.
    again = _county_import(county, _export(pc, stick / "第二次.lwsync"), stick / "回执2.lwsync")
    assert again.returncode == 0, again.stderr
    assert _import(pc, stick / "回执2.lwsync") == 0
    assert pc.demand(lamp).status == "DISPATCHED"
    assert pc.demand(lamp).assigned_team_name == "县供电志愿服务队"

    # Another PC of the village, over the line, has everything, the photo too.
    other = make_village(county, with_station=False)
    report = other.sync(photos_dir=other.data_dir / "photos")
    assert report.photos_downloaded == 1
    assert (
        photo_path(other.data_dir, photo.sha256).read_bytes()
        == photo_path(pc.data_dir, photo.sha256).read_bytes()
    )


def test_importing_twice_changes_nothing(
    county: CountyServer, make_village: Callable[..., VillagePC], tmp_path: Path
) -> None:
    pc = make_village(county)
    pc.register("想请医生来村里量血压")
    package = _export(pc, tmp_path / "同步包.lwsync")
    assert _county_import(county, package, tmp_path / "回执1.lwsync").returncode == 0
    after_first = county.snapshot()
    replay = _county_import(county, package, tmp_path / "回执2.lwsync")
    assert replay.returncode == 0, replay.stderr
    assert "已接收过" in replay.stdout
    assert county.snapshot() == after_first

    assert _import(pc, tmp_path / "回执1.lwsync") == 0
    with pc.db.reading() as session:
        before = [(d.id, d.server_version, d.updated_at) for d in session.scalars(select(Demand))]
    assert _import(pc, tmp_path / "回执2.lwsync") == 0
    assert _import(pc, tmp_path / "回执1.lwsync") == 0
    with pc.db.reading() as session:
        assert [
            (d.id, d.server_version, d.updated_at) for d in session.scalars(select(Demand))
        ] == before
    assert pc.outbox() == [] and pc.rejections() == []


def _rewrite(source: Path, target: Path, change: Callable[[dict[str, bytes]], None]) -> Path:
    with zipfile.ZipFile(source) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    change(members)
    with zipfile.ZipFile(target, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return target


def test_a_tampered_package_is_refused_whole(
    county: CountyServer, make_village: Callable[..., VillagePC], tmp_path: Path
) -> None:
    pc = make_village(county)
    pc.register("路灯坏了")
    package = _export(pc, tmp_path / "同步包.lwsync")
    before = county.snapshot()

    def other_title(members: dict[str, bytes]) -> None:
        members["ops.json"] = members["ops.json"].replace(
            "路灯坏了".encode(), "路灯修好了".encode()
        )

    def other_count(members: dict[str, bytes]) -> None:
        manifest = json.loads(members[pkg.MANIFEST])
        manifest["ops"] = 0
        members[pkg.MANIFEST] = json.dumps(manifest).encode()

    for name, change, words in (
        ("内容", other_title, "校验不符"),
        ("清单", other_count, "校验失败"),
    ):
        doctored = _rewrite(package, tmp_path / f"改过{name}.lwsync", change)
        done = _county_import(county, doctored, tmp_path / f"回执-{name}.lwsync")
        assert done.returncode == 1 and words in done.stderr, done.stderr
        assert not (tmp_path / f"回执-{name}.lwsync").exists()
    cut = tmp_path / "半截.lwsync"
    cut.write_bytes(package.read_bytes()[:-200])
    done = _county_import(county, cut, tmp_path / "回执-半截.lwsync")
    assert done.returncode == 1 and "不是同步包" in done.stderr
    assert county.snapshot() == before
    assert "Traceback" not in done.stderr


def test_another_village_s_or_device_s_package_is_refused(
    county: CountyServer, make_village: Callable[..., VillagePC], tmp_path: Path
) -> None:
    a = make_village(county)
    b = make_village(county, VILLAGE_B)
    b.register("红旗村的需求")
    b_package = _export(b, tmp_path / "红旗村.lwsync")
    before = county.snapshot()

    # B's package made to say it is 陈家店村's (re-signed with B's own key: the county
    # checks the village against the device).
    manifest = pkg.read_manifest(b_package)
    key = pkg.package_key(pkg.token_hash(b.token()))
    _manifest, package = pkg.read(b_package, lambda _m: key)
    package.village_code, package.village_name = a.village
    pkg.write(tmp_path / "冒名.lwsync", package, key)
    done = _county_import(county, tmp_path / "冒名.lwsync", tmp_path / "回执-冒名.lwsync")
    assert done.returncode == 1 and "不能导入" in done.stderr and "红旗村" in done.stderr
    # Signed with another device's key: the county checks it with the named device's.
    a_key = pkg.package_key(pkg.token_hash(a.token()))
    pkg.write(tmp_path / "别的钥匙.lwsync", package, a_key)
    done = _county_import(county, tmp_path / "别的钥匙.lwsync", tmp_path / "回执-钥匙.lwsync")
    assert done.returncode == 1 and "校验失败" in done.stderr
    assert county.snapshot() == before
    assert manifest["device_id"] == b.device_id

    # B's real answer, taken to A's PC.
    assert _county_import(county, b_package, tmp_path / "红旗村回执.lwsync").returncode == 0
    assert _import(a, tmp_path / "红旗村回执.lwsync") == 1
    with a.db.reading() as session:
        assert session.scalars(select(Demand)).all() == []
    # And a PC's own package is no answer.
    assert _import(b, b_package) == 1


def test_packages_and_pushes_over_the_line_mix_without_doubling(
    county: CountyServer, make_village: Callable[..., VillagePC], tmp_path: Path
) -> None:
    pc = make_village(county)
    first = pc.register("先导出再联网")
    package = _export(pc, tmp_path / "同步包.lwsync")
    # The line came back before the stick reached the county.
    report = pc.sync()
    assert report.pushed == len(county.records())  # station, demand, its step
    pushed = county.snapshot()
    done = _county_import(county, package, tmp_path / "回执.lwsync")
    assert done.returncode == 0 and "已接收过" in done.stdout and "接收 " not in done.stdout
    assert county.snapshot()["records"] == pushed["records"]
    assert _import(pc, tmp_path / "回执.lwsync") == 0
    assert pc.rejections() == [] and pc.outbox() == []

    # The other way round: the package first, the same ops over the line afterwards.
    second = pc.register("先导入同步包")
    package = _export(pc, tmp_path / "第二个.lwsync")
    assert _county_import(county, package, tmp_path / "回执2.lwsync").returncode == 0
    report = pc.sync()
    assert report.duplicates == 2 and report.pushed == 0  # the demand and its step
    assert {d["id"] for d in county.demands()} == {first, second}
    assert all(county.demand(i)["version"] == 1 for i in (first, second))
