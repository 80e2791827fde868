package demo

// This file holds the word lists the generators draw from. Every name in it
// is made up for the demo; any likeness to a real place or person is chance.

// surname is a family name with its pinyin, which usernames are made of.
type surname struct {
	hanzi, pinyin string
}

// surnames are common family names, most frequent first: the generator
// favours the front of the list.
var surnames = []surname{
	{"王", "wang"}, {"李", "li"}, {"张", "zhang"}, {"刘", "liu"}, {"陈", "chen"},
	{"杨", "yang"}, {"赵", "zhao"}, {"黄", "huang"}, {"周", "zhou"}, {"吴", "wu"},
	{"徐", "xu"}, {"孙", "sun"}, {"胡", "hu"}, {"朱", "zhu"}, {"高", "gao"},
	{"林", "lin"}, {"何", "he"}, {"郭", "guo"}, {"马", "ma"}, {"罗", "luo"},
	{"梁", "liang"}, {"宋", "song"}, {"郑", "zheng"}, {"谢", "xie"}, {"韩", "han"},
	{"唐", "tang"}, {"冯", "feng"}, {"于", "yu"}, {"董", "dong"}, {"萧", "xiao"},
	{"程", "cheng"}, {"曹", "cao"}, {"袁", "yuan"}, {"邓", "deng"}, {"许", "xu"},
	{"傅", "fu"}, {"沈", "shen"}, {"曾", "zeng"}, {"彭", "peng"}, {"吕", "lv"},
	{"苏", "su"}, {"卢", "lu"}, {"蒋", "jiang"}, {"蔡", "cai"}, {"贾", "jia"},
	{"丁", "ding"}, {"魏", "wei"}, {"薛", "xue"}, {"叶", "ye"}, {"阎", "yan"},
	{"余", "yu"}, {"潘", "pan"}, {"杜", "du"}, {"戴", "dai"}, {"夏", "xia"},
	{"钟", "zhong"}, {"汪", "wang"}, {"田", "tian"}, {"任", "ren"}, {"姜", "jiang"},
	{"范", "fan"}, {"方", "fang"}, {"石", "shi"}, {"姚", "yao"}, {"谭", "tan"},
	{"廖", "liao"}, {"邹", "zou"}, {"熊", "xiong"}, {"金", "jin"}, {"陆", "lu"},
	{"郝", "hao"}, {"孔", "kong"}, {"白", "bai"}, {"崔", "cui"}, {"康", "kang"},
	{"毛", "mao"}, {"邱", "qiu"}, {"秦", "qin"}, {"江", "jiang"}, {"史", "shi"},
	{"顾", "gu"}, {"侯", "hou"}, {"邵", "shao"}, {"孟", "meng"}, {"龙", "long"},
	{"万", "wan"}, {"段", "duan"}, {"雷", "lei"}, {"钱", "qian"}, {"汤", "tang"},
	{"尹", "yin"}, {"黎", "li"}, {"易", "yi"}, {"常", "chang"}, {"武", "wu"},
	{"乔", "qiao"}, {"贺", "he"}, {"赖", "lai"}, {"龚", "gong"}, {"文", "wen"},
	{"庞", "pang"}, {"樊", "fan"}, {"兰", "lan"}, {"殷", "yin"}, {"施", "shi"},
	{"陶", "tao"}, {"洪", "hong"}, {"翟", "zhai"}, {"安", "an"}, {"颜", "yan"},
	{"倪", "ni"}, {"严", "yan"}, {"牛", "niu"}, {"温", "wen"}, {"芦", "lu"},
	{"季", "ji"}, {"俞", "yu"}, {"章", "zhang"}, {"鲁", "lu"}, {"葛", "ge"},
	{"伍", "wu"}, {"韦", "wei"}, {"申", "shen"}, {"尤", "you"}, {"毕", "bi"},
	{"聂", "nie"}, {"焦", "jiao"}, {"向", "xiang"}, {"柳", "liu"}, {"邢", "xing"},
	{"欧阳", "ouyang"}, {"司马", "sima"}, {"上官", "shangguan"}, {"诸葛", "zhuge"},
}

