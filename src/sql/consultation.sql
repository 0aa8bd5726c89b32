-- 三（一）咨询类 (src/sections/consultation.rs): the month's consultations against last month
-- and a year earlier, their top first-level categories (with 同比 as parts.rs YearAgo counts
-- it, and the rank shifts of src/sections/rank_shifts.rs), the consultation topic and its
-- top named sub-topics.
--
-- This file also holds the topic matching every topic section shares (src/stats/topic.rs,
-- with category entries read as src/category.rs category_rule reads them): the view
-- `consultation_topic_match`, one row per (section, ticket in that section's topic) with
-- the sub-topic bucket it falls in, and `consultation_topic_buckets`. economic.sql and
-- livelihood.sql read both: the runner runs the section files in name order (consultation
-- < economic < livelihood), in one session.
--
-- Each section's final statement reads the topic match once (its counts then go through
-- window functions, not further joins): engines inline views, so every further reference
-- would search the tickets again.

-- The characters trimmed from a topic's terms. clean_chars: what `table::clean` trims from a
-- category entry and from each level of a path (ASCII whitespace and U+3000). trim_chars:
-- what Rust's `str::trim` trims from a keyword or exclusion word (Unicode White_Space:
-- U+0009-000D, U+0020, U+0085, U+00A0, then as literal characters U+1680, U+2000-200A,
-- U+202F, U+205F, U+3000). U+2028 and U+2029 are left out: neither engine spells them
-- portably (Spark's chr() is modulo 256, and as literals they would split the line).
CREATE OR REPLACE TEMPORARY VIEW consultation_trim_chars AS
SELECT ' ' || chr(9) || chr(10) || chr(12) || chr(13) || '　' AS clean_chars,
       ' ' || chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || chr(133) || chr(160) || '              　' AS trim_chars;

-- The levels DB44/T 2479—2024 names for each code (src/db44t2479-2024-taxonomy.csv as
-- category.rs levels_of_code reads it): 2 digits name a first level, 4 a second, 6 a third,
-- keyed by the second level's code and the entry's own last two digits (090599 finds the
-- entry the standard misprints as 090499); a third level without a name of its own takes
-- the second's. The standard, not a setting: it is compiled into the core, so it is
-- spelled out here.
CREATE OR REPLACE TEMPORARY VIEW consultation_db44_levels AS
SELECT code, CAST(l1 AS STRING) AS l1, CAST(l2 AS STRING) AS l2, CAST(l3 AS STRING) AS l3
FROM (VALUES
    ('01', '科教文体', NULL, NULL), ('0101', '科教文体', '科技事务', NULL),
    ('010101', '科教文体', '科技事务', '科技服务'), ('010102', '科教文体', '科技事务', '科研工作'),
    ('010103', '科教文体', '科技事务', '信息技术'), ('010199', '科教文体', '科技事务', '其他科技事务'),
    ('0102', '科教文体', '教育管理', NULL), ('010201', '科教文体', '教育管理', '教育行政管理'),
    ('010202', '科教文体', '教育管理', '师资'), ('010203', '科教文体', '教育管理', '招生考试'),
    ('010204', '科教文体', '教育管理', '学校建设'), ('010299', '科教文体', '教育管理', '其他教育管理'),
    ('0103', '科教文体', '文化管理', NULL), ('010301', '科教文体', '文化管理', '公共文化设施'),
    ('010302', '科教文体', '文化管理', '公益性流动文化服务'), ('010303', '科教文体', '文化管理', '数字文化服务'),
    ('010304', '科教文体', '文化管理', '文物保护'), ('010399', '科教文体', '文化管理', '其他文化管理'),
    ('0104', '科教文体', '体育管理', NULL), ('010401', '科教文体', '体育管理', '体育竞技'),
    ('010402', '科教文体', '体育管理', '体育事业'), ('010403', '科教文体', '体育管理', '体育市场'),
    ('010404', '科教文体', '体育管理', '全民健身'), ('010405', '科教文体', '体育管理', '体育场馆'),
    ('010499', '科教文体', '体育管理', '其他体育管理'), ('0105', '科教文体', '广播电视', NULL),
    ('010501', '科教文体', '广播电视', '广播服务'), ('010502', '科教文体', '广播电视', '电视服务'),
    ('010503', '科教文体', '广播电视', '电影服务'), ('010599', '科教文体', '广播电视', '其他广播电视'),
    ('0106', '科教文体', '新闻出版', NULL), ('010600', '科教文体', '新闻出版', '新闻出版'),
    ('0107', '科教文体', '社会教育', NULL), ('010701', '科教文体', '社会教育', '艺能培训'),
    ('010702', '科教文体', '社会教育', '老年大学'), ('010703', '科教文体', '社会教育', '继续教育'),
    ('010799', '科教文体', '社会教育', '其他社会教育'), ('0108', '科教文体', '旅游服务', NULL),
    ('010801', '科教文体', '旅游服务', '导游'), ('010802', '科教文体', '旅游服务', '旅行社'),
    ('010803', '科教文体', '旅游服务', '住宿服务'), ('010804', '科教文体', '旅游服务', '景区'),
    ('010899', '科教文体', '旅游服务', '其他旅游服务'), ('02', '公卫医疗', NULL, NULL),
    ('0201', '公卫医疗', '人口计生', NULL), ('020101', '公卫医疗', '人口计生', '生育政策'),
    ('020102', '公卫医疗', '人口计生', '生育登记'), ('020103', '公卫医疗', '人口计生', '计划生育奖励扶助'),
    ('020199', '公卫医疗', '人口计生', '其他人口计生'), ('0202', '公卫医疗', '卫生保健', NULL),
    ('020201', '公卫医疗', '卫生保健', '健康管理'), ('020202', '公卫医疗', '卫生保健', '健康教育'),
    ('020203', '公卫医疗', '卫生保健', '居民健康档案'), ('020299', '公卫医疗', '卫生保健', '其他卫生保健'),
    ('0203', '公卫医疗', '医疗服务', NULL), ('020301', '公卫医疗', '医疗服务', '预约挂号'),
    ('020302', '公卫医疗', '医疗服务', '医院行政管理'), ('020303', '公卫医疗', '医疗服务', '健康体检'),
    ('020304', '公卫医疗', '医疗服务', '医学鉴定'), ('020305', '公卫医疗', '医疗服务', '急救转运'),
    ('020306', '公卫医疗', '医疗服务', '医德医风'), ('020307', '公卫医疗', '医疗服务', '医患纠纷'),
    ('020308', '公卫医疗', '医疗服务', '非法行医'), ('020399', '公卫医疗', '医疗服务', '其他医疗服务'),
    ('0204', '公卫医疗', '公共卫生', NULL), ('020401', '公卫医疗', '公共卫生', '疫苗接种'),
    ('020402', '公卫医疗', '公共卫生', '疾病防控'), ('020403', '公卫医疗', '公共卫生', '医疗用血'),
    ('020404', '公卫医疗', '公共卫生', '禁烟控烟'), ('020405', '公卫医疗', '公共卫生', '有害生物防治'),
    ('020406', '公卫医疗', '公共卫生', '新冠疫情'), ('020499', '公卫医疗', '公共卫生', '其他公共卫生'),
    ('0205', '公卫医疗', '医药管理', NULL), ('020501', '公卫医疗', '医药管理', '药品管理'),
    ('020502', '公卫医疗', '医药管理', '化妆品管理'), ('020503', '公卫医疗', '医药管理', '保健品管理'),
    ('020504', '公卫医疗', '医药管理', '医疗器械管理'), ('020599', '公卫医疗', '医药管理', '其他医药管理'),
    ('0206', '公卫医疗', '心理卫生', NULL), ('020601', '公卫医疗', '心理卫生', '自杀预防'),
    ('020602', '公卫医疗', '心理卫生', '严重精神障碍患者'), ('020603', '公卫医疗', '心理卫生', '心理咨询热线'),
    ('020699', '公卫医疗', '心理卫生', '其他心理卫生'), ('03', '城乡建设', NULL, NULL),
    ('0301', '城乡建设', '住房公积金', NULL), ('030101', '城乡建设', '住房公积金', '公积金提取'),
    ('030102', '城乡建设', '住房公积金', '公积金贷款'), ('030103', '城乡建设', '住房公积金', '公积金转移'),
    ('030104', '城乡建设', '住房公积金', '公积金缴存'), ('030105', '城乡建设', '住房公积金', '公积金余额查询'),
    ('030199', '城乡建设', '住房公积金', '其他公积金服务'), ('0302', '城乡建设', '房屋管理', NULL),
    ('030201', '城乡建设', '房屋管理', '购房政策'), ('030202', '城乡建设', '房屋管理', '不动产登记'),
    ('030203', '城乡建设', '房屋管理', '租赁备案'), ('030204', '城乡建设', '房屋管理', '房屋纠纷'),
    ('030205', '城乡建设', '房屋管理', '房屋交易管理'), ('030206', '城乡建设', '房屋管理', '房屋安全'),
    ('030299', '城乡建设', '房屋管理', '其他房屋管理'), ('0303', '城乡建设', '市容市貌', NULL),
    ('030301', '城乡建设', '市容市貌', '建筑工程管理'), ('030302', '城乡建设', '市容市貌', '市容环卫'),
    ('030303', '城乡建设', '市容市貌', '房屋违建（破损）'), ('030304', '城乡建设', '市容市貌', '户外广告'),
    ('030399', '城乡建设', '市容市貌', '其他市容市貌'), ('0304', '城乡建设', '城乡规划', NULL),
    ('030401', '城乡建设', '城乡规划', '土地管理'), ('030402', '城乡建设', '城乡规划', '拆迁安置'),
    ('030403', '城乡建设', '城乡规划', '总体规划'), ('030499', '城乡建设', '城乡规划', '其他城乡规划'),
    ('0305', '城乡建设', '城市设施管理', NULL), ('030501', '城乡建设', '城市设施管理', '公共设施'),
    ('030502', '城乡建设', '城市设施管理', '环卫设施'), ('030503', '城乡建设', '城市设施管理', '道路设施'),
    ('030599', '城乡建设', '城市设施管理', '其他城市设施管理'), ('0306', '城乡建设', '物业管理', NULL),
    ('030601', '城乡建设', '物业管理', '小区安保'), ('030602', '城乡建设', '物业管理', '小区卫生'),
    ('030603', '城乡建设', '物业管理', '小区公共设施'), ('030604', '城乡建设', '物业管理', '小区秩序'),
    ('030605', '城乡建设', '物业管理', '车库车位管理'), ('030606', '城乡建设', '物业管理', '住改商'),
    ('030607', '城乡建设', '物业管理', '物业费缴纳'), ('030608', '城乡建设', '物业管理', '物业服务问题'),
    ('030609', '城乡建设', '物业管理', '小区自治'), ('030699', '城乡建设', '物业管理', '其他物业管理'),
    ('0307', '城乡建设', '街面秩序', NULL), ('030701', '城乡建设', '街面秩序', '游商'),
    ('030702', '城乡建设', '街面秩序', '占道废品收购'), ('030703', '城乡建设', '街面秩序', '店外经营'),
    ('030704', '城乡建设', '街面秩序', '乱堆物堆料'), ('030705', '城乡建设', '街面秩序', '露天烧烤'),
    ('030706', '城乡建设', '街面秩序', '沿街晾挂'), ('030707', '城乡建设', '街面秩序', '毁绿占绿'),
    ('030708', '城乡建设', '街面秩序', '沿街物品设置不合理'), ('030709', '城乡建设', '街面秩序', '非法流动洗车'),
    ('030710', '城乡建设', '街面秩序', '非法沿河占道洗车'), ('030711', '城乡建设', '街面秩序', '市容环卫责任人失职'),
    ('030799', '城乡建设', '街面秩序', '其他街面秩序'), ('04', '自然资源与环境保护', NULL, NULL),
    ('0401', '自然资源与环境保护', '自然资源', NULL), ('040101', '自然资源与环境保护', '自然资源', '森林资源'),
    ('040102', '自然资源与环境保护', '自然资源', '地理测绘'), ('040103', '自然资源与环境保护', '自然资源', '野生动植物'),
    ('040104', '自然资源与环境保护', '自然资源', '生态保护'), ('040105', '自然资源与环境保护', '自然资源', '海洋经济'),
    ('040106', '自然资源与环境保护', '自然资源', '历史遗迹'), ('040199', '自然资源与环境保护', '自然资源', '其他自然资源'),
    ('0402', '自然资源与环境保护', '污染防治', NULL), ('040201', '自然资源与环境保护', '污染防治', '噪声污染'),
    ('040202', '自然资源与环境保护', '污染防治', '大气污染'), ('040203', '自然资源与环境保护', '污染防治', '光污染'),
    ('040204', '自然资源与环境保护', '污染防治', '辐射污染'), ('040205', '自然资源与环境保护', '污染防治', '水污染'),
    ('040206', '自然资源与环境保护', '污染防治', '固废污染'), ('040207', '自然资源与环境保护', '污染防治', '海洋污染'),
    ('040299', '自然资源与环境保护', '污染防治', '其他污染防治'), ('0403', '自然资源与环境保护', '水利', NULL),
    ('040301', '自然资源与环境保护', '水利', '水库'), ('040302', '自然资源与环境保护', '水利', '河道'),
    ('040303', '自然资源与环境保护', '水利', '水务监管'), ('040304', '自然资源与环境保护', '水利', '水旱灾害防御'),
    ('040399', '自然资源与环境保护', '水利', '其他水利'), ('0404', '自然资源与环境保护', '环保业务', NULL),
    ('040401', '自然资源与环境保护', '环保业务', '政策信息'), ('040402', '自然资源与环境保护', '环保业务', '资质办理'),
    ('040499', '自然资源与环境保护', '环保业务', '其他环保业务'), ('0405', '自然资源与环境保护', '气象地理', NULL),
    ('040501', '自然资源与环境保护', '气象地理', '气象服务'), ('040502', '自然资源与环境保护', '气象地理', '水文服务'),
    ('040503', '自然资源与环境保护', '气象地理', '地理信息测绘'), ('040504', '自然资源与环境保护', '气象地理', '地震服务'),
    ('040599', '自然资源与环境保护', '气象地理', '其他气象地理'), ('0406', '自然资源与环境保护', '矿产能源', NULL),
    ('040601', '自然资源与环境保护', '矿产能源', '能源'), ('040602', '自然资源与环境保护', '矿产能源', '燃料燃气'),
    ('040603', '自然资源与环境保护', '矿产能源', '矿产资源管理'), ('040699', '自然资源与环境保护', '矿产能源', '其他矿产能源'),
    ('05', '交通运输', NULL, NULL), ('0501', '交通运输', '快递物流', NULL),
    ('050101', '交通运输', '快递物流', '快递问题'), ('050102', '交通运输', '快递物流', '快递寄存柜'),
    ('050103', '交通运输', '快递物流', '物流'), ('050199', '交通运输', '快递物流', '其他快递物流'),
    ('0502', '交通运输', '公共汽车', NULL), ('050201', '交通运输', '公共汽车', '公交卡'),
    ('050202', '交通运输', '公共汽车', '公交服务'), ('050203', '交通运输', '公共汽车', '公交班次'),
    ('050204', '交通运输', '公共汽车', '公交线路'), ('050299', '交通运输', '公共汽车', '其他公共汽车'),
    ('0503', '交通运输', '公共自行车', NULL), ('050301', '交通运输', '公共自行车', '公共自行车卡业务'),
    ('050302', '交通运输', '公共自行车', '公共自行车桩点管理'), ('050303', '交通运输', '公共自行车', '公共自行车租赁点'),
    ('050304', '交通运输', '公共自行车', '公共自行车车辆使用'), ('050305', '交通运输', '公共自行车', '共享单车管理'),
    ('050399', '交通运输', '公共自行车', '其他公共自行车'), ('0504', '交通运输', '出租汽车', NULL),
    ('050401', '交通运输', '出租汽车', '出租汽车服务'), ('050402', '交通运输', '出租汽车', '网约车管理'),
    ('050499', '交通运输', '出租汽车', '其他出租汽车'), ('0505', '交通运输', '城际客运', NULL),
    ('050501', '交通运输', '城际客运', '城际客运服务'), ('050502', '交通运输', '城际客运', '客运售票网点'),
    ('050503', '交通运输', '城际客运', '客运票务信息'), ('050599', '交通运输', '城际客运', '其他城际客运'),
    ('0506', '交通运输', '水路交通', NULL), ('050601', '交通运输', '水路交通', '码头渡口管理'),
    ('050602', '交通运输', '水路交通', '船员管理'), ('050603', '交通运输', '水路交通', '船舶管理'),
    ('050604', '交通运输', '水路交通', '通航管理'), ('050699', '交通运输', '水路交通', '其他水路交通'),
    ('0507', '交通运输', '空中交通', NULL), ('050701', '交通运输', '空中交通', '机场服务'),
    ('050702', '交通运输', '空中交通', '票务信息'), ('050703', '交通运输', '空中交通', '航班信息'),
    ('050799', '交通运输', '空中交通', '其他空中交通'), ('0508', '交通运输', '轨道交通', NULL),
    ('050801', '交通运输', '轨道交通', '有轨电车服务'), ('050802', '交通运输', '轨道交通', '轨交文明行为'),
    ('050803', '交通运输', '轨道交通', '轨交班次'), ('050804', '交通运输', '轨道交通', '轨交站内设施'),
    ('050805', '交通运输', '轨道交通', '轨交线路'), ('050806', '交通运输', '轨道交通', '轨交运营服务'),
    ('050807', '交通运输', '轨道交通', '运营政策与安检'), ('050899', '交通运输', '轨道交通', '其他轨道交通'),
    ('0509', '交通运输', '铁路交通', NULL), ('050901', '交通运输', '铁路交通', '火车站设施管理'),
    ('050902', '交通运输', '铁路交通', '车厢服务'), ('050903', '交通运输', '铁路交通', '铁路列次信息'),
    ('050904', '交通运输', '铁路交通', '铁路服务'), ('050905', '交通运输', '铁路交通', '铁路票务信息'),
    ('050999', '交通运输', '铁路交通', '其他铁路交通'), ('0510', '交通运输', '车辆管理', NULL),
    ('051001', '交通运输', '车辆管理', '三小车辆整治'), ('051002', '交通运输', '车辆管理', '二手车过户'),
    ('051003', '交通运输', '车辆管理', '人力三轮车管理'), ('051004', '交通运输', '车辆管理', '机动车手续'),
    ('051005', '交通运输', '车辆管理', '渣土车及大型车管理'), ('051006', '交通运输', '车辆管理', '货车通行证'),
    ('051007', '交通运输', '车辆管理', '车辆保险'), ('051008', '交通运输', '车辆管理', '车辆补贴'),
    ('051009', '交通运输', '车辆管理', '非机动车手续'), ('051010', '交通运输', '车辆管理', '非法营运'),
    ('051011', '交通运输', '车辆管理', '驾考管理'), ('051012', '交通运输', '车辆管理', '驾驶证管理'),
    ('051099', '交通运输', '车辆管理', '其他车辆管理'), ('0511', '交通运输', '道路管理', NULL),
    ('051101', '交通运输', '道路管理', '交通事故'), ('051102', '交通运输', '道路管理', '交通拥堵'),
    ('051103', '交通运输', '道路管理', '交通管制'), ('051104', '交通运输', '道路管理', '交通违章'),
    ('051105', '交通运输', '道路管理', '停车场管理'), ('051106', '交通运输', '道路管理', '公共交通失物招领'),
    ('051107', '交通运输', '道路管理', '故障救援'), ('051108', '交通运输', '道路管理', '违规使用机动车'),
    ('051109', '交通运输', '道路管理', '警示标志设置'), ('051110', '交通运输', '道路管理', '限高标志'),
    ('051111', '交通运输', '道路管理', '车乱停放'), ('051199', '交通运输', '道路管理', '其他道路管理'),
    ('0512', '交通运输', '挪车服务', NULL), ('051201', '交通运输', '挪车服务', '占道挪车'),
    ('051202', '交通运输', '挪车服务', '小区挪车'), ('051299', '交通运输', '挪车服务', '其他挪车服务'),
    ('0513', '交通运输', '其他交通出行类', NULL), ('051301', '交通运输', '其他交通出行类', 'ETC'),
    ('051399', '交通运输', '其他交通出行类', '其他交通出行'), ('06', '农林牧渔', NULL, NULL),
    ('0601', '农林牧渔', '农业管理', NULL), ('060101', '农林牧渔', '农业管理', '农民权益保障'),
    ('060102', '农林牧渔', '农业管理', '村民选举'), ('060103', '农林牧渔', '农业管理', '村务公开'),
    ('060104', '农林牧渔', '农业管理', '农业资源'), ('060105', '农林牧渔', '农业管理', '农田灌溉'),
    ('060106', '农林牧渔', '农业管理', '土地承包'), ('060107', '农林牧渔', '农业管理', '粮油收购'),
    ('060108', '农林牧渔', '农业管理', '粮站管理'), ('060109', '农林牧渔', '农业管理', '农资管理'),
    ('060110', '农林牧渔', '农业管理', '农技指导'), ('060111', '农林牧渔', '农业管理', '农业机械化'),
    ('060112', '农林牧渔', '农业管理', '农副产品加工'), ('060113', '农林牧渔', '农业管理', '非法种植'),
    ('060199', '农林牧渔', '农业管理', '其他农业'), ('0602', '农林牧渔', '林业管理', NULL),
    ('060201', '农林牧渔', '林业管理', '园林绿化'), ('060202', '农林牧渔', '林业管理', '林业生产经营'),
    ('060203', '农林牧渔', '林业管理', '林业科技'), ('060204', '农林牧渔', '林业管理', '林业病虫害'),
    ('060299', '农林牧渔', '林业管理', '其他林业管理'), ('0603', '农林牧渔', '渔业管理', NULL),
    ('060301', '农林牧渔', '渔业管理', '渔业养殖'), ('060302', '农林牧渔', '渔业管理', '非法捕捞'),
    ('060303', '农林牧渔', '渔业管理', '休渔期管理'), ('060304', '农林牧渔', '渔业管理', '海域使用秩序'),
    ('060305', '农林牧渔', '渔业管理', '海岛生态保护'), ('060306', '农林牧渔', '渔业管理', '海岛使用'),
    ('060399', '农林牧渔', '渔业管理', '其他渔业'), ('0604', '农林牧渔', '畜牧业管理', NULL),
    ('060401', '农林牧渔', '畜牧业管理', '动物防疫'), ('060402', '农林牧渔', '畜牧业管理', '家畜禽类屠宰'),
    ('060499', '农林牧渔', '畜牧业管理', '其他畜牧业'), ('07', '公共安全', NULL, NULL),
    ('0701', '公共安全', '出入境管理', NULL), ('070101', '公共安全', '出入境管理', '护照办理'),
    ('070102', '公共安全', '出入境管理', '赴港澳定居'), ('070103', '公共安全', '出入境管理', '赴港澳台签注'),
    ('070104', '公共安全', '出入境管理', '边防证'), ('070105', '公共安全', '出入境管理', '境外人员出入境业务'),
    ('070199', '公共安全', '出入境管理', '其他出入境管理'), ('0702', '公共安全', '户政管理', NULL),
    ('070201', '公共安全', '户政管理', '身份证办理'), ('070202', '公共安全', '户政管理', '居住证办理'),
    ('070203', '公共安全', '户政管理', '户口簿办理'), ('070204', '公共安全', '户政管理', '入户政策'),
    ('070299', '公共安全', '户政管理', '其他户政管理'), ('0703', '公共安全', '社会治安', NULL),
    ('070301', '公共安全', '社会治安', '公共秩序'), ('070302', '公共安全', '社会治安', '人身安全'),
    ('070303', '公共安全', '社会治安', '公私财产安全'), ('070399', '公共安全', '社会治安', '其他社会治安'),
    ('0704', '公共安全', '消防安全', NULL), ('070401', '公共安全', '消防安全', '消防安全检查'),
    ('070402', '公共安全', '消防安全', '消防安全违法行为'), ('070403', '公共安全', '消防安全', '火灾隐患'),
    ('070404', '公共安全', '消防安全', '消防救援'), ('070405', '公共安全', '消防安全', '火灾事故调查'),
    ('070499', '公共安全', '消防安全', '其他消防安全'), ('0705', '公共安全', '生产安全', NULL),
    ('070501', '公共安全', '生产安全', '经营场所'), ('070502', '公共安全', '生产安全', '经营设备安全'),
    ('070503', '公共安全', '生产安全', '安全作业'), ('070599', '公共安全', '生产安全', '其他生产安全'),
    ('0706', '公共安全', '网络安全', NULL), ('070601', '公共安全', '网络安全', '系统安全'),
    ('070602', '公共安全', '网络安全', '信息安全'), ('070699', '公共安全', '网络安全', '其他网络安全'),
    ('0707', '公共安全', '自然灾害', NULL), ('070701', '公共安全', '自然灾害', '气象灾害'),
    ('070702', '公共安全', '自然灾害', '地质灾害'), ('070703', '公共安全', '自然灾害', '海洋灾害'),
    ('070704', '公共安全', '自然灾害', '生物灾害'), ('070705', '公共安全', '自然灾害', '森林火灾'),
    ('070706', '公共安全', '自然灾害', '地震灾害'), ('070799', '公共安全', '自然灾害', '其他自然灾害'),
    ('0708', '公共安全', '食品安全', NULL), ('070801', '公共安全', '食品安全', '餐饮店卫生'),
    ('070802', '公共安全', '食品安全', '生产作坊卫生'), ('070803', '公共安全', '食品安全', '食物中毒'),
    ('070804', '公共安全', '食品安全', '食品添加剂'), ('070805', '公共安全', '食品安全', '食品认证'),
    ('070899', '公共安全', '食品安全', '其他食品安全'), ('0709', '公共安全', '特种设备', NULL),
    ('070901', '公共安全', '特种设备', '电梯问题'), ('070902', '公共安全', '特种设备', '液化气钢瓶问题'),
    ('070903', '公共安全', '特种设备', '特种设备人员许可'), ('070999', '公共安全', '特种设备', '其他特种设备'),
    ('0710', '公共安全', '人民防空', NULL), ('071001', '公共安全', '人民防空', '人防工程建设'),
    ('071002', '公共安全', '人民防空', '应急救援包'), ('071003', '公共安全', '人民防空', '防空警报'),
    ('071004', '公共安全', '人民防空', '疏散演练'), ('071099', '公共安全', '人民防空', '其他人防工程'),
    ('0711', '公共安全', '国防军事', NULL), ('071101', '公共安全', '国防军事', '国防教育'),
    ('071102', '公共安全', '国防军事', '国防安全'), ('071103', '公共安全', '国防军事', '武警'),
    ('071104', '公共安全', '国防军事', '军事活动'), ('071105', '公共安全', '国防军事', '军事设施'),
    ('071199', '公共安全', '国防军事', '其他国防军事'), ('08', '人力资源社会保障', NULL, NULL),
    ('0801', '人力资源社会保障', '社保统筹服务', NULL), ('080101', '人力资源社会保障', '社保统筹服务', '养老保险'),
    ('080102', '人力资源社会保障', '社保统筹服务', '医疗保险'), ('080103', '人力资源社会保障', '社保统筹服务', '失业保险'),
    ('080104', '人力资源社会保障', '社保统筹服务', '工伤保险'), ('080105', '人力资源社会保障', '社保统筹服务', '生育保险'),
    ('080106', '人力资源社会保障', '社保统筹服务', '社保卡'), ('080107', '人力资源社会保障', '社保统筹服务', '社保投诉'),
    ('080108', '人力资源社会保障', '社保统筹服务', '社保查询'), ('080109', '人力资源社会保障', '社保统筹服务', '公费医疗'),
    ('080110', '人力资源社会保障', '社保统筹服务', '基金监督举报'), ('080199', '人力资源社会保障', '社保统筹服务', '其他社会保障'),
    ('0802', '人力资源社会保障', '人事工作', NULL), ('080201', '人力资源社会保障', '人事工作', '事业编制'),
    ('080202', '人力资源社会保障', '人事工作', '人事招考'), ('080203', '人力资源社会保障', '人事工作', '人事档案'),
    ('080204', '人力资源社会保障', '人事工作', '人才引进'), ('080205', '人力资源社会保障', '人事工作', '职业等级证书'),
    ('080206', '人力资源社会保障', '人事工作', '离休退休'), ('080299', '人力资源社会保障', '人事工作', '其他人事工作'),
    ('0803', '人力资源社会保障', '创业服务', NULL), ('080301', '人力资源社会保障', '创业服务', '创业孵化基地'),
    ('080302', '人力资源社会保障', '创业服务', '一次性创业资助'), ('080303', '人力资源社会保障', '创业服务', '创业租金补贴'),
    ('080304', '人力资源社会保障', '创业服务', '创业带动就业补贴'), ('080305', '人力资源社会保障', '创业服务', '创业担保贷款贴息'),
    ('080399', '人力资源社会保障', '创业服务', '其他创业服务'), ('0804', '人力资源社会保障', '劳动权益', NULL),
    ('080401', '人力资源社会保障', '劳动权益', '劳动环境'), ('080402', '人力资源社会保障', '劳动权益', '劳动能力鉴定'),
    ('080403', '人力资源社会保障', '劳动权益', '带薪休假'), ('080404', '人力资源社会保障', '劳动权益', '福利待遇'),
    ('080405', '人力资源社会保障', '劳动权益', '高温津贴'), ('080499', '人力资源社会保障', '劳动权益', '其他劳动权益'),
    ('0805', '人力资源社会保障', '劳动纠纷', NULL), ('080501', '人力资源社会保障', '劳动纠纷', '未按规定参保'),
    ('080502', '人力资源社会保障', '劳动纠纷', '劳动合同'), ('080503', '人力资源社会保障', '劳动纠纷', '集体合同'),
    ('080504', '人力资源社会保障', '劳动纠纷', '解除、终止劳动关系'), ('080505', '人力资源社会保障', '劳动纠纷', '休息休假'),
    ('080506', '人力资源社会保障', '劳动纠纷', '女职工特殊劳动保护'), ('080507', '人力资源社会保障', '劳动纠纷', '违法用工'),
    ('080508', '人力资源社会保障', '劳动纠纷', '拖欠、克扣工资'), ('080509', '人力资源社会保障', '劳动纠纷', '补偿、赔偿'),
    ('080599', '人力资源社会保障', '劳动纠纷', '其他劳动纠纷'), ('0806', '人力资源社会保障', '失业就业服务', NULL),
    ('080601', '人力资源社会保障', '失业就业服务', '失业就业登记'), ('080602', '人力资源社会保障', '失业就业服务', '农民工培训'),
    ('080603', '人力资源社会保障', '失业就业服务', '外国人就业'), ('080604', '人力资源社会保障', '失业就业服务', '就业援助'),
    ('080605', '人力资源社会保障', '失业就业服务', '就业补贴'), ('080606', '人力资源社会保障', '失业就业服务', '招用补贴'),
    ('080607', '人力资源社会保障', '失业就业服务', '就业见习服务'), ('080608', '人力资源社会保障', '失业就业服务', '毕业报到'),
    ('080609', '人力资源社会保障', '失业就业服务', '职业中介管理'), ('080610', '人力资源社会保障', '失业就业服务', '职业技能'),
    ('080611', '人力资源社会保障', '失业就业服务', '职称评审'), ('080699', '人力资源社会保障', '失业就业服务', '其他就业服务'),
    ('0807', '人力资源社会保障', '积分管理', NULL), ('080701', '人力资源社会保障', '积分管理', '积分入户'),
    ('080702', '人力资源社会保障', '积分管理', '积分入学'), ('080799', '人力资源社会保障', '积分管理', '其他积分管理'),
    ('09', '民政社区', NULL, NULL), ('0901', '民政社区', '民政救济', NULL),
    ('090101', '民政社区', '民政救济', '长者服务'), ('090102', '民政社区', '民政救济', '残疾人保障'),
    ('090103', '民政社区', '民政救济', '境内外来人员服务'), ('090104', '民政社区', '民政救济', '未成年人服务'),
    ('090105', '民政社区', '民政救济', '殡葬管理'), ('090106', '民政社区', '民政救济', '行政区域界线和地名管理'),
    ('090107', '民政社区', '民政救济', '社会团体管理'), ('090108', '民政社区', '民政救济', '困难群体救助'),
    ('090109', '民政社区', '民政救济', '优抚安置'), ('090110', '民政社区', '民政救济', '救灾募捐'),
    ('090111', '民政社区', '民政救济', '婚姻登记'), ('090112', '民政社区', '民政救济', '基层组织建设'),
    ('090113', '民政社区', '民政救济', '志愿服务事务'), ('090199', '民政社区', '民政救济', '其他民政救济'),
    ('0902', '民政社区', '彩票管理', NULL), ('090201', '民政社区', '彩票管理', '福利彩票'),
    ('090202', '民政社区', '彩票管理', '体育彩票'), ('090299', '民政社区', '彩票管理', '其他彩票管理'),
    ('0903', '民政社区', '社区管理', NULL), ('090301', '民政社区', '社区管理', '居民选举'),
    ('090302', '民政社区', '社区管理', '业委会建设管理'), ('090303', '民政社区', '社区管理', '家庭纠纷'),
    ('090304', '民政社区', '社区管理', '儿童保护'), ('090305', '民政社区', '社区管理', '邻里纠纷'),
    ('090399', '民政社区', '社区管理', '其他社区管理'), ('0904', '民政社区', '生活服务', NULL),
    ('090401', '民政社区', '生活服务', '号码查询'), ('090402', '民政社区', '生活服务', '地址查询'),
    ('090403', '民政社区', '生活服务', '水电气暖'), ('090499', '民政社区', '生活服务', '其他生活服务'),
    ('0905', '民政社区', '民族宗教', NULL), ('090501', '民政社区', '民族宗教', '民族管理'),
    ('090502', '民政社区', '民族宗教', '宗教管理'), ('090599', '民政社区', '民族宗教', '其他民族宗教'),
    ('0906', '民政社区', '港澳台侨务事务', NULL), ('090601', '民政社区', '港澳台侨务事务', '香港澳门工作'),
    ('090602', '民政社区', '港澳台侨务事务', '台湾工作'), ('090603', '民政社区', '港澳台侨务事务', '侨务工作'),
    ('090699', '民政社区', '港澳台侨务事务', '其他港澳台侨务事务'), ('10', '市场监管', NULL, NULL),
    ('1001', '市场监管', '商事管理', NULL), ('100101', '市场监管', '商事管理', '市场主体登记、备案'),
    ('100102', '市场监管', '商事管理', '企业年报'), ('100103', '市场监管', '商事管理', '商标审查'),
    ('100104', '市场监管', '商事管理', '移出经营异常名录'), ('100105', '市场监管', '商事管理', '商事登记基本信息、档案查询'),
    ('100106', '市场监管', '商事管理', '守合同重信用活动'), ('100107', '市场监管', '商事管理', '资信证明'),
    ('100108', '市场监管', '商事管理', '标准化管理'), ('100199', '市场监管', '商事管理', '其他商事管理'),
    ('1002', '市场监管', '市场管理', NULL), ('100201', '市场监管', '市场管理', '物价管理'),
    ('100202', '市场监管', '市场管理', '证照监管'), ('100203', '市场监管', '市场管理', '商业广告'),
    ('100204', '市场监管', '市场管理', '不正当竞争'), ('100205', '市场监管', '市场管理', '售后服务'),
    ('100206', '市场监管', '市场管理', '合同管理'), ('100207', '市场监管', '市场管理', '通信管理'),
    ('100299', '市场监管', '市场管理', '其他市场管理'), ('1003', '市场监管', '知识产权', NULL),
    ('100301', '市场监管', '知识产权', '专利'), ('100302', '市场监管', '知识产权', '商标'),
    ('100303', '市场监管', '知识产权', '版权'), ('100304', '市场监管', '知识产权', '中介服务'),
    ('100305', '市场监管', '知识产权', '地理标志'), ('100306', '市场监管', '知识产权', '官方标志和特殊标志'),
    ('100399', '市场监管', '知识产权', '其他知识产权'), ('1004', '市场监管', '质量计量检验检测认证监管', NULL),
    ('100401', '市场监管', '质量计量检验检测认证监管', '质量监督'), ('100402', '市场监管', '质量计量检验检测认证监管', '计量器具'),
    ('100403', '市场监管', '质量计量检验检测认证监管', '检验检测'), ('100404', '市场监管', '质量计量检验检测认证监管', '认证'),
    ('100499', '市场监管', '质量计量检验检测认证监管', '其他质量计量检验检测认证监管'), ('1005', '市场监管', '检验检疫', NULL),
    ('100501', '市场监管', '检验检疫', '商品检疫'), ('100502', '市场监管', '检验检疫', '动植物检疫'),
    ('100503', '市场监管', '检验检疫', '出入境卫生检疫'), ('100504', '市场监管', '检验检疫', '医疗物品进口检疫'),
    ('100599', '市场监管', '检验检疫', '其他检验检疫'), ('11', '经济财贸', NULL, NULL),
    ('1101', '经济财贸', '外事管理', NULL), ('110101', '经济财贸', '外事管理', '出国业务办理'),
    ('110102', '经济财贸', '外事管理', '外国人来华邀请'), ('110103', '经济财贸', '外事管理', '领事业务'),
    ('110104', '经济财贸', '外事管理', 'APEC商务旅行卡业务'), ('110105', '经济财贸', '外事管理', '外事活动'),
    ('110199', '经济财贸', '外事管理', '其他外事管理'), ('1102', '经济财贸', '税务管理', NULL),
    ('110201', '经济财贸', '税务管理', '税务登记'), ('110202', '经济财贸', '税务管理', '纳税申报'),
    ('110203', '经济财贸', '税务管理', '发票管理'), ('110204', '经济财贸', '税务管理', '税收违法'),
    ('110299', '经济财贸', '税务管理', '其他税收管理'), ('1103', '经济财贸', '商务管理', NULL),
    ('110301', '经济财贸', '商务管理', '贸易服务'), ('110302', '经济财贸', '商务管理', '货物运输'),
    ('110399', '经济财贸', '商务管理', '其他商务贸易'), ('1104', '经济财贸', '金融管理', NULL),
    ('110401', '经济财贸', '金融管理', '金融监管'), ('110402', '经济财贸', '金融管理', '银行业务'),
    ('110403', '经济财贸', '金融管理', '保险业务'), ('110404', '经济财贸', '金融管理', '证券业务'),
    ('110499', '经济财贸', '金融管理', '其他金融管理'), ('1105', '经济财贸', '财政事务', NULL),
    ('110501', '经济财贸', '财政事务', '会计服务事项'), ('110502', '经济财贸', '财政事务', '票据管理事项'),
    ('110503', '经济财贸', '财政事务', '资产评估服务'), ('110599', '经济财贸', '财政事务', '其他财政事务'),
    ('1106', '经济财贸', '审计事务', NULL), ('110601', '经济财贸', '审计事务', '财政金融审计'),
    ('110602', '经济财贸', '审计事务', '民生审计'), ('110699', '经济财贸', '审计事务', '其他审计事项'),
    ('1107', '经济财贸', '海关业务', NULL), ('110701', '经济财贸', '海关业务', '报关'),
    ('110702', '经济财贸', '海关业务', '检验检疫'), ('110703', '经济财贸', '海关业务', '进出口备案'),
    ('110704', '经济财贸', '海关业务', '防疫物资快速通关'), ('110799', '经济财贸', '海关业务', '其他海关业务'),
    ('1108', '经济财贸', '经济管理', NULL), ('110801', '经济财贸', '经济管理', '企业改革'),
    ('110802', '经济财贸', '经济管理', '收入分配'), ('110803', '经济财贸', '经济管理', '国有资产管理'),
    ('110804', '经济财贸', '经济管理', '财政收支管理'), ('110805', '经济财贸', '经济管理', '政府采购'),
    ('110806', '经济财贸', '经济管理', '政府拍卖'), ('110807', '经济财贸', '经济管理', '货物招标'),
    ('110808', '经济财贸', '经济管理', '招商引资'), ('110809', '经济财贸', '经济管理', '公共资源交易'),
    ('110810', '经济财贸', '经济管理', '消费补贴'), ('110811', '经济财贸', '经济管理', '经济统计'),
    ('110812', '经济财贸', '经济管理', '中小企业证明'), ('110813', '经济财贸', '经济管理', '产业奖励补贴'),
    ('110899', '经济财贸', '经济管理', '其他经济管理'), ('12', '司法行政', NULL, NULL),
    ('1201', '司法行政', '法律服务', NULL), ('120101', '司法行政', '法律服务', '法律咨询'),
    ('120102', '司法行政', '法律服务', '公证管理'), ('120103', '司法行政', '法律服务', '人民调解'),
    ('120104', '司法行政', '法律服务', '法律援助'), ('120105', '司法行政', '法律服务', '司法鉴定'),
    ('120199', '司法行政', '法律服务', '其他法律服务'), ('1202', '司法行政', '律师及事务所管理', NULL),
    ('120200', '司法行政', '律师及事务所管理', '律师及事务所管理'), ('1203', '司法行政', '监狱管理', NULL),
    ('120300', '司法行政', '监狱管理', '监狱管理'), ('1204', '司法行政', '法律职业资格考试', NULL),
    ('120400', '司法行政', '法律职业资格考试', '法律职业资格考试'), ('1299', '司法行政', '其他司法行政', NULL),
    ('129901', '司法行政', '其他司法行政', '社区矫正'), ('129902', '司法行政', '其他司法行政', '强制隔离戒毒'),
    ('129903', '司法行政', '其他司法行政', '安置帮教'), ('13', '政风行风党风', NULL, NULL),
    ('1301', '政风行风党风', '行政效能', NULL), ('130101', '政风行风党风', '行政效能', '工作效率'),
    ('130102', '政风行风党风', '行政效能', '服务质量'), ('130103', '政风行风党风', '行政效能', '工作作风'),
    ('130199', '政风行风党风', '行政效能', '其他行政效能'), ('1302', '政风行风党风', '违法违纪', NULL),
    ('130200', '政风行风党风', '违法违纪', '违法违纪'), ('1303', '政风行风党风', '行政执法', NULL),
    ('130301', '政风行风党风', '行政执法', '越权执法'), ('130302', '政风行风党风', '行政执法', '执法不作为'),
    ('130303', '政风行风党风', '行政执法', '选择性执法'), ('130304', '政风行风党风', '行政执法', '不文明、暴力执法'),
    ('130399', '政风行风党风', '行政执法', '其他行政执法'), ('99', '其他', NULL, NULL),
    ('9901', '其他', '涉军涉警', NULL), ('990100', '其他', '涉军涉警', '涉军涉警'),
    ('9902', '其他', '涉法涉诉', NULL), ('990200', '其他', '涉法涉诉', '涉法涉诉'),
    ('9903', '其他', '人大政协', NULL), ('990300', '其他', '人大政协', '人大政协'),
    ('9904', '其他', '党建工作', NULL), ('990400', '其他', '党建工作', '党建工作'),
    ('9905', '其他', '党派团体', NULL), ('990500', '其他', '党派团体', '党派团体'),
    ('9906', '其他', '机关事务', NULL), ('990600', '其他', '机关事务', '机关事务'),
    ('9907', '其他', '无效诉求', NULL), ('990701', '其他', '无效诉求', '不明诉求'),
    ('990702', '其他', '无效诉求', '涉及国家秘密、商业秘密、个人隐私事项'), ('990703', '其他', '无效诉求', '违反法律法规、违背公序良俗'),
    ('990799', '其他', '无效诉求', '其他无效诉求'), ('9908', '其他', '热线管理', NULL),
    ('990801', '其他', '热线管理', '评价热线'), ('990802', '其他', '热线管理', '进度查询'),
    ('990803', '其他', '热线管理', '热线信息咨询'), ('990804', '其他', '热线管理', '热线外呼'),
    ('990805', '其他', '热线管理', '转接'), ('990899', '其他', '热线管理', '其他热线管理'),
    ('9909', '其他', '110、119、120、122等紧急热线事项', NULL), ('990900', '其他', '110、119、120、122等紧急热线事项', '110、119、120、122等紧急热线事项'),
    ('9999', '其他', '其他', NULL), ('999900', '其他', '其他', '其他')) AS d(code, l1, l2, l3);

-- Positions 1..10000 within a category entry (an entry is split into levels at them).
CREATE OR REPLACE TEMPORARY VIEW consultation_positions AS
SELECT a.n * 1000 + b.n * 100 + c.n * 10 + d.n + 1 AS p
FROM (VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)) AS a(n)
CROSS JOIN (VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)) AS b(n)
CROSS JOIN (VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)) AS c(n)
CROSS JOIN (VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)) AS d(n);

