"""The pilot's shape (PROCESS.md section 2): Xihu District, 2 streets, 21 communities.

Xiangshan (象山) and Xiawan (下湾) are named in the study; the study does not say which street
holds them, nor name the other 19: those names and every resident count are plausible stand-ins.
"""

STREETS = [
    ("guangrunmen", "广润门街道", "Guangrunmen Street", [
        ("xiangshan", "象山社区", "Xiangshan", 6820),
        ("xiawan", "下湾社区", "Xiawan", 5410),
        ("cuihuajie", "翠花街社区", "Cuihuajie", 4980),
        ("zhongshanlu", "中山路社区", "Zhongshanlu", 7150),
        ("shenglilu", "胜利路社区", "Shenglilu", 6230),
        ("wanshougong", "万寿宫社区", "Wanshougong", 5870),
        ("zongmaoxiang", "棕帽巷社区", "Zongmaoxiang", 4320),
        ("wazijiao", "瓦子角社区", "Wazijiao", 5060),
        ("cuxiang", "醋巷社区", "Cuxiang", 3890),
        ("liaozhou", "蓼洲社区", "Liaozhou", 6640),
        ("hongcheng", "洪城社区", "Hongcheng", 7420),
    ]),
    ("nanpu", "南浦街道", "Nanpu Street", [
        ("nanpu-c", "南浦社区", "Nanpu", 6110),
        ("fuhe", "抚河社区", "Fuhe", 5580),
        ("taoyuan", "桃源社区", "Taoyuan", 7930),
        ("chaoyang", "朝阳社区", "Chaoyang", 6750),
        ("shizijie", "十字街社区", "Shizijie", 4460),
        ("ruzilu", "孺子路社区", "Ruzilu", 5290),
        ("dinggonglu", "丁公路社区", "Dinggonglu", 6980),
        ("xihu-c", "西湖社区", "Xihu", 5720),
        ("hongdu", "洪都社区", "Hongdu", 6340),
        ("tengwangge", "滕王阁社区", "Tengwangge", 4870),
    ]),
]

ORGANISATIONS = [
    ("university_volunteers", "南昌大学青年志愿者协会", "Nanchang University Volunteers", "xihu"),
    ("university_volunteers", "江西财经大学青年志愿者协会", "JUFE Volunteers", "xihu"),
    ("alumni", "江西师范大学南昌校友会", "JXNU Alumni Association, Nanchang", "xihu"),
    ("community_group", "象山社区广场舞队", "Xiangshan Square Dance Team", "xiangshan"),
    ("community_group", "下湾社区太极拳协会", "Xiawan Tai Chi Association", "xiawan"),
    ("community_group", "南浦社区书画社", "Nanpu Calligraphy Club", "nanpu-c"),
    ("expert_group", "西湖区参与式预算专家组", "Xihu PB Expert Group", "xihu"),
]

DEMO_PASSWORD = "xihu2018"  # noqa: S105 - printed on purpose: demo accounts only

# username, display name, role, unit code, organisation (Chinese name) or None
LOGINS = [
    ("admin", "区民政局管理员", "district_admin", "xihu", None),
    ("street_guangrunmen", "广润门街道干部", "street_officer", "guangrunmen", None),
    ("street_nanpu", "南浦街道干部", "street_officer", "nanpu", None),
    ("staff_xiangshan", "象山社区工作人员", "community_staff", "xiangshan", None),
    ("staff_xiawan", "下湾社区工作人员", "community_staff", "xiawan", None),
    ("volunteer_xiangshan", "南大志愿者", "volunteer", "xiangshan", "南昌大学青年志愿者协会"),
    ("expert", "专家组成员", "expert", "xihu", "西湖区参与式预算专家组"),
    ("officer_xiangshan", "象山投票站工作人员", "station_officer", "xiangshan", None),
    ("counter_xiangshan", "象山点票员", "counter", "xiangshan", None),
    ("scrutineer_xiangshan", "象山监票员", "scrutineer", "xiangshan", None),
    ("resident_xiangshan", "象山居民", "resident", "xiangshan", None),
]
