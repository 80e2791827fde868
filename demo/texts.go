package demo

import (
	"wutong/ent/issue"
	"wutong/ent/servicerecord"
)

// This file holds the texts of the generated issues, comments, ratings and
// service log. Placeholders: {b} building, {u} unit, {compound} compound,
// {place} a place in a commercial grid, {who} how a steward names a
// resident (王大爷).

// issueText is the title and description of a kind of report.
type issueText struct {
	kind        issue.Kind
	category    issue.Category
	title       string
	description string
	winter      bool // only in the heating season (November to March)
	outside     bool // happens in a commercial grid, not in a compound
}

// disputeTexts are reports of disputes.
var disputeTexts = []issueText{
	{issue.KindDISPUTE, issue.CategoryPROPERTY, "共有房屋是否出售意见不一",
		"父母留下的老房子兄妹三人对是否出售、如何分配意见不一，多次争吵，请社区帮忙调解。", false, false},
	{issue.KindDISPUTE, issue.CategoryPROPERTY, "邻居私自在楼道加装铁门",
		"{b}号楼{u}单元邻居把楼道尽头围起来装了铁门当储物间，别人家没法通行，协商未果。", false, false},
	{issue.KindDISPUTE, issue.CategoryPROPERTY, "院内公共空地被个人圈占",
		"有住户在{b}号楼前的公共空地搭了棚子存放杂物，其他居民意见很大，当事人不愿拆除。", false, false},
	{issue.KindDISPUTE, issue.CategoryTENANCY, "房东拒不退还押金",
		"租期已满并按约定搬离，房东以墙面有污渍为由扣下全部押金，双方协商不成。", false, false},
	{issue.KindDISPUTE, issue.CategoryTENANCY, "合租室友分摊水电费起争执",
		"合租的几个人对水电燃气费怎么分意见不一，吵了好几次，想请社区帮忙说和。", false, false},
	{issue.KindDISPUTE, issue.CategoryTENANCY, "房东未提前通知要求收房",
		"房东突然要求一周内搬走，合同还有五个月到期，不同意就要断水断电。", false, false},
	{issue.KindDISPUTE, issue.CategoryTENANCY, "租客拖欠房租两个月",
		"{b}号楼出租房的租客已拖欠两个月房租，电话不接，房东要求社区协助联系。", false, false},
	{issue.KindDISPUTE, issue.CategoryTENANCY, "二房东转租引发纠纷",
		"从二房东手里租的房子，原房东上门说没授权转租，要求我们立即搬走。", false, false},
	{issue.KindDISPUTE, issue.CategoryNEIGHBOURS, "楼上漏水殃及楼下",
		"楼上厨房管道渗水，我家天花板发霉掉皮，楼上说不是他家的问题，不肯维修。", false, false},
	{issue.KindDISPUTE, issue.CategoryNEIGHBOURS, "楼道堆放杂物引发邻里争吵",
		"{b}号楼{u}单元邻居长期在楼道堆纸箱旧家具，提醒后对方态度很差，双方发生争吵。", false, false},
	{issue.KindDISPUTE, issue.CategoryNEIGHBOURS, "宠物狗在楼道随地便溺",
		"邻居遛狗不牵绳，狗在楼道里随地便溺，沟通几次都没有改善。", false, false},
	{issue.KindDISPUTE, issue.CategoryNEIGHBOURS, "空调外机正对邻居窗户",
		"新搬来的邻居把空调外机装在我家卧室窗户旁边，夏天热风直吹，噪音也大。", false, false},
	{issue.KindDISPUTE, issue.CategoryNEIGHBOURS, "楼上晾晒衣物滴水",
		"楼上阳台晾衣服一直往下滴水，我家晒的被子被弄湿好几次。", false, false},
	{issue.KindDISPUTE, issue.CategoryFAMILY, "老人赡养问题子女互相推诿",
		"八十多岁的老人身体不好，几个子女对谁来照顾、费用怎么分摊一直谈不拢。", false, false},
	{issue.KindDISPUTE, issue.CategoryFAMILY, "婆媳矛盾激烈争吵",
		"家中婆媳因为带孩子的事情经常争吵，昨晚吵得很厉害，邻居都听见了。", false, false},
	{issue.KindDISPUTE, issue.CategoryFAMILY, "离婚后探视孩子起冲突",
		"离婚后对方不按约定让我探望孩子，每次去都起冲突。", false, false},
	{issue.KindDISPUTE, issue.CategoryNOISE, "楼上深夜噪音扰民",
		"楼上住户每天晚上十一点以后还在拖拽家具、走路声很大，多次敲门沟通无效。", false, false},
	{issue.KindDISPUTE, issue.CategoryNOISE, "邻居装修超时施工",
		"周末早上七点就开始电钻施工，违反装修时间规定，老人孩子休息不好。", false, false},
	{issue.KindDISPUTE, issue.CategoryNOISE, "楼下饭馆排风扇噪音大",
		"楼下饭馆的排风扇一直开到半夜，声音很大，找老板说了没用。", false, false},
	{issue.KindDISPUTE, issue.CategoryNOISE, "广场舞音响音量过大",
		"每天晚上小区空地上跳广场舞，音响开得太大，附近住户意见很大。", false, false},
	{issue.KindDISPUTE, issue.CategoryPARKING, "私家车长期占用他人车位",
		"我租的车位经常被同一辆外地车占用，挪车电话打不通。", false, false},
	{issue.KindDISPUTE, issue.CategoryPARKING, "停车挡路引发争执",
		"{b}号楼门口有车辆长期停放挡住通道，车主与住户发生口角。", false, false},
}