-- Every category entry of a topic (subtopic_no 0) or sub-topic, cleaned, with its form as
-- category_rule reads it: ASCII digits are a code prefix, text holding a path separator
-- (/ ／ - > ＞ → \ |) a path from the top, anything else a name at any level. `path` is the
-- entry with every separator turned into '/'.
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

-- What each category entry requires of a ticket's three levels (null: any value there),
-- as topic.rs CategorySet builds it. An entry is cut into levels at its separators (each
-- cleaned, blanks dropped; a name or a code is one level, itself). A name becomes one
-- requirement per level; a path of one to three levels requires them from the top (a
-- deeper one covers nothing); a code prefix (a dropped leading zero restored) requires
-- the levels the standard names for it (an unknown code covers nothing). An entry naming
-- a category no ticket holds simply meets no ticket.
CREATE OR REPLACE TEMPORARY VIEW consultation_topic_requirements AS
WITH cut AS (
    SELECT e.section, e.subtopic_no, e.entry, e.form, x.p,
           TRIM(BOTH w.clean_chars FROM substr(e.path, x.p, instr(substr(e.path, x.p) || '/', '/') - 1)) AS level_name
    FROM consultation_topic_entries e
    JOIN consultation_positions x ON x.p <= length(e.path)
    CROSS JOIN consultation_trim_chars w
    WHERE e.form <> 'blank'
      AND substr(e.path, x.p, 1) <> '/'
      AND (x.p = 1 OR substr(e.path, x.p - 1, 1) = '/')
),
numbered AS (
    SELECT section, subtopic_no, entry, form, level_name,
           ROW_NUMBER() OVER (PARTITION BY section, subtopic_no, entry ORDER BY p) AS level_no
    FROM cut WHERE level_name <> ''
),
entries AS (
    SELECT section, subtopic_no, entry, MAX(form) AS form, MAX(level_no) AS depth,
           MAX(CASE WHEN level_no = 1 THEN level_name END) AS l1,
           MAX(CASE WHEN level_no = 2 THEN level_name END) AS l2,
           MAX(CASE WHEN level_no = 3 THEN level_name END) AS l3
    FROM numbered
    GROUP BY section, subtopic_no, entry
)
SELECT g.section, g.subtopic_no,
       CASE WHEN g.form = 'named' THEN CASE WHEN v.lv = 1 THEN g.l1 END WHEN g.form = 'code' THEN d.l1 ELSE g.l1 END AS l1,
       CASE WHEN g.form = 'named' THEN CASE WHEN v.lv = 2 THEN g.l1 END WHEN g.form = 'code' THEN d.l2 ELSE g.l2 END AS l2,
       CASE WHEN g.form = 'named' THEN CASE WHEN v.lv = 3 THEN g.l1 END WHEN g.form = 'code' THEN d.l3 ELSE g.l3 END AS l3
