"""Closed word classes and suffix tables for recognising organisation names.

Everything here is domain knowledge about how Chinese organisation names are
built (suffixes, administrative prefixes, generic modifiers), never a list of
particular organisations: those live in the gazetteer data file."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

# Suffix → entity type, longest first at lookup time. "strong" suffixes also make
# an organisation embedded at the start of a longer name an entity of its own
# (复旦大学 in 复旦大学附属儿科医院).
SUFFIX_TYPES: dict[str, str] = {
    # hospitals
    "医院": "Hospital", "分院": "Hospital", "院区": "Hospital", "妇幼保健院": "Hospital",
    "卫生服务中心": "Hospital", "中医院": "Hospital", "保健院": "Hospital",
    # centres that examine or treat patients: 医学影像诊断中心, 血液透析中心, 健康体检中心
    "诊断中心": "Hospital", "影像中心": "Hospital", "透析中心": "Hospital", "体检中心": "Hospital",
    "南院": "Hospital", "北院": "Hospital", "东院": "Hospital", "西院": "Hospital",
    # universities and their schools
    "大学": "University", "学院": "University", "医学院": "University", "药学院": "University",
    "商学院": "University",
    # research
    "研究所": "ResearchInstitute", "研究院": "ResearchInstitute", "实验室": "ResearchInstitute",
    "科学院": "ResearchInstitute", "研究中心": "ResearchInstitute", "工程院": "ResearchInstitute",
    # companies
    "公司": "Company", "集团": "Company", "有限公司": "Company", "股份有限公司": "Company",
    "生物": "Company", "医药": "Company", "医疗": "Company", "科技": "Company", "制药": "Company",
    "药业": "Company", "诊断": "Company", "资本": "Company", "创投": "Company", "基因": "Company",
    "科投": "Company", "控股": "Company", "投资": "Company",
    # funds
    "基金": "Fund",
    # platforms
    "平台": "Platform", "联盟": "Platform", "联合会": "Platform", "研究会": "Platform",
    "基地": "Platform", "高地": "Platform", "服务中心": "Platform", "创新中心": "Platform",
    "服务站": "Platform", "联合体": "Platform", "中心": "Platform",
    "协会": "Platform", "学会": "Platform",
    # government
    "委员会": "GovernmentAgency", "委": "GovernmentAgency", "局": "GovernmentAgency",
    "办": "GovernmentAgency", "办公室": "GovernmentAgency", "办公厅": "GovernmentAgency",
    "厅": "GovernmentAgency", "处": "GovernmentAgency", "人民政府": "GovernmentAgency",
    "政府": "GovernmentAgency", "管委会": "GovernmentAgency", "管理局": "GovernmentAgency",
    "镇": "GovernmentAgency", "分中心": "GovernmentAgency", "人大": "GovernmentAgency",
    "政协": "GovernmentAgency", "常委会": "GovernmentAgency", "纪委监委": "GovernmentAgency",
    "监委": "GovernmentAgency", "法院": "GovernmentAgency", "检察院": "GovernmentAgency",
    "街道": "GovernmentAgency",
}

# Suffixes a firm's name may carry as a word of its own after the name proper (龙脉|医疗).
COMPANY_SUFFIXES = {sfx for sfx, etype in SUFFIX_TYPES.items() if etype == "Company"} | {
    "股份", "国际", "智能", "证券", "银行", "保险", "信托", "金控", "私募"}
# Words for a kind of organisation that head a list of names (A、B等金融机构).
ORGANISATION_KINDS = ("机构", "企业", "公司", "集团", "单位", "伙伴", "资本", "股东", "投资方", "投资人",
                      "投资者", "银行", "药企", "券商", "厂商", "医院", "高校")
# Words that describe the firm whose name follows them (参股公司科济开曼, 研发商“嘉和生物药业”).
FIRM_DESCRIPTORS = ("子公司", "孙公司", "旗下", "投资了", "参股公司", "控股公司", "公司/企业", "制药公司", "研发商",
                    "运营商", "服务商", "管理机构", "投资机构", "生物公司", "医药公司", "科技公司")
# Words after 医院 that make it part of the name of a body other than a hospital (医院发展中心).
HOSPITAL_BODY_WORDS = {"发展", "管理", "集团", "协会", "联盟", "投资"}
# Titles written before a person's name (董事长袁涛).
TITLES = ("长", "书记", "主任", "院士", "教授", "总裁", "经理", "董事", "理事", "秘书", "委员", "代表", "记者")
# Endings of words for a group or a role, never of a name (投资者, 投资方, 微创系).
NOT_NAME_ENDINGS = ("者", "方", "系", "们", "人")

# What continues a firm's name past a short known name (联影|智能 is not 联影医疗).
NAME_CONTINUATIONS = {"智能", "集团", "公司", "股份", "控股", "国际", "健康", "生命", "生物", "医疗", "医药",
                      "科技", "制药", "药业", "诊断", "资本", "创投", "基因", "技术", "器械"}

# Suffixes a name may only carry when the part before them is a proper name
# (not a dictionary word): 君实生物 yes, 合成生物 / 数字医疗 no.
COMPANY_WEAK = {"生物", "医药", "医疗", "科技", "诊断", "资本", "创投", "基因", "制药", "科投", "控股", "投资"}
# Investor suffixes whose names are often a place (浦东创投, 张江科投).
INVESTOR_WEAK = {"资本", "创投", "科投", "控股", "投资"}
# Words between a group's first word and 集团 that its short form drops:
# 上海临港经济发展（集团）有限公司 is 临港集团.
GROUP_NAME_FILLERS = ("经济发展", "发展", "实业", "投资控股", "投资", "控股", "产业", "建设", "开发",
                      "资产经营", "资产管理", "国有资产", "高科技", "科技", "创新")
# Registered company forms: 上海联影医疗科技股份有限公司 is 联影医疗.
LEGAL_FORMS = ("股份有限公司", "有限责任公司", "有限公司", "股份公司", "集团有限公司", "集团", "公司", "股份")
INDUSTRY_WORDS = ("生物技术", "生物科技", "医疗科技", "医药科技", "医疗器械", "科技", "技术", "生物", "医药",
                  "医疗", "器械", "制药", "药业", "诊断", "健康")
# What a registered name may carry in brackets: 上海微创医疗器械（集团）有限公司.
BRACKETED_NAME_PARTS = {"集团", "中国", "上海", "香港", "北京", "苏州", "杭州", "深圳", "控股", "有限合伙"}
# Ordinary words that end like an agency (布局 ends in 局, 举办 in 办).
NOT_NAMES = {"布局", "格局", "大局", "结局", "开局", "当局", "邮局", "举办", "创办", "主办", "承办",
             "协办", "督办", "申办", "好处", "此处", "之处", "各处", "难处", "到处", "长处", "用处",
             "益处", "出处", "处处", "乡镇", "城镇", "村镇", "重镇", "集镇", "中心"}
# Agency suffixes that are ordinary words elsewhere (此处, 各处): the name must
# start with an administrative prefix.
AGENCY_WEAK = {"处", "厅", "镇", "街道", "局", "办", "委"}

# Suffixes whose organisation, at the start of a longer name, is its parent.
STRONG_PARENT = {
    "大学", "学院", "医学院", "科学院", "医院", "委员会", "委", "局", "人民政府", "政府",
    "人大", "政协", "常委会", "办公厅", "集团", "公司", "有限公司", "管理局",
} | COMPANY_WEAK

ADMIN_PREFIXES = (
    "上海市", "上海", "市", "区", "国家", "中国", "中央", "省", "县", "全国", "国务院",
    "浦东新区", "浦东", "黄浦", "徐汇", "长宁", "静安", "普陀", "虹口", "杨浦", "闵行",
    "宝山", "嘉定", "金山", "松江", "青浦", "奉贤", "崇明", "张江", "临港", "长三角",
    "民盟", "民进", "民建", "民革", "农工党", "九三学社", "致公党", "台盟",
)

# The national bodies whose whole name carries no suffix: entities alone, parents of the
# units named after them (国务院国资委, 中央军委后勤保障部).
NATIONAL_BODIES = ("国务院", "中央军委", "中共中央")

# National academies whose institutes' names may hold a conjunction (中科院遗传与发育生物学研究所).
ACADEMY_PREFIXES = ("中科院", "中国科学院", "中国医学科学院", "医科院", "中国中医科学院", "中国工程院", "中国农业科学院")

# Words that continue a compound after a firm-like suffix: 生物|医药|产业 is an industry.
COMPOUND_CONTINUATIONS = {"医药", "医疗", "产业", "技术", "科技", "制造", "领域", "行业", "企业",
                          "园区", "大会", "工程", "材料", "试剂", "器械", "产品", "卫生", "市场"}
# Party and government bodies that pkuseg glues together (市委市政府): kept apart.
SEGMENT_WORDS = ("市委", "市政府", "区委", "区政府", "县委", "县政府", "智能")  # 傅星|智能, not 傅星智|能
# Suffixes that name a vehicle only inside quotes (“精准微生态医学创新高地”), never in prose (政策高地).
QUOTED_ONLY = {"高地"}

DISTRICTS = (
    "浦东新区", "黄浦区", "徐汇区", "长宁区", "静安区", "普陀区", "虹口区", "杨浦区",
    "闵行区", "宝山区", "嘉定区", "金山区", "松江区", "青浦区", "奉贤区", "崇明区",
)

# Words that end a name going leftwards even when the tagger lexicon does not know
# them: governing verbs of policy prose, discourse markers, prepositions.
BOUNDARY_WORDS = {
    "比如", "例如", "如", "包括", "其中", "以及", "及", "与", "和", "同", "跟", "或",
    "由", "在", "对", "向", "为", "将", "把", "被", "让", "使", "从", "经", "据", "按",
    "等", "的", "了", "是", "有", "并", "也", "还", "均", "都", "已", "已经", "正在",
    "推动", "推进", "支持", "依托", "联合", "建设", "打造", "发挥", "引入", "加快", "加强",
    "完善", "组建", "成立", "设立", "升级", "共建", "签订", "承担", "获批", "入选", "落地",
    "聚焦", "围绕", "通过", "形成", "构建", "培育", "举办", "组织", "会同", "协同", "深化",
    "开展", "启动", "建立", "搭建", "引导", "鼓励", "促进", "提升", "实施", "开发", "推荐",
    "着力", "积极", "会同", "组建", "充分", "持续", "进一步", "全面", "大力", "重点", "主动", "率先",
    "分别", "共同", "携手", "对接", "合作", "牵头", "参与", "协助", "配合", "负责",
    "发布", "出台", "制定", "编制", "落实", "贯彻", "依据", "根据", "关于", "针对", "面向",
    "服务于", "投资", "领投", "跟投", "资助", "获得", "获", "收到", "分获", "借鉴", "邀请",
    "联动", "健全", "做好", "用好", "引进", "吸引", "集聚", "聚集", "新建", "筹建", "新设",
    "简称", "抄送", "印发", "报送", "致", "感谢", "尊敬", "您", "我们", "我", "我委", "本", "该",
    "各", "各家", "各类", "相关", "有关", "其", "这", "此", "那", "每", "一批", "多家",
    # the role of an investor named next: 老股东德诚资本, 现有股东中南创投
    "股东", "老股东", "原股东", "现有股东", "新股东", "原有股东",
}
# Role words pkuseg cuts across (老股|东德诚): the role's last character joins the role again.
GLUED_ROLE_WORDS = ("股东",)

# A firm announcing its round (X宣布完成30亿元融资, X完成C轮融资, X获数千万元A轮融资), and the words
# between the firm's name and that verb (近日, 正式, 今日宣布): the recogniser names the firm, the
# relation rules take it as the round's raiser.
ROUND_VERB_PATTERN = r"(?:宣布完成|完成了?|获得了?|获)[^。；，,]{0,24}?融资"
RAISER_GAP_WORDS = ("已经", "近日", "日前", "宣布", "正式", "成功", "顺利", "再次", "今日", "今天", "近期", "刚刚",
                    "于", "已", "又", "也", "再")

# Part-of-speech tags (jieba's lexicon) that never occur inside a name.
BOUNDARY_TAGS = {"v", "p", "c", "d", "u", "uj", "ul", "uz", "ug", "uv", "ud", "r", "ad",
                 "vd", "y", "e", "o", "m", "q", "t", "zg", "df", "f"}
# Verbs that do appear inside names (平台 names are verbal: 医产融合创新策源平台).
NAME_INTERNAL_VERBS = {
    "创新", "转化", "融合", "研究", "发现", "服务", "协同", "应用", "检测", "审评", "检查",
    "监管", "监督", "管理", "发展", "合成", "研发", "交叉", "孵化", "投资", "融资", "保障",
    "促进", "交流", "指导", "注册", "制造", "生产", "协作", "开放", "示范", "治疗", "诊疗",
    "保健", "康复", "护理", "教育", "卫生", "健康", "创业", "推广", "评价", "验证", "并购",
    "引导", "建设", "工作", "代表", "提案", "审查", "核查", "转移", "规划", "改革", "资源",
    "外办", "科建", "未来", "生态", "环境", "交通", "资助", "咨询", "协调", "经济", "计划", "生育",
    # -omics inside research names: 人类表型组研究院, 基因组研究所
    "组", "组学", "免疫",
    # democratic parties: 农工党浦东区委, 民盟徐汇区委 are one body
    "民盟", "民进", "民建", "民革", "农工党", "九三学社", "致公党", "台盟",
}

# Modifiers that make a suffix word generic rather than a name (各家医院, 区属医疗机构).
GENERIC_MODIFIERS = {
    "各", "各家", "各类", "相关", "有关", "区属", "市属", "区级", "市级", "国家级", "省级",
    "本市", "本区", "属地", "综合", "专科", "研究型", "示范性", "高水平", "高能级", "公共",
    "功能性", "新型", "这些", "该", "多家", "一批", "大", "小", "中", "高", "全球", "区域",
    "国际", "国内", "海外", "本地", "地方", "基层", "社区", "公立", "民营", "三甲", "定点",
    "优质", "重点", "龙头", "领军", "创新型", "科技型", "专业", "专业化", "高质量", "一流",
    "世界级", "其他", "其它", "上级", "下属", "直属", "职能", "政府", "我", "本", "两",
    "外资", "大型", "中小", "研究", "创新", "产业", "临床", "医疗", "生物医药", "医学",
    "公共服务", "服务", "技术", "科研", "企业", "大企业", "镇", "街道", "乡镇", "管理",
    "市场", "金融", "试点", "孵化", "合作", "联合", "共建", "首批", "第一批", "一家",
    "研发", "区域", "企业区域", "外资研发", "智慧", "开放", "概念", "验证", "概念验证", "成本", "产出", "电商", "国资", "一站式",
    "化药", "CDMO", "创业", "世界级", "示范", "跨国", "政策", "国内", "科技", "试点产医",
    "产学研", "产学研医", "融合", "领域", "多领域", "交流", "私募", "引导", "天使", "风险投资", "投资", "股权投资", "政府引导", "产业投资",
    # determiners and descriptions of a firm, fund or unit: 上述公司, 目标基金, 平行基金, 集约化运营平台
    "上述", "目标", "平行", "上市", "生产", "推进", "眼科", "器械", "医疗器械", "集约化", "运营", "母子",
    "专项", "行业", "股权", "园区", "治疗", "工程", "水平", "类别", "良好", "高端", "实体", "兄弟", "制药",
    "生物制药", "中医", "中医类", "直辖市", "发展", "科学", "科创", "所属", "下辖", "各地", "同类",
    "投资促进",
}

# Whole names that are category words, whatever the modifier list says.
GENERIC_NAMES = {
    "医院", "大学", "学院", "中心", "平台", "基地", "基金", "公司", "集团", "委员会", "政府",
    "人民政府", "管委会", "管理局", "办公室", "研究院", "研究所", "实验室", "联盟", "医学院",
    "研发中心", "创新中心", "服务中心", "研究中心", "服务平台", "创新平台", "孵化器",
    "概念验证中心", "公共服务平台", "创新联合体", "产业基金", "母基金", "子基金",
    "社区卫生服务中心", "卫生服务中心", "研究型医院", "专科医院", "综合医院", "中医院",
    "临床研究中心", "临床试验基地", "产业基地", "生产基地", "示范基地", "分中心", "街道办事处",
    "镇政府", "区政府各委", "科研院所", "高校院所", "医疗机构", "生物医药", "中医药",
    "私募基金", "引导基金", "投资基金", "天使基金", "风险投资基金", "股权投资基金",
    "生物科技公司", "医药公司", "医疗器械公司", "科技公司", "生物医药公司", "制药公司", "投资公司",
    "基金公司", "药企", "医药企业", "投资机构",
    "办事处", "数据中心", "检测中心", "医学中心", "生物科技", "医疗科技", "生命科技",
    "诊断中心", "影像中心", "透析中心", "体检中心", "医学影像中心", "影像诊断中心", "医学影像诊断中心",
    "重点实验室", "国家重点实验室", "全国重点实验室",
}

CN_NUMERALS = "一二三四五六七八九十"


@lru_cache(maxsize=4)
def opencc_dictionary(name: str) -> dict[str, list[str]]:
    """One of OpenCC's dictionary files (``TSCharacters.txt``, ``TSPhrases.txt`` …): key → its conversions."""
    import opencc  # noqa: PLC0415 - only when traditional text is read

    path = Path(opencc.__file__).parent / "dictionary" / name
    return {key: values.split() for key, _, values in
            (line.partition("\t") for line in path.read_text(encoding="utf-8").splitlines())}
