"""Realistic demo data for a village practice station (演示数据).

Fills a database with a fictional but plausible village (吉林省长春市农安县合隆镇陈家店村): grids,
a contact book of villagers, demands with complete timelines in every status, volunteer teams,
volunteers, activities, service hours and a points ledger. Everything is drawn from one
``random.Random(seed)`` against a reference instant derived from the current date, so one seed
gives the same data all day long.

With ``unsynced=False`` the station looks as if it had synced before: every row is the county's
(``server_version`` 1) and nothing waits in the outbox. With ``unsynced=True`` only what a
village makes on its own before its first sync is created (demands stay 已上报), and every record
has one create op in the outbox (a grid also an update naming its leader, once the leader is
in the contact book), which is what end-to-end sync tests need.

Rows are written in batches of one transaction each, so a cancel lands between batches. The
village's rows go through :meth:`WritePath.create_many` (search index, derived pinyin, one
outbox op each). The county's villagers, demands and timeline events (about 800,000 rows for
100,000 demands) take a faster path with the same stored result (:class:`_Table`, checked by
a test): values are put in storage form here, loaded into TEMP tables and copied in one
``INSERT … SELECT`` each, by a second thread that commits while the next batch is generated.
"""

from __future__ import annotations

import bisect
import datetime as dt
import json
import random
import re
import sys
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from sqlalchemy import JSON, Boolean, Date, func, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session
from stdnum.cn.ric import calc_check_digit

from desktop.models import beijing, search
from desktop.models.activity import Activity, PointsEntry, ServiceRecord, Team, Volunteer
from desktop.models.base import Base, SyncedMixin, UtcDateTime
from desktop.models.beijing import CHINA_TZ
from desktop.models.catalog import ActivityType, DemandCategory, DemandTopic
from desktop.models.db import Database, defer_foreign_keys
from desktop.models.demand import Demand, DemandEvent, DemandNumberCounter, ServiceMenuItem
from desktop.models.reference_data import active_catalog_version
from desktop.models.rules.demand_status import Actor, Channel, DemandStatus, Evaluation, Urgency
from desktop.models.rules.hours import compute_hours
from desktop.models.rules.pinyin import pinyin_keys
from desktop.models.rules.points import PointsEntry as LedgerLine
from desktop.models.rules.points import PointsKind, balance, check_entry
from desktop.models.station import Contact, Grid, Station
from desktop.models.writes import WritePath

Row = dict[str, Any]
_Event = tuple[Any, ...]
"""A timeline event: (id, demand id, kind, actor, occurred at, note); for the county's rows
the instant is already in its storage form (text)."""
ProgressFn = Callable[[int, int], None]
CancelFn = Callable[[], bool]

DEMAND_BATCH = 10_000
CONTACT_BATCH = 10_000
HISTORY_DAYS = 730

S = DemandStatus

EVENT_KINDS: dict[DemandStatus, str] = {s: s.value for s in DemandStatus}
EVENT_KINDS[S.SUBMITTED] = "REGISTERED"
EVENT_KINDS[S.FEEDBACK_GIVEN] = "EVALUATED"
"""Timeline event kind written when a demand enters a status (inverse: :data:`EVENT_STATUS`)."""

EVENT_STATUS: dict[str, DemandStatus] = {kind: status for status, kind in EVENT_KINDS.items()}

_VILLAGE_STEPS = frozenset({S.SUBMITTED, S.CANCELLED, S.FEEDBACK_GIVEN})


def _cumulative(weights: Sequence[float]) -> list[float]:
    total = 0.0
    out: list[float] = []
    for w in weights:
        total += w
        out.append(total)
    return out


@dataclass(frozen=True)
class DemoSize:
    demands: int = 2000
    contacts: int = 800
    activities: int = 120
    volunteers: int = 60


# --------------------------------------------------------------------------------------------
# The village
# --------------------------------------------------------------------------------------------

# 吉林省长春市农安县合隆镇陈家店村 (fictional station, real-looking names and codes).
COUNTY, TOWNSHIP, VILLAGE = "农安县", "合隆镇", "陈家店村"
STATION_NAME = f"{VILLAGE}新时代文明实践站"
DIVISION_CODE = "220122102203"
COUNTY_CODE = DIVISION_CODE[:6]
AREA_CODE = "0431"

_NUMERALS = "一二三四五六七八九十"


def _cn_number(n: int) -> str:
    """1..99 in Chinese numerals (一, 十, 十二, 二十三)."""
    if n <= 10:
        return _NUMERALS[n - 1]
    tens, ones = divmod(n, 10)
    head = "十" if tens == 1 else _NUMERALS[tens - 1] + "十"
    return head + (_NUMERALS[ones - 1] if ones else "")


GROUP_COUNT = 12
GROUP_NAMES = [f"第{_cn_number(i)}村民小组" for i in range(1, GROUP_COUNT + 1)]
GROUP_SHORT = [f"{_cn_number(i)}组" for i in range(1, GROUP_COUNT + 1)]

# Surname, relative frequency (per mille, roughly the 2020 census with a north-eastern tilt).
SURNAMES: tuple[tuple[str, float], ...] = (
    ("王", 71), ("李", 70), ("张", 67), ("刘", 55), ("陈", 40), ("杨", 32), ("黄", 18),
    ("赵", 26), ("吴", 18), ("周", 19), ("徐", 15), ("孙", 20), ("马", 14), ("朱", 12),
    ("胡", 11), ("郭", 12), ("何", 8), ("林", 7), ("高", 12), ("罗", 6), ("郑", 8), ("梁", 8),
    ("谢", 6), ("宋", 8), ("唐", 6), ("许", 6), ("韩", 8), ("冯", 6), ("邓", 5), ("曹", 6),
    ("彭", 4), ("曾", 3), ("肖", 4), ("田", 6), ("董", 6), ("袁", 4), ("潘", 4), ("于", 9),
    ("蒋", 3), ("蔡", 3), ("余", 2), ("杜", 5), ("叶", 3), ("程", 4), ("苏", 4), ("魏", 5),
    ("吕", 4), ("丁", 4), ("任", 4), ("沈", 3), ("姚", 3), ("卢", 3), ("姜", 7), ("崔", 5),
    ("钟", 2), ("谭", 2), ("陆", 2), ("汪", 2), ("范", 3), ("金", 3), ("石", 3), ("贾", 3),
    ("夏", 2), ("付", 3), ("方", 2), ("白", 3), ("邹", 2), ("孟", 4), ("秦", 2), ("尹", 2),
    ("薛", 2), ("闫", 3), ("段", 2), ("侯", 3), ("史", 2), ("郝", 3), ("邵", 2), ("单", 2),
    ("关", 3), ("佟", 2), ("那", 1), ("常", 2), ("牛", 2), ("欧阳", 0.4), ("司马", 0.15),
    ("上官", 0.1), ("诸葛", 0.08),
)

# Given names by generation and gender: whole names plus two-character combinations, so a
# one-character search hits a realistic fraction of the book.
_OLD_M: tuple[str, ...] = (
    "德福", "长顺", "宝山", "振国", "国庆", "建国", "树林", "福山", "玉林", "凤山", "连生",
    "春生", "桂林", "永贵", "德胜", "占山", "景春", "庆云", "万福", "殿臣", "玉和", "洪发",
    "广才", "铁柱", "山", "林", "贵", "福", "财", "顺",
)
_OLD_F: tuple[str, ...] = (
    "桂兰", "淑珍", "秀英", "凤芝", "玉珍", "淑兰", "秀兰", "桂芝", "玉兰", "凤兰", "桂荣",
    "素芬", "秀云", "玉芬", "淑芬", "丽华", "秀珍", "桂香", "凤琴", "翠兰", "玉梅", "淑琴",
    "桂琴", "秀芝", "凤英", "兰", "芝", "珍", "英",
)
_MID_M: tuple[str, ...] = (
    "伟", "强", "军", "磊", "勇", "杰", "涛", "斌", "超", "明", "刚", "平", "辉", "鹏", "华",
    "飞", "波", "宁", "健", "亮", "东", "峰", "海军", "志强", "建华", "立新", "晓东", "春雷",
    "国峰", "海涛", "宏伟", "长江", "永刚", "红军", "文学", "玉龙",
)
_MID_F: tuple[str, ...] = (
    "芳", "娜", "敏", "静", "丽", "艳", "娟", "霞", "红", "梅", "丽娟", "春燕", "海燕", "艳华",
    "晓红", "丽丽", "秀梅", "冬梅", "玉梅", "春梅", "红霞", "艳玲", "丽萍", "淑华", "晓梅",
    "彩霞", "凤霞", "金凤",
)
_YOUNG_M: tuple[str, ...] = (
    "浩然", "子轩", "宇航", "博文", "俊杰", "浩宇", "天佑", "明轩", "一鸣", "子豪", "嘉乐",
    "思远", "皓轩", "宇", "鑫", "硕", "晨", "阳", "泽宇", "子墨",
)
_YOUNG_F: tuple[str, ...] = (
    "欣怡", "一诺", "雨桐", "思雨", "佳怡", "子涵", "梓萱", "诗涵", "梓涵", "可馨", "雨萱",
    "佳琪", "欣然", "婉清", "悦", "琳", "萌", "若曦", "语桐", "紫涵",
)
_FIRST_M = "志建国海春永晓宏玉长德文立俊振福庆树"
_SECOND_M = "强华军明刚平伟林东峰波生成龙杰辉山财"
_FIRST_F = "秀玉桂淑丽春晓海艳红雪美凤翠金素"
_SECOND_F = "兰英珍芝华梅燕霞娟红丽琴芳萍婷云"

_TAG_DESCRIPTIONS = {
    "LEFT_BEHIND_ELDERLY": "留守老人",
    "ELDERLY_LIVING_ALONE": "独居老人",
}
_NOTES = (
    "腿脚不便，需上门服务", "耳背，打电话请大声说话", "子女在长春务工", "常住县城，农忙时回村",
    "老党员", "村文艺队骨干", "家有轮椅", "白天在地里干活，晚上好联系", "会开三轮车，可帮忙接送",
)
_PROXY_RELATIONS_ELDER = ("儿子", "女儿", "儿媳", "孙子", "侄子", "邻居")
_MOBILE_PREFIXES: tuple[str, ...] = (
    "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "150", "151", "152",
    "153", "155", "156", "157", "158", "159", "166", "173", "175", "176", "177", "178", "180",
    "181", "182", "183", "184", "185", "186", "187", "188", "189", "191", "198", "199",
)


@dataclass(slots=True)
class _Person:
    """A generated villager, with what the generator needs beyond the stored row."""

    id: str
    name: str
    surname: str
    gender: str
    age: int
    phone: str | None
    proxy_phone: str | None
    group: int
    grid_index: int
    address: str
    tags: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------------------------
# Demand wording, per catalog topic: (title templates, detail templates, fillers for {x}).
# {who} is the requester as villagers call them (留守老人王大爷), {grp} their 村民小组.
# --------------------------------------------------------------------------------------------

