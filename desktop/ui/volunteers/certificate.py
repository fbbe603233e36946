"""志愿服务时长证明: one A4 page for a volunteer to take away (a school, an employer, a
preferential-treatment office asks for it): the station, the volunteer (the ID number
masked), the total hours and the period, a table of the activities (the latest fifteen; earlier
ones summed in one line), and lines for the signature and the station's stamp.

These are the station's own records (谁组织谁记录、谁记录谁证明); the page says so, and does not
claim to be the national system's certificate.
"""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtGui import QPageSize

from desktop.models.errors import LiaisonError
from desktop.models.volunteers import HoursCertificate
from desktop.ui.activities.table_model import hours_text
from desktop.ui.common.paper import FONTS, Paper

CONTEXT = "HoursCertificate"
_TEXTS_FOR_LUPDATE = (
    QT_TRANSLATE_NOOP("HoursCertificate", "志愿服务时长证明"),
    QT_TRANSLATE_NOOP("HoursCertificate", "姓名"),
    QT_TRANSLATE_NOOP("HoursCertificate", "性别"),
    QT_TRANSLATE_NOOP("HoursCertificate", "身份证号码"),
    QT_TRANSLATE_NOOP("HoursCertificate", "志愿者编号"),
    QT_TRANSLATE_NOOP("HoursCertificate", "所属队伍"),
    QT_TRANSLATE_NOOP("HoursCertificate", "注册日期"),
    QT_TRANSLATE_NOOP(
        "HoursCertificate",
        "兹证明，{0}于 {1} 至 {2} 期间在本站参加志愿服务活动 {3} 场，累计服务 {4} 小时"
        "（按签到签退时间计算，不含往返路途时间）。",
    ),
    QT_TRANSLATE_NOOP("HoursCertificate", "兹证明，{0}尚未在本站登记志愿服务时长。"),
    QT_TRANSLATE_NOOP("HoursCertificate", "日期"),
    QT_TRANSLATE_NOOP("HoursCertificate", "活动名称"),
    QT_TRANSLATE_NOOP("HoursCertificate", "服务时长（小时）"),
    QT_TRANSLATE_NOOP("HoursCertificate", "此前另有 {0} 场活动，共 {1} 小时"),
    QT_TRANSLATE_NOOP("HoursCertificate", "合计"),
    QT_TRANSLATE_NOOP(
        "HoursCertificate",
        "本证明依据本站志愿服务记录出具（谁组织谁记录、谁记录谁证明），仅证明所列服务时长。",
    ),
    QT_TRANSLATE_NOOP("HoursCertificate", "经办人（签字）："),
    QT_TRANSLATE_NOOP("HoursCertificate", "出具单位（盖章）："),
    QT_TRANSLATE_NOOP("HoursCertificate", "{0}年{1}月{2}日"),
    QT_TRANSLATE_NOOP("HoursCertificate", "无法保存“{0}”：{1}"),
)
PAPER_MARGIN_MM = 18


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def paper() -> Paper:
    return Paper(QPageSize.PageSizeId.A4, PAPER_MARGIN_MM, _tr("志愿服务时长证明"))


def certificate_html(cert: HoursCertificate) -> str:
    e = html.escape

    def day(value: dt.date | None) -> str:
        return value.isoformat() if value is not None else "—"

    facts = [
        (_tr("姓名"), cert.volunteer_name),
        (_tr("性别"), cert.gender or "—"),
        (_tr("身份证号码"), cert.id_number or "—"),
        (_tr("志愿者编号"), cert.volunteer_no or "—"),
        (_tr("所属队伍"), cert.team_name or "—"),
        (_tr("注册日期"), day(cert.registered_on)),
    ]
    fact_rows = "".join(
        f"<tr><td class='label'>{e(label)}</td><td>{e(value)}</td></tr>" for label, value in facts
    )
    if cert.activities:
        statement = _tr(
            "兹证明，{0}于 {1} 至 {2} 期间在本站参加志愿服务活动 {3} 场，累计服务 {4} 小时"
            "（按签到签退时间计算，不含往返路途时间）。"
        ).format(
            cert.volunteer_name,
            day(cert.first_day),
            day(cert.last_day),
            cert.activities,
            hours_text(cert.total_minutes),
        )
    else:
        statement = _tr("兹证明，{0}尚未在本站登记志愿服务时长。").format(cert.volunteer_name)
    lines = []
    if cert.earlier:
        lines.append(
            f"<tr><td colspan='2'>{e(_tr('此前另有 {0} 场活动，共 {1} 小时').format(cert.earlier, hours_text(cert.earlier_minutes)))}</td>"
            f"<td class='num'>{hours_text(cert.earlier_minutes)}</td></tr>"
        )
    lines += [
        f"<tr><td>{line.day.isoformat()}</td><td>{e(line.activity[:32])}</td>"
        f"<td class='num'>{hours_text(line.minutes)}</td></tr>"
        for line in cert.lines
    ]
    if cert.activities:
        lines.append(
            f"<tr><td colspan='2'><b>{e(_tr('合计'))}</b></td>"
            f"<td class='num'><b>{hours_text(cert.total_minutes)}</b></td></tr>"
        )
    table = (
        "<table class='lines' width='100%' cellspacing='0' cellpadding='4'>"
        f"<tr><th width='18%'>{e(_tr('日期'))}</th><th>{e(_tr('活动名称'))}</th>"
        f"<th width='20%'>{e(_tr('服务时长（小时）'))}</th></tr>{''.join(lines)}</table>"
        if cert.activities
        else ""
    )
    issued = _tr("{0}年{1}月{2}日").format(
        cert.issued_on.year, cert.issued_on.month, cert.issued_on.day
    )
    return f"""<html><head><style>
body {{ font-family: {FONTS}; font-size: 10.5pt; }}
h1 {{ font-size: 20pt; text-align: center; margin-bottom: 2px; }}
p.station {{ text-align: center; font-size: 12pt; margin-top: 0; }}
td.label {{ color: #444; width: 22%; }}
table.lines th {{ border-bottom: 1px solid #000; text-align: left; }}
table.lines td {{ border-bottom: 1px solid #bbb; }}
td.num {{ text-align: right; }}
p.note {{ color: #444; font-size: 9pt; }}
</style></head><body>
<h1>{e(_tr("志愿服务时长证明"))}</h1>
<p class='station'>{e(cert.station_name)}</p>
<table width='100%' cellpadding='3'>{fact_rows}</table>
<p>{e(statement)}</p>
{table}
<p class='note'>{e(_tr("本证明依据本站志愿服务记录出具（谁组织谁记录、谁记录谁证明），仅证明所列服务时长。"))}</p>
<br/>
<table width='100%' cellpadding='6'>
<tr><td>{e(_tr("经办人（签字）："))}</td><td>{e(_tr("出具单位（盖章）："))}{e(cert.station_name)}</td></tr>
<tr><td></td><td>{e(issued)}</td></tr>
</table>
</body></html>"""


def certificate_pages(cert: HoursCertificate) -> int:
    return paper().pages(certificate_html(cert))


def write_certificate_pdf(cert: HoursCertificate, path: Path) -> None:
    """Save the certificate as a PDF at ``path`` (whole file or nothing)."""
    try:
        paper().write_pdf(certificate_html(cert), path)
    except OSError as error:
        raise LiaisonError(
            _tr("无法保存“{0}”：{1}").format(path, error.strerror or error)
        ) from error
