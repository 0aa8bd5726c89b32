-- 三（一）咨询类 (src/sections/consultation.rs): the month's consultations against last month
-- and a year earlier, their top first-level categories (with 同比 via parts.rs YearAgo, and
-- the rank shifts of src/sections/rank_shifts.rs), the consultation topic and its top
-- named sub-topics.
--
-- This file also holds the topic matching every topic section shares (src/stats/topic.rs,
-- with category entries read as src/category.rs category_rule reads them): the view
-- `consultation_topic_match`, one row per (section, ticket in that section's topic) with
-- the sub-topic it falls in. economic.sql and livelihood.sql read it: the runner runs the
-- section files in name order (consultation < economic < livelihood), in one session.

-- The characters trimmed from a topic's terms. clean_chars: what `table::clean` trims from a
-- category entry and each level of a path (ASCII whitespace and U+3000). trim_chars: what
-- Rust's `str::trim` trims from a keyword or exclusion word (Unicode White_Space: U+0009-000D,
-- U+0020, U+0085, U+00A0, then as literal characters U+1680, U+2000-200A, U+202F, U+205F,
-- U+3000). U+2028 and U+2029 are left out: neither engine spells them portably in SQL text
-- (Spark's chr() is modulo 256, and a literal would break the statement's line).
CREATE OR REPLACE TEMPORARY VIEW consultation_trim_chars AS
SELECT ' ' || chr(9) || chr(10) || chr(12) || chr(13) || '　' AS clean_chars,
       ' ' || chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || chr(133) || chr(160) || '              　' AS trim_chars;

