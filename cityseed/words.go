package cityseed

// This file holds the words the generator draws from. Every name in it is
// made up; any likeness to a real place, company or person is chance.

// familyName is a surname with its weight: common names come up more often.
type familyName struct {
	name   string
	weight float64
}

// familyNames are the surnames of the city's residents.
var familyNames = []familyName{
	{"王", 7.1}, {"李", 7.0}, {"张", 6.8}, {"刘", 5.4}, {"陈", 4.6}, {"杨", 3.1}, {"黄", 2.2}, {"赵", 2.1},
	{"吴", 2.0}, {"周", 1.9}, {"徐", 1.5}, {"孙", 1.4}, {"马", 1.3}, {"朱", 1.3}, {"胡", 1.2}, {"郭", 1.1},
	{"何", 1.1}, {"高", 1.0}, {"林", 1.0}, {"罗", 0.9}, {"郑", 0.9}, {"梁", 0.8}, {"谢", 0.7}, {"宋", 0.7},
	{"唐", 0.6}, {"许", 0.6}, {"韩", 0.6}, {"冯", 0.6}, {"邓", 0.6}, {"曹", 0.6}, {"彭", 0.5}, {"曾", 0.5},
	{"肖", 0.5}, {"田", 0.5}, {"董", 0.5}, {"袁", 0.5}, {"潘", 0.4}, {"于", 0.4}, {"蒋", 0.4}, {"蔡", 0.4},
	{"余", 0.4}, {"杜", 0.4}, {"叶", 0.4}, {"程", 0.4}, {"苏", 0.4}, {"魏", 0.4}, {"吕", 0.3}, {"丁", 0.3},
	{"任", 0.3}, {"沈", 0.3}, {"姚", 0.3}, {"卢", 0.3}, {"姜", 0.3}, {"崔", 0.3}, {"钟", 0.3}, {"谭", 0.3},
	{"陆", 0.3}, {"汪", 0.3}, {"范", 0.3}, {"金", 0.3}, {"石", 0.3}, {"廖", 0.2}, {"贾", 0.2}, {"夏", 0.2},
	{"韦", 0.2}, {"傅", 0.2}, {"方", 0.2}, {"白", 0.2}, {"邹", 0.2}, {"孟", 0.2}, {"熊", 0.2}, {"秦", 0.2},
	{"邱", 0.2}, {"江", 0.2}, {"尹", 0.2}, {"薛", 0.2}, {"闫", 0.2}, {"段", 0.2}, {"雷", 0.2}, {"侯", 0.2},
	{"龙", 0.2}, {"史", 0.2}, {"陶", 0.2}, {"黎", 0.2}, {"贺", 0.2}, {"顾", 0.2}, {"毛", 0.2}, {"郝", 0.1},
	{"龚", 0.1}, {"邵", 0.1}, {"万", 0.1}, {"钱", 0.1}, {"严", 0.1}, {"覃", 0.1}, {"武", 0.1}, {"戴", 0.1},
	{"莫", 0.1}, {"孔", 0.1}, {"向", 0.1}, {"汤", 0.1}, {"欧阳", 0.05}, {"诸葛", 0.02}, {"司徒", 0.02},
}

// Characters of given names, leaning male, female or neither.
var (
	boyChars   = []rune("伟刚勇毅俊峰强军平保东文辉力明永健世广志义兴良海山仁波宁贵福生龙元全国胜学祥才发武新利清飞彬富顺信子杰涛昌成康星光天达安岩中茂进林有坚和彪博诚先敬震振壮会思群豪心邦承乐绍功松善厚庆磊民友裕河哲江超浩亮政谦亨奇固之轮翰朗伯宏言若鸣朋斌梁栋维启克伦翔旭鹏泽晨辰士以建家致树炎德行时泰盛雄琛钧冠策腾楠榕风航弘")
	girlChars  = []rune("秀娟英华慧巧美娜静淑惠珠翠雅芝玉萍红娥玲芬芳燕彩春菊兰凤洁梅琳素云莲真环雪荣爱霞香月莺媛艳瑞佳嘉琼勤珍莉桂叶璐娅琦晶妍茜秋珊莎锦黛青倩婷婉娴瑾颖露瑶怡蓓仪荷丹蓉君琴蕊薇菁梦岚苑婕馨琰韵咏卿澜纯悦昭冰琬茗羽希宁欣筠柔竹凝晓欢芸菲舒影丽妮")
	bothChars  = []rune("文明晓雨思一嘉安诗子可天小新若宏亚晨")
	elderBoys  = []string{"建国", "国庆", "建华", "卫国", "红兵", "德胜", "福根", "金宝", "大伟", "根生", "志刚", "永康", "振东", "国强", "海根", "荣发"}
	elderGirls = []string{"秀英", "桂英", "凤英", "美娣", "阿妹", "玉珍", "秀珍", "桂芳", "金凤", "月英", "彩凤", "惠芬", "雪娟", "爱华", "小妹", "招娣"}
)