// generalTexts are reports of every other kind.
var generalTexts = []issueText{
	// Hazards.
	{issue.KindHAZARD, issue.CategorySAFETY, "楼道堆放杂物堵塞消防通道",
		"{b}号楼{u}单元楼道里堆满了纸箱和旧家具，一旦着火根本跑不出去。", false, false},
	{issue.KindHAZARD, issue.CategorySAFETY, "电动自行车在楼道内充电",
		"{b}号楼有人把电动车推进楼道充电，晚上一直插着，存在火灾隐患。", false, false},
	{issue.KindHAZARD, issue.CategorySAFETY, "私拉电线飞线充电",
		"{b}号楼有住户从窗户拉电线下来给电动车充电，电线垂在过道上。", false, false},
	{issue.KindHAZARD, issue.CategorySAFETY, "灭火器过期、消火栓无水",
		"{b}号楼的灭火器压力表指针在红区，旁边消火栓打开没有水。", false, false},
	{issue.KindHAZARD, issue.CategorySAFETY, "地下室违规住人",
		"{b}号楼地下室隔出好几间住了人，通风差、用电乱，存在安全隐患。", false, false},
	{issue.KindHAZARD, issue.CategorySAFETY, "楼道内有燃气异味",
		"{b}号楼{u}单元三层附近闻到燃气味，不知道是哪家漏气。", false, false},
	{issue.KindHAZARD, issue.CategoryFACILITIES, "外墙瓷砖松动有脱落危险",
		"{b}号楼外墙有几块瓷砖已经鼓起来了，下面是人行通道，怕砸到人。", false, false},
	{issue.KindHAZARD, issue.CategoryFACILITIES, "井盖松动",
		"小区主路上的井盖踩上去晃动，晚上看不清容易崴脚。", false, false},
	{issue.KindHAZARD, issue.CategoryFACILITIES, "树枝压在电线上",
		"{b}号楼旁边的大树树枝压在电线上，刮风时有火花。", false, false},
	{issue.KindHAZARD, issue.CategoryPARKING, "车辆堵塞消防车通道",
		"小区消防车通道上停满了车，消防车根本进不来。", false, false},
	{issue.KindHAZARD, issue.CategorySAFETY, "场馆外围护栏破损",
		"{place}外围的护栏倒了一段，晚上很黑，行人容易掉进旁边的沟里。", false, true},
	{issue.KindHAZARD, issue.CategorySAFETY, "沿街商铺违规存放液化气罐",
		"{place}有店铺在后厨存放多个液化气罐，离灶台很近。", false, true},
	// Emergencies.
	{issue.KindEMERGENCY, issue.CategorySAFETY, "老人在家中摔倒无法起身",
		"{b}号楼{u}单元一位老人在家摔倒，隔着门喊人，家里没有其他人。", false, false},
	{issue.KindEMERGENCY, issue.CategoryFACILITIES, "电梯困人",
		"{b}号楼电梯停在两层之间，里面困着两个人，物业电话打不通。", false, false},
	{issue.KindEMERGENCY, issue.CategorySAFETY, "家中燃气泄漏",
		"家里燃气灶关了还有很大的气味，已经开窗，不敢开灯，请求帮助。", false, false},
	{issue.KindEMERGENCY, issue.CategorySAFETY, "孩子放学后走失",
		"七岁的孩子放学没有回家，学校说已经离校一个多小时了。", false, false},
	{issue.KindEMERGENCY, issue.CategoryOTHER, "醉酒人员倒在路边",
		"{place}附近有人喝醉倒在路边，叫不醒，天很冷。", false, true},
	{issue.KindEMERGENCY, issue.CategorySAFETY, "楼道内电动车起火冒烟",
		"{b}号楼一层楼道停放的电动车冒烟了，已经有人拿灭火器。", false, false},
	// Public affairs.
	{issue.KindPUBLIC_AFFAIR, issue.CategorySANITATION, "垃圾清运不及时",
		"{compound}的垃圾桶已经满了三天没人清运，味道很大，招苍蝇。", false, false},
	{issue.KindPUBLIC_AFFAIR, issue.CategorySANITATION, "楼道小广告泛滥",
		"{b}号楼楼道墙上贴满了开锁、通下水道的小广告，希望统一清理。", false, false},
	{issue.KindPUBLIC_AFFAIR, issue.CategorySANITATION, "垃圾分类桶站设置不合理",
		"垃圾桶站设在{b}号楼窗户底下，夏天味道很大，建议挪个位置。", false, false},
	{issue.KindPUBLIC_AFFAIR, issue.CategoryFACILITIES, "老旧电梯频繁故障",
		"{b}号楼电梯用了快三十年，这个月坏了三次，老人上下楼很困难，希望尽快更换。", false, false},
	{issue.KindPUBLIC_AFFAIR, issue.CategoryFACILITIES, "加装电梯意见征集",
		"{b}号楼多数住户希望加装电梯，想请社区组织一次议事，听听一层住户的意见。", false, false},
	{issue.KindPUBLIC_AFFAIR, issue.CategoryFACILITIES, "院内路面破损积水",
		"小区主路坑洼不平，一下雨就积水，老人出行不便。", false, false},
	{issue.KindPUBLIC_AFFAIR, issue.CategoryFACILITIES, "楼道灯长期不亮",
		"{b}号楼{u}单元楼道灯坏了一个多月，晚上上下楼只能打手电。", false, false},
	{issue.KindPUBLIC_AFFAIR, issue.CategoryFACILITIES, "建议增设休息座椅",
		"小区里老人多，希望在健身器材旁边放几把长椅。", false, false},
	{issue.KindPUBLIC_AFFAIR, issue.CategoryFEES, "拖欠暖气费影响供暖",
		"部分住户多年拖欠暖气费，热力公司说欠费太多要停止供暖，大家很着急。", true, false},
	{issue.KindPUBLIC_AFFAIR, issue.CategoryFEES, "暖气不热",
		"{b}号楼{u}单元暖气摸着只是温的，室内不到十六度。", true, false},
	{issue.KindPUBLIC_AFFAIR, issue.CategoryFEES, "公共水费分摊不清",
		"小区总水表和各户水表差得很多，公共水费一直说不清怎么分摊，自来水公司要停水。", false, false},
	{issue.KindPUBLIC_AFFAIR, issue.CategoryFEES, "物业费收缴率低影响服务",
		"不少住户不交物业费，物业说保洁和保安要减员，希望社区出面协调。", false, false},
	{issue.KindPUBLIC_AFFAIR, issue.CategoryPARKING, "小区停车管理方案征求意见",
		"小区车位少车多，想请社区组织讨论停车收费和车位分配的办法。", false, false},
	{issue.KindPUBLIC_AFFAIR, issue.CategoryOTHER, "建议开设老年助餐点",
		"小区独居老人多，做饭不方便，希望附近能有老年助餐点。", false, false},
	{issue.KindPUBLIC_AFFAIR, issue.CategorySANITATION, "大型活动后周边垃圾遍地",
		"{place}昨晚活动散场后周边道路上全是垃圾，希望加强清扫。", false, true},
	// Requests for help.
	{issue.KindHELP_REQUEST, issue.CategoryOTHER, "帮忙办理居住证",
		"刚来这边工作，不知道居住证怎么办，需要社区开什么证明。", false, false},
	{issue.KindHELP_REQUEST, issue.CategoryOTHER, "独居老人申请助餐服务",
		"家里老人一个人住，腿脚不好，想申请社区的助餐送餐服务。", false, false},
	{issue.KindHELP_REQUEST, issue.CategoryFACILITIES, "家中水管爆裂需要帮忙",
		"家里水管爆了，总阀关不上，楼下已经渗水，物业电话没人接。", false, false},
	{issue.KindHELP_REQUEST, issue.CategoryOTHER, "钥匙锁在家里",
		"出门忘带钥匙，孩子一个人在家里，想请社区帮忙联系正规开锁。", false, false},
	{issue.KindHELP_REQUEST, issue.CategoryOTHER, "协助开具居住证明",
		"孩子上学需要居住证明，请问社区能否帮忙出具。", false, false},
	{issue.KindHELP_REQUEST, issue.CategoryFAMILY, "老人走失后找回需要帮助",
		"家里老人有些糊涂，昨天差点走丢，想申请防走失手环。", false, false},
	{issue.KindHELP_REQUEST, issue.CategoryOTHER, "捡到钱包寻找失主",
		"在{place}附近捡到一个钱包，里面有证件，想交给民警。", false, true},
	// Inquiries.
	{issue.KindINQUIRY, issue.CategoryOTHER, "居住证办理需要哪些材料",
		"请问在社区办理居住证需要带哪些材料，多久能办好？", false, false},
	{issue.KindINQUIRY, issue.CategoryTENANCY, "出租房屋如何登记备案",
		"我有一套房子准备出租，请问租客信息要怎么登记？", false, false},
	{issue.KindINQUIRY, issue.CategoryPARKING, "小区停车证怎么申请",
		"新买了车，想问问小区停车证在哪里办，需要什么材料。", false, false},
	{issue.KindINQUIRY, issue.CategoryFEES, "暖气费缴费时间和标准",
		"今年暖气费什么时候开始交，标准有没有变化？", true, false},
	{issue.KindINQUIRY, issue.CategorySAFETY, "收到可疑短信是否诈骗",
		"收到一条短信说我的医保卡被冻结，让点链接解冻，这是不是诈骗？", false, false},
	{issue.KindINQUIRY, issue.CategoryOTHER, "老年卡办理流程",
		"家里老人刚满六十五岁，老年卡在哪里办理？", false, false},
	{issue.KindINQUIRY, issue.CategoryOTHER, "社区活动室开放时间",
		"请问社区活动室周末开不开，可以借用开读书会吗？", false, false},
	{issue.KindINQUIRY, issue.CategorySAFETY, "体育中心活动期间交通管制",
		"这周末{place}有大型活动，请问周边哪些路段会管制？", false, true},
}