-- The names DB44/T 2479—2024 gives its codes (src/db44t2479-2024-taxonomy.csv as
-- category.rs `taxonomy` reads it): a first level by 2 digits, a second by 4, a third by
-- the second's code and its own last two digits (090599 finds the entry the standard
-- misprints as 090499), a third level without a name of its own taking the second's. The
-- standard, not a setting: it is compiled into the core, so it is spelled out here.
CREATE OR REPLACE TEMPORARY VIEW consultation_db44_names AS
SELECT code, name FROM (VALUES
    ('01', '科教文体'), ('0101', '科技事务'), ('010101', '科技服务'), ('010102', '科研工作'),
    ('010103', '信息技术'), ('010199', '其他科技事务'), ('0102', '教育管理'), ('010201', '教育行政管理'),
    ('010202', '师资'), ('010203', '招生考试'), ('010204', '学校建设'), ('010299', '其他教育管理'),
    ('0103', '文化管理'), ('010301', '公共文化设施'), ('010302', '公益性流动文化服务'), ('010303', '数字文化服务'),
    ('010304', '文物保护'), ('010399', '其他文化管理'), ('0104', '体育管理'), ('010401', '体育竞技'),
    ('010402', '体育事业'), ('010403', '体育市场'), ('010404', '全民健身'), ('010405', '体育场馆'),
    ('010499', '其他体育管理'), ('0105', '广播电视'), ('010501', '广播服务'), ('010502', '电视服务'),
    ('010503', '电影服务'), ('010599', '其他广播电视'), ('0106', '新闻出版'), ('010600', '新闻出版'),
    ('0107', '社会教育'), ('010701', '艺能培训'), ('010702', '老年大学'), ('010703', '继续教育'),
    ('010799', '其他社会教育'), ('0108', '旅游服务'), ('010801', '导游'), ('010802', '旅行社'),
    ('010803', '住宿服务'), ('010804', '景区'), ('010899', '其他旅游服务'), ('02', '公卫医疗'),
    ('0201', '人口计生'), ('020101', '生育政策'), ('020102', '生育登记'), ('020103', '计划生育奖励扶助'),
    ('020199', '其他人口计生'), ('0202', '卫生保健'), ('020201', '健康管理'), ('020202', '健康教育'),
    ('020203', '居民健康档案'), ('020299', '其他卫生保健'), ('0203', '医疗服务'), ('020301', '预约挂号'),
    ('020302', '医院行政管理'), ('020303', '健康体检'), ('020304', '医学鉴定'), ('020305', '急救转运'),
    ('020306', '医德医风'), ('020307', '医患纠纷'), ('020308', '非法行医'), ('020399', '其他医疗服务'),
    ('0204', '公共卫生'), ('020401', '疫苗接种'), ('020402', '疾病防控'), ('020403', '医疗用血'),
    ('020404', '禁烟控烟'), ('020405', '有害生物防治'), ('020406', '新冠疫情'), ('020499', '其他公共卫生'),
    ('0205', '医药管理'), ('020501', '药品管理'), ('020502', '化妆品管理'), ('020503', '保健品管理'),
    ('020504', '医疗器械管理'), ('020599', '其他医药管理'), ('0206', '心理卫生'), ('020601', '自杀预防'),
    ('020602', '严重精神障碍患者'), ('020603', '心理咨询热线'), ('020699', '其他心理卫生'), ('03', '城乡建设'),
    ('0301', '住房公积金'), ('030101', '公积金提取'), ('030102', '公积金贷款'), ('030103', '公积金转移'),
    ('030104', '公积金缴存'), ('030105', '公积金余额查询'), ('030199', '其他公积金服务'), ('0302', '房屋管理'),
    ('030201', '购房政策'), ('030202', '不动产登记'), ('030203', '租赁备案'), ('030204', '房屋纠纷'),
    ('030205', '房屋交易管理'), ('030206', '房屋安全'), ('030299', '其他房屋管理'), ('0303', '市容市貌'),
    ('030301', '建筑工程管理'), ('030302', '市容环卫'), ('030303', '房屋违建（破损）'), ('030304', '户外广告'),
    ('030399', '其他市容市貌'), ('0304', '城乡规划'), ('030401', '土地管理'), ('030402', '拆迁安置'),
    ('030403', '总体规划'), ('030499', '其他城乡规划'), ('0305', '城市设施管理'), ('030501', '公共设施'),
    ('030502', '环卫设施'), ('030503', '道路设施'), ('030599', '其他城市设施管理'), ('0306', '物业管理'),
    ('030601', '小区安保'), ('030602', '小区卫生'), ('030603', '小区公共设施'), ('030604', '小区秩序'),
    ('030605', '车库车位管理'), ('030606', '住改商'), ('030607', '物业费缴纳'), ('030608', '物业服务问题'),
    ('030609', '小区自治'), ('030699', '其他物业管理'), ('0307', '街面秩序'), ('030701', '游商'),
    ('030702', '占道废品收购'), ('030703', '店外经营'), ('030704', '乱堆物堆料'), ('030705', '露天烧烤'),
    ('030706', '沿街晾挂'), ('030707', '毁绿占绿'), ('030708', '沿街物品设置不合理'), ('030709', '非法流动洗车'),
    ('030710', '非法沿河占道洗车'), ('030711', '市容环卫责任人失职'), ('030799', '其他街面秩序'), ('04', '自然资源与环境保护'),
    ('0401', '自然资源'), ('040101', '森林资源'), ('040102', '地理测绘'), ('040103', '野生动植物'),
    ('040104', '生态保护'), ('040105', '海洋经济'), ('040106', '历史遗迹'), ('040199', '其他自然资源'),
    ('0402', '污染防治'), ('040201', '噪声污染'), ('040202', '大气污染'), ('040203', '光污染'),
    ('040204', '辐射污染'), ('040205', '水污染'), ('040206', '固废污染'), ('040207', '海洋污染'),
    ('040299', '其他污染防治'), ('0403', '水利'), ('040301', '水库'), ('040302', '河道'),
    ('040303', '水务监管'), ('040304', '水旱灾害防御'), ('040399', '其他水利'), ('0404', '环保业务'),
    ('040401', '政策信息'), ('040402', '资质办理'), ('040499', '其他环保业务'), ('0405', '气象地理'),
    ('040501', '气象服务'), ('040502', '水文服务'), ('040503', '地理信息测绘'), ('040504', '地震服务'),
    ('040599', '其他气象地理'), ('0406', '矿产能源'), ('040601', '能源'), ('040602', '燃料燃气'),
    ('040603', '矿产资源管理'), ('040699', '其他矿产能源'), ('05', '交通运输'), ('0501', '快递物流'),
    ('050101', '快递问题'), ('050102', '快递寄存柜'), ('050103', '物流'), ('050199', '其他快递物流'),
    ('0502', '公共汽车'), ('050201', '公交卡'), ('050202', '公交服务'), ('050203', '公交班次'),
    ('050204', '公交线路'), ('050299', '其他公共汽车'), ('0503', '公共自行车'), ('050301', '公共自行车卡业务'),
    ('050302', '公共自行车桩点管理'), ('050303', '公共自行车租赁点'), ('050304', '公共自行车车辆使用'), ('050305', '共享单车管理'),
    ('050399', '其他公共自行车'), ('0504', '出租汽车'), ('050401', '出租汽车服务'), ('050402', '网约车管理'),
    ('050499', '其他出租汽车'), ('0505', '城际客运'), ('050501', '城际客运服务'), ('050502', '客运售票网点'),
    ('050503', '客运票务信息'), ('050599', '其他城际客运'), ('0506', '水路交通'), ('050601', '码头渡口管理'),
    ('050602', '船员管理'), ('050603', '船舶管理'), ('050604', '通航管理'), ('050699', '其他水路交通'),
    ('0507', '空中交通'), ('050701', '机场服务'), ('050702', '票务信息'), ('050703', '航班信息'),
    ('050799', '其他空中交通'), ('0508', '轨道交通'), ('050801', '有轨电车服务'), ('050802', '轨交文明行为'),
    ('050803', '轨交班次'), ('050804', '轨交站内设施'), ('050805', '轨交线路'), ('050806', '轨交运营服务'),
    ('050807', '运营政策与安检'), ('050899', '其他轨道交通'), ('0509', '铁路交通'), ('050901', '火车站设施管理'),
    ('050902', '车厢服务'), ('050903', '铁路列次信息'), ('050904', '铁路服务'), ('050905', '铁路票务信息'),
    ('050999', '其他铁路交通'), ('0510', '车辆管理'), ('051001', '三小车辆整治'), ('051002', '二手车过户'),
    ('051003', '人力三轮车管理'), ('051004', '机动车手续'), ('051005', '渣土车及大型车管理'), ('051006', '货车通行证'),
    ('051007', '车辆保险'), ('051008', '车辆补贴'), ('051009', '非机动车手续'), ('051010', '非法营运'),
    ('051011', '驾考管理'), ('051012', '驾驶证管理'), ('051099', '其他车辆管理'), ('0511', '道路管理'),
    ('051101', '交通事故'), ('051102', '交通拥堵'), ('051103', '交通管制'), ('051104', '交通违章'),
    ('051105', '停车场管理'), ('051106', '公共交通失物招领'), ('051107', '故障救援'), ('051108', '违规使用机动车'),
    ('051109', '警示标志设置'), ('051110', '限高标志'), ('051111', '车乱停放'), ('051199', '其他道路管理'),
    ('0512', '挪车服务'), ('051201', '占道挪车'), ('051202', '小区挪车'), ('051299', '其他挪车服务'),
    ('0513', '其他交通出行类'), ('051301', 'ETC'), ('051399', '其他交通出行'), ('06', '农林牧渔'),
    ('0601', '农业管理'), ('060101', '农民权益保障'), ('060102', '村民选举'), ('060103', '村务公开'),
    ('060104', '农业资源'), ('060105', '农田灌溉'), ('060106', '土地承包'), ('060107', '粮油收购'),
    ('060108', '粮站管理'), ('060109', '农资管理'), ('060110', '农技指导'), ('060111', '农业机械化'),
    ('060112', '农副产品加工'), ('060113', '非法种植'), ('060199', '其他农业'), ('0602', '林业管理'),
    ('060201', '园林绿化'), ('060202', '林业生产经营'), ('060203', '林业科技'), ('060204', '林业病虫害'),
    ('060299', '其他林业管理'), ('0603', '渔业管理'), ('060301', '渔业养殖'), ('060302', '非法捕捞'),
    ('060303', '休渔期管理'), ('060304', '海域使用秩序'), ('060305', '海岛生态保护'), ('060306', '海岛使用'),
    ('060399', '其他渔业'), ('0604', '畜牧业管理'), ('060401', '动物防疫'), ('060402', '家畜禽类屠宰'),
    ('060499', '其他畜牧业'), ('07', '公共安全'), ('0701', '出入境管理'), ('070101', '护照办理'),
    ('070102', '赴港澳定居'), ('070103', '赴港澳台签注'), ('070104', '边防证'), ('070105', '境外人员出入境业务'),
    ('070199', '其他出入境管理'), ('0702', '户政管理'), ('070201', '身份证办理'), ('070202', '居住证办理'),
    ('070203', '户口簿办理'), ('070204', '入户政策'), ('070299', '其他户政管理'), ('0703', '社会治安'),
    ('070301', '公共秩序'), ('070302', '人身安全'), ('070303', '公私财产安全'), ('070399', '其他社会治安'),
    ('0704', '消防安全'), ('070401', '消防安全检查'), ('070402', '消防安全违法行为'), ('070403', '火灾隐患'),
    ('070404', '消防救援'), ('070405', '火灾事故调查'), ('070499', '其他消防安全'), ('0705', '生产安全'),
    ('070501', '经营场所'), ('070502', '经营设备安全'), ('070503', '安全作业'), ('070599', '其他生产安全'),
    ('0706', '网络安全'), ('070601', '系统安全'), ('070602', '信息安全'), ('070699', '其他网络安全'),
    ('0707', '自然灾害'), ('070701', '气象灾害'), ('070702', '地质灾害'), ('070703', '海洋灾害'),
    ('070704', '生物灾害'), ('070705', '森林火灾'), ('070706', '地震灾害'), ('070799', '其他自然灾害'),
    ('0708', '食品安全'), ('070801', '餐饮店卫生'), ('070802', '生产作坊卫生'), ('070803', '食物中毒'),
    ('070804', '食品添加剂'), ('070805', '食品认证'), ('070899', '其他食品安全'), ('0709', '特种设备'),
    ('070901', '电梯问题'), ('070902', '液化气钢瓶问题'), ('070903', '特种设备人员许可'), ('070999', '其他特种设备'),
    ('0710', '人民防空'), ('071001', '人防工程建设'), ('071002', '应急救援包'), ('071003', '防空警报'),
    ('071004', '疏散演练'), ('071099', '其他人防工程'), ('0711', '国防军事'), ('071101', '国防教育'),
    ('071102', '国防安全'), ('071103', '武警'), ('071104', '军事活动'), ('071105', '军事设施'),
    ('071199', '其他国防军事'), ('08', '人力资源社会保障'), ('0801', '社保统筹服务'), ('080101', '养老保险'),
    ('080102', '医疗保险'), ('080103', '失业保险'), ('080104', '工伤保险'), ('080105', '生育保险'),
    ('080106', '社保卡'), ('080107', '社保投诉'), ('080108', '社保查询'), ('080109', '公费医疗'),
    ('080110', '基金监督举报'), ('080199', '其他社会保障'), ('0802', '人事工作'), ('080201', '事业编制'),
    ('080202', '人事招考'), ('080203', '人事档案'), ('080204', '人才引进'), ('080205', '职业等级证书'),
    ('080206', '离休退休'), ('080299', '其他人事工作'), ('0803', '创业服务'), ('080301', '创业孵化基地'),
    ('080302', '一次性创业资助'), ('080303', '创业租金补贴'), ('080304', '创业带动就业补贴'), ('080305', '创业担保贷款贴息'),
    ('080399', '其他创业服务'), ('0804', '劳动权益'), ('080401', '劳动环境'), ('080402', '劳动能力鉴定'),
    ('080403', '带薪休假'), ('080404', '福利待遇'), ('080405', '高温津贴'), ('080499', '其他劳动权益'),
    ('0805', '劳动纠纷'), ('080501', '未按规定参保'), ('080502', '劳动合同'), ('080503', '集体合同'),
    ('080504', '解除、终止劳动关系'), ('080505', '休息休假'), ('080506', '女职工特殊劳动保护'), ('080507', '违法用工'),
    ('080508', '拖欠、克扣工资'), ('080509', '补偿、赔偿'), ('080599', '其他劳动纠纷'), ('0806', '失业就业服务'),
    ('080601', '失业就业登记'), ('080602', '农民工培训'), ('080603', '外国人就业'), ('080604', '就业援助'),
    ('080605', '就业补贴'), ('080606', '招用补贴'), ('080607', '就业见习服务'), ('080608', '毕业报到'),
    ('080609', '职业中介管理'), ('080610', '职业技能'), ('080611', '职称评审'), ('080699', '其他就业服务'),
    ('0807', '积分管理'), ('080701', '积分入户'), ('080702', '积分入学'), ('080799', '其他积分管理'),
    ('09', '民政社区'), ('0901', '民政救济'), ('090101', '长者服务'), ('090102', '残疾人保障'),
    ('090103', '境内外来人员服务'), ('090104', '未成年人服务'), ('090105', '殡葬管理'), ('090106', '行政区域界线和地名管理'),
    ('090107', '社会团体管理'), ('090108', '困难群体救助'), ('090109', '优抚安置'), ('090110', '救灾募捐'),
    ('090111', '婚姻登记'), ('090112', '基层组织建设'), ('090113', '志愿服务事务'), ('090199', '其他民政救济'),
    ('0902', '彩票管理'), ('090201', '福利彩票'), ('090202', '体育彩票'), ('090299', '其他彩票管理'),
    ('0903', '社区管理'), ('090301', '居民选举'), ('090302', '业委会建设管理'), ('090303', '家庭纠纷'),
    ('090304', '儿童保护'), ('090305', '邻里纠纷'), ('090399', '其他社区管理'), ('0904', '生活服务'),
    ('090401', '号码查询'), ('090402', '地址查询'), ('090403', '水电气暖'), ('090499', '其他生活服务'),
    ('0905', '民族宗教'), ('090501', '民族管理'), ('090502', '宗教管理'), ('090599', '其他民族宗教'),
    ('0906', '港澳台侨务事务'), ('090601', '香港澳门工作'), ('090602', '台湾工作'), ('090603', '侨务工作'),
    ('090699', '其他港澳台侨务事务'), ('10', '市场监管'), ('1001', '商事管理'), ('100101', '市场主体登记、备案'),
    ('100102', '企业年报'), ('100103', '商标审查'), ('100104', '移出经营异常名录'), ('100105', '商事登记基本信息、档案查询'),
    ('100106', '守合同重信用活动'), ('100107', '资信证明'), ('100108', '标准化管理'), ('100199', '其他商事管理'),
    ('1002', '市场管理'), ('100201', '物价管理'), ('100202', '证照监管'), ('100203', '商业广告'),
    ('100204', '不正当竞争'), ('100205', '售后服务'), ('100206', '合同管理'), ('100207', '通信管理'),
    ('100299', '其他市场管理'), ('1003', '知识产权'), ('100301', '专利'), ('100302', '商标'),
    ('100303', '版权'), ('100304', '中介服务'), ('100305', '地理标志'), ('100306', '官方标志和特殊标志'),
    ('100399', '其他知识产权'), ('1004', '质量计量检验检测认证监管'), ('100401', '质量监督'), ('100402', '计量器具'),
    ('100403', '检验检测'), ('100404', '认证'), ('100499', '其他质量计量检验检测认证监管'), ('1005', '检验检疫'),
    ('100501', '商品检疫'), ('100502', '动植物检疫'), ('100503', '出入境卫生检疫'), ('100504', '医疗物品进口检疫'),
    ('100599', '其他检验检疫'), ('11', '经济财贸'), ('1101', '外事管理'), ('110101', '出国业务办理'),
    ('110102', '外国人来华邀请'), ('110103', '领事业务'), ('110104', 'APEC商务旅行卡业务'), ('110105', '外事活动'),
    ('110199', '其他外事管理'), ('1102', '税务管理'), ('110201', '税务登记'), ('110202', '纳税申报'),
    ('110203', '发票管理'), ('110204', '税收违法'), ('110299', '其他税收管理'), ('1103', '商务管理'),
    ('110301', '贸易服务'), ('110302', '货物运输'), ('110399', '其他商务贸易'), ('1104', '金融管理'),
    ('110401', '金融监管'), ('110402', '银行业务'), ('110403', '保险业务'), ('110404', '证券业务'),
    ('110499', '其他金融管理'), ('1105', '财政事务'), ('110501', '会计服务事项'), ('110502', '票据管理事项'),
    ('110503', '资产评估服务'), ('110599', '其他财政事务'), ('1106', '审计事务'), ('110601', '财政金融审计'),
    ('110602', '民生审计'), ('110699', '其他审计事项'), ('1107', '海关业务'), ('110701', '报关'),
    ('110702', '检验检疫'), ('110703', '进出口备案'), ('110704', '防疫物资快速通关'), ('110799', '其他海关业务'),
    ('1108', '经济管理'), ('110801', '企业改革'), ('110802', '收入分配'), ('110803', '国有资产管理'),
    ('110804', '财政收支管理'), ('110805', '政府采购'), ('110806', '政府拍卖'), ('110807', '货物招标'),
    ('110808', '招商引资'), ('110809', '公共资源交易'), ('110810', '消费补贴'), ('110811', '经济统计'),
    ('110812', '中小企业证明'), ('110813', '产业奖励补贴'), ('110899', '其他经济管理'), ('12', '司法行政'),
    ('1201', '法律服务'), ('120101', '法律咨询'), ('120102', '公证管理'), ('120103', '人民调解'),
    ('120104', '法律援助'), ('120105', '司法鉴定'), ('120199', '其他法律服务'), ('1202', '律师及事务所管理'),
    ('120200', '律师及事务所管理'), ('1203', '监狱管理'), ('120300', '监狱管理'), ('1204', '法律职业资格考试'),
    ('120400', '法律职业资格考试'), ('1299', '其他司法行政'), ('129901', '社区矫正'), ('129902', '强制隔离戒毒'),
    ('129903', '安置帮教'), ('13', '政风行风党风'), ('1301', '行政效能'), ('130101', '工作效率'),
    ('130102', '服务质量'), ('130103', '工作作风'), ('130199', '其他行政效能'), ('1302', '违法违纪'),
    ('130200', '违法违纪'), ('1303', '行政执法'), ('130301', '越权执法'), ('130302', '执法不作为'),
    ('130303', '选择性执法'), ('130304', '不文明、暴力执法'), ('130399', '其他行政执法'), ('99', '其他'),
    ('9901', '涉军涉警'), ('990100', '涉军涉警'), ('9902', '涉法涉诉'), ('990200', '涉法涉诉'),
    ('9903', '人大政协'), ('990300', '人大政协'), ('9904', '党建工作'), ('990400', '党建工作'),
    ('9905', '党派团体'), ('990500', '党派团体'), ('9906', '机关事务'), ('990600', '机关事务'),
    ('9907', '无效诉求'), ('990701', '不明诉求'), ('990702', '涉及国家秘密、商业秘密、个人隐私事项'), ('990703', '违反法律法规、违背公序良俗'),
    ('990799', '其他无效诉求'), ('9908', '热线管理'), ('990801', '评价热线'), ('990802', '进度查询'),
    ('990803', '热线信息咨询'), ('990804', '热线外呼'), ('990805', '转接'), ('990899', '其他热线管理'),
    ('9909', '110、119、120、122等紧急热线事项'), ('990900', '110、119、120、122等紧急热线事项'), ('9999', '其他'), ('999900', '其他')) AS d(code, name);