// Area codes of ID-card numbers: the city's districts for registered
// residents, other provinces for the floating population.
var (
	cityAreaCodes  = []string{"310101", "310104", "310105", "310106", "310107", "310109", "310110", "310112", "310113", "310115"}
	otherAreaCodes = []string{
		"320102", "320205", "320311", "320506", "330102", "330203", "330602", "340103", "340202", "341302",
		"350102", "360103", "370102", "370202", "410102", "410302", "420102", "420502", "430102", "440103",
		"450102", "500103", "510104", "510703", "520102", "530102", "610102", "620102", "230102", "220102",
	}
)

// mobilePrefixes are the first three digits of mainland mobile numbers.
var mobilePrefixes = []string{
	"130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "147", "150", "151", "152",
	"153", "155", "156", "157", "158", "159", "166", "173", "175", "176", "177", "178", "180", "181",
	"182", "183", "184", "185", "186", "187", "188", "189", "191", "195", "198", "199",
}

// districts are the city's districts, laid out as a 3 x 3 map from
// south-west to north-east, with streets (街道) of each.
var districts = [3][3]struct {
	name    string
	streets []string
}{
	{
		{"闵行区", []string{"古美路街道", "江川路街道", "新虹街道"}},
		{"徐汇区", []string{"康健新村街道", "田林街道", "长桥街道", "凌云路街道"}},
		{"浦东新区", []string{"三林镇", "周家渡街道", "上钢新村街道"}},
	},
	{
		{"长宁区", []string{"仙霞新村街道", "天山路街道", "程家桥街道"}},
		{"静安区", []string{"曹家渡街道", "江宁路街道", "石门二路街道"}},
		{"黄浦区", []string{"打浦桥街道", "五里桥街道", "老西门街道"}},
	},
	{
		{"普陀区", []string{"长风新村街道", "甘泉路街道", "宜川路街道"}},
		{"虹口区", []string{"凉城新村街道", "欧阳路街道", "曲阳路街道"}},
		{"杨浦区", []string{"五角场街道", "控江路街道", "殷行街道", "长白新村街道"}},
	},
}

// Community names are a first part and a second part: 400 distinct names.
var (
	communityFirst = []string{
		"梧桐", "香樟", "银杏", "玉兰", "紫藤", "海棠", "桂花", "石榴", "樱桃", "枫林",
		"青松", "翠竹", "芙蓉", "丁香", "蔷薇", "合欢", "杨柳", "木棉", "芳草", "清溪",
		"明月", "长虹", "朝阳", "晨曦", "春晖", "秋水", "和平", "安康", "永乐", "太平",
		"兴业", "新华", "光明", "同心", "友谊", "建设", "幸福", "康乐", "德馨", "仁和",
	}
	communitySecond = []string{"里", "坊", "苑", "湾", "桥", "园", "路", "新村", "街", "浜"}
)

// Compound names are a word and a suffix.
var (
	compoundWords = []string{
		"锦绣", "华庭", "翠湖", "金色", "绿洲", "阳光", "名都", "东方", "星河", "御景",
		"春江", "云台", "凤凰", "天平", "静安", "水岸", "雅居", "丽晶", "嘉年", "明珠",
		"长乐", "延庆", "复兴", "淮海", "宝庆", "平安", "吉祥", "如意", "福寿", "康宁",
		"新康", "永嘉", "安福", "高安", "乌鲁", "湖滨", "柳营", "樱园", "松风", "竹韵",
	}
	compoundSuffixes = []string{"小区", "新村", "花园", "公寓", "苑", "大楼", "里弄", "家园", "坊", "城"}
)