FROM entries g
CROSS JOIN (VALUES (1), (2), (3)) AS v(lv)
LEFT JOIN consultation_db44_levels d
  ON g.form = 'code' AND d.code = CASE WHEN length(g.entry) % 2 = 1 THEN '0' || g.entry ELSE g.entry END
WHERE g.form = 'named'
   OR (v.lv = 1 AND g.form = 'path' AND g.depth <= 3)
   OR (v.lv = 1 AND g.form = 'code' AND d.code IS NOT NULL);

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
-- hint (a comment to other engines) keeps Spark from broadcasting the tickets, rather than
-- the few conditions, to this non-equi join.
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
-- topic's `other` name) as number other_no after them, each with the topic's name and
-- other name. rank_of orders ties in a ranking (topic.rs find): the settings' position of
-- the first named sub-topic of that name, else after them all.
CREATE OR REPLACE TEMPORARY VIEW consultation_topic_buckets AS
WITH counted AS (
    SELECT section, subtopic_no, name, other,
           SUM(CASE WHEN subtopic_no > 0 THEN 1 ELSE 0 END) OVER (PARTITION BY section) AS subtopics,
           MAX(CASE WHEN subtopic_no = 0 THEN name END) OVER (PARTITION BY section) AS topic_name,
           MAX(CASE WHEN subtopic_no = 0 THEN other END) OVER (PARTITION BY section) AS other_name
    FROM settings_topics
),
buckets AS (
    SELECT section, topic_name, other_name, subtopics,
           CASE WHEN subtopic_no > 0 THEN subtopic_no ELSE subtopics + 1 END AS bucket_no,
           CASE WHEN subtopic_no > 0 THEN name ELSE other END AS name
    FROM counted
)
SELECT section, bucket_no, name, topic_name, other_name, subtopics + 1 AS other_no,
       COALESCE(MIN(CASE WHEN bucket_no <= subtopics THEN bucket_no END) OVER (PARTITION BY section, name) - 1,
                subtopics) AS rank_of