-- Positions 1..10000 within a category entry (an entry is split into levels by them).
CREATE OR REPLACE TEMPORARY VIEW consultation_positions AS
SELECT a.n * 1000 + b.n * 100 + c.n * 10 + d.n + 1 AS p
FROM (VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)) AS a(n)
CROSS JOIN (VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)) AS b(n)
CROSS JOIN (VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)) AS c(n)
CROSS JOIN (VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)) AS d(n);

-- Every category entry of a topic (subtopic_no 0) or sub-topic, cleaned, with its form as
-- category_rule reads it: ASCII digits are a code prefix, text holding a path separator
-- (/ ／ - > ＞ → \ |) a path from the top, anything else a name at any level; `path` has
-- every separator turned into '/'.
CREATE OR REPLACE TEMPORARY VIEW consultation_topic_entries AS
SELECT section, subtopic_no, entry,
       CASE WHEN entry = '' THEN 'blank'
            WHEN replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(
                     entry, '0', ''), '1', ''), '2', ''), '3', ''), '4', ''), '5', ''), '6', ''), '7', ''), '8', ''), '9', '') = ''
                 THEN 'code'
            WHEN instr(entry, '/') > 0 OR instr(entry, '／') > 0 OR instr(entry, '-') > 0 OR instr(entry, '>') > 0
                 OR instr(entry, '＞') > 0 OR instr(entry, '→') > 0 OR instr(entry, chr(92)) > 0 OR instr(entry, '|') > 0
                 THEN 'path'
            ELSE 'named' END AS form,
       replace(replace(replace(replace(replace(replace(replace(
           entry, '／', '/'), '-', '/'), '>', '/'), '＞', '/'), '→', '/'), chr(92), '/'), '|', '/') AS path