// roads are the names of the roads compounds lie on.
var roads = []string{
	"梧桐路", "香樟路", "银杏路", "枫林路", "清溪路", "长虹路", "朝阳路", "春晖路", "和平路", "兴业路",
	"新华路", "光明路", "建设路", "幸福路", "仁和路", "德馨路", "安康路", "永乐路", "太平路", "明月路",
	"凌云路", "漕溪路", "宜山路", "田林路", "龙华路", "中山南路", "宛平路", "天钥桥路", "虹梅路", "古美路",
}

// propertyCompanies manage the compounds that have property management.
var propertyCompanies = []string{
	"安居物业服务有限公司", "申城物业管理有限公司", "瑞和物业服务有限公司", "绿城家园物业有限公司",
	"恒信物业管理有限公司", "东湖物业服务有限公司", "华润万家物业有限公司", "新城悦物业服务有限公司",
}

// workUnits are the employers of stewards and of patrol volunteers who work nearby.
var workUnits = []string{
	"区中心医院", "市第三中学", "街道办事处", "区税务局", "市自来水公司营业所", "城区供电所", "区图书馆",
	"市体育中心", "城南大学", "区人民法院", "区市场监督管理所", "公交第五车队", "区疾控中心", "中心小学",
	"区退役军人服务站", "邮政支局", "区文化馆", "银行支行", "地铁运营公司", "区消防救援站",
}

// venueKinds name the places of the four commercial grids.
var venueKinds = [4][]string{
	{"体育中心体育场", "体育中心体育馆", "体育中心北广场", "游泳馆"},
	{"大学南门", "大学教学楼", "大学学生公寓", "大学西门外"},
	{"商务大厦", "国际中心", "科技园", "写字楼"},
	{"酒店", "宾馆", "沿街商铺", "美食街"},
}

// commercialGrids name the four commercial grids.
var commercialGrids = [4]struct{ name, description string }{
	{"体育场馆商务网格", "体育中心的体育场、体育馆和游泳馆，每年承接大型活动数十场。"},
	{"大学商务网格", "大学校区及周边学生公寓。"},
	{"楼宇商务网格", "商务楼宇、科技园和驻区企业。"},
	{"酒店商铺商务网格", "酒店、宾馆和沿街商铺。"},
}

// gridNumerals number the residential grids.
var gridNumerals = []string{"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"}

// issueTemplate is the title and description of a kind of report.
// Placeholders: {b} building, {u} unit, {c} compound, {p} a place in a
// commercial grid.
type issueTemplate struct {
	kind, category string
	title, body    string
	outside        bool // happens in a commercial grid, not in a compound
	incident       string
}

