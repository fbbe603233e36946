"""What the officer calls each kind of record and each field: one table, in Chinese (the
source language), for every screen, message and file that names them (the 同步 page, the
conflicts of a demand, held and refused records). The UI translates these texts in the
contexts ``EntityLabels`` and ``FieldLabels`` (desktop/ui/common/record_labels.py lists them for
lupdate). The labels of a form are the same words.
"""

from __future__ import annotations

ENTITY_LABELS: dict[str, str] = {
    "station": "本站信息",
    "grid": "网格",
    "contact": "村民",
    "demand": "需求",
    "demand_event": "需求办理记录",
    "service_menu_item": "服务菜单",
    "team": "队伍",
    "volunteer": "志愿者",
    "activity": "活动",
    "service_record": "服务时长",
    "points_entry": "积分",
    "star_award": "星级认定",
    "commendation": "表彰",
    "attachment": "照片",
}

FIELD_LABELS: dict[str, str] = {
    "name": "名称",
    "title": "标题",
    "description": "详细描述",
    "division_code": "统计用区划代码",
    "township": "乡镇",
    "county": "县（市、区）",
    "station_id": "所属站点",
    "grid_id": "所在网格",
    "leader_contact_id": "网格长",
    "sort_order": "排列顺序",
    "gender": "性别",
    "phone": "联系电话",
    "proxy_phone": "代联系人电话",
    "proxy_relation": "与代联系人关系",
    "group_name": "村民小组",
    "address": "住址",
    "tags": "重点人群标签",
    "id_number": "身份证号码",
    "birth_date": "出生日期",
    "consent_contact": "同意联系",
    "consent_sensitive": "同意记录敏感信息",
    "guardian_consent": "监护人同意",
    "note": "备注",
    "number": "需求编号",
    "requester_contact_id": "群众（通讯录）",
    "requester_name": "群众姓名",
    "requester_phone": "群众电话",
    "anonymous": "匿名",
    "entered_by": "登记人",
    "channel": "来源渠道",
    "category_code": "需求类别",
    "topic_code": "具体主题",
    "catalog_version": "目录版本",
    "menu_item_id": "服务菜单项",
    "urgency": "紧急程度",
    "registered_at": "登记时间",
    "due_date": "办理期限",
    "evaluation": "群众评价",
    "evaluation_note": "评价说明",
    "evaluated_at": "评价时间",
    "status": "办理状态",
    "result": "办理结果",
    "demand_id": "所属需求",
    "kind": "类型",
    "actor": "办理方",
    "occurred_at": "时间",
    "level": "层级",
    "parent_id": "上级队伍",
    "owner": "管理方",
    "active": "启用",
    "contact_id": "对应村民",
    "team_id": "所属队伍",
    "volunteer_no": "志愿者编号",
    "skills": "特长",
    "registered_on": "注册日期",
    "activity_type_code": "活动类型",
    "five_task_code": "五项工作",
    "starts_at": "开始时间",
    "ends_at": "结束时间",
    "place": "地点",
    "audience_count": "参与人数",
    "summary": "活动简介",
    "linked_demand_ids": "关联需求",
    "activity_id": "所属活动",
    "volunteer_id": "志愿者",
    "start_at": "开始时间",
    "end_at": "结束时间",
    "break_minutes": "休息分钟数",
    "credited_minutes": "计入时长（分钟）",
    "corrects_id": "更正的记录",
    "reason": "原因",
    "amount": "分值",
    "file_name": "文件名",
    "leader_volunteer_id": "队长",
    "awarded_on": "日期",
    "certified_by": "认定人",
    "scheme_code": "星级标准",
    "issuing_body": "颁发单位",
}
# The same column name means something else on these records.
FIELD_OVERRIDES: dict[tuple[str, str], str] = {
    ("contact", "name"): "姓名",
    ("volunteer", "name"): "姓名",
    ("grid", "name"): "网格名称",
    ("team", "name"): "队伍名称",
    ("station", "name"): "站点名称",
    ("demand", "title"): "需求标题",
    ("activity", "title"): "活动名称",
    ("demand_event", "note"): "说明",
    ("star_award", "level"): "星级",
    ("commendation", "title"): "表彰名称",
    ("commendation", "level"): "表彰级别",
}


def entity_label(entity: str) -> str:
    return ENTITY_LABELS.get(entity, entity)


def field_label(entity: str, name: str) -> str:
    return FIELD_OVERRIDES.get((entity, name)) or FIELD_LABELS.get(name, name)