FROM (
    SELECT DISTINCT s.section, s.subtopic_no, TRIM(BOTH w.clean_chars FROM COALESCE(s.term, '')) AS entry
    FROM settings_topic_terms s CROSS JOIN consultation_trim_chars w
    WHERE s.kind = 'category'
) e;

-- The levels of each path entry: the text between separators, cleaned, blanks dropped,
-- numbered from the top.
CREATE OR REPLACE TEMPORARY VIEW consultation_topic_path_levels AS
SELECT section, subtopic_no, entry, level_name,
       ROW_NUMBER() OVER (PARTITION BY section, subtopic_no, entry ORDER BY p) AS level_no
FROM (
    SELECT e.section, e.subtopic_no, e.entry, x.p,
           TRIM(BOTH w.clean_chars FROM substr(e.path, x.p, instr(substr(e.path, x.p) || '/', '/') - 1)) AS level_name
    FROM consultation_topic_entries e
    JOIN consultation_positions x ON x.p <= length(e.path)
    CROSS JOIN consultation_trim_chars w
    WHERE e.form = 'path'
      AND substr(e.path, x.p, 1) <> '/'
      AND (x.p = 1 OR substr(e.path, x.p - 1, 1) = '/')
) s
WHERE level_name <> '';

-- What each category entry requires of a ticket's three levels (null: any value there),
-- as topic.rs CategorySet builds it: a name, one requirement per level; a path of one to
-- three levels (deeper ones cover nothing), its levels from the top; a code prefix (a
-- dropped leading zero restored; 2, 4 or 6 digits the standard names), the levels it names.
-- An entry naming no category the tickets hold simply meets no ticket.
CREATE OR REPLACE TEMPORARY VIEW consultation_topic_requirements AS
SELECT section, subtopic_no, entry AS l1, CAST(NULL AS STRING) AS l2, CAST(NULL AS STRING) AS l3
FROM consultation_topic_entries WHERE form = 'named'
UNION ALL
SELECT section, subtopic_no, NULL, entry, NULL FROM consultation_topic_entries WHERE form = 'named'
UNION ALL
SELECT section, subtopic_no, NULL, NULL, entry FROM consultation_topic_entries WHERE form = 'named'
UNION ALL
SELECT section, subtopic_no,
       MAX(CASE WHEN level_no = 1 THEN level_name END),
       MAX(CASE WHEN level_no = 2 THEN level_name END),
       MAX(CASE WHEN level_no = 3 THEN level_name END)