// issueTemplates are the reports, by kind.
var issueTemplates = []issueTemplate{
	{kind: "DISPUTE", category: "NEIGHBOURS", title: "楼上卫生间漏水到楼下", body: "{b}号楼楼上卫生间防水坏了，我家天花板一直滴水，楼上不承认，协商不成。"},
	{kind: "DISPUTE", category: "NEIGHBOURS", title: "邻居在楼道堆放杂物", body: "{b}号楼{u}单元邻居在楼道里堆了很多旧家具，说了几次不听，还吵了起来。"},
	{kind: "DISPUTE", category: "NOISE", title: "楼上夜间噪音扰民", body: "楼上每天半夜还在敲敲打打，孩子睡不好觉，上去沟通反而被骂。"},
	{kind: "DISPUTE", category: "NOISE", title: "装修施工时间违规", body: "{b}号楼有住户周末一大早就开始电钻施工，多次劝说无效。"},
	{kind: "DISPUTE", category: "TENANCY", title: "房东不退押金", body: "合同到期按时搬走，房东以家具损坏为由扣下全部押金，双方谈不拢。"},
	{kind: "DISPUTE", category: "TENANCY", title: "合租室友分摊房租起争执", body: "合租的同学对房租和水电怎么分有分歧，已经吵了好几回，希望社区帮忙调解。"},
	{kind: "DISPUTE", category: "PROPERTY", title: "前夫不让进自己的房子", body: "房子登记在我名下，离婚后前夫换了门锁不让我进门。"},
	{kind: "DISPUTE", category: "FAMILY", title: "子女赡养老人起纠纷", body: "老人年纪大了需要照顾，几个子女对照顾和费用分担谈不拢。"},
	{kind: "DISPUTE", category: "PARKING", title: "车位被长期占用", body: "我租的车位天天被一辆车占着，车主电话打不通。"},
	{kind: "DISPUTE", category: "NEIGHBOURS", title: "宠物狗扰邻", body: "邻居家的狗整夜叫，遛狗也不拴绳，沟通后没有改善。"},

	{kind: "HAZARD", category: "SAFETY", title: "楼道堆物堵塞消防通道", body: "{b}号楼{u}单元楼道被纸箱杂物堵住了一半，着火了跑不出去。"},
	{kind: "HAZARD", category: "SAFETY", title: "电动车在楼道内充电", body: "{b}号楼有人把电动车推进楼道里充电，整晚插着电。"},
	{kind: "HAZARD", category: "SAFETY", title: "飞线充电", body: "{b}号楼有住户从窗口拉电线下来给电动车充电。"},
	{kind: "HAZARD", category: "SAFETY", title: "消防通道被车辆堵塞", body: "{c}消防通道上停满了私家车，消防车进不来。"},
	{kind: "HAZARD", category: "FACILITIES", title: "外墙空调架锈蚀松动", body: "{b}号楼外墙有空调架锈得厉害，下面是人行道，怕掉下来砸到人。"},
	{kind: "HAZARD", category: "FACILITIES", title: "窨井盖破损", body: "小区主路上有个窨井盖裂了，晚上看不清很危险。"},
	{kind: "HAZARD", category: "SAFETY", title: "灭火器过期", body: "{b}号楼楼道里的灭火器已经过期两年了。"},
	{kind: "HAZARD", category: "SAFETY", title: "场馆外围护栏缺失", body: "{p}外面的护栏少了一段，旁边是施工坑。", outside: true},

	{kind: "EMERGENCY", category: "SAFETY", title: "独居老人家中摔倒", body: "{b}号楼{u}单元一位独居老人摔倒在家里起不来，敲门能听到回应。"},
	{kind: "EMERGENCY", category: "FACILITIES", title: "电梯困人", body: "{b}号楼电梯停在半层，里面有人被困。"},
	{kind: "EMERGENCY", category: "SAFETY", title: "闻到燃气味", body: "{b}号楼{u}单元楼道里燃气味很重，不知道哪家漏气。"},
	{kind: "EMERGENCY", category: "SAFETY", title: "老人走失", body: "家里有认知障碍的老人早上出门后一直没有回来。"},
	{kind: "EMERGENCY", category: "OTHER", title: "有人醉倒在路边", body: "{p}附近有人喝醉躺在地上，叫不醒。", outside: true},

	{kind: "PUBLIC_AFFAIR", category: "SANITATION", title: "垃圾箱房清运不及时", body: "{c}垃圾箱房已经满出来两天了，气味很大。"},
	{kind: "PUBLIC_AFFAIR", category: "SANITATION", title: "垃圾分类投放点位置不合理", body: "垃圾投放点就在{b}号楼窗下，夏天味道很重，希望换个位置。"},
	{kind: "PUBLIC_AFFAIR", category: "FACILITIES", title: "老旧电梯经常故障", body: "{b}号楼电梯用了二十多年，这个月坏了好几次，老人上下楼困难。"},
	{kind: "PUBLIC_AFFAIR", category: "FACILITIES", title: "加装电梯征询意见", body: "{b}号楼多数住户想加装电梯，希望社区组织一次议事。"},
	{kind: "PUBLIC_AFFAIR", category: "FACILITIES", title: "楼道灯不亮", body: "{b}号楼{u}单元楼道灯坏了一个月没人修。"},
	{kind: "PUBLIC_AFFAIR", category: "FACILITIES", title: "小区路面积水", body: "{c}主路一下雨就积水，老人出行不便。"},
	{kind: "PUBLIC_AFFAIR", category: "FEES", title: "公共水费分摊不清", body: "总表和分表差额很大，公摊水费怎么算一直说不清。"},
	{kind: "PUBLIC_AFFAIR", category: "FEES", title: "物业费收缴率低", body: "不少住户拖欠物业费，物业说要减少保洁保安。"},
	{kind: "PUBLIC_AFFAIR", category: "PARKING", title: "停车难征求意见", body: "小区车位少车多，希望讨论停车管理办法。"},
	{kind: "PUBLIC_AFFAIR", category: "SANITATION", title: "活动散场后垃圾遍地", body: "{p}昨晚活动结束后周边全是垃圾。", outside: true},

	{kind: "HELP_REQUEST", category: "OTHER", title: "申请老年助餐", body: "家里老人独居腿脚不便，想申请社区助餐送餐。"},
	{kind: "HELP_REQUEST", category: "FACILITIES", title: "家里水管爆裂", body: "家里水管爆了总阀关不上，楼下已经渗水。"},
	{kind: "HELP_REQUEST", category: "OTHER", title: "开具居住证明", body: "孩子入学需要居住证明，请问社区能否出具。"},
	{kind: "HELP_REQUEST", category: "OTHER", title: "钥匙锁在家里", body: "出门忘带钥匙，孩子一个人在家，请帮忙联系正规开锁。"},
	{kind: "HELP_REQUEST", category: "FAMILY", title: "申请防走失手环", body: "家里老人有些糊涂，想申请防走失手环。"},
	{kind: "HELP_REQUEST", category: "OTHER", title: "捡到钱包寻找失主", body: "在{p}附近捡到一个钱包，想交给民警。", outside: true},

	{kind: "INQUIRY", category: "OTHER", title: "居住证办理材料", body: "请问办理居住证需要准备哪些材料？"},
	{kind: "INQUIRY", category: "TENANCY", title: "出租房屋如何登记", body: "准备把房子租出去，租客信息要怎么登记？"},
	{kind: "INQUIRY", category: "PARKING", title: "小区停车证怎么办", body: "新买了车，停车证在哪里办理？"},
	{kind: "INQUIRY", category: "SAFETY", title: "这条短信是不是诈骗", body: "收到短信说医保卡冻结要点链接解冻，是不是诈骗？"},
	{kind: "INQUIRY", category: "OTHER", title: "敬老卡办理流程", body: "老人刚满六十五岁，敬老卡在哪里办？"},
	{kind: "INQUIRY", category: "OTHER", title: "活动室开放时间", body: "社区活动室周末开放吗？想借用办读书会。"},
	{kind: "INQUIRY", category: "FEES", title: "水费阶梯价格咨询", body: "今年水费阶梯价格有没有调整？"},
	{kind: "INQUIRY", category: "SAFETY", title: "活动期间交通管制", body: "这周末{p}有大型活动，周边哪些路段会管制？", outside: true},

	{kind: "HELP_REQUEST", category: "SAFETY", title: "电动车电瓶被盗", body: "停在{b}号楼下的电动车电瓶昨晚被偷了。", incident: "PREVENTABLE"},
	{kind: "HELP_REQUEST", category: "SAFETY", title: "接到冒充客服电话被骗", body: "接到自称客服的电话说要退款，按对方说的操作后被转走了钱。", incident: "PREVENTABLE"},
	{kind: "HELP_REQUEST", category: "SAFETY", title: "快递被冒领", body: "快递显示放在{c}门口快递柜，取件时已被人取走。", incident: "PREVENTABLE"},
	{kind: "HELP_REQUEST", category: "SAFETY", title: "存包柜物品被盗", body: "在{p}存包柜里的手机被偷了。", outside: true, incident: "PREVENTABLE"},
	{kind: "EMERGENCY", category: "SAFETY", title: "入室盗窃", body: "下班回家发现{b}号楼家里门锁被撬，丢了现金和首饰。", incident: "CRIMINAL"},
}