// incidentTexts are preventable cases, such as thefts and frauds.
var incidentTexts = []issueText{
	{issue.KindHELP_REQUEST, issue.CategorySAFETY, "电动自行车电瓶被盗",
		"停在{b}号楼下的电动车电瓶昨晚被人偷了，车棚没有监控。", false, false},
	{issue.KindHELP_REQUEST, issue.CategorySAFETY, "接到冒充客服电话被骗",
		"接到自称网购平台客服的电话说要退款，按对方指示操作后被转走了钱。", false, false},
	{issue.KindHELP_REQUEST, issue.CategorySAFETY, "楼道内自行车被盗",
		"锁在{b}号楼{u}单元楼道里的自行车不见了。", false, false},
	{issue.KindHELP_REQUEST, issue.CategorySAFETY, "快递被他人冒领",
		"快递显示已放在{compound}门口的快递柜，但取件时已经被人取走。", false, false},
	{issue.KindHELP_REQUEST, issue.CategorySAFETY, "场馆存包柜物品被盗",
		"在{place}存包柜里的手机和钱包被偷了。", false, true},
}

// criminalTexts are criminal cases, which happened only before last year.
var criminalTexts = []issueText{
	{issue.KindEMERGENCY, issue.CategorySAFETY, "入室盗窃",
		"下班回家发现{b}号楼家中门锁被撬，抽屉被翻乱，丢失现金和首饰。", false, false},
	{issue.KindEMERGENCY, issue.CategorySAFETY, "酒后斗殴致人受伤",
		"{place}附近有人酒后打架，一人头部流血。", false, true},
}