FROM consultation_topic_path_levels
GROUP BY section, subtopic_no, entry
HAVING MAX(level_no) <= 3
UNION ALL
SELECT e.section, e.subtopic_no, n1.name, n2.name, n3.name
FROM (
    SELECT section, subtopic_no,
           CASE WHEN length(entry) % 2 = 1 THEN '0' || entry ELSE entry END AS digits
    FROM consultation_topic_entries WHERE form = 'code'
) e
LEFT JOIN consultation_db44_names n1 ON n1.code = substr(e.digits, 1, 2)
LEFT JOIN consultation_db44_names n2 ON length(e.digits) >= 4 AND n2.code = substr(e.digits, 1, 4)
LEFT JOIN consultation_db44_names n3 ON length(e.digits) = 6 AND n3.code = e.digits
WHERE length(e.digits) IN (2, 4, 6)
  AND n1.name IS NOT NULL
  AND (length(e.digits) < 4 OR n2.name IS NOT NULL)
  AND (length(e.digits) < 6 OR n3.name IS NOT NULL);

-- Every test of a topic or sub-topic: a category requirement, a keyword or an exclusion
-- word (words trimmed; blank ones dropped, they match nothing).
CREATE OR REPLACE TEMPORARY VIEW consultation_topic_conditions AS
SELECT DISTINCT section, subtopic_no, 'category' AS kind, CAST(NULL AS STRING) AS word, l1, l2, l3
FROM consultation_topic_requirements
UNION ALL
SELECT DISTINCT s.section, s.subtopic_no, s.kind, TRIM(BOTH w.trim_chars FROM COALESCE(s.term, '')),
       CAST(NULL AS STRING), CAST(NULL AS STRING), CAST(NULL AS STRING)