FROM buckets;

-- THE TOPIC MATCH, parameterised by `section`: every ticket of `t` (this month's: see
-- consultation_topic_hits) in that section's topic, with its bucket (bucket_no, subtopic,
-- rank_of) and all of the ticket's columns. A section narrows it to its own scope
-- (WHERE section = '<key>' AND …) exactly as it narrows `t`. Tickets are told apart by
-- (month, source_file, source_row), which the export writes for every row.
CREATE OR REPLACE TEMPORARY VIEW consultation_topic_match AS
SELECT f.section, b.bucket_no, b.name AS subtopic, b.rank_of, k.*
FROM consultation_topic_found f
JOIN consultation_topic_buckets b
  ON b.section = f.section AND b.bucket_no = COALESCE(f.subtopic_no, b.other_no)
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

-- The top N named first-level categories of this month's consultations (largest first,
-- ties by name), each with last month's and a year earlier's count (the 同比 counts the
-- same type and category a year earlier) and its rank last month: competition ranking
-- among every value last month, the blank one included (rank_shifts.rs ranked); none
-- without tickets then.
CREATE OR REPLACE TEMPORARY VIEW consultation_top AS
WITH categories AS (
    SELECT COALESCE(category1, '') AS name,
           SUM(CASE WHEN period = 'current' THEN 1 ELSE 0 END) AS c,
           SUM(CASE WHEN period = 'previous' THEN 1 ELSE 0 END) AS p,
           SUM(CASE WHEN period = 'year_ago' THEN 1 ELSE 0 END) AS y
    FROM t WHERE consultation
    GROUP BY COALESCE(category1, '')
),
ranked AS (
    SELECT name, c, p, y,
           CASE WHEN name <> '' AND c > 0
                THEN ROW_NUMBER() OVER (PARTITION BY CASE WHEN name <> '' AND c > 0 THEN 1 ELSE 0 END
                                        ORDER BY c DESC, name) - 1 END AS i,
           RANK() OVER (ORDER BY p DESC) AS previous_rank
    FROM categories
)
SELECT r.i, r.name, r.c, r.p, r.y, CASE WHEN r.p > 0 THEN r.previous_rank END AS previous_rank
FROM ranked r CROSS JOIN consultation_settings s
WHERE r.i < s.top_n;