// Characters of given names. A given name is one or two characters; the
// lists lean male, female or neither, as Chinese given names do.
var (
	maleChars    = []rune("伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宁建国峰林浩宇俊凯健龙志文海东亮成兵新永庆德振松柏山川博远航")
	femaleChars  = []rune("芳娜敏静丽艳娟霞秀玲桂英燕萍红梅琳雪婷慧颖洁倩玉兰凤琴云莉晶欣悦怡佳蕾薇璐瑶萱菲")
	neutralChars = []rune("晓春子思一嘉雨安明诗梓可天小丹青文立志永新若宏亚金")
)

// Whole given names typical of a generation, used now and then so that the
// old and the young sound like their age.
var (
	elderMaleNames   = []string{"建国", "国庆", "建华", "德福", "福生", "永刚", "志强", "建军", "振华", "卫东", "国栋", "长林", "树林", "宝山", "德明", "世杰"}
	elderFemaleNames = []string{"秀英", "桂英", "淑珍", "玉兰", "凤兰", "淑芬", "桂芳", "秀兰", "玉珍", "素梅", "桂香", "淑华", "秀云", "凤英", "翠兰", "月娥"}
	youngMaleNames   = []string{"子轩", "浩然", "宇航", "思远", "俊熙", "子墨", "一鸣", "梓豪", "皓轩", "明哲", "博文", "逸飞", "宇辰", "天佑"}
	youngFemaleNames = []string{"梓涵", "一诺", "欣怡", "雨桐", "诗涵", "佳怡", "梓萱", "若曦", "可馨", "语嫣", "思琪", "紫萱", "雨萱", "梦瑶"}
)

// Area codes of ID-card numbers: the city's own districts for residents
// registered here, other provinces for the floating population.
var (
	localAreaCodes = []string{"110101", "110102", "110105", "110106", "110107", "110108"}
	otherAreaCodes = []string{
		"130102", "130603", "140105", "150102", "210203", "220104", "230103", "320106",
		"330106", "340104", "350203", "360102", "370102", "370203", "410105", "410302",
		"420106", "430104", "440106", "450103", "500103", "510107", "520102", "610113", "620102",
	}
)

// mobilePrefixes are the first three digits of mainland mobile numbers.
var mobilePrefixes = []string{
	"130", "131", "132", "133", "134", "135", "136", "137", "138", "139",
	"150", "151", "152", "153", "155", "156", "157", "158", "159",
	"166", "173", "175", "176", "177", "178",
	"180", "181", "182", "183", "184", "185", "186", "187", "188", "189",
	"191", "195", "198", "199",
}

// workUnits are the employers whose party organisations stewards and
// employees report to.
var workUnits = []string{
	"区第二人民医院", "市第十五中学", "梧桐里街道办事处", "区税务局第三税务所", "市自来水集团城东营业所",
	"城区供电服务中心", "区图书馆", "市体育中心", "城东大学", "区人民法院", "金桐大厦物业中心",
	"区市场监督管理所", "市公交集团第六车队", "区疾病预防控制中心", "梧桐里小学", "区退役军人服务站",
	"市邮政分公司城东支局", "区文化馆", "嘉和国际中心", "桐华酒店",
}

// Organisations in the commercial grids, where employees work and where
// issues outside the compounds happen.
var venues = [][]string{
	{"市体育中心体育场", "市体育中心体育馆", "市体育中心游泳馆", "体育中心北广场"},
	{"城东大学南门", "城东大学第三教学楼", "城东大学学生公寓", "城东大学西门外"},
	{"金桐大厦", "嘉和国际中心", "华岳写字楼", "东桥科技园"},
	{"桐华酒店", "安和宾馆", "东桥大街沿街商铺", "梧桐里美食街"},
}

// Street names of the old town.
var streets = []string{"梧桐里胡同", "槐树街", "东桥大街", "银杏路", "北仓胡同", "文华路", "柳荫街", "榆钱胡同", "枣林街", "松鹤路"}