FROM settings_topic_terms s CROSS JOIN consultation_trim_chars w
WHERE s.kind IN ('keyword', 'exclusion') AND TRIM(BOTH w.trim_chars FROM COALESCE(s.term, '')) <> '';

-- Per ticket of the report month (its month, source file and row) and topic or sub-topic:
-- whether a category requirement, a keyword or an exclusion word meets it. A keyword is
-- found anywhere in the content (instr, so % and _ are plain characters). Every section
-- asks its topic of this month's tickets only, so the other months are not searched. The
-- hint (a comment elsewhere) keeps Spark from broadcasting the tickets to this non-equi
-- join instead of the few conditions.
CREATE OR REPLACE TEMPORARY VIEW consultation_topic_hits AS
SELECT /*+ BROADCAST(c) */
       k.month, k.source_file, k.source_row, c.section, c.subtopic_no,
       MAX(CASE WHEN c.kind = 'category' THEN 1 ELSE 0 END) AS by_category,
       MAX(CASE WHEN c.kind = 'keyword' THEN 1 ELSE 0 END) AS by_keyword,
       MAX(CASE WHEN c.kind = 'exclusion' THEN 1 ELSE 0 END) AS by_exclusion
FROM (
    SELECT month, COALESCE(source_file, '') AS source_file, source_row, category1, category2, category3, content
    FROM t WHERE period = 'current'
) k
JOIN consultation_topic_conditions c
  ON (c.kind = 'category'
      AND (c.l1 IS NULL OR c.l1 = COALESCE(k.category1, ''))
      AND (c.l2 IS NULL OR c.l2 = COALESCE(k.category2, ''))
      AND (c.l3 IS NULL OR c.l3 = COALESCE(k.category3, '')))
  OR (c.kind <> 'category' AND instr(COALESCE(k.content, ''), c.word) > 0)
GROUP BY k.month, k.source_file, k.source_row, c.section, c.subtopic_no;

-- The tickets in each section's topic: a rule matches by its category, or by a keyword
-- when no exclusion word is there (exclusion words leave category matches alone). The
-- sub-topic is the first in the settings' order that matches (null: "other").
CREATE OR REPLACE TEMPORARY VIEW consultation_topic_found AS
SELECT month, source_file, source_row, section,
       MIN(CASE WHEN subtopic_no > 0 THEN subtopic_no END) AS subtopic_no
FROM consultation_topic_hits
WHERE by_category = 1 OR (by_keyword = 1 AND by_exclusion = 0)
GROUP BY month, source_file, source_row, section
HAVING SUM(CASE WHEN subtopic_no = 0 THEN 1 ELSE 0 END) > 0;

-- Each section's sub-topic buckets: the named ones by their number, then "other" (the
-- topic's `other` name) after them. rank_of orders ties in a ranking (topic.rs find): the
-- settings' position of the first sub-topic of that name, else after them all.
CREATE OR REPLACE TEMPORARY VIEW consultation_topic_buckets AS
WITH named AS (
    SELECT section, subtopic_no, name FROM settings_topics WHERE subtopic_no > 0
),
topics AS (
    SELECT o.section, o.other, COALESCE(s.subtopics, 0) AS subtopics
    FROM settings_topics o
    LEFT JOIN (SELECT section, COUNT(*) AS subtopics FROM named GROUP BY section) s ON s.section = o.section
    WHERE o.subtopic_no = 0
),
buckets AS (
    SELECT section, subtopic_no AS bucket_no, name FROM named
    UNION ALL
    SELECT section, subtopics + 1, other FROM topics
)
SELECT b.section, b.bucket_no, b.name, COALESCE(f.first_no - 1, p.subtopics) AS rank_of
FROM buckets b
JOIN topics p ON p.section = b.section
LEFT JOIN (SELECT section, name, MIN(subtopic_no) AS first_no FROM named GROUP BY section, name) f
  ON f.section = b.section AND f.name = b.name;