// repeatPrefix starts the title of a police call that repeats an earlier one.
const repeatPrefix = "再次报警："

// resolutions say what was done, by kind of issue.
var resolutions = map[string][]string{
	"DISPUTE": {
		"经民警和调解员现场调解，双方达成一致。",
		"已组织双方当面沟通，约定按协商结果执行。",
		"律师提供法律意见后双方接受处理方案。",
	},
	"HAZARD": {
		"隐患已现场整改，已通知相关住户。",
		"物业已清理完毕并加强巡查。",
		"已更换破损设施，巡逻时继续关注。",
	},
	"EMERGENCY": {
		"民警和义警到场处置，人员已送医，家属已通知。",
		"已联系专业单位抢修，现场安全。",
		"人员已找到并安全送回家中。",
	},
	"PUBLIC_AFFAIR": {
		"已与相关部门协调落实，方案已公示。",
		"议事会已形成决议并开始实施。",
	},
	"HELP_REQUEST": {
		"已协助办理完毕。",
		"网格员已上门帮助解决。",
		"已联系相关服务单位处理。",
	},
	"INQUIRY": {
		"已电话答复。",
		"已在群内答复并告知办理渠道。",
		"已当面解答。",
	},
}

// resolutionsByCategory say what was done about hazards and public affairs, by category.
var resolutionsByCategory = map[string][]string{
	"SAFETY":     {"隐患已现场整改，已通知相关住户。", "已联系物业清理，义警巡逻时继续关注。", "已劝导住户整改并张贴安全提示。"},
	"FACILITIES": {"已报修并完成维修。", "维修资金申请已通过，施工已完成。", "已更换破损设施。"},
	"SANITATION": {"环卫所已调整清运频次。", "已组织清理并设置提醒标识。"},
	"FEES":       {"议事会已明确分摊办法并公示。", "已协调相关单位达成缴费方案。"},
	"PARKING":    {"已制定停车管理办法并公示。", "已联系车主挪车并加强巡查。"},
}