// repeatTitle is the title of a police call that repeats an earlier one.
const repeatTitle = "再次报警："

// Public comments by staff, by kind of issue, and for any kind.
var (
	publicComments = map[issue.Kind][]string{
		issue.KindDISPUTE: {
			"已约双方当事人本周在警民议事室当面沟通。",
			"民警已上门了解情况，先请双方冷静，明天再一起商量解决办法。",
			"律师已给出法律意见，双方同意按调解协议执行。",
			"经调解双方达成一致，已签署调解协议，后续由网格员回访。",
			"已联系房东，房东同意按合同约定处理。",
			"楼长已协助沟通，对方表示会注意。",
		},
		issue.KindHAZARD: {
			"网格员已到现场核实，已通知住户限期清理。",
			"已联系物业，今天下午安排人员处理。",
			"隐患已整改完毕，巡逻时会继续关注。",
			"已拍照取证并告知相关住户，明天复查。",
			"义警巡逻队已把该点位列入每日巡查路线。",
		},
		issue.KindEMERGENCY: {
			"民警和就近的义警已赶到现场。",
			"已联系120，人已送医，家属已通知。",
			"现场已处置完毕，情况稳定。",
			"已通知燃气公司抢修，周边住户已疏散。",
		},
		issue.KindPUBLIC_AFFAIR: {
			"感谢反映，已列入本月议事点议题，欢迎大家参加。",
			"已与街道和相关部门对接，方案确定后在群里公示。",
			"已联系环卫所，明天起每天清运两次。",
			"维修资金申请已提交，审批通过后马上施工。",
			"议事会已形成决议，具体安排见小区公告栏。",
		},
		issue.KindHELP_REQUEST: {
			"已电话联系您，请带好身份证明到社区服务大厅办理。",
			"网格员已上门协助，有需要随时联系。",
			"已帮您联系维修师傅，半小时内到。",
			"已登记，助餐服务下周一开始。",
		},
		issue.KindINQUIRY: {
			"您好，所需材料已在群公告里列出，工作日都可以来办理。",
			"已电话回复，如还有疑问可以到警务室咨询。",
			"这是诈骗短信，请不要点击链接，已在群里提醒大家。",
			"活动室周末上午开放，请提前一天在群里预约。",
		},
	}
	anyPublicComments = []string{
		"已收到，网格员会尽快与您联系。",
		"正在处理中，有进展会及时告知。",
		"问题已处理完毕，请您确认，如仍有问题可随时反馈。",
		"感谢您的反映和耐心。",
	}
	internalComments = []string{
		"当事人情绪比较激动，沟通时注意方式。",
		"此户为出租房，已核对租客登记信息。",
		"建议请律师参与调解。",
		"已与房东电话联系，房东表示配合。",
		"该地址近期多次反映，列入重点关注。",
		"涉及独居老人，请楼长每周回访。",
		"物业回复需要申请维修基金，周期较长。",
		"已同步派出所值班室备案。",
		"下次议事会请业委会一起参加。",
		"已安排义警夜间巡逻时经过该点位。",
		"当事人不愿公开身份，回复时注意保护隐私。",
		"与上周同类问题合并跟进。",
	}
)