-- THE TOPIC MATCH, parameterised by `section`: every ticket of `t` (this month's: see
-- consultation_topic_hits) in that section's topic,
-- with its bucket (bucket_no, subtopic, rank_of) and all of the ticket's columns. A section
-- narrows it to its own scope (WHERE section = '<key>' AND …) exactly as it narrows `t`.
-- Tickets are told apart by (month, source_file, source_row), which the export writes.
CREATE OR REPLACE TEMPORARY VIEW consultation_topic_match AS
SELECT f.section, b.bucket_no, b.name AS subtopic, b.rank_of, k.*
FROM consultation_topic_found f
JOIN (SELECT section, MAX(bucket_no) AS other_no FROM consultation_topic_buckets GROUP BY section) o
  ON o.section = f.section
JOIN consultation_topic_buckets b
  ON b.section = f.section AND b.bucket_no = COALESCE(f.subtopic_no, o.other_no)
JOIN t k
  ON k.month = f.month AND COALESCE(k.source_file, '') = f.source_file AND k.source_row = f.source_row;

-- The section's own settings.
CREATE OR REPLACE TEMPORARY VIEW consultation_settings AS
SELECT CAST(MAX(CASE WHEN key = 'consultation.top_n' THEN value END) AS BIGINT) AS top_n,
       CAST(MAX(CASE WHEN key = 'consultation.topic_top_n' THEN value END) AS BIGINT) AS topic_top_n
FROM settings_scalars;