// rejectReasons say why an issue was rejected.
var rejectReasons = []string{
	"不属于社区处理范围，已告知向相关部门反映的渠道。",
	"经核实情况不属实。",
	"属于个人私事，已建议通过其他途径解决。",
}

// Comments of staff: public ones by kind, and internal ones.
var (
	publicRemarks = map[string][]string{
		"DISPUTE":       {"已约双方本周到议事室当面沟通。", "民警已上门了解情况，请双方先冷静。", "律师已提出意见，正在做双方工作。"},
		"HAZARD":        {"网格员已到现场核实，已通知限期整改。", "已联系物业，今天安排处理。", "已列入义警每日巡查点位。"},
		"EMERGENCY":     {"民警和就近义警已赶到现场。", "已联系120，家属已通知。", "现场已处置完毕。"},
		"PUBLIC_AFFAIR": {"已列入本月议事会议题。", "已与街道和相关部门对接。", "方案确定后会在群里公示。"},
		"HELP_REQUEST":  {"已电话联系您，请带好证件来办理。", "网格员已上门协助。", "已帮您联系维修师傅。"},
		"INQUIRY":       {"所需材料已在群公告列出。", "已电话回复，如有疑问可来警务室咨询。", "这是诈骗短信，请勿点击。"},
	}
	generalRemarks  = []string{"已收到，会尽快处理。", "正在处理中，有进展会告知。", "感谢您的反映。"}
	internalRemarks = []string{
		"当事人情绪激动，沟通注意方式。", "此户为出租房，已核对租客登记。", "建议请律师参与。",
		"该地址近期多次反映，列为重点关注。", "涉及独居老人，请楼组长每周回访。", "物业回复需申请维修基金。",
		"已同步派出所值班室备案。", "下次议事会请业委会参加。", "当事人不愿公开身份，注意保护隐私。",
	}
	reporterRemarks = []string{"谢谢，等你们消息。", "今天又出现了，麻烦再看看。", "已经好了，谢谢。", "请尽快处理。"}
)

// feedbacks are what reporters write with a rating, by rating.
var feedbacks = [6][]string{
	5: {"处理很及时，谢谢！", "民警耐心调解，问题解决了。", "当天就有人来，非常满意。"},
	4: {"解决了，就是时间稍长。", "处理得不错。"},
	3: {"基本解决，希望后续跟进。"},
	2: {"等了很久才有人联系。"},
	1: {"问题没有根本解决。"},
}

