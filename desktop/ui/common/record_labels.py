"""The names of kinds of records and of fields (desktop/models/labels.py) in the English
build: the tables live in the Qt-free layer, in Chinese; listed here again for lupdate, and
translated through :func:`entity_text` and :func:`field_text`."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from desktop.models.labels import entity_label, field_label

ENTITY_CONTEXT = "EntityLabels"
FIELD_CONTEXT = "FieldLabels"


def entity_text(entity: str) -> str:
    """What the officer calls a kind of record, in the UI's language."""
    return QCoreApplication.translate(ENTITY_CONTEXT, entity_label(entity))


def field_text(entity: str, name: str) -> str:
    """What the officer calls a field of a record, in the UI's language."""
    return QCoreApplication.translate(FIELD_CONTEXT, field_label(entity, name))


def translated_field(label: str) -> str:
    """A field label the Qt-free layer already chose (field_label), in the UI's language."""
    return QCoreApplication.translate(FIELD_CONTEXT, label)


_ENTITY_TEXTS = (
    QT_TRANSLATE_NOOP("EntityLabels", "本站信息"),
    QT_TRANSLATE_NOOP("EntityLabels", "网格"),
    QT_TRANSLATE_NOOP("EntityLabels", "村民"),
    QT_TRANSLATE_NOOP("EntityLabels", "需求"),
    QT_TRANSLATE_NOOP("EntityLabels", "需求办理记录"),
    QT_TRANSLATE_NOOP("EntityLabels", "服务菜单"),
    QT_TRANSLATE_NOOP("EntityLabels", "队伍"),
    QT_TRANSLATE_NOOP("EntityLabels", "志愿者"),
    QT_TRANSLATE_NOOP("EntityLabels", "活动"),
    QT_TRANSLATE_NOOP("EntityLabels", "服务时长"),
    QT_TRANSLATE_NOOP("EntityLabels", "星级认定"),
    QT_TRANSLATE_NOOP("EntityLabels", "表彰"),
    QT_TRANSLATE_NOOP("EntityLabels", "积分"),
    QT_TRANSLATE_NOOP("EntityLabels", "照片"),
)
_FIELD_TEXTS = (
    QT_TRANSLATE_NOOP("FieldLabels", "名称"),
    QT_TRANSLATE_NOOP("FieldLabels", "标题"),
    QT_TRANSLATE_NOOP("FieldLabels", "详细描述"),
    QT_TRANSLATE_NOOP("FieldLabels", "统计用区划代码"),
    QT_TRANSLATE_NOOP("FieldLabels", "乡镇"),
    QT_TRANSLATE_NOOP("FieldLabels", "县（市、区）"),
    QT_TRANSLATE_NOOP("FieldLabels", "所属站点"),
    QT_TRANSLATE_NOOP("FieldLabels", "所在网格"),
    QT_TRANSLATE_NOOP("FieldLabels", "网格长"),
    QT_TRANSLATE_NOOP("FieldLabels", "排列顺序"),
    QT_TRANSLATE_NOOP("FieldLabels", "性别"),
    QT_TRANSLATE_NOOP("FieldLabels", "联系电话"),
    QT_TRANSLATE_NOOP("FieldLabels", "代联系人电话"),
    QT_TRANSLATE_NOOP("FieldLabels", "与代联系人关系"),
    QT_TRANSLATE_NOOP("FieldLabels", "村民小组"),
    QT_TRANSLATE_NOOP("FieldLabels", "住址"),
    QT_TRANSLATE_NOOP("FieldLabels", "重点人群标签"),
    QT_TRANSLATE_NOOP("FieldLabels", "身份证号码"),
    QT_TRANSLATE_NOOP("FieldLabels", "出生日期"),
    QT_TRANSLATE_NOOP("FieldLabels", "同意联系"),
    QT_TRANSLATE_NOOP("FieldLabels", "同意记录敏感信息"),
    QT_TRANSLATE_NOOP("FieldLabels", "监护人同意"),
    QT_TRANSLATE_NOOP("FieldLabels", "备注"),
    QT_TRANSLATE_NOOP("FieldLabels", "需求编号"),
    QT_TRANSLATE_NOOP("FieldLabels", "群众（通讯录）"),
    QT_TRANSLATE_NOOP("FieldLabels", "群众姓名"),
    QT_TRANSLATE_NOOP("FieldLabels", "群众电话"),
    QT_TRANSLATE_NOOP("FieldLabels", "匿名"),
    QT_TRANSLATE_NOOP("FieldLabels", "登记人"),
    QT_TRANSLATE_NOOP("FieldLabels", "来源渠道"),
    QT_TRANSLATE_NOOP("FieldLabels", "需求类别"),
    QT_TRANSLATE_NOOP("FieldLabels", "具体主题"),
    QT_TRANSLATE_NOOP("FieldLabels", "目录版本"),
    QT_TRANSLATE_NOOP("FieldLabels", "服务菜单项"),
    QT_TRANSLATE_NOOP("FieldLabels", "紧急程度"),
    QT_TRANSLATE_NOOP("FieldLabels", "登记时间"),
    QT_TRANSLATE_NOOP("FieldLabels", "办理期限"),
    QT_TRANSLATE_NOOP("FieldLabels", "群众评价"),
    QT_TRANSLATE_NOOP("FieldLabels", "评价说明"),
    QT_TRANSLATE_NOOP("FieldLabels", "评价时间"),
    QT_TRANSLATE_NOOP("FieldLabels", "办理状态"),
    QT_TRANSLATE_NOOP("FieldLabels", "办理结果"),
    QT_TRANSLATE_NOOP("FieldLabels", "所属需求"),
    QT_TRANSLATE_NOOP("FieldLabels", "类型"),
    QT_TRANSLATE_NOOP("FieldLabels", "办理方"),
    QT_TRANSLATE_NOOP("FieldLabels", "时间"),
    QT_TRANSLATE_NOOP("FieldLabels", "层级"),
    QT_TRANSLATE_NOOP("FieldLabels", "上级队伍"),
    QT_TRANSLATE_NOOP("FieldLabels", "管理方"),
    QT_TRANSLATE_NOOP("FieldLabels", "启用"),
    QT_TRANSLATE_NOOP("FieldLabels", "对应村民"),
    QT_TRANSLATE_NOOP("FieldLabels", "所属队伍"),
    QT_TRANSLATE_NOOP("FieldLabels", "志愿者编号"),
    QT_TRANSLATE_NOOP("FieldLabels", "特长"),
    QT_TRANSLATE_NOOP("FieldLabels", "注册日期"),
    QT_TRANSLATE_NOOP("FieldLabels", "活动类型"),
    QT_TRANSLATE_NOOP("FieldLabels", "五项工作"),
    QT_TRANSLATE_NOOP("FieldLabels", "开始时间"),
    QT_TRANSLATE_NOOP("FieldLabels", "结束时间"),
    QT_TRANSLATE_NOOP("FieldLabels", "地点"),
    QT_TRANSLATE_NOOP("FieldLabels", "参与人数"),
    QT_TRANSLATE_NOOP("FieldLabels", "活动简介"),
    QT_TRANSLATE_NOOP("FieldLabels", "关联需求"),
    QT_TRANSLATE_NOOP("FieldLabels", "所属活动"),
    QT_TRANSLATE_NOOP("FieldLabels", "志愿者"),
    QT_TRANSLATE_NOOP("FieldLabels", "休息分钟数"),
    QT_TRANSLATE_NOOP("FieldLabels", "计入时长（分钟）"),
    QT_TRANSLATE_NOOP("FieldLabels", "更正的记录"),
    QT_TRANSLATE_NOOP("FieldLabels", "原因"),
    QT_TRANSLATE_NOOP("FieldLabels", "分值"),
    QT_TRANSLATE_NOOP("FieldLabels", "文件名"),
    QT_TRANSLATE_NOOP("FieldLabels", "姓名"),
    QT_TRANSLATE_NOOP("FieldLabels", "网格名称"),
    QT_TRANSLATE_NOOP("FieldLabels", "队伍名称"),
    QT_TRANSLATE_NOOP("FieldLabels", "站点名称"),
    QT_TRANSLATE_NOOP("FieldLabels", "需求标题"),
    QT_TRANSLATE_NOOP("FieldLabels", "活动名称"),
    QT_TRANSLATE_NOOP("FieldLabels", "说明"),
    QT_TRANSLATE_NOOP("FieldLabels", "队长"),
    QT_TRANSLATE_NOOP("FieldLabels", "日期"),
    QT_TRANSLATE_NOOP("FieldLabels", "认定人"),
    QT_TRANSLATE_NOOP("FieldLabels", "星级标准"),
    QT_TRANSLATE_NOOP("FieldLabels", "颁发单位"),
    QT_TRANSLATE_NOOP("FieldLabels", "星级"),
    QT_TRANSLATE_NOOP("FieldLabels", "表彰名称"),
    QT_TRANSLATE_NOOP("FieldLabels", "表彰级别"),
)