_TOPIC_TEXT: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "policy_consult": (
        ("{who}咨询{x}政策", "{who}想了解{x}怎么申请", "希望村里讲解{x}政策"),
        ("对{x}的申请条件和要准备的材料不清楚，希望有人讲一讲",
         "听说{x}有了新规定，想弄明白自己家符不符合条件"),
        ("城乡居民医保缴费", "城乡居民养老保险", "耕地地力保护补贴", "玉米生产者补贴", "高龄津贴",
         "残疾人两项补贴", "低保申请", "土地流转", "农机购置补贴", "农村危房改造", "临时救助"),
    ),
    "theory_request": (
        ("希望组织理论宣讲进{grp}", "申请“炕头学堂”宣讲{x}"),
        ("{grp}不少老党员和村民想系统听一听{x}，希望请宣讲员来村里讲",
         "冬闲时节村民有空，希望安排一次{x}宣讲"),
        ("党的二十届三中全会精神", "乡村振兴政策", "中央一号文件", "社会主义核心价值观",
         "新修订的村规民约"),
    ),
    "errand_guidance": (
        ("{who}需要帮忙代办{x}", "{who}不会在手机上办理{x}，请求指导"),
        ("子女不在身边，自己不会操作{x}，希望志愿者帮忙", "去了两次镇里都没办成{x}，想请人指导"),
        ("养老金资格认证", "医保异地报销", "社保卡激活", "身份证换领", "残疾证年审", "高龄补贴申领"),
    ),
    "performance": (
        ("希望春节前组织一场文艺演出", "{grp}村民希望请剧团来唱{x}"),
        ("村里老人爱看{x}，好几年没有剧团来了，希望安排一场", "农闲时节村民想热闹热闹，盼着看{x}"),
        ("二人转", "评剧", "东北大秧歌", "吉剧"),
    ),
    "film": (
        ("申请在村文化广场放映露天电影", "{grp}村民希望放映{x}"),
        ("夏天晚上乘凉的人多，希望放映{x}", "孩子们放假了，希望在广场放映{x}"),
        ("农村题材电影", "红色经典影片", "农业科技片", "反诈主题电影"),
    ),
    "fitness": (
        ("希望安排老师教{x}", "申请{x}健身指导"),
        ("{grp}晚上跳舞的妇女有二三十人，想学{x}", "老人想学{x}锻炼身体，希望有人来教"),
        ("广场舞", "八段锦", "太极拳", "健身操", "东北大秧歌"),
    ),
    "reading": (
        ("希望农家书屋增加{x}类图书", "{who}想借阅{x}方面的书"),
        ("农家书屋里{x}方面的书太少，希望补充一些", "想学点{x}知识，希望书屋能借到相关的书"),
        ("养殖技术", "种植技术", "儿童绘本", "中医养生", "法律常识"),
    ),
    "festival": (
        ("希望组织{x}活动", "{grp}村民提议开展{x}"),
        ("往年村里组织{x}很受欢迎，希望今年继续办", "希望通过{x}让邻里多走动走动"),
        ("春节写春联送福字", "元宵节猜灯谜", "端午节包粽子", "中秋节邻里共赏月", "重阳节敬老饺子宴"),
    ),
    "heritage": (
        ("希望开展{x}传承活动", "{who}愿意教年轻人{x}"),
        ("村里会{x}的老人越来越少，希望组织年轻人学一学", "想把{x}手艺传下去，需要场地和组织"),
        ("剪纸", "农民画", "满族刺绣", "草编", "东北大秧歌"),
    ),
    "tutoring": (
        ("{who}家孩子需要{x}课业辅导", "申请开办暑期四点半课堂"),
        ("孩子父母在外打工，老人辅导不了{x}作业", "放学后家里没人看孩子，希望有地方写作业、有人辅导{x}"),
        ("数学", "英语", "语文", "作文"),
    ),
    "parenting": (
        ("希望开展家庭教育讲座", "{who}想咨询孩子{x}的问题"),
        ("孩子{x}，家长不知道怎么管，希望请老师指导", "隔辈带孩子的家庭多，希望讲讲{x}怎么办"),
        ("沉迷手机", "青春期叛逆", "厌学", "不爱说话"),
    ),
    "agri_tech": (
        ("{who}家{x}需要农技员指导", "申请{x}技术培训"),
        ("今年{x}遇到问题，自己解决不了，希望农技员到地里看看",
         "{grp}种养户想系统学习{x}，希望请农技站的专家来讲"),
        ("玉米病虫害防治", "大棚蔬菜种植", "黑木耳种植", "生猪养殖", "肉牛养殖", "测土配方施肥",
         "秸秆还田"),
    ),
    "job_skills": (
        ("希望组织{x}培训", "{who}想参加{x}培训"),
        ("农闲时想学一门手艺增加收入，希望组织{x}培训", "年轻人想学{x}，希望有免费培训"),
        ("电商直播带货", "家政服务", "电焊", "面点制作", "育婴员", "挖掘机操作"),
    ),
    "digital_skills": (
        ("希望组织智能手机使用培训", "{who}不会用智能手机{x}，希望有人教"),
        ("子女给买了智能手机，但不会{x}，想请志愿者手把手教",
         "村里老人普遍不会用手机{x}，希望办个培训班"),
        ("视频通话", "扫码支付", "挂号看病", "查询养老金", "识别诈骗短信"),
    ),
    "science_talk": (
        ("申请开展{x}科普讲座", "希望到{grp}讲讲{x}"),
        ("村民对{x}了解不多，希望请专家来讲一讲", "希望结合实例讲讲{x}，老人孩子都能听懂"),
        ("防范电信诈骗", "气象灾害防御", "食品安全", "科学种田", "防溺水", "冬季防煤气中毒"),
    ),
    "clinic": (
        ("申请义诊测血压", "{who}希望有医生上门{x}", "{grp}申请组织义诊{x}"),
        ("家里老人行动不便，希望医生上门{x}", "{grp}老人多，希望定期组织义诊{x}"),
        ("测血压血糖", "体检", "看眼病", "看牙"),
    ),
    "health_talk": (
        ("希望开展{x}健康讲座", "{grp}老人想听{x}讲座"),
        ("村里得{x}相关病的老人多，希望请医生讲讲注意事项", "希望卫生院来讲讲{x}"),
        ("高血压防治", "糖尿病饮食", "冬季防脑卒中", "老年人防跌倒", "中医养生"),
    ),
    "counselling": (
        ("{who}情绪低落，希望有人心理疏导", "{who}家孩子需要心理辅导"),
        ("最近{x}，整天不愿出门，家人很担心", "{x}，希望有专业的人来聊一聊"),
        ("老伴去世后一直心情不好", "孩子父母常年不在身边", "因病致贫压力很大"),
    ),
    "medical_escort": (
        ("{who}需要有人陪同去县医院{x}", "{who}申请陪诊服务"),
        ("子女在外地，自己去县医院{x}不方便，希望志愿者陪同", "不会在医院自助机上挂号，需要人陪着{x}"),
        ("复查", "做透析", "取药", "做白内障手术"),
    ),
    "rehab": (
        ("{who}需要康复训练指导", "{who}申请借用{x}"),
        ("中风后腿脚不灵便，家里需要{x}", "出院后需要做康复，希望有人上门指导，顺便借用{x}"),
        ("轮椅", "助行器", "护理床", "拐杖"),
    ),
    "legal_aid": (
        ("{who}咨询{x}问题", "{who}申请法律援助：{x}"),
        ("遇到{x}的问题，不知道该怎么办，希望律师给出出主意", "因为{x}的事情已经闹了一段时间，想咨询法律途径"),
        ("土地承包合同纠纷", "拖欠工资", "赡养", "遗产继承", "交通事故赔偿", "宅基地边界"),
    ),
    "mediation": (
        ("{who}与邻居因{x}发生纠纷，请求调解", "请求调解{grp}{x}纠纷"),
        ("双方因为{x}争执不下，希望村调解员出面", "{x}的问题僵持了好几个月，请求帮忙调解"),
        ("宅基地边界", "排水沟", "牲畜啃庄稼", "柴草垛占道", "树木遮挡"),
    ),
    "anti_fraud": (
        ("希望到{grp}开展反诈宣传", "{who}接到可疑电话，想了解{x}"),
        ("最近有老人接到{x}的电话，希望来村里讲讲怎么识别", "听说邻村有人被{x}骗了，希望加强宣传"),
        ("冒充公检法", "保健品推销", "养老投资", "刷单返利"),
    ),
    "home_safety": (
        ("{who}家{x}存在安全隐患，请求检查", "希望组织{grp}{x}安全检查"),
        ("家里{x}有些年头了，担心出事，希望有人来查一查", "入冬前希望对{x}做一次排查"),
        ("电线老化", "火炕烟道", "液化气罐", "电动车充电", "私拉电线"),
    ),
    "traffic_safety": (
        ("希望开展交通安全宣传", "{grp}路口{x}，需要安全提示"),
        ("{grp}路口{x}，孩子上学放学不安全", "路口{x}，来往车辆多，担心出事"),
        ("没有减速带", "缺少警示牌", "路灯不亮", "常有三轮车载人"),
    ),
    "elder_care": (
        ("{who}行动不便，希望提供{x}服务", "{who}申请{x}"),
        ("老人年纪大了，子女不在身边，需要{x}", "老两口身体都不好，希望志愿者提供{x}"),
        ("助餐", "助洁", "助浴", "定期探访", "上门理发"),
    ),
    "child_care": (
        ("{who}家留守孩子需要{x}", "关爱留守儿童：{x}"),
        ("孩子父母在外打工，家里老人照顾不过来，希望帮助解决{x}", "孩子的{x}没有着落，希望得到帮助"),
        ("课后看护", "学习用品", "冬衣", "心理陪伴"),
    ),
    "disability_support": (
        ("{who}需要助残服务：{x}", "{who}申请{x}"),
        ("家里有残疾人，出门困难，需要{x}", "希望志愿者帮忙{x}"),
        ("上门理发", "代办残疾证年审", "轮椅维修", "康复器具申领"),
    ),
    "hardship_support": (
        ("{who}家庭困难，希望对接{x}", "{who}申请{x}"),
        ("家里有病人花销大，生活困难，希望对接{x}", "今年收成不好，家里困难，想申请{x}"),
        ("临时救助", "冬季取暖煤", "大病救助", "公益性岗位"),
    ),
    "micro_wish": (
        ("微心愿：{who}想要一个{x}", "{who}的微心愿：{x}"),
        ("一直想要一个{x}，自己舍不得买", "家里的{x}坏了，希望有爱心人士帮助"),
        ("电饭锅", "收音机", "保温杯", "电热毯", "棉被", "老花镜", "暖水袋", "台灯"),
    ),
    "companionship": (
        ("{who}子女在外，希望有志愿者常来陪伴聊天", "{who}希望有人{x}"),
        ("老人一个人在家，平时没人说话，希望有人{x}", "子女常年在外打工，老人希望有人{x}"),
        ("陪着聊聊天", "读读报纸", "陪着散散步"),
    ),
    "haircut": (
        ("{who}行动不便，希望上门理发", "希望在{grp}组织义剪"),
        ("老人腿脚不好去不了镇上，希望理发师上门", "{grp}老人多，希望定期组织义剪"),
        ("理发",),
    ),
    "repair": (
        ("{who}家里{x}坏了需要维修", "{who}家{x}不好用了，请求上门修理"),
        ("家里{x}坏了好几天，自己不会修，希望志愿者上门看看", "{x}出了毛病，请人修太贵，希望志愿者帮忙"),
        ("电灯", "电视机", "水泵", "电饭锅", "洗衣机", "电暖器", "自来水管", "电表箱"),
    ),
    "sharpening": (
        ("希望集市上安排磨刀服务", "{who}想磨{x}"),
        ("家里的{x}钝了，希望集市上有人磨", "好久没有磨刀师傅来村里了，家里{x}不好用"),
        ("菜刀", "剪子", "镰刀"),
    ),
    "errands": (
        ("{who}需要代缴{x}", "{who}请求代购{x}"),
        ("老人不会在手机上交{x}，希望有人帮忙", "家里没人去镇上，希望帮忙买{x}"),
        ("电费", "医保费", "降压药", "化肥", "种子"),
    ),
    "produce_sales": (
        ("{who}家{x}滞销，希望帮忙代卖", "希望帮{grp}农户代卖{x}"),
        ("今年{x}收成好但卖不出去，希望通过直播或单位食堂帮忙销售", "家里存了不少{x}，希望帮忙找销路"),
        ("鲜食玉米", "小米", "笨鸡蛋", "黏豆包", "大葱", "土豆"),
    ),
    "village_cleanup": (
        ("{grp}{x}需要清理", "希望组织志愿者清理{x}"),
        ("{x}堆了很久，影响出行和村容", "{grp}{x}没人管，希望组织清理"),
        ("边沟垃圾", "路边柴草垛", "废弃房屋周边杂物", "村道积雪"),
    ),
    "waste_sorting": (
        ("希望开展垃圾分类指导", "{grp}垃圾桶{x}"),
        ("{grp}的垃圾桶{x}，希望尽快解决", "村民不太会分类，垃圾桶{x}，希望有人指导"),
        ("不够用", "损坏了", "清运不及时"),
    ),
    "custom_reform": (
        ("{who}家办{x}，希望红白理事会指导简办", "希望宣传{x}简办"),
        ("家里要办{x}，想按村规民约简办，希望红白理事会帮忙张罗", "希望村里宣传{x}不攀比、不大操大办"),
        ("婚事", "丧事", "寿宴", "升学宴"),
    ),
    "civility_patrol": (
        ("{grp}有人{x}，希望文明劝导", "希望对{x}的行为进行劝导"),
        ("{grp}经常有人{x}，影响邻里", "{x}的情况屡次出现，希望志愿者劝导"),
        ("乱倒垃圾", "焚烧秸秆", "占道晾晒粮食", "深夜燃放鞭炮"),
    ),
    "role_model_nomination": (
        ("推荐{who}参评{x}", "{grp}村民推荐{who}评{x}"),
        ("多年照顾瘫痪的老人，邻里都看在眼里，推荐参评{x}", "热心帮助邻里，大家推荐参评{x}"),
        ("好婆婆", "好媳妇", "最美家庭", "孝老爱亲模范", "星级文明户"),
    ),
    "other": (
        ("{who}反映{x}", "{grp}村民反映{x}"),
        ("{x}，给生活带来不便，希望帮助协调解决", "{x}已经有一段时间了，希望有人管一管"),
        ("村路坑洼不平", "路灯不亮", "自来水水压低", "手机信号差"),
    ),
}

_CHANNEL_INTRO: dict[Channel, str] = {
    Channel.NEEDS_DESK: "{who}到村问需台登记：",
    Channel.MICRO_WISH: "{who}在心愿墙留下微心愿：",
    Channel.HOTLINE: "{who}拨打文明实践110反映：",
    Channel.HOME_VISIT: "入户走访时{who}提出：",
    Channel.GRID_REPORT: "网格员走访上报，{who}反映：",
    Channel.MENU_ORDER: "{who}从服务菜单点单：",
    Channel.OTHER: "{who}托邻居捎话：",
}
_DESCRIPTION_TAILS = (
    "", "", "", "", "", "", "希望尽快安排。", "白天家里没人，请提前打电话。", "已电话回访确认需求。",
    "上次反映过一次，还没解决。",
)
_ELDER_TAILS = ("老人腿脚不便，希望上门服务。", "老人耳背，请找家属联系。")
# Topics whose wording speaks of an old person, or of a child's guardian.
_ELDER_TOPICS = frozenset(
    {"elder_care", "companionship", "medical_escort", "haircut", "rehab", "digital_skills",
     "micro_wish", "errand_guidance"}
)
_GUARDIAN_TOPICS = frozenset({"tutoring", "child_care", "parenting"})
_WORKING_AGE_TOPICS = frozenset({"job_skills"})
_CHANNEL_WEIGHTS: dict[Channel, float] = {
    Channel.NEEDS_DESK: 25, Channel.HOME_VISIT: 25, Channel.GRID_REPORT: 17, Channel.HOTLINE: 12,
    Channel.MICRO_WISH: 6, Channel.MENU_ORDER: 9, Channel.OTHER: 6,
}
_CATEGORY_WEIGHTS: dict[str, float] = {
    "CARE": 20, "CONVENIENCE": 20, "HEALTH": 15, "EDU_SKILLS": 12, "POLICY": 10,
    "LEGAL_SAFETY": 8, "CULTURE_SPORTS": 7, "ENV_CIVILITY": 6, "OTHER": 2,
}
_NORMAL, _URGENT, _VERY_URGENT = Urgency.NORMAL.value, Urgency.URGENT.value, Urgency.VERY_URGENT.value