// Mediation texts.
var (
	agreements = []string{
		"双方同意按协商方案分担费用，于一周内履行完毕。",
		"责任方负责维修并赔偿损失，双方不再追究。",
		"双方约定相互谅解，今后注意邻里相处。",
		"押金按约定比例退还，双方确认无其他争议。",
	}
	partialAgreements = []string{"双方就主要问题达成一致，赔偿金额另行协商。", "维修方案已确定，费用分担尚有分歧。"}
	sessionNotes      = []string{
		"双方陈述了各自诉求，约定下次继续沟通。",
		"律师讲解了相关法律规定，双方态度有所缓和。",
		"现场查看后提出解决方案，双方表示考虑。",
	}
	// lastSessionNotes are the notes of a case's last session, by outcome.
	lastSessionNotes = map[string]string{
		"AGREEMENT": "双方在调解员主持下达成一致，签署调解协议。",
		"PARTIAL":   "双方就主要问题达成一致，其余问题另行协商。",
		"FAILED":    "双方分歧较大，未能达成一致。",
		"REFERRED":  "双方同意转交人民调解委员会继续调解。",
	}
	afterMediation = map[string]string{
		"PARTIAL":  "调解部分达成一致，剩余问题经网格员跟进后解决。",
		"FAILED":   "调解未成，已告知当事人通过诉讼途径解决。",
		"REFERRED": "已转交人民调解委员会和法院诉前调解处理。",
	}
)

// serviceNotes are entries of a steward's service log, by kind.
var serviceNotes = map[string][]string{
	"VISIT":             {"走访住户，了解近况。", "入户宣传议事会活动安排。"},
	"CARE_CHECK":        {"看望独居老人，身体状况良好。", "上门看望老人，帮忙买菜。", "提醒老人按时服药并告知家属。"},
	"BUILDING_PATROL":   {"巡查楼道，清理小广告。", "巡查楼道，劝离楼道充电电动车一辆。", "夜间巡查楼栋周边，无异常。"},
	"MEDIATION_SUPPORT": {"协助调解邻里漏水纠纷。", "陪同民警调解楼道堆物纠纷。"},
	"PUBLICITY":         {"在小区门口开展防诈骗宣传。", "讲解电动车安全充电。", "宣传垃圾分类。"},
	"OTHER":             {"协助核对人口信息。", "参加党群服务站值班。"},
}

// patrolLogs are the notes of patrol shifts.
var patrolLogs = []string{
	"巡逻正常，无异常情况。",
	"劝离楼道充电电动车一辆，已告知物业。",
	"发现消防通道停车两辆，已联系车主挪走。",
	"协助走失老人回家。",
	"夜间巡查沿街商铺，门窗均已关闭。",
	"发现路灯损坏一处，已上报。",
	"劝阻深夜聚集喧哗人员。",
}

// notices are safety publicity and announcements.
var notices = []struct{ kind, title, body string }{
	{"SAFETY_PUBLICITY", "防范电信网络诈骗提示", "凡是自称客服要求转账退款的都是诈骗，遇到可疑电话请先挂断，再向社区民警核实。"},
	{"SAFETY_PUBLICITY", "电动自行车安全充电提醒", "严禁电动自行车进楼入户和飞线充电，请到小区集中充电点充电。"},
	{"SAFETY_PUBLICITY", "冬季用火用电安全", "冬季取暖请注意用电安全，不要私拉乱接电线，外出时关闭电源。"},
	{"SAFETY_PUBLICITY", "防汛防台提示", "台风期间请收好阳台物品，远离广告牌和大树，注意出行安全。"},
	{"ANNOUNCEMENT", "议事会活动安排", "本月第一个周六下午在党群服务站召开居民议事会，欢迎参加。"},
	{"ANNOUNCEMENT", "停水通知", "因管道维修，本周三9:00至17:00停水，请提前储水。"},
	{"ANNOUNCEMENT", "律师驻点咨询", "每周四下午律师在调解室提供免费法律咨询。"},
	{"ANNOUNCEMENT", "垃圾分类投放时间调整", "自下月起，垃圾定时投放时间调整为早7:00-9:00、晚18:00-20:00。"},
	{"ANNOUNCEMENT", "大型活动交通管制", "本周末体育中心举办大型活动，周边道路临时管制，请绕行。"},
}