-- Whether the letter says how the top categories moved (rank_shifts.rs Moves::of): the data
-- holds last month, and at least MIN_MONTHS = 3 held months up to this one (analysis.rs
-- held_months: a month holding at least 5% of the largest month's tickets). The 3 is the
-- core's constant, not a setting.
CREATE OR REPLACE TEMPORARY VIEW consultation_moves_shown AS
SELECT r.has_previous AND h.n >= 3 AS shown
FROM report r
CROSS JOIN (
    SELECT COUNT(*) AS n
    FROM month_counts c
    CROSS JOIN (SELECT MAX(n) AS largest FROM month_counts) l
    CROSS JOIN report m
    WHERE c.n > 0 AND c.n * 20 >= l.largest AND c.month <= m.month
) h;

-- Consultations this month, last month and a year earlier.
CREATE OR REPLACE TEMPORARY VIEW consultation_total AS
SELECT COALESCE(SUM(CASE WHEN period = 'current' THEN 1 ELSE 0 END), 0) AS c,
       COALESCE(SUM(CASE WHEN period = 'previous' THEN 1 ELSE 0 END), 0) AS p,
       COALESCE(SUM(CASE WHEN period = 'year_ago' THEN 1 ELSE 0 END), 0) AS y
FROM t WHERE consultation;

-- Consultations per first-level category ('' when none) in each period.
CREATE OR REPLACE TEMPORARY VIEW consultation_categories AS
SELECT COALESCE(category1, '') AS name,
       SUM(CASE WHEN period = 'current' THEN 1 ELSE 0 END) AS c,
       SUM(CASE WHEN period = 'previous' THEN 1 ELSE 0 END) AS p,
       SUM(CASE WHEN period = 'year_ago' THEN 1 ELSE 0 END) AS y
FROM t WHERE consultation
GROUP BY COALESCE(category1, '');

-- The top N named categories this month (largest first, ties by name), each with last
-- month's and a year earlier's count and its rank last month: competition ranking among
-- every value last month, the blank one included (rank_shifts.rs ranked); none without
-- tickets then.
CREATE OR REPLACE TEMPORARY VIEW consultation_top AS
WITH ranked AS (
    SELECT name, c, p, y, ROW_NUMBER() OVER (ORDER BY c DESC, name) - 1 AS i
    FROM consultation_categories WHERE name <> '' AND c > 0
)
SELECT r.i, r.name, r.c, r.p, r.y,
       CASE WHEN r.p > 0 THEN 1 + SUM(CASE WHEN o.p > r.p THEN 1 ELSE 0 END) END AS previous_rank
FROM ranked r
CROSS JOIN consultation_settings s
CROSS JOIN consultation_categories o
WHERE r.i < s.top_n
GROUP BY r.i, r.name, r.c, r.p, r.y;

-- Everything the consultation topic prints, from one count of its buckets (so the topic
-- match is searched once): the topic's name and tickets, its share of all consultations,
-- the sub-topics with tickets ranked (count, the settings' order, name; "other" included),
-- and the top N named ones (the ranking without "other", by its name). Rows are
-- (path, kind, name, n, total) as in consultation_items.
CREATE OR REPLACE TEMPORARY VIEW consultation_topic_items AS
WITH counted AS (
    SELECT b.bucket_no, b.name, b.rank_of, COALESCE(m.n, 0) AS n
    FROM consultation_topic_buckets b
    LEFT JOIN (
        SELECT bucket_no, COUNT(*) AS n
        FROM consultation_topic_match
        WHERE section = 'consultation' AND period = 'current' AND consultation
        GROUP BY bucket_no
    ) m ON m.bucket_no = b.bucket_no
    WHERE b.section = 'consultation'
),
topic AS (
    SELECT p.name, p.other, c.total, d.c AS den
    FROM settings_topics p
    CROSS JOIN (SELECT COALESCE(SUM(n), 0) AS total FROM counted) c
    CROSS JOIN consultation_total d
    WHERE p.section = 'consultation' AND p.subtopic_no = 0
),
ranked AS (
    SELECT name, n, ROW_NUMBER() OVER (ORDER BY n DESC, rank_of, name, bucket_no) - 1 AS i
    FROM counted WHERE n > 0
),
named AS (
    SELECT r.name, r.n, ROW_NUMBER() OVER (ORDER BY r.i) - 1 AS i
    FROM ranked r CROSS JOIN topic p
    WHERE r.name <> p.other
)
SELECT 'consultation.topic' AS path, 'topic' AS kind, name, total AS n, CAST(NULL AS BIGINT) AS total FROM topic
UNION ALL
SELECT 'consultation.topic.share', 'ratio', NULL, total, den FROM topic
UNION ALL
SELECT 'consultation.topic.subtopics[' || CAST(r.i AS STRING) || ']', 'share', r.name, r.n, p.total
FROM ranked r CROSS JOIN topic p
UNION ALL
SELECT 'consultation.topic_top[' || CAST(x.i AS STRING) || ']', 'share', x.name, x.n, p.total
FROM named x CROSS JOIN topic p CROSS JOIN consultation_settings s
WHERE x.i < s.topic_top_n;

-- Every share, ratio and named total the section prints: (path, kind, name, n, total);
-- kind 'share' prints name/count/of/bp, 'ratio' num/den/bp, 'topic' name/total.
CREATE OR REPLACE TEMPORARY VIEW consultation_items AS
SELECT 'consultation.top[' || CAST(r.i AS STRING) || '].share' AS path, 'share' AS kind, r.name, r.c AS n, c.c AS total
FROM consultation_top r CROSS JOIN consultation_total c
UNION ALL
SELECT path, kind, name, n, total FROM consultation_topic_items;

-- Every change the section prints: (path, this month, last month, a year earlier, whether
-- it has a 同比). The moves' changes are against last month only.
CREATE OR REPLACE TEMPORARY VIEW consultation_changes AS
SELECT 'consultation.total' AS path, c, p, y, TRUE AS with_year_ago FROM consultation_total
UNION ALL
SELECT 'consultation.top[' || CAST(i AS STRING) || '].change', c, p, y, TRUE FROM consultation_top
UNION ALL
SELECT 'consultation.moves.changes[' || CAST(r.i AS STRING) || ']', r.c, r.p, r.y, FALSE
FROM consultation_top r CROSS JOIN consultation_moves_shown m WHERE m.shown;

SELECT path || '.current' AS path, c AS num, CAST(NULL AS STRING) AS txt, CAST(NULL AS BOOLEAN) AS flag
FROM consultation_changes
UNION ALL
SELECT path || '.previous', p, NULL, NULL FROM consultation_changes CROSS JOIN report r WHERE r.has_previous
UNION ALL
SELECT path || '.bp',
       CASE WHEN p > 0 THEN CAST(SIGN(c - p) * FLOOR((ABS(c - p) * 20000 + p) / CAST(2 * p AS DOUBLE)) AS BIGINT) END,
       NULL, NULL
FROM consultation_changes CROSS JOIN report r WHERE r.has_previous
UNION ALL
SELECT path || '.year_ago', y, NULL, NULL
FROM consultation_changes CROSS JOIN report r WHERE r.has_year_ago AND with_year_ago
UNION ALL
SELECT path || '.year_ago_bp',
       CASE WHEN y > 0 THEN CAST(SIGN(c - y) * FLOOR((ABS(c - y) * 20000 + y) / CAST(2 * y AS DOUBLE)) AS BIGINT) END,
       NULL, NULL
FROM consultation_changes CROSS JOIN report r WHERE r.has_year_ago AND with_year_ago
UNION ALL
SELECT 'consultation.top[]', NULL, NULL, NULL
UNION ALL
SELECT 'consultation.topic.subtopics[]', NULL, NULL, NULL
UNION ALL
SELECT 'consultation.topic_top[]', NULL, NULL, NULL
UNION ALL
SELECT i.path || '.' || f.k,
       CASE WHEN f.k IN ('count', 'num', 'total') THEN i.n
            WHEN f.k IN ('of', 'den') THEN i.total
            WHEN f.k = 'bp' AND i.total > 0
                 THEN CAST(FLOOR((i.n * 20000 + i.total) / CAST(2 * i.total AS DOUBLE)) AS BIGINT) END,
       CASE WHEN f.k = 'name' THEN i.name END,
       NULL
FROM consultation_items i
JOIN (VALUES ('share', 'name'), ('share', 'count'), ('share', 'of'), ('share', 'bp'),
             ('ratio', 'num'), ('ratio', 'den'), ('ratio', 'bp'),
             ('topic', 'name'), ('topic', 'total')) AS f(kind, k)
  ON f.kind = i.kind
UNION ALL
SELECT 'consultation.moves.changes[]', NULL, NULL, NULL FROM consultation_moves_shown WHERE shown
UNION ALL
SELECT 'consultation.moves.ranks[]', NULL, NULL, NULL FROM consultation_moves_shown WHERE shown
UNION ALL
SELECT 'consultation.moves.ranks[' || CAST(r.i AS STRING) || '].name', NULL, r.name, NULL
FROM consultation_top r CROSS JOIN consultation_moves_shown m WHERE m.shown
UNION ALL
SELECT 'consultation.moves.ranks[' || CAST(r.i AS STRING) || '].rank', r.i + 1, NULL, NULL
FROM consultation_top r CROSS JOIN consultation_moves_shown m WHERE m.shown
UNION ALL
SELECT 'consultation.moves.ranks[' || CAST(r.i AS STRING) || '].previous_rank', r.previous_rank, NULL, NULL
FROM consultation_top r CROSS JOIN consultation_moves_shown m WHERE m.shown;