-- Everything the consultation topic prints, from one count of its buckets: the topic's
-- name and tickets, its share of all consultations, the sub-topics with tickets ranked
-- (count, the settings' order, name; "other" included), and the top N named ones (the
-- ranking without "other", by its name). Rows are (path, kind, name, n, total) as in
-- consultation_items.
CREATE OR REPLACE TEMPORARY VIEW consultation_topic_items AS
WITH counted AS (
    SELECT b.bucket_no, b.name, b.rank_of, b.topic_name, b.other_name, b.other_no, COALESCE(m.n, 0) AS n
    FROM consultation_topic_buckets b
    LEFT JOIN (
        SELECT bucket_no, COUNT(*) AS n
        FROM consultation_topic_match
        WHERE section = 'consultation' AND period = 'current' AND consultation
        GROUP BY bucket_no
    ) m ON m.bucket_no = b.bucket_no
    WHERE b.section = 'consultation'
),
ranked AS (
    SELECT bucket_no, name, topic_name, other_no, n,
           SUM(n) OVER () AS total,
           CASE WHEN n > 0
                THEN ROW_NUMBER() OVER (PARTITION BY CASE WHEN n > 0 THEN 1 ELSE 0 END
                                        ORDER BY n DESC, rank_of, name, bucket_no) - 1 END AS i,
           CASE WHEN n > 0 AND name <> other_name
                THEN ROW_NUMBER() OVER (PARTITION BY CASE WHEN n > 0 AND name <> other_name THEN 1 ELSE 0 END
                                        ORDER BY n DESC, rank_of, name, bucket_no) - 1 END AS j
    FROM counted
)
SELECT CASE v.what WHEN 'topic' THEN 'consultation.topic'
                   WHEN 'ratio' THEN 'consultation.topic.share'
                   WHEN 'subtopics' THEN 'consultation.topic.subtopics[' || CAST(r.i AS STRING) || ']'
                   ELSE 'consultation.topic_top[' || CAST(r.j AS STRING) || ']' END AS path,
       CASE WHEN v.what IN ('topic', 'ratio') THEN v.what ELSE 'share' END AS kind,
       CASE v.what WHEN 'topic' THEN r.topic_name WHEN 'ratio' THEN NULL ELSE r.name END AS name,
       CASE WHEN v.what IN ('topic', 'ratio') THEN r.total ELSE r.n END AS n,
       CASE WHEN v.what = 'ratio' THEN c.c ELSE r.total END AS total
