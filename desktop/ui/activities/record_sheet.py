"""活动记录表: one activity on one A4 page for the station's files: what, when, where, who
organised it, how many came, the volunteers and their hours, the demands it answered, the
summary, up to four photos, and lines for the recorder's signature and the station's stamp."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QImage, QPageSize

from desktop.models import beijing
from desktop.models.activities import ActivitySheet
from desktop.models.beijing import beijing_time, clock_time
from desktop.models.errors import LiaisonError
from desktop.models.photos import photo_path
from desktop.ui.activities.table_model import hours_text
from desktop.ui.common.paper import FONTS, Images, Paper

CONTEXT = "ActivitySheet"
_TEXTS_FOR_LUPDATE = (
    QT_TRANSLATE_NOOP("ActivitySheet", "实践活动记录表"),
    QT_TRANSLATE_NOOP("ActivitySheet", "活动名称"),
    QT_TRANSLATE_NOOP("ActivitySheet", "活动类型"),
    QT_TRANSLATE_NOOP("ActivitySheet", "五项工作"),
    QT_TRANSLATE_NOOP("ActivitySheet", "活动时间"),
    QT_TRANSLATE_NOOP("ActivitySheet", "活动地点"),
    QT_TRANSLATE_NOOP("ActivitySheet", "组织队伍"),
    QT_TRANSLATE_NOOP("ActivitySheet", "参与群众"),
    QT_TRANSLATE_NOOP("ActivitySheet", "{0} 人"),
    QT_TRANSLATE_NOOP("ActivitySheet", "参加志愿者"),
    QT_TRANSLATE_NOOP("ActivitySheet", "{0} 人，共 {1} 小时：{2}"),
    QT_TRANSLATE_NOOP("ActivitySheet", "回应群众需求"),
    QT_TRANSLATE_NOOP("ActivitySheet", "活动简介"),
    QT_TRANSLATE_NOOP("ActivitySheet", "活动照片"),
    QT_TRANSLATE_NOOP("ActivitySheet", "记录人（签字）："),
    QT_TRANSLATE_NOOP("ActivitySheet", "（站点盖章）"),
    QT_TRANSLATE_NOOP("ActivitySheet", "无法保存“{0}”：{1}"),
)
MARGIN_MM = 15
PHOTO_PIXELS = 900  # each photo's long side as embedded (two to a row, about 8 cm wide)


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def paper() -> Paper:
    return Paper(QPageSize.PageSizeId.A4, MARGIN_MM, _tr("实践活动记录表"))


def sheet_images(sheet: ActivitySheet, data_dir: Path) -> Images:
    """The sheet's photos that are on this PC, scaled down for the page."""
    images: Images = {}
    for n, sha256 in enumerate(sheet.photos):
        image = QImage(str(photo_path(data_dir, sha256)))
        if not image.isNull():
            images[f"photo{n}"] = image.scaled(
                PHOTO_PIXELS, PHOTO_PIXELS, Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )  # fmt: skip
    return images


def sheet_html(sheet: ActivitySheet, images: Images) -> str:
    e = html.escape
    same_day = beijing.today(sheet.starts_at) == beijing.today(sheet.ends_at)
    when = f"{beijing_time(sheet.starts_at)} — {clock_time(sheet.ends_at) if same_day else beijing_time(sheet.ends_at)}"
    minutes = sum(m for _name, m in sheet.volunteers)
    volunteers = _tr("{0} 人，共 {1} 小时：{2}").format(
        len(sheet.volunteers),
        hours_text(minutes),
        "、".join(name for name, _m in sheet.volunteers) or "—",
    )
    demands = "；".join(f"{d.number} {d.title[:30]}" for d in sheet.demands) or "—"
    rows = [
        (_tr("活动名称"), sheet.title),
        (_tr("活动类型"), sheet.type_name),
        (_tr("五项工作"), sheet.task_name),
        (_tr("活动时间"), when),
        (_tr("活动地点"), sheet.place or "—"),
        (_tr("组织队伍"), sheet.team_name or "—"),
        (_tr("参与群众"), _tr("{0} 人").format(sheet.audience_count)),
        (_tr("参加志愿者"), volunteers),
        (_tr("回应群众需求"), demands),
        (_tr("活动简介"), sheet.summary or "—"),
    ]
    table = "".join(
        f"<tr><td class='label'>{e(label)}</td><td>{e(value)}</td></tr>" for label, value in rows
    )
    cells = [
        f"<td width='50%' align='center'><img src='{name}' {_fitted(images[name])}/></td>"
        for name in sorted(images)
    ]
    photo_rows = "".join(
        f"<tr>{''.join(cells[i : i + 2])}</tr>" for i in range(0, len(cells), 2)
    )
    photos = (
        f"<p><b>{e(_tr('活动照片'))}</b></p><table width='100%' cellpadding='4'>{photo_rows}</table>"
        if cells
        else ""
    )
    return f"""<html><head><style>
body {{ font-family: {FONTS}; font-size: 10pt; }}
h1 {{ font-size: 18pt; text-align: center; margin-bottom: 2px; }}
p.station {{ text-align: center; margin-top: 0; }}
table.facts td {{ border: 1px solid #888; padding: 4px; }}
td.label {{ width: 18%; color: #333; background: #f2f2f2; }}
</style></head><body>
<h1>{e(_tr("实践活动记录表"))}</h1>
<p class='station'>{e(sheet.station_name)}</p>
<table class='facts' width='100%' cellspacing='0'>{table}</table>
{photos}
<p>{e(_tr("记录人（签字）："))}&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;{e(_tr("（站点盖章）"))}</p>
</body></html>"""


# Each photo fits this box on the page (in the document's units): two rows of two fit under
# the facts whatever their shape.
PHOTO_BOX = (230, 160)


def _fitted(image: QImage) -> str:
    """The ``width`` or ``height`` attribute that fits ``image`` into PHOTO_BOX."""
    width, height = PHOTO_BOX
    if image.width() * height >= image.height() * width:
        return f"width='{width}'"
    return f"height='{height}'"


def sheet_pages(sheet: ActivitySheet, data_dir: Path) -> int:
    images = sheet_images(sheet, data_dir)
    return paper().pages(sheet_html(sheet, images), images)


def write_sheet_pdf(sheet: ActivitySheet, data_dir: Path, path: Path) -> None:
    images = sheet_images(sheet, data_dir)
    try:
        paper().write_pdf(sheet_html(sheet, images), path, images)
    except OSError as error:
        raise LiaisonError(_tr("无法保存“{0}”：{1}").format(path, error.strerror or error)) from error