_RESULTS: dict[str, tuple[str, ...]] = {
    "POLICY": ("志愿者上门讲解了相关政策，并帮助准备了申请材料", "已协助群众在手机上办理完成",
               "已联系镇便民服务中心代办完成"),
    "CULTURE_SPORTS": ("已安排文艺志愿者在村文化广场演出，群众反响热烈", "已协调县文化馆放映队进村放映",
                       "已安排志愿者每周两次到村教学"),
    "EDU_SKILLS": ("已组织专题培训，村民积极参加", "农技志愿者已到田间现场指导", "志愿者每周二、四下午开展辅导"),
    "HEALTH": ("县医院医疗志愿者已进村义诊", "已安排志愿者陪同就医，检查结果正常",
               "心理咨询志愿者已上门疏导，情绪明显好转"),
    "LEGAL_SAFETY": ("法律服务志愿者已上门解答，给出了书面建议", "经调解双方达成一致，签订了调解协议",
                     "已更换老化线路，消除了隐患"),
    "CARE": ("志愿者已上门服务，并约定每周探访一次", "微心愿已由爱心人士认领并送到老人手中",
             "已对接镇民政办，落实了临时救助"),
    "CONVENIENCE": ("志愿者已上门维修，恢复正常使用", "已在文明实践集市统一提供服务", "已代办完成，票据交给本人"),
    "ENV_CIVILITY": ("已组织环境卫生志愿者清理完毕", "红白理事会成员已上门指导，事宜从简办理",
                     "已开展劝导，现场已整改"),
    "OTHER": ("已转交相关部门处理，并向群众反馈了结果",),
}
_REJECT_REASONS = (
    "不属于文明实践志愿服务范围，已告知村民向镇政府相关部门反映",
    "属于供电所职责范围，已告知村民拨打 95598",
    "需求信息不全，多次联系不上本人",
    "属于个人经营行为，不予受理",
    "与本村已办理的需求重复",
)
_EVALUATIONS = tuple(Evaluation)
_EVALUATION_WEIGHTS = (45, 38, 12, 4, 1)
_EVALUATION_NOTES: dict[Evaluation, tuple[str, ...]] = {
    Evaluation.VERY_SATISFIED: ("服务及时，非常满意", "志愿者态度好，干活细致", "感谢党和政府", ""),
    Evaluation.SATISFIED: ("问题解决了", "挺好", ""),
    Evaluation.BASICALLY_SATISFIED: ("等的时间有点长", "基本解决了", ""),
    Evaluation.DISSATISFIED: ("问题没有彻底解决", "等了太久"),
    Evaluation.VERY_DISSATISFIED: ("没人来处理",),
}
_STEP_NOTES: dict[DemandStatus, str] = {
    S.TRIAGED: "已受理",
    S.LISTED: "列入需求清单",
    S.ESCALATED: "村级无法办理，上报镇实践所",
    S.IN_PROGRESS: "志愿者开始办理",
    S.CLOSED: "回访完毕，办结归档",
    S.CANCELLED: "村民表示问题已自行解决，撤回需求",
}

# Status mix by the age of a demand (days): young demands are still open, old ones closed.
_STATUS_MIX: tuple[tuple[float, dict[DemandStatus, float]], ...] = (
    (3, {S.SUBMITTED: 40, S.TRIAGED: 20, S.LISTED: 10, S.DISPATCHED: 10, S.CLAIMED: 6,
         S.IN_PROGRESS: 4, S.CANCELLED: 3, S.REJECTED: 3, S.MERGED: 2, S.ESCALATED: 2}),
    (30, {S.SUBMITTED: 4, S.TRIAGED: 5, S.LISTED: 6, S.DISPATCHED: 8, S.CLAIMED: 6,
          S.IN_PROGRESS: 12, S.RESOLVED: 18, S.FEEDBACK_GIVEN: 18, S.CLOSED: 12, S.REJECTED: 4,
          S.MERGED: 2, S.ESCALATED: 3, S.CANCELLED: 2}),
    (float("inf"), {S.SUBMITTED: 0.3, S.TRIAGED: 0.3, S.LISTED: 0.4, S.DISPATCHED: 0.6,
                    S.CLAIMED: 0.4, S.IN_PROGRESS: 1.2, S.RESOLVED: 5, S.FEEDBACK_GIVEN: 16,
                    S.CLOSED: 62, S.REJECTED: 6, S.MERGED: 3, S.ESCALATED: 1, S.CANCELLED: 3}),
)

_EVENT_KIND_TEXT: dict[DemandStatus, str] = dict(EVENT_KINDS)
_STATUS_TEXT: dict[DemandStatus, str] = {s: s.value for s in DemandStatus}
_EVENT_ACTOR: dict[DemandStatus, str] = {
    s: (Actor.VILLAGE if s in _VILLAGE_STEPS else Actor.COUNTY).value for s in DemandStatus
}
_EVALUATION_CUM = _cumulative(_EVALUATION_WEIGHTS)

# Hours from the previous step to this one (RESOLVED depends on the due date, see demand_batch).
_STEP_HOURS: dict[DemandStatus, tuple[float, float]] = {
    S.TRIAGED: (0.5, 30), S.REJECTED: (1, 48), S.MERGED: (1, 48), S.CANCELLED: (1, 48),
    S.ESCALATED: (4, 72), S.LISTED: (0.2, 12), S.DISPATCHED: (1, 36), S.CLAIMED: (0.5, 24),
    S.IN_PROGRESS: (2, 72), S.FEEDBACK_GIVEN: (2, 120), S.CLOSED: (24, 240),
}


def _build_paths() -> dict[DemandStatus, tuple[list[tuple[DemandStatus, ...]], list[float]]]:
    """For each status, the ways a demand can have reached it after being filed (each a legal
    sequence of moves of the status machine), with their relative frequencies."""
    ways: dict[DemandStatus, list[tuple[tuple[DemandStatus, ...], float]]] = {
        S.SUBMITTED: [((), 1)],
        S.CANCELLED: [((S.CANCELLED,), 1)],
        S.TRIAGED: [((S.TRIAGED,), 1)],
        S.REJECTED: [((S.REJECTED,), 4), ((S.TRIAGED, S.REJECTED), 6)],
        S.MERGED: [((S.MERGED,), 4), ((S.TRIAGED, S.MERGED), 6)],
        S.ESCALATED: [
            ((S.ESCALATED,), 2), ((S.TRIAGED, S.ESCALATED), 5),
            ((S.TRIAGED, S.LISTED, S.ESCALATED), 2),
            ((S.TRIAGED, S.LISTED, S.DISPATCHED, S.ESCALATED), 1),
        ],
    }
    listed = [((S.TRIAGED, S.LISTED), 94.0), ((S.TRIAGED, S.ESCALATED, S.LISTED), 6.0)]
    ways[S.LISTED] = listed
    ways[S.DISPATCHED] = [((*p, S.DISPATCHED), w) for p, w in listed]
    ways[S.CLAIMED] = [
        (p + tail, w * tw) for p, w in listed
        for tail, tw in (((S.DISPATCHED, S.CLAIMED), 6), ((S.CLAIMED,), 4))
    ]
    working = [
        ((*p, *tail, S.IN_PROGRESS), w * tw) for p, w in listed
        for tail, tw in (((S.DISPATCHED,), 3), ((S.CLAIMED,), 2), ((S.DISPATCHED, S.CLAIMED), 1))
    ]
    ways[S.IN_PROGRESS] = working
    ways[S.RESOLVED] = [((*p, S.RESOLVED), w) for p, w in working]
    ways[S.FEEDBACK_GIVEN] = [((*p, S.RESOLVED, S.FEEDBACK_GIVEN), w) for p, w in working]
    ways[S.CLOSED] = [((*p, S.RESOLVED, S.FEEDBACK_GIVEN, S.CLOSED), w) for p, w in working]
    return {s: ([p for p, _ in w], _cumulative([x for _, x in w])) for s, w in ways.items()}


_PATHS = _build_paths()

# What a step does to the demand row besides its timeline event (see demand_batch).
_PLAIN, _DISPATCH, _CLAIM, _RESOLVE, _EVALUATE, _REJECT, _MERGE = range(7)
_SPECIAL: dict[DemandStatus, int] = {
    S.DISPATCHED: _DISPATCH, S.CLAIMED: _CLAIM, S.RESOLVED: _RESOLVE,
    S.FEEDBACK_GIVEN: _EVALUATE, S.REJECTED: _REJECT, S.MERGED: _MERGE,
}


@dataclass(frozen=True)
class _Plan:
    """One way to a status, ready for the generator's inner loop: per step (event kind, actor,
    default note, special, may move to the morning), its delay range in hours (low, span),
    and where the RESOLVED step is (its range depends on the due date), or -1."""

    steps: tuple[tuple[str, str, str, int, bool], ...]
    ranges: tuple[tuple[float, float], ...]
    resolved: int


def _build_plans() -> dict[DemandStatus, tuple[list[_Plan], list[float]]]:
    plans: dict[DemandStatus, tuple[list[_Plan], list[float]]] = {}
    for status, (paths, cum) in _PATHS.items():
        built: list[_Plan] = []
        for path in paths:
            steps: list[tuple[str, str, str, int, bool]] = []
            ranges: list[tuple[float, float]] = []
            previous = S.SUBMITTED
            for step in path:
                if step is S.LISTED and previous is S.ESCALATED:
                    low, high = 12.0, 72.0
                else:
                    low, high = _STEP_HOURS.get(step, (0.0, 0.0))
                ranges.append((low, high - low))
                steps.append((
                    _EVENT_KIND_TEXT[step], _EVENT_ACTOR[step], _STEP_NOTES.get(step, ""),
                    _SPECIAL.get(step, _PLAIN), step is not S.FEEDBACK_GIVEN,
                ))
                previous = step
            resolved = path.index(S.RESOLVED) if S.RESOLVED in path else -1
            built.append(_Plan(tuple(steps), tuple(ranges), resolved))
        plans[status] = (built, cum)
    return plans


_PLANS = _build_plans()

# --------------------------------------------------------------------------------------------
# Teams, menu and activities
# --------------------------------------------------------------------------------------------

# (name, level, parent name, categories it serves, skills of its volunteers)
_TEAMS: tuple[tuple[str, str, str | None, tuple[str, ...], str], ...] = (
    (f"{COUNTY}新时代文明实践志愿服务总队", "COUNTY", None, ("OTHER",), ""),
    (f"{COUNTY}理论宣讲志愿服务队", "COUNTY", f"{COUNTY}新时代文明实践志愿服务总队",
     ("POLICY",), ""),
    (f"{COUNTY}医疗卫生志愿服务队", "COUNTY", f"{COUNTY}新时代文明实践志愿服务总队",
     ("HEALTH",), ""),
    (f"{COUNTY}法律服务志愿服务队", "COUNTY", f"{COUNTY}新时代文明实践志愿服务总队",
     ("LEGAL_SAFETY",), ""),
    (f"{COUNTY}科技科普志愿服务队", "COUNTY", f"{COUNTY}新时代文明实践志愿服务总队",
     ("EDU_SKILLS",), ""),
    (f"{TOWNSHIP}新时代文明实践志愿服务分队", "TOWNSHIP", f"{COUNTY}新时代文明实践志愿服务总队",
     ("CARE", "CONVENIENCE", "OTHER", "POLICY"), ""),
    (f"{VILLAGE}理论宣讲小队", "VILLAGE", f"{TOWNSHIP}新时代文明实践志愿服务分队",
     ("POLICY",), "理论宣讲、政策解读"),
    (f"{VILLAGE}文艺小队", "VILLAGE", f"{TOWNSHIP}新时代文明实践志愿服务分队",
     ("CULTURE_SPORTS",), "二人转、秧歌、广场舞"),
    (f"{VILLAGE}关爱帮扶小队", "VILLAGE", f"{TOWNSHIP}新时代文明实践志愿服务分队",
     ("CARE", "HEALTH"), "助老助残、陪诊、心理陪伴"),
    (f"{VILLAGE}便民服务小队", "VILLAGE", f"{TOWNSHIP}新时代文明实践志愿服务分队",
     ("CONVENIENCE", "EDU_SKILLS"), "理发、家电维修、磨刀、代办"),
    (f"{VILLAGE}环境卫生小队", "VILLAGE", f"{TOWNSHIP}新时代文明实践志愿服务分队",
     ("ENV_CIVILITY", "LEGAL_SAFETY"), "环境整治、文明劝导、安全巡查"),
)