// feedbacks are what reporters write with a rating, best rating first.
var feedbacks = [][]string{
	5: {"处理很及时，谢谢网格员！", "民警耐心调解，问题彻底解决了。", "当天就有人来处理，非常满意。", "社区办事越来越快了，点赞。"},
	4: {"解决了，就是时间稍长。", "处理得不错，希望以后多来巡查。", "基本满意。"},
	3: {"问题基本解决，希望后续跟进。", "处理结果还可以，沟通再及时些更好。"},
	2: {"等了很久才有人联系。", "只解决了一部分。"},
	1: {"问题没有根本解决。"},
}

// serviceNotes are entries of a steward's log, by kind of service.
var serviceNotes = map[servicerecord.Kind][]string{
	servicerecord.KindVISIT: {
		"走访{who}家，了解近况，家中一切正常。",
		"入户走访{who}，宣传社区议事点活动安排。",
		"看望{who}，帮助登记新搬来的家庭成员信息。",
	},
	servicerecord.KindCARE_CHECK: {
		"看望{who}，身体状况良好，提醒注意防滑防跌倒。",
		"电话加上门看望{who}，帮忙买了米和菜。",
		"看望{who}，血压偏高，已提醒按时服药并告知家属。",
		"陪{who}到社区医院复查。",
	},
	servicerecord.KindBUILDING_PATROL: {
		"巡查{b}号楼楼道，清理小广告，劝离电动车楼道充电一处。",
		"巡查{b}号楼，楼道灯不亮一处，已报物业。",
		"夜间巡查{b}号楼周边，无异常。",
	},
	servicerecord.KindMEDIATION_SUPPORT: {
		"协助调解{b}号楼邻里漏水纠纷，双方同意先请师傅检测。",
		"陪同民警调解楼道堆物纠纷。",
		"协助议事点讨论停车问题，记录居民意见。",
	},
	servicerecord.KindPUBLICITY: {
		"在小区门口开展防诈骗宣传，发放资料三十余份。",
		"向{b}号楼住户讲解电动车安全充电。",
		"宣传垃圾分类，帮助老人下载社区App。",
	},
	servicerecord.KindOTHER: {
		"协助社区开展人口信息核对。",
		"参加党群服务站值班，接待居民来访。",
	},
}