FROM ranked r
CROSS JOIN (VALUES ('topic'), ('ratio'), ('subtopics'), ('topic_top')) AS v(what)
CROSS JOIN consultation_total c
CROSS JOIN consultation_settings s
WHERE (v.what IN ('topic', 'ratio') AND r.bucket_no = r.other_no)
   OR (v.what = 'subtopics' AND r.i IS NOT NULL)
   OR (v.what = 'topic_top' AND r.j IS NOT NULL AND r.j < s.topic_top_n);

-- Every share, ratio and named total the section prints: (path, kind, name, n, total);
-- kind 'share' prints name/count/of/bp, 'ratio' num/den/bp, 'topic' name/total.
CREATE OR REPLACE TEMPORARY VIEW consultation_items AS
SELECT 'consultation.top[' || CAST(r.i AS STRING) || '].share' AS path, 'share' AS kind, r.name, r.c AS n, c.c AS total
FROM consultation_top r CROSS JOIN consultation_total c
UNION ALL
SELECT path, kind, name, n, total FROM consultation_topic_items;

-- Every change the section prints: (path, this month, last month, a year earlier, whether
-- it has a 同比): the total, each top category's, and, when the letter compares over time,
-- each top category's again under moves (against last month only).
CREATE OR REPLACE TEMPORARY VIEW consultation_changes AS
SELECT 'consultation.total' AS path, c, p, y, TRUE AS with_year_ago FROM consultation_total
UNION ALL
SELECT CASE WHEN v.moves THEN 'consultation.moves.changes[' ELSE 'consultation.top[' END
       || CAST(r.i AS STRING) || CASE WHEN v.moves THEN ']' ELSE '].change' END,
       r.c, r.p, r.y, NOT v.moves