# (title, category, topic, provider team name)
_MENU: tuple[tuple[str, str, str, str], ...] = (
    ("上门理发（每月一次）", "CONVENIENCE", "haircut", f"{VILLAGE}便民服务小队"),
    ("家电义务维修", "CONVENIENCE", "repair", f"{VILLAGE}便民服务小队"),
    ("义诊：测血压血糖", "HEALTH", "clinic", f"{COUNTY}医疗卫生志愿服务队"),
    ("陪诊助医", "HEALTH", "medical_escort", f"{VILLAGE}关爱帮扶小队"),
    ("法律咨询", "LEGAL_SAFETY", "legal_aid", f"{COUNTY}法律服务志愿服务队"),
    ("智能手机使用培训", "EDU_SKILLS", "digital_skills", f"{COUNTY}科技科普志愿服务队"),
    ("露天电影放映", "CULTURE_SPORTS", "film", f"{VILLAGE}文艺小队"),
    ("理论政策宣讲进村", "POLICY", "theory_request", f"{COUNTY}理论宣讲志愿服务队"),
    ("助老助餐助洁", "CARE", "elder_care", f"{VILLAGE}关爱帮扶小队"),
)

_ACTIVITY_TEXT: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # type code: (titles, summary sentences)
    "THEORY_LECTURE": (
        ("“炕头学堂”理论宣讲：学习贯彻党的二十大精神", "“田埂宣讲”：乡村振兴战略解读",
         "理论宣讲进农家：学习“千万工程”经验"),
        ("宣讲员用群众听得懂的话讲理论、讲政策，现场答疑解惑。", "老党员结合村里变化谈体会，气氛热烈。"),
    ),
    "POLICY_BRIEFING": (
        ("城乡居民医保参保政策宣讲会", "耕地保护政策宣传", "惠农补贴政策解读会", "防返贫监测政策宣讲"),
        ("现场发放政策明白纸，逐条解答群众疑问。", "工作人员结合具体案例讲解申请流程。"),
    ),
    "ARTS_CULTURE": (
        ("“欢乐田野”文艺演出进村", "文化下乡惠民演出", "二人转惠民专场", "乡村大舞台·村晚"),
        ("节目由村文艺队和县文化馆共同编排，群众拍手叫好。", "演出穿插移风易俗、反诈小品，寓教于乐。"),
    ),
    "FESTIVAL": ((), ("邻里欢聚一堂，弘扬传统文化。", "志愿者为独居老人送去节日问候。")),
    "SPORTS_FITNESS": (
        ("广场舞教学培训", "全民健身日趣味运动会", "农民篮球友谊赛", "冬季冰雪运动体验"),
        ("村民踊跃参与，强身健体。", "志愿者现场示范教学，老少同乐。"),
    ),
    "CUSTOM_REFORM": (
        ("移风易俗宣传：婚事新办、丧事简办", "红白理事会座谈会", "抵制高价彩礼倡议活动"),
        ("红白理事会成员宣读倡议书，村民签名承诺。", "结合村规民约讲解简办标准。"),
    ),
    "CIVILITY_EDUCATION": (
        ("文明礼仪进万家", "“好家风好家训”分享会", "文明餐桌·光盘行动宣传"),
        ("村民分享自家家训故事，传承好家风。", "志愿者发放宣传单，倡导文明新风。"),
    ),
    "ROLE_MODEL": (
        ("“最美家庭”评选表彰", "“好婆婆好媳妇”评选表彰", "星级文明户挂牌仪式"),
        ("为获评家庭颁发证书和奖品，树立身边榜样。", "典型代表讲述自己的故事，感染身边人。"),
    ),
    "HARDSHIP_AID": (
        ("走访慰问困难群众", "为独居老人送温暖", "关爱留守儿童“微心愿”认领"),
        ("志愿者入户送去米面油等慰问品。", "逐户了解生活困难，登记需求。"),
    ),
    "NEIGHBOR_AID": (
        ("邻里互助秋收帮扶", "帮独居老人清扫积雪", "邻里互助包饺子"),
        ("志愿者帮劳力不足的农户抢收玉米。", "邻里互帮互助，其乐融融。"),
    ),
    "SKILLS_TRAINING": (
        ("电商直播带货技能培训班", "玉米高产栽培技术培训", "家政服务技能培训", "智能手机使用培训"),
        ("培训老师现场演示、手把手教学。", "学员反映内容实用，希望多办几期。"),
    ),
    "SCIENCE_HEALTH": (
        ("义诊进村：测血压测血糖", "老年人防跌倒健康讲座", "科普大篷车进村", "冬季防煤气中毒科普"),
        ("医生和科普志愿者现场讲解、答疑，发放宣传资料。", "村民边听边问，现场气氛活跃。"),
    ),
    "LEGAL_SAFETY": (
        ("反电信网络诈骗宣传", "民法典进农家", "冬季防火安全宣传", "防溺水安全教育"),
        ("民警和律师结合真实案例讲解，现场答疑。", "志愿者入户张贴安全提示，发放宣传资料。"),
    ),
    "ENVIRONMENT": (
        ("人居环境整治志愿服务", "清理村屯边沟垃圾", "植树造林志愿活动", "垃圾分类宣传"),
        ("志愿者清理垃圾杂物，村容村貌焕然一新。", "村民自发加入，共建美丽乡村。"),
    ),
    "CONVENIENCE_FAIR": (
        ("文明实践集市：义剪、磨刀、家电维修", "便民服务大集", "新春便民服务集市"),
        ("理发、磨刀、维修、义诊摊位前排起长队。", "志愿者为群众提供多项便民服务。"),
    ),
    "OTHER": (("志愿服务工作座谈会", "志愿者培训会"), ("总结经验，部署下一阶段志愿服务。",)),
}
_FESTIVALS_BY_MONTH: dict[int, tuple[str, ...]] = {
    1: ("我们的节日·春节：写春联送福字",), 2: ("我们的节日·元宵：猜灯谜闹元宵",),
    3: ("学雷锋志愿服务月活动",), 4: ("我们的节日·清明：缅怀革命先烈",),
    5: ("我们的节日·端午：包粽子话传统",), 6: ("我们的节日·端午：包粽子话传统",),
    7: ("庆祝党的生日主题活动",), 8: ("我们的节日·七夕：婚俗新风倡议",),
    9: ("我们的节日·中秋：邻里共赏月",), 10: ("我们的节日·重阳：敬老饺子宴",),
    11: ("冬至包饺子送温暖",), 12: ("元旦迎新联欢会",),
}
_ACTIVITY_TYPE_WEIGHTS: dict[str, float] = {
    "THEORY_LECTURE": 10, "POLICY_BRIEFING": 10, "ARTS_CULTURE": 8, "FESTIVAL": 10,
    "SPORTS_FITNESS": 6, "CUSTOM_REFORM": 6, "CIVILITY_EDUCATION": 5, "ROLE_MODEL": 3,
    "HARDSHIP_AID": 9, "NEIGHBOR_AID": 5, "SKILLS_TRAINING": 7, "SCIENCE_HEALTH": 9,
    "LEGAL_SAFETY": 7, "ENVIRONMENT": 7, "CONVENIENCE_FAIR": 8, "OTHER": 1,
}
_ACTIVITY_CATEGORIES: dict[str, tuple[str, ...]] = {
    "THEORY_LECTURE": ("POLICY",), "POLICY_BRIEFING": ("POLICY",),
    "ARTS_CULTURE": ("CULTURE_SPORTS",), "FESTIVAL": ("CULTURE_SPORTS",),
    "SPORTS_FITNESS": ("CULTURE_SPORTS",), "CUSTOM_REFORM": ("ENV_CIVILITY",),
    "CIVILITY_EDUCATION": ("ENV_CIVILITY",), "ROLE_MODEL": ("ENV_CIVILITY",),
    "HARDSHIP_AID": ("CARE",), "NEIGHBOR_AID": ("CARE",), "SKILLS_TRAINING": ("EDU_SKILLS",),
    "SCIENCE_HEALTH": ("HEALTH", "EDU_SKILLS"), "LEGAL_SAFETY": ("LEGAL_SAFETY",),
    "ENVIRONMENT": ("ENV_CIVILITY",), "CONVENIENCE_FAIR": ("CONVENIENCE", "HEALTH"),
    "OTHER": ("OTHER",),
}
_WINTER_WORDS = ("冬季", "积雪", "新春", "冰雪")


def _in_season(title: str, month: int) -> bool:
    """Winter activities (snow, Spring Festival) only from November to March."""
    return month in (11, 12, 1, 2, 3) or not any(word in title for word in _WINTER_WORDS)


_PLACES = (
    f"{VILLAGE}新时代文明实践站", "村文化广场", "村委会二楼会议室", "农家书屋", "村卫生室",
    "村小学操场", "{grp}活动室", "{grp}田间地头",
)
_REDEEM_ITEMS = (
    ("洗衣粉 1 袋", 20), ("食用油 1 桶", 80), ("大米 10 斤", 60), ("毛巾 2 条", 15),
    ("洗洁精 1 瓶", 10), ("挂面 2 把", 12), ("酱油 1 瓶", 10), ("牙膏 2 支", 15),
)
_ENTERED_BY = ("陈丽华", "王海军", "刘春燕")


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------


def _utc(day: dt.date, minute_of_day: int) -> dt.datetime:
    """A Beijing wall-clock time of ``day`` as an aware UTC datetime."""
    local = dt.datetime.combine(day, dt.time(), CHINA_TZ) + dt.timedelta(minutes=minute_of_day)
    return local.astimezone(dt.UTC)


def _local_day(instant: dt.datetime) -> dt.date:
    return instant.astimezone(CHINA_TZ).date()


_ID_RANDOM = random.SystemRandom().getrandbits(64)
_id_bits = random.Random(_ID_RANDOM).getrandbits


_VARIANT = {digit: "89ab"[int(digit, 16) & 3] for digit in "0123456789abcdef"}
_ID_CHUNK = 4096
_id_buffer: list[str] = []


def _new_id() -> str:
    """A UUIDv7 string like :func:`desktop.models.base.new_uuid`, made about three times faster
    in chunks that share their millisecond (the buffer is emptied when a run starts, so an id
    never carries a stale time). Ids come from their own unseeded generator and never disturb
    the seeded content."""
    if not _id_buffer:
        millis = f"{time.time_ns() // 1_000_000:012x}"
        prefix = f"{millis[:8]}-{millis[8:]}-7"
        h = f"{_id_bits(80 * _ID_CHUNK):0{20 * _ID_CHUNK}x}"
        variant = _VARIANT
        _id_buffer.extend(
            f"{prefix}{h[i : i + 3]}-{variant[h[i + 3]]}{h[i + 4 : i + 7]}-{h[i + 8 : i + 20]}"
            for i in range(0, 20 * _ID_CHUNK, 20)
        )
    return _id_buffer.pop()


@contextmanager
def _transaction(db: Database) -> Iterator[Session]:
    """One batch. Foreign keys are checked at commit: grids name their leader while contacts
    name their grid, and rows are not inserted in the order they were made (see _Writer)."""
    with db.writing() as session:
        defer_foreign_keys(session)
        yield session


def _constant(value: Any) -> Callable[[], Any]:
    return lambda: value


def _naive_utc_text(value: dt.datetime) -> str:
    """How :class:`UtcDateTime` stores an instant in SQLite: naive UTC with microseconds."""
    if value.tzinfo is dt.UTC:
        return value.isoformat(" ", "microseconds")[:26]
    return value.astimezone(dt.UTC).replace(tzinfo=None).isoformat(" ", "microseconds")


class _Table:
    """The storage form of one entity's rows as the county sends them (``server_version`` 1).

    It gives the same stored values as ``WritePath.create_many(..., from_server=True)``: the
    Python-side column defaults, the derived pinyin columns and the search documents of
    :mod:`desktop.models.search`, and each value as SQLAlchemy stores it in SQLite. The write
    path's ORM bulk INSERT costs about 60 µs a row on a slow PC, too slow for 800,000 rows; a
    test compares the stored rows of both paths.
    """

    def __init__(self, entity: type[SyncedMixin]) -> None:
        table = Base.metadata.tables[entity.__tablename__]  # type: ignore[attr-defined]
        self.entity = entity
        self.name: str = table.name
        self.columns = list(table.columns)
        self.converters: list[Callable[[Any], Any] | None] = []
        self.defaults: dict[str, Callable[[], Any]] = {}
        for column in self.columns:
            kind = column.type
            if isinstance(kind, UtcDateTime):
                self.converters.append(_naive_utc_text)
            elif isinstance(kind, Date):
                self.converters.append(dt.date.isoformat)
            elif isinstance(kind, JSON):
                self.converters.append(json.dumps)
            elif isinstance(kind, Boolean):
                self.converters.append(int)
            else:
                self.converters.append(None)
            default = column.default
            if default is not None and default.is_scalar:
                self.defaults[column.key] = _constant(default.arg)  # type: ignore[attr-defined]
            elif default is not None and default.is_callable:
                self.defaults[column.key] = partial(default.arg, None)  # type: ignore[attr-defined]
        self.search_table = search.SEARCH_TABLES.get(entity)
        self.stage = _Stage(self.name, [c.name for c in self.columns])
        # Search entries in ascending rowid order: FTS5 writes a new segment whenever a rowid
        # is not above the previous one (see search._entries).
        self.fts_stage = (
            _Stage(self.search_table, ["rowid", *_FTS_COLUMNS], order_by="c0")
            if self.search_table
            else None
        )

    def prepare(self, rows: list[Row], stamps: dict[int, str] | None = None) -> _Prepared:
        """The rows in storage form, all but their search rowids (see :meth:`_Prepared.parts`),
        and their search documents. Needs no database, so it can run while a batch commits.

        ``stamps`` may hold the storage text of datetimes in ``rows``, keyed by ``id`` (valid
        while the rows keep the objects alive)."""
        entity = self.entity
        if self.search_table:
            for row in rows:
                search.fill_derived(entity, row)
        # Column by column: list comprehensions are much faster than a loop per value.
        columns: list[list[Any]] = []
        rowid_column = -1
        # A row's timestamps are often one object: convert it once (the rows keep the objects
        # alive, so an id cannot be reused meanwhile).
        texts: dict[int, str] = stamps if stamps is not None else {}
        for column, convert in zip(self.columns, self.converters, strict=True):
            key = column.key
            default = self.defaults.get(key)
            if key == "search_rowid":
                rowid_column = len(columns)
                columns.append([])
                continue
            if key == "server_version":
                for row in rows:
                    row[key] = 1
            elif default is not None:
                for row in [r for r in rows if key not in r]:
                    row[key] = default()
            values = [row.get(key) for row in rows]
            if convert is _naive_utc_text:
                values = [
                    None if v is None else texts.get(id(v)) or texts.setdefault(id(v), convert(v))
                    for v in values
                ]
            elif convert is not None:
                values = [None if v is None else convert(v) for v in values]
            columns.append(values)
        docs: list[tuple[str, ...]] = []
        if self.search_table:
            document = search.DOCUMENTS[entity]
            for row in rows:
                doc = document(row)
                docs.append(tuple(doc[c] for c in _FTS_COLUMNS))
        return _Prepared(self, rows, columns, rowid_column, docs)


