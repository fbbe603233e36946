"""The demo village: its people, the words of its demands and activities, its teams and
menu, and how its demands move through their statuses."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from desktop.models.rules.demand_status import Actor, Channel, DemandStatus, Evaluation, Urgency

S = DemandStatus

EVENT_KINDS: dict[DemandStatus, str] = {s: s.value for s in DemandStatus}
EVENT_KINDS[S.SUBMITTED] = "REGISTERED"
EVENT_KINDS[S.FEEDBACK_GIVEN] = "EVALUATED"
"""Timeline event kind written when a demand enters a status (inverse: :data:`EVENT_STATUS`)."""

EVENT_STATUS: dict[str, DemandStatus] = {kind: status for status, kind in EVENT_KINDS.items()}

_VILLAGE_STEPS = frozenset({S.SUBMITTED, S.CANCELLED, S.FEEDBACK_GIVEN})


def cumulative(weights: Sequence[float]) -> list[float]:
    total = 0.0
    out: list[float] = []
    for w in weights:
        total += w
        out.append(total)
    return out




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


def cn_number(n: int) -> str:
    """1..99 in Chinese numerals (一, 十, 十二, 二十三)."""
    if n <= 10:
        return _NUMERALS[n - 1]
    tens, ones = divmod(n, 10)
    head = "十" if tens == 1 else _NUMERALS[tens - 1] + "十"
    return head + (_NUMERALS[ones - 1] if ones else "")


GROUP_COUNT = 12
GROUP_NAMES = [f"第{cn_number(i)}村民小组" for i in range(1, GROUP_COUNT + 1)]
GROUP_SHORT = [f"{cn_number(i)}组" for i in range(1, GROUP_COUNT + 1)]

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
OLD_M: tuple[str, ...] = (
    "德福", "长顺", "宝山", "振国", "国庆", "建国", "树林", "福山", "玉林", "凤山", "连生",
    "春生", "桂林", "永贵", "德胜", "占山", "景春", "庆云", "万福", "殿臣", "玉和", "洪发",
    "广才", "铁柱", "山", "林", "贵", "福", "财", "顺",
)
OLD_F: tuple[str, ...] = (
    "桂兰", "淑珍", "秀英", "凤芝", "玉珍", "淑兰", "秀兰", "桂芝", "玉兰", "凤兰", "桂荣",
    "素芬", "秀云", "玉芬", "淑芬", "丽华", "秀珍", "桂香", "凤琴", "翠兰", "玉梅", "淑琴",
    "桂琴", "秀芝", "凤英", "兰", "芝", "珍", "英",
)
MID_M: tuple[str, ...] = (
    "伟", "强", "军", "磊", "勇", "杰", "涛", "斌", "超", "明", "刚", "平", "辉", "鹏", "华",
    "飞", "波", "宁", "健", "亮", "东", "峰", "海军", "志强", "建华", "立新", "晓东", "春雷",
    "国峰", "海涛", "宏伟", "长江", "永刚", "红军", "文学", "玉龙",
)
MID_F: tuple[str, ...] = (
    "芳", "娜", "敏", "静", "丽", "艳", "娟", "霞", "红", "梅", "丽娟", "春燕", "海燕", "艳华",
    "晓红", "丽丽", "秀梅", "冬梅", "玉梅", "春梅", "红霞", "艳玲", "丽萍", "淑华", "晓梅",
    "彩霞", "凤霞", "金凤",
)
YOUNG_M: tuple[str, ...] = (
    "浩然", "子轩", "宇航", "博文", "俊杰", "浩宇", "天佑", "明轩", "一鸣", "子豪", "嘉乐",
    "思远", "皓轩", "宇", "鑫", "硕", "晨", "阳", "泽宇", "子墨",
)
YOUNG_F: tuple[str, ...] = (
    "欣怡", "一诺", "雨桐", "思雨", "佳怡", "子涵", "梓萱", "诗涵", "梓涵", "可馨", "雨萱",
    "佳琪", "欣然", "婉清", "悦", "琳", "萌", "若曦", "语桐", "紫涵",
)
FIRST_M = "志建国海春永晓宏玉长德文立俊振福庆树"
SECOND_M = "强华军明刚平伟林东峰波生成龙杰辉山财"
FIRST_F = "秀玉桂淑丽春晓海艳红雪美凤翠金素"
SECOND_F = "兰英珍芝华梅燕霞娟红丽琴芳萍婷云"

TAG_DESCRIPTIONS = {
    "LEFT_BEHIND_ELDERLY": "留守老人",
    "ELDERLY_LIVING_ALONE": "独居老人",
}
NOTES = (
    "腿脚不便，需上门服务", "耳背，打电话请大声说话", "子女在长春务工", "常住县城，农忙时回村",
    "老党员", "村文艺队骨干", "家有轮椅", "白天在地里干活，晚上好联系", "会开三轮车，可帮忙接送",
)
PROXY_RELATIONS_ELDER = ("儿子", "女儿", "儿媳", "孙子", "侄子", "邻居")
MOBILE_PREFIXES: tuple[str, ...] = (
    "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "150", "151", "152",
    "153", "155", "156", "157", "158", "159", "166", "173", "175", "176", "177", "178", "180",
    "181", "182", "183", "184", "185", "186", "187", "188", "189", "191", "198", "199",
)


@dataclass(slots=True)
class Person:
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

TOPIC_TEXT: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
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

CHANNEL_INTRO: dict[Channel, str] = {
    Channel.NEEDS_DESK: "{who}到村问需台登记：",
    Channel.MICRO_WISH: "{who}在心愿墙留下微心愿：",
    Channel.HOTLINE: "{who}拨打文明实践110反映：",
    Channel.HOME_VISIT: "入户走访时{who}提出：",
    Channel.GRID_REPORT: "网格员走访上报，{who}反映：",
    Channel.MENU_ORDER: "{who}从服务菜单点单：",
    Channel.OTHER: "{who}托邻居捎话：",
}
DESCRIPTION_TAILS = (
    "", "", "", "", "", "", "希望尽快安排。", "白天家里没人，请提前打电话。", "已电话回访确认需求。",
    "上次反映过一次，还没解决。",
)
ELDER_TAILS = ("老人腿脚不便，希望上门服务。", "老人耳背，请找家属联系。")
# Topics whose wording speaks of an old person, or of a child's guardian.
ELDER_TOPICS = frozenset(
    {"elder_care", "companionship", "medical_escort", "haircut", "rehab", "digital_skills",
     "micro_wish", "errand_guidance"}
)
GUARDIAN_TOPICS = frozenset({"tutoring", "child_care", "parenting"})
WORKING_AGE_TOPICS = frozenset({"job_skills"})
CHANNEL_WEIGHTS: dict[Channel, float] = {
    Channel.NEEDS_DESK: 25, Channel.HOME_VISIT: 25, Channel.GRID_REPORT: 17, Channel.HOTLINE: 12,
    Channel.MICRO_WISH: 6, Channel.MENU_ORDER: 9, Channel.OTHER: 6,
}
CATEGORY_WEIGHTS: dict[str, float] = {
    "CARE": 20, "CONVENIENCE": 20, "HEALTH": 15, "EDU_SKILLS": 12, "POLICY": 10,
    "LEGAL_SAFETY": 8, "CULTURE_SPORTS": 7, "ENV_CIVILITY": 6, "OTHER": 2,
}
NORMAL, URGENT, VERY_URGENT = Urgency.NORMAL.value, Urgency.URGENT.value, Urgency.VERY_URGENT.value

RESULTS: dict[str, tuple[str, ...]] = {
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
REJECT_REASONS = (
    "不属于文明实践志愿服务范围，已告知村民向镇政府相关部门反映",
    "属于供电所职责范围，已告知村民拨打 95598",
    "需求信息不全，多次联系不上本人",
    "属于个人经营行为，不予受理",
    "与本村已办理的需求重复",
)
EVALUATIONS = tuple(Evaluation)
_EVALUATION_WEIGHTS = (45, 38, 12, 4, 1)
EVALUATION_NOTES: dict[Evaluation, tuple[str, ...]] = {
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
STATUS_MIX: tuple[tuple[float, dict[DemandStatus, float]], ...] = (
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
STATUS_TEXT: dict[DemandStatus, str] = {s: s.value for s in DemandStatus}
_EVENT_ACTOR: dict[DemandStatus, str] = {
    s: (Actor.VILLAGE if s in _VILLAGE_STEPS else Actor.COUNTY).value for s in DemandStatus
}
EVALUATION_CUM = cumulative(_EVALUATION_WEIGHTS)

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
    return {s: ([p for p, _ in w], cumulative([x for _, x in w])) for s, w in ways.items()}


_PATHS = _build_paths()

# What a step does to the demand row besides its timeline event (see demand_batch).
PLAIN, DISPATCH, CLAIM, RESOLVE, EVALUATE, REJECT, MERGE = range(7)
_SPECIAL: dict[DemandStatus, int] = {
    S.DISPATCHED: DISPATCH, S.CLAIMED: CLAIM, S.RESOLVED: RESOLVE,
    S.FEEDBACK_GIVEN: EVALUATE, S.REJECTED: REJECT, S.MERGED: MERGE,
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
                    _SPECIAL.get(step, PLAIN), step is not S.FEEDBACK_GIVEN,
                ))
                previous = step
            resolved = path.index(S.RESOLVED) if S.RESOLVED in path else -1
            built.append(_Plan(tuple(steps), tuple(ranges), resolved))
        plans[status] = (built, cum)
    return plans


PLANS = _build_plans()

# --------------------------------------------------------------------------------------------
# Teams, menu and activities
# --------------------------------------------------------------------------------------------

# (name, level, parent name, categories it serves, skills of its volunteers)
TEAMS: tuple[tuple[str, str, str | None, tuple[str, ...], str], ...] = (
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
MENU: tuple[tuple[str, str, str, str], ...] = (
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

ACTIVITY_TEXT: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
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
FESTIVALS_BY_MONTH: dict[int, tuple[str, ...]] = {
    1: ("我们的节日·春节：写春联送福字",), 2: ("我们的节日·元宵：猜灯谜闹元宵",),
    3: ("学雷锋志愿服务月活动",), 4: ("我们的节日·清明：缅怀革命先烈",),
    5: ("我们的节日·端午：包粽子话传统",), 6: ("我们的节日·端午：包粽子话传统",),
    7: ("庆祝党的生日主题活动",), 8: ("我们的节日·七夕：婚俗新风倡议",),
    9: ("我们的节日·中秋：邻里共赏月",), 10: ("我们的节日·重阳：敬老饺子宴",),
    11: ("冬至包饺子送温暖",), 12: ("元旦迎新联欢会",),
}
ACTIVITY_TYPE_WEIGHTS: dict[str, float] = {
    "THEORY_LECTURE": 10, "POLICY_BRIEFING": 10, "ARTS_CULTURE": 8, "FESTIVAL": 10,
    "SPORTS_FITNESS": 6, "CUSTOM_REFORM": 6, "CIVILITY_EDUCATION": 5, "ROLE_MODEL": 3,
    "HARDSHIP_AID": 9, "NEIGHBOR_AID": 5, "SKILLS_TRAINING": 7, "SCIENCE_HEALTH": 9,
    "LEGAL_SAFETY": 7, "ENVIRONMENT": 7, "CONVENIENCE_FAIR": 8, "OTHER": 1,
}
ACTIVITY_CATEGORIES: dict[str, tuple[str, ...]] = {
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


def in_season(title: str, month: int) -> bool:
    """Winter activities (snow, Spring Festival) only from November to March."""
    return month in (11, 12, 1, 2, 3) or not any(word in title for word in _WINTER_WORDS)


PLACES = (
    f"{VILLAGE}新时代文明实践站", "村文化广场", "村委会二楼会议室", "农家书屋", "村卫生室",
    "村小学操场", "{grp}活动室", "{grp}田间地头",
)
REDEEM_ITEMS = (
    ("洗衣粉 1 袋", 20), ("食用油 1 桶", 80), ("大米 10 斤", 60), ("毛巾 2 条", 15),
    ("洗洁精 1 瓶", 10), ("挂面 2 把", 12), ("酱油 1 瓶", 10), ("牙膏 2 支", 15),
)
ENTERED_BY = ("陈丽华", "王海军", "刘春燕")