FROM consultation_top r
CROSS JOIN (VALUES (FALSE), (TRUE)) AS v(moves)
CROSS JOIN consultation_moves_shown m
WHERE m.shown OR NOT v.moves;

SELECT x.path || '.' || f.k AS path,
       CASE f.k WHEN 'current' THEN x.c
                WHEN 'previous' THEN x.p
                WHEN 'year_ago' THEN x.y
                WHEN 'bp' THEN CASE WHEN x.p > 0
                    THEN CAST(SIGN(x.c - x.p) * FLOOR((ABS(x.c - x.p) * 20000 + x.p) / CAST(2 * x.p AS DOUBLE)) AS BIGINT) END
                ELSE CASE WHEN x.y > 0
                    THEN CAST(SIGN(x.c - x.y) * FLOOR((ABS(x.c - x.y) * 20000 + x.y) / CAST(2 * x.y AS DOUBLE)) AS BIGINT) END
       END AS num,
       CAST(NULL AS STRING) AS txt, CAST(NULL AS BOOLEAN) AS flag
FROM consultation_changes x
CROSS JOIN report r
CROSS JOIN (VALUES ('current'), ('previous'), ('bp'), ('year_ago'), ('year_ago_bp')) AS f(k)
WHERE f.k = 'current'
   OR (f.k IN ('previous', 'bp') AND r.has_previous)
   OR (f.k IN ('year_ago', 'year_ago_bp') AND r.has_year_ago AND x.with_year_ago)
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
SELECT 'consultation.moves.' || v.list || '[]', NULL, NULL, NULL
FROM consultation_moves_shown m CROSS JOIN (VALUES ('changes'), ('ranks')) AS v(list)
WHERE m.shown
UNION ALL
SELECT 'consultation.moves.ranks[' || CAST(r.i AS STRING) || '].' || f.k,
       CASE f.k WHEN 'rank' THEN r.i + 1 WHEN 'previous_rank' THEN r.previous_rank END,
       CASE WHEN f.k = 'name' THEN r.name END,
       NULL
FROM consultation_top r
CROSS JOIN consultation_moves_shown m
CROSS JOIN (VALUES ('name'), ('rank'), ('previous_rank')) AS f(k)
WHERE m.shown;