@dataclass
class _Prepared:
    table: _Table
    rows: list[Row]
    columns: list[list[Any]]
    rowid_column: int
    docs: list[tuple[str, ...]]

    def parts(self, session: Session) -> list[tuple[_Stage, list[tuple[Any, ...]]]]:
        """Parameters for the staging tables, once the search rowids are assigned (that reads
        the database, so it happens inside the batch's transaction)."""
        table = self.table
        if self.rowid_column < 0 or table.fts_stage is None:
            return [(table.stage, list(zip(*self.columns, strict=True)))]
        if table.entity is Demand:
            _assign_demand_rowids(session, self.rows)
        else:
            search.assign_search_rowids(session.connection(), table.entity, self.rows)  # type: ignore[arg-type]
        rowids = [row["search_rowid"] for row in self.rows]
        self.columns[self.rowid_column] = rowids
        docs = [(rowid, *doc) for rowid, doc in zip(rowids, self.docs, strict=True)]
        return [(table.stage, list(zip(*self.columns, strict=True))), (table.fts_stage, docs)]


_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def _assign_demand_rowids(session: Session, rows: list[Row]) -> None:
    """Demand search rowids by the rule of :func:`search.assign_search_rowids` (registration
    instant in microseconds, bumped past taken values), reading the taken values of a whole
    batch in one query: that function reads them in 4096-µs windows, which is one query per
    demand when demands are seconds apart (a test checks both give the same rowids)."""
    keys = [(row["registered_at"] - _EPOCH) // dt.timedelta(microseconds=1) for row in rows]
    if not keys:
        return
    loaded_below = max(keys) + len(keys) + 1
    conn = session.connection()

    def load(low: int, high: int) -> set[int]:
        query = select(Demand.search_rowid).where(
            Demand.search_rowid >= low, Demand.search_rowid < high
        )
        return set(conn.execute(query).scalars())

    taken = load(min(keys), loaded_below)
    for row, key in zip(rows, keys, strict=True):
        while True:
            if key >= loaded_below:
                taken |= load(loaded_below, key + 4096)
                loaded_below = key + 4096
            if key not in taken:
                break
            key += 1
        taken.add(key)
        row["search_rowid"] = key


class _Stage:
    """A TEMP table that rows are loaded into, then copied to their table in one statement.

    Copying with one ``INSERT … SELECT`` is faster than inserting row by row into a table with
    many indexes, and the copy runs in SQLite without holding Python's GIL, so the next batch
    can be generated meanwhile.
    """

    def __init__(
        self,
        target: str,
        columns: Sequence[str],
        values: Sequence[str] | None = None,
        *,
        order_by: str | None = None,
    ) -> None:
        """``values`` are SQL expressions over the staged ``c0``, ``c1`` … for ``columns``
        (default: one staged column per column); ``order_by`` orders the copy."""
        if values is None:
            values = [f"c{i}" for i in range(len(columns))]
        staged = sorted({int(m) for v in values for m in re.findall(r"\bc(\d+)\b", v)})
        names = ", ".join(f"c{i}" for i in staged)
        temp = f"temp.demo_stage_{target}"
        self.create_sql = f"CREATE TEMP TABLE IF NOT EXISTS demo_stage_{target} ({names})"
        self.load_sql = f"INSERT INTO {temp} VALUES ({', '.join('?' for _ in staged)})"
        self.copy_sql = (
            f"INSERT INTO main.{target} ({', '.join(columns)}) "
            f"SELECT {', '.join(values)} FROM {temp}"
            + (f" ORDER BY {order_by}" if order_by else "")
        )
        self.clear_sql = f"DELETE FROM {temp}"
        self.drop_sql = f"DROP TABLE IF EXISTS {temp}"

    def load(self, session: Session, params: list[tuple[Any, ...]]) -> None:
        conn = session.connection()
        conn.exec_driver_sql(self.create_sql)
        if params:
            conn.exec_driver_sql(self.load_sql, params)

    def copy(self, session: Session) -> None:
        conn = session.connection()
        conn.exec_driver_sql(self.copy_sql)
        conn.exec_driver_sql(self.clear_sql)


_FTS_COLUMNS = ("uni", "bi", "py", "ph")
# A county event is staged as (id, demand id, kind, actor, occurred at, note); its
# bookkeeping columns are filled in by the copy.
_EVENT_STAGE = _Stage(
    "demand_event",
    ["id", "demand_id", "kind", "actor", "occurred_at", "note", "created_at", "updated_at",
     "server_version"],
    ["c0", "c1", "c2", "c3", "c4", "c5", "c4", "c4", "1"],
)
_FAST_ENTITIES: tuple[type[SyncedMixin], ...] = (Contact, Demand)
_tables: dict[type[SyncedMixin], _Table] = {}


def _table(entity: type[SyncedMixin]) -> _Table:
    table = _tables.get(entity)
    if table is None:
        table = _tables[entity] = _Table(entity)
    return table


def _all_stages() -> list[_Stage]:
    stages = [_EVENT_STAGE]
    for entity in _FAST_ENTITIES:
        table = _table(entity)
        stages.append(table.stage)
        if table.fts_stage is not None:
            stages.append(table.fts_stage)
    return stages


class _Writer:
    """Writes generated rows: the village's through the write path (one outbox op each), the
    county's big tables through :class:`_Table` and :class:`_Stage`."""

    def __init__(self, session: Session, from_server: bool) -> None:
        self.session = session
        self.writes = WritePath(session)
        self.from_server = from_server

    def add(self, entity: type[SyncedMixin], rows: list[Row]) -> None:
        if not rows:
            return
        if self.from_server and entity in _FAST_ENTITIES:
            for stage, params in _table(entity).prepare(rows).parts(self.session):
                stage.load(self.session, params)
                stage.copy(self.session)
            return
        self.writes.create_many(entity, rows, from_server=self.from_server)

    def add_events(self, events: list[_Event]) -> None:
        if self.from_server:
            _EVENT_STAGE.load(self.session, events)
            _EVENT_STAGE.copy(self.session)
            return
        self.add(DemandEvent, [
            {"id": i, "demand_id": d, "kind": k, "actor": a, "occurred_at": w, "note": n,
             "created_at": w, "updated_at": w}
            for i, d, k, a, w, n in events
        ])


_Parts = list[tuple[_Stage, list[tuple[Any, ...]]]]


class _Pipeline:
    """Commits batches in a second thread while the main thread makes the next one.

    For each batch the main thread opens the transaction and runs ``build`` in it (small
    writes, loading the staging tables); the worker copies the staged rows into their tables
    and commits. Only one batch is in flight and the main thread touches the database only
    after :meth:`wait`, so the session is never used by two threads at once.
    """

    def __init__(self, db: Database) -> None:
        self.db = db
        self.thread: threading.Thread | None = None
        self.error: BaseException | None = None
        self.in_flight: tuple[str, int] | None = None

    def submit(self, build: Callable[[Session], _Parts], label: str, count: int) -> None:
        """Run ``build(session)`` in a new transaction, then copy what it staged and commit
        in the worker. ``label`` and ``count`` come back from :meth:`wait` once committed."""
        if self.thread is not None:
            raise RuntimeError("wait() for the batch in flight first")
        transaction = _transaction(self.db)
        session = transaction.__enter__()
        try:
            parts = build(session)
            for stage, params in parts:
                stage.load(session, params)
        except BaseException:
            if not transaction.__exit__(*sys.exc_info()):
                raise
        self.in_flight = (label, count)
        self.thread = threading.Thread(
            target=self._finish, args=(transaction, session, parts), name="demo-writer"
        )
        self.thread.start()

    def _finish(
        self, transaction: AbstractContextManager[Session], session: Session, parts: _Parts
    ) -> None:
        try:
            try:
                for stage, _params in parts:
                    stage.copy(session)
            except BaseException as error:
                transaction.__exit__(type(error), error, error.__traceback__)
                raise
            transaction.__exit__(None, None, None)
        except BaseException as error:  # handed to the main thread by wait()
            self.error = error

    def wait(self) -> tuple[str, int] | None:
        """Block until the batch in flight is committed and return its label and count (None
        if nothing was in flight); raise its error, if any."""
        if self.thread is not None:
            self.thread.join()
            self.thread = None
        done, self.in_flight = self.in_flight, None
        if self.error is not None:
            error, self.error = self.error, None
            raise error
        return done


@dataclass
class _Counts:
    demands: int = 0
    contacts: int = 0
    activities: int = 0
    volunteers: int = 0

    def summary(self) -> str:
        return (
            f"需求 {self.demands} 条、村民 {self.contacts} 人、"
            f"活动 {self.activities} 场、志愿者 {self.volunteers} 人"
        )


@dataclass
class _TeamRef:
    id: str
    name: str
    level: str
    categories: tuple[str, ...]
    skills: str


_DemandRef = tuple[dt.datetime, str, DemandStatus]
"""What activities need to know about a written demand: registered at, id, status."""


# --------------------------------------------------------------------------------------------
# The generator
# --------------------------------------------------------------------------------------------


class _Generator:
    def __init__(self, size: DemoSize, seed: int, unsynced: bool, now: dt.datetime) -> None:
        self.size = size
        self.rng = random.Random(seed)
        self.unsynced = unsynced
        self.now = now
        self.today = _local_day(now)
        self.counts = _Counts()
        self.station_id = ""
        self.grid_ids: list[str] = []
        self.new_grid_ids: list[str] = []
        self.people: list[_Person] = []
        self.teams: list[_TeamRef] = []
        self.menu: list[tuple[str, str, str]] = []
        self.volunteer_rows: list[Row] = []
        self.demand_refs: dict[str, list[_DemandRef]] = defaultdict(list)
        self.day_seq: dict[str, int] = {}
        self._surnames = [s for s, _ in SURNAMES]
        self._surname_cum = _cumulative([w for _, w in SURNAMES])
        self._name_pool: dict[tuple[str, str], list[str]] = {}

    # ---- setup -----------------------------------------------------------------------------

    def load_station(self, session: Session) -> Row | None:
        """Use the station the database already has, or return the row of a new one."""
        existing = session.scalar(
            select(Station).where(Station.deleted_at.is_(None)).order_by(Station.created_at)
        )
        if existing is not None:
            self.station_id = existing.id
            self.grid_ids = list(
                session.scalars(
                    select(Grid.id)
                    .where(Grid.station_id == existing.id, Grid.deleted_at.is_(None))
                    .order_by(Grid.sort_order)
                )
            )
            if not self.grid_ids:
                self.new_grid_ids = [_new_id() for _ in range(self.rng.randint(4, 8))]
                self.grid_ids = list(self.new_grid_ids)
            return None
        self.station_id = _new_id()
        self.new_grid_ids = [_new_id() for _ in range(self.rng.randint(4, 8))]
        self.grid_ids = list(self.new_grid_ids)
        created = self.now - dt.timedelta(days=HISTORY_DAYS + 60)
        return {
            "id": self.station_id, "name": STATION_NAME, "division_code": DIVISION_CODE,
            "township": TOWNSHIP, "county": COUNTY, "created_at": created, "updated_at": created,
        }

    def load_catalog(self, session: Session) -> None:
        version = active_catalog_version(session)
        self.catalog_version = version
        cats = list(
            session.scalars(
                select(DemandCategory)
                .where(DemandCategory.catalog_version == version)
                .order_by(DemandCategory.sort_order)
            )
        )
        topics = list(
            session.scalars(
                select(DemandTopic)
                .where(DemandTopic.catalog_version == version)
                .order_by(DemandTopic.sort_order)
            )
        )
        self.category_names = {c.code: c.name for c in cats}
        self.due_days = {c.code: c.default_due_days for c in cats}
        self.categories = [c.code for c in cats]
        self.category_cum = _cumulative([_CATEGORY_WEIGHTS.get(c, 3.0) for c in self.categories])
        self.topics: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for t in topics:
            self.topics[t.category_code].append((t.code, t.name))
        self.topic_names = {t.code: t.name for t in topics}
        self.activity_types = [
            (a.code, a.name, a.five_task_code)
            for a in session.scalars(
                select(ActivityType).where(ActivityType.active.is_(True)).order_by(
                    ActivityType.sort_order
                )
            )
        ]

    # ---- people ----------------------------------------------------------------------------

    def _given_name(self, gender: str, age: int) -> str:
        rng = self.rng
        if age >= 55:
            whole, first, second = (_OLD_M, "", "") if gender == "男" else (_OLD_F, "", "")
        elif age >= 25:
            whole = _MID_M if gender == "男" else _MID_F
            first, second = (_FIRST_M, _SECOND_M) if gender == "男" else (_FIRST_F, _SECOND_F)
        else:
            whole, first, second = (_YOUNG_M, "", "") if gender == "男" else (_YOUNG_F, "", "")
        if first and rng.random() < 0.45:
            return rng.choice(first) + rng.choice(second)
        return rng.choice(whole)

    def _surname(self) -> str:
        return self.rng.choices(self._surnames, cum_weights=self._surname_cum)[0]

    def _mobile(self) -> str:
        return self.rng.choice(_MOBILE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"

    def _landline(self) -> str:
        return f"{AREA_CODE}-8{self.rng.randrange(10**7):07d}"

    def _age(self) -> int:
        r = self.rng.random()
        if r < 0.07:
            return self.rng.randint(3, 13)
        if r < 0.25:
            return self.rng.randint(18, 39)
        if r < 0.60:
            return self.rng.randint(40, 59)
        if r < 0.93:
            return self.rng.randint(60, 79)
        return self.rng.randint(80, 94)

    def _id_number(self, gender: str, born: dt.date) -> str:
        seq = self.rng.randrange(0, 500) * 2 + (1 if gender == "男" else 0)
        body = f"{COUNTY_CODE}{born:%Y%m%d}{seq:03d}"
        # calc_check_digit reads the first 17 characters of a full-length number.
        return body + calc_check_digit(body + "0")

    def make_people(self, n: int) -> list[Row]:
        """Villagers household by household; returns the contact rows."""
        rng = self.rng
        rows: list[Row] = []
        house_no = [0] * GROUP_COUNT
        year = self.today.year
        grid_count = len(self.grid_ids)
        while len(rows) < n:
            group = rng.randrange(GROUP_COUNT)
            house_no[group] += 1 if rng.random() < 0.8 else 2
            address = f"{TOWNSHIP}{VILLAGE}{GROUP_SHORT[group]} {house_no[group]} 号"
            grid_index = group * grid_count // GROUP_COUNT if grid_count else -1
            grid_id = self.grid_ids[grid_index] if grid_count else None
            size = min(n - len(rows), rng.choices((1, 2, 3, 4, 5), (22, 40, 18, 14, 6))[0])
            surname = self._surname()
            head_age = self._age()
            while head_age < 25:
                head_age = self._age()
            head_gender = "男" if rng.random() < (0.45 if size == 1 else 0.8) else "女"
            members: list[tuple[str, str, int, str]] = [(surname, head_gender, head_age, "")]
            if size >= 2:
                spouse_age = max(20, head_age + rng.randint(-5, 3))
                spouse_gender = "女" if head_gender == "男" else "男"
                members.append((self._surname(), spouse_gender, spouse_age, ""))
            for _ in range(size - len(members)):
                kid_age = head_age - rng.randint(24, 32)
                if kid_age < 18 or (head_age >= 60 and rng.random() < 0.5):
                    kid_age = rng.randint(3, 13)
                members.append((surname, rng.choice("男女"), max(kid_age, 3), "child"))
            all_elderly = all(age >= 60 for _, _, age, _ in members)
            adults_phone: str | None = None
            for m_surname, gender, age, role in members:
                key = (m_surname, gender + ("o" if age >= 55 else "m" if age >= 25 else "y"))
                pool = self._name_pool.setdefault(key, [])
                if len(pool) < 40 or rng.random() < 0.25:
                    name = m_surname + self._given_name(gender, age)
                    pool.append(name)
                else:
                    name = rng.choice(pool)
                phone: str | None = None
                proxy: str | None = None
                relation: str | None = None
                r = rng.random()
                if age < 14:
                    proxy = adults_phone or self._mobile()
                    relation = {
                        (True, "男"): "爷爷", (True, "女"): "奶奶",
                        (False, "男"): "父亲", (False, "女"): "母亲",
                    }[(head_age >= 55, head_gender)]
                elif age >= 70 and r < 0.35:
                    proxy, relation = self._mobile(), rng.choice(_PROXY_RELATIONS_ELDER)
                elif r < 0.09:
                    phone = self._landline()
                elif r < 0.93:
                    phone = self._mobile()
                if phone and adults_phone is None:
                    adults_phone = phone
                tags: list[str] = []
                if age >= 60:
                    if size == 1 and rng.random() < 0.55:
                        tags.append("ELDERLY_LIVING_ALONE")
                    elif all_elderly and rng.random() < 0.12:
                        tags.append("LEFT_BEHIND_ELDERLY")
                if age < 14 and (head_age >= 55 or rng.random() < 0.3) and rng.random() < 0.6:
                    tags.append("LEFT_BEHIND_CHILD")
                if age >= 18 and rng.random() < 0.012:
                    tags.append("PERSON_WITH_DISABILITY")
                if role == "" and rng.random() < 0.012:
                    tags.append("DIBAO_HOUSEHOLD")
                born: dt.date | None = None
                id_number: str | None = None
                if (tags and rng.random() < 0.12) or rng.random() < 0.004:
                    born = dt.date(year - age, rng.randint(1, 12), rng.randint(1, 28))
                    id_number = self._id_number(gender, born)
                elif age < 14:
                    born = dt.date(year - age, rng.randint(1, 12), rng.randint(1, 28))
                person = _Person(
                    id=_new_id(), name=name, surname=m_surname, gender=gender, age=age,
                    phone=phone, proxy_phone=proxy, group=group, grid_index=grid_index,
                    address=address, tags=tags,
                )
                self.people.append(person)
                created = self.now - dt.timedelta(
                    days=rng.randint(HISTORY_DAYS, HISTORY_DAYS + 120), minutes=rng.randint(0, 600)
                )
                rows.append({
                    "id": person.id, "station_id": self.station_id, "name": name,
                    "gender": gender, "phone": phone, "proxy_phone": proxy,
                    "proxy_relation": relation, "group_name": GROUP_NAMES[group],
                    "grid_id": grid_id, "address": address, "tags": tags,
                    "id_number": id_number, "birth_date": born,
                    "consent_contact": phone is not None or proxy is not None,
                    "consent_sensitive": bool(tags), "guardian_consent": age < 14 and bool(tags),
                    "note": rng.choice(_NOTES) if rng.random() < 0.06 else "",
                    "created_at": created, "updated_at": created,
                })
        return rows

    def grid_rows(self) -> list[Row]:
        """The new grids (a new station's), each led by one of its villagers."""
        rows: list[Row] = []
        created = self.now - dt.timedelta(days=HISTORY_DAYS + 59)
        offset = len(self.grid_ids) - len(self.new_grid_ids)
        for i, grid_id in enumerate(self.new_grid_ids, start=offset):
            # Leaders come from the first batch, which is committed together with the grids.
            candidates = [
                p for p in self.people[:CONTACT_BATCH]
                if p.grid_index == i and 30 <= p.age <= 65 and p.phone and not p.tags
            ]
            leader = self.rng.choice(candidates).id if candidates else None
            rows.append({
                "id": grid_id, "station_id": self.station_id,
                "name": f"第{_cn_number(i + 1)}网格", "leader_contact_id": leader,
                "sort_order": i, "created_at": created, "updated_at": created,
            })
        return rows

    # ---- teams, volunteers, menu -------------------------------------------------------------

    def team_rows(self, session: Session) -> list[Row]:
        existing = list(
            session.scalars(
                select(Team).where(Team.deleted_at.is_(None)).order_by(Team.created_at)
            )
        )
        spec = {name: (cats, skills) for name, _, _, cats, skills in _TEAMS}
        if existing:
            for t in existing:
                cats, skills = spec.get(t.name, ((), ""))
                self.teams.append(_TeamRef(t.id, t.name, t.level, cats, skills))
            return []
        rows: list[Row] = []
        ids: dict[str, str] = {}
        created = self.now - dt.timedelta(days=HISTORY_DAYS + 50)
        for name, level, parent, cats, skills in _TEAMS:
            if self.unsynced and level != "VILLAGE":
                continue
            team_id = _new_id()
            ids[name] = team_id
            self.teams.append(_TeamRef(team_id, name, level, cats, skills))
            rows.append({
                "id": team_id, "name": name, "level": level,
                "parent_id": ids.get(parent) if parent else None,
                "owner": "VILLAGE" if level == "VILLAGE" else "COUNTY",
                "station_id": self.station_id if level == "VILLAGE" else None,
                "active": True, "created_at": created, "updated_at": created,
            })
        return rows

    def _teams_for(self, category: str, village_only: bool = False) -> list[_TeamRef]:
        pool = [t for t in self.teams if not village_only or t.level == "VILLAGE"]
        return [t for t in pool if category in t.categories] or pool

    def menu_rows(self, session: Session) -> list[Row]:
        if self.unsynced:
            return []
        existing = list(
            session.scalars(select(ServiceMenuItem).where(ServiceMenuItem.active.is_(True)))
        )
        if existing:
            self.menu = [(m.id, m.category_code, m.topic_code) for m in existing]
            return []
        rows: list[Row] = []
        created = self.now - dt.timedelta(days=HISTORY_DAYS + 40)
        for order, (title, cat, topic, provider) in enumerate(_MENU):
            if cat not in self.due_days or topic not in {c for c, _ in self.topics[cat]}:
                continue
            item_id = _new_id()
            self.menu.append((item_id, cat, topic))
            rows.append({
                "id": item_id, "title": title, "category_code": cat, "topic_code": topic,
                "description": f"由{provider}提供，村民可通过联络员点单。", "provider": provider,
                "active": True, "sort_order": order, "created_at": created, "updated_at": created,
            })
        return rows

    def volunteer_rows_make(self) -> list[Row]:
        rng = self.rng
        village_teams = [t for t in self.teams if t.level == "VILLAGE"] or self.teams
        adults = [p for p in self.people if 18 <= p.age <= 70 and p.phone]
        rng.shuffle(adults)
        rows: list[Row] = []
        for i in range(self.size.volunteers):
            person = adults.pop() if adults and rng.random() < 0.75 else None
            if person is not None:
                name, gender, phone = person.name, person.gender, person.phone
            else:
                gender = rng.choice("男女")
                name = self._surname() + self._given_name(gender, rng.randint(20, 60))
                phone = self._mobile()
            team = rng.choice(village_teams) if village_teams else None
            registered = self.today - dt.timedelta(days=rng.randint(60, HISTORY_DAYS + 400))
            keys = pinyin_keys(name)
            created = _utc(registered, 9 * 60 + rng.randint(0, 480))
            row: Row = {
                "id": _new_id(), "station_id": self.station_id,
                "contact_id": person.id if person else None,
                "team_id": team.id if team else None, "name": name, "gender": gender,
                "phone": phone, "volunteer_no": f"{COUNTY_CODE}{registered:%y}{i + 1:05d}",
                "skills": team.skills if team else "", "registered_on": registered,
                "active": rng.random() < 0.95, "pinyin_full": keys.spaced,
                "pinyin_initials": keys.initials, "created_at": created, "updated_at": created,
            }
            rows.append(row)
        self.volunteer_rows = rows
        return rows

    # ---- demands -----------------------------------------------------------------------------

    def read_numbers(self, session: Session) -> None:
        """The last 需求编号 sequence per day the database has handed out already."""
        counters = select(DemandNumberCounter.day, DemandNumberCounter.last_seq)
        for day, seq in session.execute(counters):
            self.day_seq[day] = max(self.day_seq.get(day, 0), seq)
        for day, top in session.execute(
            select(func.substr(Demand.number, 4, 8), func.max(Demand.number))
            .where(Demand.number.like("XQ-%"))
            .group_by(func.substr(Demand.number, 4, 8))
        ):
            try:
                seq = int(str(top).rsplit("-", 1)[1])
            except (IndexError, ValueError):
                continue
            self.day_seq[str(day)] = max(self.day_seq.get(str(day), 0), seq)

    def plan_demands(self) -> None:
        """Registration instants (sorted) and statuses of every demand, before any is written."""
        rng = self.rng
        n = self.size.demands
        base = dt.datetime.combine(self.today, dt.time(), CHINA_TZ)
        minutes: list[int] = []
        hour_cum = _cumulative(
            [0, 0, 0, 0, 0, 0, 1, 4, 12, 14, 13, 8, 4, 9, 12, 11, 8, 4, 2, 1, 1, 0, 0, 0]
        )
        for _ in range(n):
            days_back = 1 + int(HISTORY_DAYS * (1.0 - rng.random() ** 0.6))
            back = min(days_back, HISTORY_DAYS)
            hour = bisect.bisect_right(hour_cum, rng.random() * hour_cum[-1])
            minutes.append(-back * 1440 + hour * 60 + rng.randrange(60))
        minutes.sort()
        self.reg_minutes = minutes
        self.base = base
        statuses: list[DemandStatus] = []
        mixes = [(limit, list(mix), _cumulative(list(mix.values()))) for limit, mix in _STATUS_MIX]
        for m in minutes:
            age_days = -m / 1440
            if self.unsynced:
                statuses.append(S.SUBMITTED)
                continue
            for limit, keys, cum in mixes:
                if age_days < limit:
                    statuses.append(rng.choices(keys, cum_weights=cum)[0])
                    break
        if statuses and statuses[0] is S.MERGED:
            statuses[0] = S.REJECTED  # nothing earlier to merge into
        if not self.unsynced and n >= len(DemandStatus) - 1:
            # Every status but DRAFT (a form that was never filed) appears at least once.
            present = Counter(statuses)
            for status in DemandStatus:
                if status is S.DRAFT or present[status]:
                    continue
                while True:
                    i = rng.randrange(1, n)
                    if present[statuses[i]] > 1:
                        present[statuses[i]] -= 1
                        statuses[i] = status
                        present[status] += 1
                        break
        self.statuses = statuses
        people = [p for p in self.people if p.age >= 18]
        self.requesters = people
        self.requester_cum = _cumulative(
            [(3.0 if p.age >= 60 else 1.0) * (2.0 if p.tags else 1.0) for p in people]
        )
        elders = [p for p in people if p.age >= 60]
        guardians = [p for p in people if 30 <= p.age <= 75]
        working = [p for p in people if p.age <= 55]
        self.requester_pools: dict[str, tuple[list[_Person], list[float]]] = {}
        for pool, topics in (
            (elders, _ELDER_TOPICS), (guardians, _GUARDIAN_TOPICS), (working, _WORKING_AGE_TOPICS)
        ):
            if pool:
                cum = _cumulative([2.0 if p.tags else 1.0 for p in pool])
                self.requester_pools.update({topic: (pool, cum) for topic in topics})
        self.channels = list(_CHANNEL_WEIGHTS)
        self.channel_cum = _cumulative(list(_CHANNEL_WEIGHTS.values()))
        self.last_primary: dict[str, tuple[str, str]] = {}
        self.last_any: tuple[str, str] | None = None

    def _who(self, person: _Person | None) -> str:
        if person is None:
            return "村民"
        s, age, male = person.surname, person.age, person.gender == "男"
        if age >= 75:
            honour = s + ("爷爷" if male else "奶奶")
        elif age >= 60:
            honour = s + ("大爷" if male else "大娘")
        elif age >= 45:
            honour = s + ("大叔" if male else "大婶")
        elif age >= 30:
            honour = s + ("大哥" if male else "大姐")
        else:
            return f"{GROUP_SHORT[person.group]}村民{person.name}"
        for tag in person.tags:
            label = _TAG_DESCRIPTIONS.get(tag)
            if label and self.rng.random() < 0.6:
                return label + honour
        return honour

    def _texts(
        self, topic: str, topic_name: str, person: _Person | None, channel: Channel
    ) -> tuple[str, str]:
        rng = self.rng
        who = self._who(person)
        grp = GROUP_SHORT[person.group] if person else rng.choice(GROUP_SHORT)
        spec = _TOPIC_TEXT.get(topic)
        if spec is None:
            title = f"{who}需要{topic_name}方面的帮助"
            detail = f"希望得到{topic_name}方面的服务"
        else:
            titles, details, xs = spec
            x = rng.choice(xs)
            title = rng.choice(titles).format(who=who, x=x, grp=grp)
            detail = rng.choice(details).format(x=x, grp=grp)
        # Ledgers are terse: the channel and the requester have their own columns, so most
        # descriptions are just the detail, and a quick entry has the title only.
        if rng.random() < 0.3:
            return title, ""
        intro = ""
        if rng.random() < 0.25:
            intro = _CHANNEL_INTRO[channel].format(who=who if person else "一位村民")
        address = ""
        if person and rng.random() < 0.2:
            address = f"家住{person.address[len(TOWNSHIP + VILLAGE):]}。"
        tail = rng.choice(_DESCRIPTION_TAILS)
        if person and person.age >= 70 and rng.random() < 0.3:
            tail = rng.choice(_ELDER_TAILS)
        description = f"{intro}{detail}。{address}{tail}"
        return title, description

    def demand_batch(
        self, start: int, end: int
    ) -> tuple[list[Row], list[_Event], dict[str, int], dict[int, str]]:
        """Rows of demands ``start:end`` and of their timeline events, the day counters they
        moved, and the storage text of the instants they use (keyed by ``id``, see
        :meth:`_Table.prepare`)."""
        rng = self.rng
        random_ = rng.random
        randrange = rng.randrange
        choice = rng.choice
        bisect_right = bisect.bisect_right
        timedelta = dt.timedelta
        utc = dt.UTC
        county = not self.unsynced
        demands: list[Row] = []
        events: list[_Event] = []
        stamps: dict[int, str] = {}
        touched: dict[str, int] = {}
        base, now = self.base, self.now
        requesters, requester_cum = self.requesters, self.requester_cum
        requester_pools = self.requester_pools
        channels, channel_cum = self.channels, self.channel_cum
        categories, category_cum = self.categories, self.category_cum
        topics, topic_names, category_names = self.topics, self.topic_names, self.category_names
        grid_ids = self.grid_ids
        day_seq = self.day_seq
        team_choices = {c: self._teams_for(c) for c in categories}
        station_id, catalog_version = self.station_id, self.catalog_version
        demand_refs = self.demand_refs
        last_day: dt.date | None = None
        key = ""
        for i in range(start, end):
            local = base + timedelta(minutes=self.reg_minutes[i])
            local_day = local.date()
            registered = (local + timedelta(seconds=randrange(60))).astimezone(utc)
            if local_day != last_day:
                last_day, key = local_day, local_day.strftime("%Y%m%d")
            status = self.statuses[i]
            channel = channels[bisect_right(channel_cum, random_() * channel_cum[-1])]
            menu_item: str | None = None
            if channel is Channel.MENU_ORDER and self.menu:
                menu_item, category, topic = choice(self.menu)
            else:
                category = categories[bisect_right(category_cum, random_() * category_cum[-1])]
                topic = choice(topics[category])[0] if topics[category] else ""
            if topic == "micro_wish":
                channel = Channel.MICRO_WISH
            topic_name = topic_names.get(topic, category_names[category])
            person: _Person | None = None
            if requesters and random_() >= 0.05:
                pool, cum = requester_pools.get(topic, (requesters, requester_cum))
                person = pool[bisect_right(cum, random_() * cum[-1])]
            title, description = self._texts(topic, topic_name, person, channel)
            r = random_()
            due_days = self.due_days.get(category, 7)
            if r < 0.85:
                urgency = _NORMAL
            elif r < 0.97:
                urgency, due_days = _URGENT, max(1, due_days // 2)
            else:
                urgency, due_days = _VERY_URGENT, 1
            seq = day_seq.get(key, 0) + 1
            day_seq[key] = touched[key] = seq
            number = f"XQ-{key}-{seq:04d}"
            demand_id = _new_id()
            row: Row = {
                "id": demand_id, "number": number, "station_id": station_id,
                "requester_contact_id": person.id if person else None,
                "requester_name": person.name if person else "",
                "requester_phone": (person.phone or person.proxy_phone) if person else None,
                "anonymous": person is None, "entered_by": choice(_ENTERED_BY),
                "channel": channel.value, "category_code": category, "topic_code": topic,
                "catalog_version": catalog_version, "menu_item_id": menu_item,
                "title": title, "description": description, "urgency": urgency,
                "grid_id": grid_ids[person.grid_index] if person and person.grid_index >= 0 else None,
                "registered_at": registered,
                "due_date": local_day + timedelta(days=due_days),
                "status": "SUBMITTED", "assigned_team_id": None, "assigned_team_name": "",
                "dispatched_at": None, "claimed_at": None, "resolved_at": None, "result": "",
                "reject_reason": "", "merged_into_id": None, "evaluation": None,
                "evaluation_note": "", "evaluated_at": None,
                "created_at": registered, "updated_at": registered,
            }
            if status is S.MERGED and self.last_any is None:
                status = S.REJECTED
            stamp = registered.isoformat(" ", "microseconds")[:26]
            stamps[id(registered)] = stamp
            if not county:
                events.append(
                    (_new_id(), demand_id, "REGISTERED", "VILLAGE", registered, "")
                )
            else:
                events.append(
                    (_new_id(), demand_id, "REGISTERED", "VILLAGE", stamp, "")
                )
            plans, plan_cum = _PLANS[status]
            plan = plans[bisect_right(plan_cum, random_() * plan_cum[-1])]
            when = registered
            if plan.steps:
                # Step delays in hours, squeezed to fit before "now" for the youngest demands.
                delays = [low + span * random_() for low, span in plan.ranges]
                if plan.resolved >= 0:
                    high = max(12.0, due_days * (38.4 if random_() < 0.12 else 16.8))
                    delays[plan.resolved] = 6.0 + (high - 6.0) * random_()
                room = max(0.05, (now - registered).total_seconds() / 3600 - 0.25)
                total = sum(delays)
                scale = 3600.0 * (room / total if total > room else 1.0)
                # The county works in the daytime: for demands with room to spare, a step that
                # would fall in the night moves to the next morning (Beijing 8:00). Each move is
                # under 14 hours, so the steps still end before "now".
                daytime = room - total > 14 * len(delays)
                team: _TeamRef | None = None
                for (kind, actor, note, special, shift), delay in zip(
                    plan.steps, delays, strict=True
                ):
                    when = when + timedelta(seconds=max(1, int(delay * scale)))
                    if daytime and shift:
                        hour = (when.hour + 8) % 24
                        if hour < 8 or hour >= 19:
                            when = when + timedelta(hours=(8 - hour) % 24, minutes=random_() * 50)
                    if special:
                        if special <= _CLAIM:
                            if team is None and team_choices[category]:
                                team = choice(team_choices[category])
                                row["assigned_team_id"] = team.id
                                row["assigned_team_name"] = team.name
                            team_name = team.name if team else "志愿服务队"
                            if special == _DISPATCH:
                                row["dispatched_at"] = when
                                note = f"派单至{team_name}"
                            else:
                                row["claimed_at"] = when
                                note = f"{team_name}接单"
                        elif special == _RESOLVE:
                            row["resolved_at"] = when
                            row["result"] = note = choice(_RESULTS.get(category, _RESULTS["OTHER"]))
                        elif special == _EVALUATE:
                            evaluation = _EVALUATIONS[
                                bisect_right(_EVALUATION_CUM, random_() * _EVALUATION_CUM[-1])
                            ]
                            row["evaluation"] = note = evaluation.value
                            row["evaluation_note"] = choice(_EVALUATION_NOTES[evaluation])
                            row["evaluated_at"] = when
                        elif special == _REJECT:
                            row["reject_reason"] = note = choice(_REJECT_REASONS)
                        else:
                            target = self.last_primary.get(category) or self.last_any
                            assert target is not None
                            row["merged_into_id"] = target[0]
                            note = f"与需求 {target[1]} 合并办理"
                    stamp = when.isoformat(" ", "microseconds")[:26]
                    stamps[id(when)] = stamp
                    events.append((_new_id(), demand_id, kind, actor, stamp, note))
                row["status"] = _STATUS_TEXT[status]
                row["updated_at"] = when
            demands.append(row)
            if status is not S.MERGED and status is not S.REJECTED and status is not S.CANCELLED:
                self.last_primary[category] = (demand_id, number)
            self.last_any = (demand_id, number)
            demand_refs[category].append((registered, demand_id, status))
        return demands, events, touched, stamps

    # ---- activities, service hours, points ---------------------------------------------------

    def activity_rows(self) -> tuple[list[Row], list[Row], list[Row]]:
        rng = self.rng
        types = [t for t in self.activity_types]
        if not types:
            return [], [], []
        type_cum = _cumulative([_ACTIVITY_TYPE_WEIGHTS.get(code, 3.0) for code, _, _ in types])
        village_teams = [t for t in self.teams if t.level == "VILLAGE"] or self.teams
        starts: list[tuple[dt.date, int]] = []
        for _ in range(self.size.activities):
            day = self.today - dt.timedelta(days=rng.randint(1, HISTORY_DAYS - 10))
            starts.append((day, rng.choice((510, 540, 570, 810, 840, 870))))
        starts.sort()
        activities: list[Row] = []
        records: list[Row] = []
        busy: dict[str, list[tuple[dt.datetime, dt.datetime]]] = defaultdict(list)
        volunteer_ids = [v["id"] for v in self.volunteer_rows if v["active"]]
        joined = {v["id"]: v["registered_on"] for v in self.volunteer_rows}
        by_team: dict[str | None, list[str]] = defaultdict(list)
        for v in self.volunteer_rows:
            if v["active"]:
                by_team[v["team_id"]].append(v["id"])
        earned: list[tuple[str, dt.datetime, int, str, str]] = []
        for day, start_minute in starts:
            code, _type_name, five_task = rng.choices(types, cum_weights=type_cum)[0]
            titles, summaries = _ACTIVITY_TEXT.get(code, _ACTIVITY_TEXT["OTHER"])
            if code == "FESTIVAL" or not titles:
                titles = _FESTIVALS_BY_MONTH[day.month]
            seasonal = [t for t in titles if _in_season(t, day.month)]
            title = rng.choice(seasonal or titles)
            if code == "SPORTS_FITNESS" and rng.random() < 0.5:
                start_minute = 18 * 60 + 30
            duration = rng.choice((90, 120, 120, 150, 180, 240))
            starts_at = _utc(day, start_minute)
            ends_at = starts_at + dt.timedelta(minutes=duration)
            cats = _ACTIVITY_CATEGORIES.get(code, ("OTHER",))
            candidates = [t for t in village_teams if set(cats) & set(t.categories)]
            team = rng.choice(candidates or village_teams) if village_teams else None
            grp = rng.choice(GROUP_SHORT)
            place = rng.choice(_PLACES).format(grp=grp)
            audience = rng.randint(15, 60) if duration <= 120 else rng.randint(30, 220)
            team_name = team.name if team else f"{VILLAGE}志愿者"
            summary = (
                f"{day.month}月{day.day}日，{team_name}在{place}开展“{title}”活动，"
                f"{audience}名群众参加。{rng.choice(summaries)}"
            )
            linked: list[str] = []
            if rng.random() < 0.35:
                window_start = starts_at - dt.timedelta(days=60)
                pool: list[_DemandRef] = []
                for cat in cats:
                    refs = self.demand_refs.get(cat, [])
                    lo = bisect.bisect_left(refs, window_start, key=lambda r: r[0])
                    hi = bisect.bisect_left(refs, starts_at, key=lambda r: r[0])
                    pool.extend(
                        r for r in refs[lo:hi]
                        if r[2] in (S.SUBMITTED, S.RESOLVED, S.FEEDBACK_GIVEN, S.CLOSED)
                    )
                if pool:
                    linked = [r[1] for r in rng.sample(pool, min(len(pool), rng.randint(1, 3)))]
            activity_id = _new_id()
            created = ends_at + dt.timedelta(hours=rng.randint(1, 30))
            created = min(created, self.now - dt.timedelta(minutes=1))
            activities.append({
                "id": activity_id, "station_id": self.station_id, "title": title,
                "activity_type_code": code, "five_task_code": five_task, "starts_at": starts_at,
                "ends_at": ends_at, "place": place, "team_id": team.id if team else None,
                "audience_count": audience, "summary": summary, "linked_demand_ids": linked,
                "created_at": created, "updated_at": created,
            })
            # Who served: the team first, then helpers from other teams.
            crew = list(by_team.get(team.id if team else None, []))
            rng.shuffle(crew)
            in_crew = set(crew)
            others = [v for v in volunteer_ids if v not in in_crew]
            rng.shuffle(others)
            wanted = rng.randint(3, 12)
            for volunteer_id in (crew + others)[:wanted]:
                check_in = starts_at + dt.timedelta(minutes=rng.randint(-15, 5))
                check_out = ends_at + dt.timedelta(minutes=rng.randint(-10, 20))
                if joined[volunteer_id] > day or any(
                    check_in < e and s < check_out for s, e in busy[volunteer_id]
                ):
                    continue
                busy[volunteer_id].append((check_in, check_out))
                pause = 30 if duration >= 180 and rng.random() < 0.5 else 0
                hours = compute_hours(check_in, check_out, pause)
                record_id = _new_id()
                records.append(self._record(
                    record_id, activity_id, volunteer_id, check_in, check_out, pause,
                    int(hours * 60), None, "", created,
                ))
                if hours > 0:
                    earned.append((volunteer_id, check_out, max(5, int(hours * 10)), title,
                                   activity_id))
                if rng.random() < 0.03:
                    records.append(self._correction(records[-1]))
        if records and not any(r["corrects_id"] for r in records):
            # Corrections are rare, but the demo should show what one looks like.
            records.append(self._correction(rng.choice(records)))
        points = self._points(earned)
        return activities, records, points

    def _correction(self, original: Row) -> Row:
        """An append-only correction of ``original``: same period, a signed minutes delta."""
        delta = -30 if original["credited_minutes"] >= 60 else 30
        reason = (
            "签退时间登记有误，核减 0.5 小时" if delta < 0 else "漏记提前布置场地的时间，补记 0.5 小时"
        )
        fixed = min(
            original["created_at"] + dt.timedelta(days=self.rng.randint(1, 5)),
            self.now - dt.timedelta(minutes=1),
        )
        return self._record(
            _new_id(), original["activity_id"], original["volunteer_id"], original["start_at"],
            original["end_at"], original["break_minutes"], delta, original["id"], reason, fixed,
        )

    @staticmethod
    def _record(
        record_id: str, activity_id: str, volunteer_id: str, start: dt.datetime,
        end: dt.datetime, pause: int, minutes: int, corrects: str | None, reason: str,
        created: dt.datetime,
    ) -> Row:
        return {
            "id": record_id, "activity_id": activity_id, "volunteer_id": volunteer_id,
            "start_at": start, "end_at": end, "break_minutes": pause,
            "credited_minutes": minutes, "corrects_id": corrects, "reason": reason,
            "created_at": created, "updated_at": created,
        }

    def _points(self, earned: list[tuple[str, dt.datetime, int, str, str]]) -> list[Row]:
        """The ledger: one EARN per service, some REDEEMs in between, never below zero."""
        rng = self.rng
        rows: list[Row] = []
        per_volunteer: dict[str, list[tuple[dt.datetime, int, str, str]]] = defaultdict(list)
        for volunteer_id, when, amount, title, activity_id in earned:
            per_volunteer[volunteer_id].append((when, amount, title, activity_id))
        latest = self.now - dt.timedelta(hours=1)
        for volunteer_id in sorted(per_volunteer, key=lambda v: per_volunteer[v][0][0]):
            items = sorted(per_volunteer[volunteer_id])
            ledger: list[LedgerLine] = []
            for index, (when, amount, title, activity_id) in enumerate(items):
                check_entry(ledger, PointsKind.EARN, amount)
                ledger.append(LedgerLine(PointsKind.EARN, amount))
                rows.append(self._points_row(
                    volunteer_id, PointsKind.EARN, amount, f"参加活动：{title}", activity_id, when
                ))
                limit = items[index + 1][0] if index + 1 < len(items) else latest
                if limit <= when + dt.timedelta(hours=2):
                    continue
                r = rng.random()
                current = balance(ledger)
                span = (limit - when).total_seconds()
                # The points store opens in the daytime (Beijing 9:00–17:00).
                day = _local_day(when + dt.timedelta(seconds=rng.uniform(3600, span - 60)))
                at = _utc(day, rng.randint(9 * 60, 17 * 60))
                if not when < at < limit:
                    continue
                if r < 0.3:
                    item, cost = rng.choice(_REDEEM_ITEMS)
                    if cost <= current:
                        check_entry(ledger, PointsKind.REDEEM, cost)
                        ledger.append(LedgerLine(PointsKind.REDEEM, cost))
                        rows.append(self._points_row(
                            volunteer_id, PointsKind.REDEEM, cost, f"积分超市兑换：{item}", None, at
                        ))
                elif r < 0.33:
                    amount_adj = 20 if rng.random() < 0.7 or current < 10 else -10
                    reason = "优秀志愿者奖励积分" if amount_adj > 0 else "重复登记积分更正"
                    check_entry(ledger, PointsKind.ADJUST, amount_adj)
                    ledger.append(LedgerLine(PointsKind.ADJUST, amount_adj))
                    rows.append(self._points_row(
                        volunteer_id, PointsKind.ADJUST, amount_adj, reason, None, at
                    ))
        return rows

    @staticmethod
    def _points_row(
        volunteer_id: str, kind: PointsKind, amount: int, reason: str,
        activity_id: str | None, when: dt.datetime,
    ) -> Row:
        return {
            "id": _new_id(), "volunteer_id": volunteer_id, "kind": kind.value, "amount": amount,
            "reason": reason, "activity_id": activity_id, "occurred_at": when,
            "created_at": when, "updated_at": when,
        }


def _name_grid_leaders(session: Session, grids: list[Row]) -> None:
    """The leaders of a new station's grids, named through the write path (an update op
    after the leader's create op)."""
    writes = WritePath(session)
    for row in grids:
        if row["leader_contact_id"] is not None:
            grid = session.get_one(Grid, row["id"])
            writes.update(grid, leader_contact_id=row["leader_contact_id"])


def _write_counters(session: Session, touched: dict[str, int]) -> None:
    if not touched:
        return
    stmt = sqlite_insert(DemandNumberCounter)
    stmt = stmt.on_conflict_do_update(
        index_elements=[DemandNumberCounter.day],
        set_={"last_seq": func.max(DemandNumberCounter.last_seq, stmt.excluded.last_seq)},
    )
    session.connection().execute(
        stmt, [{"day": day, "last_seq": seq} for day, seq in sorted(touched.items())]
    )


def generate_demo(
    db: Database,
    size: DemoSize,
    *,
    seed: int = 20261129,
    unsynced: bool = False,
    progress: ProgressFn | None = None,
    cancelled: CancelFn | None = None,
    now: dt.datetime | None = None,
) -> str:
    """Fill ``db`` with demo data and return a one-line Chinese summary of what was made.

    ``now`` is the reference instant everything lies before (default: midnight at the start of
    today, Beijing time, so a seed gives the same data all day). ``progress(done, total)`` is
    called after every committed batch; when ``cancelled()`` turns true the generator stops
    after the current batch, keeps what it committed and says so in the summary.
    """
    for name in ("demands", "contacts", "activities", "volunteers"):
        if getattr(size, name) < 0:
            raise ValueError(f"DemoSize.{name} must not be negative")
    if now is None:
        today = beijing.today()
        now = dt.datetime.combine(today, dt.time(), CHINA_TZ)
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    _id_buffer.clear()
    gen = _Generator(size, seed, unsynced, now.astimezone(dt.UTC))
    pipeline = _Pipeline(db)
    from_server = not unsynced
    total = size.contacts + size.demands + size.activities
    done = 0

    def report(step: int) -> bool:
        nonlocal done
        done += step
        if progress is not None:
            progress(done, total)
        return cancelled is not None and cancelled()

    def finish(stopped: bool) -> str:
        if from_server and pipeline.thread is None:
            # The staging tables live on the connection; leave it as it was.
            with _transaction(db) as session:
                for stage in _all_stages():
                    session.connection().exec_driver_sql(stage.drop_sql)
        summary = gen.counts.summary()
        return f"已取消，已生成{summary}" if stopped else summary

    if report(0):
        return finish(True)

    # What exists already, read once; everything else is made before anything is written.
    with _transaction(db) as session:
        gen.load_catalog(session)
        station = gen.load_station(session)
        teams = gen.team_rows(session)
        menu = gen.menu_rows(session)
        gen.read_numbers(session)
    contacts = gen.make_people(size.contacts)
    grids = gen.grid_rows()
    volunteers = gen.volunteer_rows_make()
    gen.plan_demands()

    def committed() -> bool:
        """Account for the batch in flight once it is committed; True to stop."""
        done_batch = pipeline.wait()
        if done_batch is None:
            return False
        label, count = done_batch
        setattr(gen.counts, label, getattr(gen.counts, label) + count)
        return report(count if label != "volunteers" else 0)

    def write_setup(session: Session, *, first: bool, last: bool) -> None:
        # The station and grids go with the first villagers (a grid names its leader); the
        # teams, volunteers and menu once every villager is in (a volunteer names a villager).
        out = _Writer(session, from_server)
        if first:
            if station is not None:
                out.add(Station, [station])
            # Made here, a grid gets its leader once the leader is in the contact book (as in
            # the window): the county takes a reference only to a record it already has.
            unled = [{**g, "leader_contact_id": None} for g in grids]
            out.add(Grid, grids if from_server else unled)
        if last:
            out.add(Team, teams)
            out.add(Volunteer, volunteers)
            out.add(ServiceMenuItem, menu)

    try:
        # 1. Station, grids and villagers.
        batches = [contacts[i : i + CONTACT_BATCH] for i in range(0, len(contacts), CONTACT_BATCH)]
        for index, batch in enumerate(batches or [[]]):
            prepared = _table(Contact).prepare(batch) if from_server and batch else None

            def build_contacts(
                session: Session, batch: list[Row] = batch, prepared: _Prepared | None = prepared,
                first: bool = index == 0,
            ) -> _Parts:
                write_setup(session, first=first, last=False)
                if prepared is None:
                    _Writer(session, from_server).add(Contact, batch)
                    if first:
                        _name_grid_leaders(session, grids)
                    return []
                return prepared.parts(session)

            if committed():
                return finish(True)
            pipeline.submit(build_contacts, "contacts", len(batch))

        # 2. Teams, volunteers, the menu, then demands with their timelines.
        if committed():
            return finish(True)

        def build_setup(session: Session) -> _Parts:
            write_setup(session, first=False, last=True)
            return []

        pipeline.submit(build_setup, "volunteers", len(volunteers))
        for start in range(0, size.demands, DEMAND_BATCH):
            end = min(size.demands, start + DEMAND_BATCH)
            demands, events, touched, stamps = gen.demand_batch(start, end)
            prepared = _table(Demand).prepare(demands, stamps) if from_server else None

            def build_demands(
                session: Session, demands: list[Row] = demands, events: list[_Event] = events,
                touched: dict[str, int] = touched, prepared: _Prepared | None = prepared,
            ) -> _Parts:
                _write_counters(session, touched)
                if prepared is None:
                    out = _Writer(session, from_server)
                    out.add(Demand, demands)
                    out.add_events(events)
                    return []
                parts = prepared.parts(session)
                parts.insert(1, (_EVENT_STAGE, events))
                return parts

            if committed():
                return finish(True)
            pipeline.submit(build_demands, "demands", len(demands))

        # 3. Activities, service records, points.
        activities, records, points = gen.activity_rows()

        def build_activities(session: Session) -> _Parts:
            out = _Writer(session, from_server)
            out.add(Activity, activities)
            out.add(ServiceRecord, records)
            out.add(PointsEntry, points)
            return []

        if committed():
            return finish(True)
        pipeline.submit(build_activities, "activities", len(activities))
        committed()  # everything is written: a cancel now changes nothing
    finally:
        if pipeline.thread is not None:  # only when an error escaped
            pipeline.thread.join()
            pipeline.thread = None
    return finish(False)

