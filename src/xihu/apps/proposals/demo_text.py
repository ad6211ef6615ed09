"""Templates of typical micro-project requests (幸福微实事) for the demo: seeded, realistic
Chinese proposals. Each theme is one likely project; variants are how residents phrase it."""

# category, level, title, phrasings ({p}: the place)
THEMES: list[tuple[str, str, str, list[str]]] = [
    ("lighting", "community", "{p}楼道灯维修", ["{p}楼道灯坏了，晚上上下楼很黑", "修好{p}的楼道灯", "{p}楼道太暗，老人摔过跤"]),
    ("lighting", "community", "{p}改声控节能灯", ["{p}楼道灯改成声控灯，省电", "{p}换节能声控灯"]),
    ("lighting", "community", "{p}加装路灯", ["在{p}加装路灯", "{p}晚上没有灯，走路不安全", "{p}路灯太少"]),
    ("toilet", "community", "{p}新建公共厕所", ["在{p}建一个公共厕所", "{p}附近没有厕所，很不方便", "希望{p}有个公厕"]),
    ("toilet", "community", "{p}公厕翻新", ["{p}的公共厕所太旧，需要翻新", "{p}公厕又脏又臭，改造一下"]),
    ("fitness", "community", "{p}增设健身器材", ["在{p}增设健身器材", "{p}放几件健身器材给老人锻炼", "希望{p}有健身路径"]),
    ("fitness", "community", "{p}更换老旧健身器材", ["{p}的健身器材坏了，更换一下", "更换{p}生锈的健身器材"]),
    ("parking", "community", "{p}规划停车位", ["规划{p}停车位，解决乱停车", "{p}车乱停，画停车位", "{p}停车难"]),
    ("parking", "community", "{p}非机动车棚", ["在{p}建非机动车棚", "{p}电动车没地方停，搭个车棚"]),
    ("parking", "community", "{p}电动车充电桩", ["{p}安装电动车充电桩", "{p}飞线充电危险，装充电桩", "希望{p}有充电桩"]),
    ("drainage", "community", "{p}下水道疏通改造", ["疏通{p}下水道，经常堵塞", "{p}下水道堵了，污水外溢", "{p}化粪池满了要清理"]),
    ("drainage", "community", "{p}排水沟改造", ["{p}一下雨就积水，改造排水沟", "{p}积水严重"]),
    ("security", "community", "{p}安装监控", ["在{p}安装监控摄像头", "{p}电动车被偷，装监控", "{p}没有监控，不安全"]),
    ("security", "community", "{p}加装门禁", ["{p}加装门禁系统", "{p}外人随便进出，装门禁"]),
    ("greening", "community", "{p}补种绿化", ["{p}补种绿化", "{p}光秃秃的，种点树", "{p}的花坛荒了"]),
    ("greening", "community", "{p}清理杂草种花", ["清理{p}杂草，种花草", "{p}杂草丛生，蚊子多"]),
    ("seating", "community", "{p}休闲座椅", ["在{p}放置休闲座椅", "{p}没有地方坐，放几张椅子", "{p}增加石凳"]),
    ("seating", "community", "{p}增建凉亭", ["{p}建个凉亭，夏天乘凉", "{p}增加遮阳棚和座椅"]),
    ("notice", "community", "{p}宣传栏", ["在{p}设立宣传栏", "{p}的公告栏太旧，更新一下", "{p}装个信息公告屏"]),
    ("roads", "community", "{p}破损路面修补", ["修补{p}破损路面", "{p}路面坑坑洼洼", "{p}的路下雨全是泥"]),
    ("roads", "community", "{p}防滑地砖", ["{p}铺设防滑地砖", "{p}台阶太滑，老人容易摔"]),
    ("elderly", "community", "{p}加装扶手", ["{p}加装扶手方便老人", "{p}楼梯没有扶手"]),
    ("elderly", "community", "{p}老年活动室添置桌椅", ["{p}老年活动室添置桌椅", "{p}活动室的桌椅坏了"]),
    ("culture", "community", "{p}社区书屋", ["{p}建社区书屋", "{p}给孩子们弄个阅览室"]),
    ("culture", "community", "{p}儿童游乐设施", ["{p}增设儿童游乐设施", "{p}小孩没地方玩，装滑梯"]),
    ("other", "community", "{p}晾衣架", ["{p}装公共晾衣架", "{p}没地方晒被子"]),
    ("other", "community", "{p}垃圾分类亭", ["{p}设垃圾分类亭", "{p}垃圾桶太少，垃圾乱扔"]),
]

STREET_THEMES: list[tuple[str, str, str, list[str]]] = [
    ("roads", "street", "{p}人行道改造", ["{p}人行道破损，整体改造", "{p}人行道砖松动"]),
    ("parking", "street", "{p}公交候车亭", ["{p}增设公交候车亭", "{p}等公交没有遮雨的地方"]),
    ("greening", "street", "{p}沿岸步道绿化", ["{p}沿岸步道绿化提升", "{p}步道改造，方便散步"]),
    ("security", "street", "{p}交通秩序整治", ["整治{p}交通秩序，加装信号灯", "{p}路口太乱，装红绿灯"]),
]

# Proposals that the seven reasons exclude, with the reason and the community's explanation.
EXCLUDED: list[tuple[str, str, str, str]] = [
    ("给我家门口单独装一盏灯", "lighting", "not_public", "只惠及一户，不属于公共利益。"),
    ("{p}电梯坏了请维修", "other", "other_party", "电梯维修由物业公司负责，已转交物业。"),
    ("{p}楼顶漏水请维修", "other", "other_party", "属于房屋维修基金使用范围，由业委会申请。"),
    ("把{p}空地改成私人菜地", "greening", "unlawful", "占用公共用地种菜违反管理规定。"),
    ("拓宽{p}主干道", "roads", "government", "区里已立项改造该道路，与政府项目重复。"),
    ("在{p}建一座室内游泳馆", "fitness", "over_budget", "造价远超三十万元预算。"),
    ("{p}修建地下停车场", "parking", "capacity", "超出街道建设能力范围。"),
    ("在{p}架设过街天桥", "roads", "infeasible", "路口宽度不足，技术上不可行。"),
]

PLACES = ["小区大门口", "社区广场", "菜市场旁", "老年活动中心", "幼儿园门口", "小学后门", "中心花园",
          "篮球场边", "社区服务中心", "巷子口", "停车场", "居委会门前", "河边空地", "公交站旁"]
STREET_PLACES = ["象山北路", "中山路", "胜利路", "抚河北路", "孺子路", "船山路", "系马桩"]
PREFIXES = ["", "", "建议", "希望", "能不能", "强烈要求", "居民反映："]
SUFFIXES = ["", "", "。", "，方便居民。", "，大家都很需要。", "，谢谢！", "，老人小孩都受益。"]

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀英华霞平刚桂兰文辉建国志红玉梅鹏飞斌宇浩凯晨欣怡子涵雨轩佳琪思远博文"
