# Builds tests/data/search-corpus.tsv and tests/data/search-queries.tsv (run once; the outputs are committed).
import sys
T = []  # (key, category, [titles with optional '||description'], [queries])
def t(key, cat, titles, queries): T.append((key, cat, titles, queries))
# appliances
t("fridge","appliances",["海尔双门冰箱 九成新||搬家出，制冷正常，自提","Bosch fridge freezer, 180L||Works perfectly, moving out","宿舍小冰箱 单门||容积50升，适合宿舍"],["冰箱","fridge","refrigerator","电冰箱","refridgerator","双门冰箱","小冰箱","二手冰箱"])
t("washer","appliances",["小天鹅滚筒洗衣机 8公斤||用了三年，功能正常","Washing machine, Siemens 7kg||Front loader, spin works fine"],["洗衣机","washing machine","washer","滚筒洗衣机","washng machine"])
t("aircon","appliances",["格力空调挂机 1.5匹||拆机自提，冷暖两用","Portable air conditioner||Midea, cools a small room"],["空调","air conditioner","格力空调","aircon"])
t("fan","appliances",["美的落地扇 遥控款||夏天用过一季","Desk fan, quiet||USB powered small fan"],["风扇","电风扇","fan","落地扇"])
t("heater","appliances",["油汀取暖器 13片||冬天很暖和","Electric heater 2000W||Oil-filled radiator heater"],["取暖器","heater","电暖器","radiator"])
t("vacuum","appliances",["戴森吸尘器 V8||电池还能用30分钟","Vacuum cleaner, cordless||Light and easy to use"],["吸尘器","vacuum","vacuum cleaner","戴森","dyson"])
t("robotvac","appliances",["小米扫地机器人 一代||自动回充，需要换滤网","Robot vacuum Roborock||Maps the flat, works well"],["扫地机器人","扫地机","robot vacuum","roomba"])
t("ricecooker","appliances",["美的电饭煲 4L||煮饭很香，内胆无划痕","Panasonic rice cooker||Makes 5 cups, like new","苏泊尔电饭锅 小号||一到两人用"],["电饭煲","电饭锅","rice cooker","ricecooker","rice coker","煮饭锅"])
t("microwave","appliances",["格兰仕微波炉 20升||加热正常","Microwave oven, 800W||Sharp, white"],["微波炉","microwave","microwve","microwave oven"])
t("kettle","appliances",["电热水壶 1.7L 不锈钢||烧水很快","Electric kettle, stainless||Boils fast, auto off"],["电热水壶","热水壶","烧水壶","kettle","electric kettle","水壶"])
t("airfryer","appliances",["空气炸锅 5升 九阳||炸鸡翅很好吃","Air fryer 4L||Philips, barely used"],["空气炸锅","air fryer","炸锅","airfryer"])
t("blender","appliances",["破壁机 九阳 豆浆也能打||配件齐全","Blender, Ninja||Smoothies, strong motor"],["破壁机","blender","料理机","搅拌机"])
t("purifier","appliances",["小米空气净化器 2S||滤芯刚换","Air purifier with HEPA filter||For bedrooms"],["空气净化器","净化器","air purifier","purifier"])
t("tv","appliances",["小米电视 55寸 4K||遥控器齐全","Sony TV 43 inch||Smart TV, wall mount included","液晶电视机 32寸||卧室用"],["电视","电视机","tv","television","小米电视","smart tv","televison"])
t("coffee","appliances",["德龙咖啡机 半自动||能打奶泡","Coffee machine, Nespresso||Capsule coffee maker"],["咖啡机","coffee machine","coffee maker","espresso machine"])
t("iron","appliances",["飞利浦挂烫机||熨衣服方便","Steam iron, Tefal||Works fine"],["挂烫机","熨斗","steam iron","iron"])
t("hairdryer","appliances",["吹风机 负离子 大功率||宿舍可用","Hair dryer, Dyson style||Foldable"],["吹风机","电吹风","hair dryer","hairdryer"])
# electronics
t("laptop","electronics",["联想ThinkPad笔记本电脑 i5||电池续航4小时","MacBook Air 2020 M1||8G 256G, battery 90%","戴尔笔记本 14寸 办公用||系统重装过"],["笔记本电脑","laptop","笔记本","laptob","macbook","thinkpad","手提电脑","notebook computer"])
t("desktop","electronics",["台式电脑主机 i7 16G||游戏办公都可以","Desktop PC with monitor||Good for office work"],["台式机","台式电脑","desktop","desktop computer","电脑主机"])
t("tablet","electronics",["iPad 第九代 64G||带保护壳","Samsung tablet 10 inch||Android tablet with case"],["平板","平板电脑","ipad","tablet"])
t("monitor","electronics",["戴尔显示器 27寸 2K||无坏点","LG monitor 24 inch||HDMI cable included"],["显示器","monitor","屏幕","monitr","27寸显示器"])
t("keyboard","electronics",["机械键盘 青轴 87键||灯光正常","Mechanical keyboard, brown switches||Keychron K2"],["键盘","机械键盘","keyboard","mechanical keyboard","keybaord"])
t("mouse","electronics",["罗技无线鼠标||电池两节","Wireless mouse Logitech||Works with laptop"],["鼠标","无线鼠标","mouse","wireless mouse"])
t("headphones","electronics",["索尼头戴耳机 降噪||音质很好","AirPods Pro 2nd gen||Case has scratches","蓝牙耳机 小米||续航不错"],["耳机","headphones","earphones","蓝牙耳机","airpods","headphnes","降噪耳机"])
t("speaker","electronics",["小米蓝牙音箱||音质很好","JBL bluetooth speaker||Waterproof, loud"],["音箱","蓝牙音箱","speaker","bluetooth speaker","音响"])
t("camera","electronics",["佳能单反相机 800D 带镜头||快门数一万","Sony camera a6000 with lens||Mirrorless, two batteries"],["相机","单反","camera","照相机","canon","camra","数码相机"])
t("printer","electronics",["惠普打印机 喷墨 彩色||需要换墨盒","Laser printer Brother||Black and white, wifi"],["打印机","printer","printr","激光打印机"])
t("projector","electronics",["家用投影仪 1080P||看电影很清楚","Mini projector||Works with phone"],["投影仪","projector","投影"])
t("router","electronics",["华为路由器 wifi6||信号很好","TP-Link wifi router||Dual band"],["路由器","router","wifi router","无线路由器"])
t("console","electronics",["任天堂Switch游戏机 带两个手柄||送塞尔达","PS4 console 500GB||Two controllers"],["游戏机","switch","ps4","game console","任天堂","console"])
t("powerbank","electronics",["充电宝 20000毫安||支持快充","Power bank 10000mAh||Anker, slim"],["充电宝","移动电源","power bank","powerbank"])
t("harddrive","electronics",["移动硬盘 1T 希捷||读写正常","External hard drive 2TB||USB 3.0"],["移动硬盘","硬盘","hard drive","external drive"])
t("kindle","electronics",["Kindle 电子书阅读器||带保护套","E-reader Kobo||Lots of storage"],["kindle","电子书","阅读器","e-reader","ereader"])
t("watch","electronics",["Apple Watch S6 智能手表||表带两条","Smartwatch Huawei GT2||Battery lasts a week"],["智能手表","smartwatch","apple watch","手表","smart watch"])
# phones
t("iphone","phones",["苹果手机 iPhone 12 128G||电池健康88%","iPhone 13 mini, blue||Unlocked, with case","九成新iPhone11 64G||屏幕无划痕"],["苹果手机","iphone","iphone 12","苹果","iphne","二手苹果手机"])
t("android","phones",["华为Mate 30 手机||功能正常","Xiaomi Redmi Note 10||Android phone, 6GB RAM","小米手机 备用机||能打电话上网"],["手机","华为手机","小米手机","android phone","phone","mobile phone","smartphone","huawei","xiaomi"])
t("phonecase","phones",["手机壳 iPhone 12 透明||全新未拆","Phone case for Samsung S21||Leather"],["手机壳","phone case","保护壳"])
t("oldphone","phones",["老人机 大字大声||适合老人","Nokia feature phone||Long battery"],["老人机","feature phone","nokia"])
# furniture
t("sofa","furniture",["宜家三人沙发 灰色||布艺，可拆洗","Grey sofa, IKEA||Three seats, some wear","小户型布艺沙发||双人座"],["沙发","sofa","couch","布艺沙发","宜家沙发","sofaa","三人沙发","settee"])
t("sofabed","furniture",["沙发床 折叠两用||可以睡两个人","Sofa bed, foldable||Guest bed"],["沙发床","sofa bed"])
t("desk","furniture",["实木书桌 1.2米||有两个抽屉","Office desk, white||120 x 60 cm","电脑桌 简约||宿舍可用"],["书桌","桌子","desk","电脑桌","office desk","写字台"])
t("dining","furniture",["餐桌 一桌四椅||实木，有小划痕","Dining table for four||Extendable"],["餐桌","dining table","饭桌","table"])
t("chair","furniture",["人体工学办公椅||久坐不累","Office chair, ergonomic||Adjustable height","木椅子 两把||餐椅"],["椅子","chair","办公椅","office chair","电脑椅","chiar"])
t("bed","furniture",["1.5米双人床 带床垫||床垫九成新","Single bed frame||Pine wood"],["床","bed","双人床","bed frame"])
t("mattress","furniture",["乳胶床垫 1.8米||一年前买的","Mattress, memory foam double||Clean, no stains"],["床垫","mattress","matress","乳胶床垫"])
t("wardrobe","furniture",["两门衣柜||需要自己拆装","Wardrobe with mirror||White, 2 doors"],["衣柜","衣橱","wardrobe","closet","wardobe"])
t("bookshelf","furniture",["五层书架 黑色||承重好","Bookshelf, IKEA Billy||White bookcase"],["书架","书柜","bookshelf","bookcase","book shelf"])
t("shoerack","furniture",["鞋柜 玄关||可放20双鞋","Shoe rack, 4 tiers||Metal"],["鞋柜","鞋架","shoe rack","shoe cabinet"])
t("storage","furniture",["收纳箱 大号 三个||带盖子","Storage boxes with lids||Plastic, set of 3"],["收纳箱","收纳盒","storage box","storage","整理箱"])
t("lamp","furniture",["护眼台灯 LED||三档调光","Floor lamp, modern||Warm light","床头灯||小夜灯"],["台灯","lamp","灯","floor lamp","desk lamp","落地灯"])
t("rug","furniture",["客厅地毯 2x3米||可机洗","Rug, Persian style||Living room carpet"],["地毯","rug","carpet"])
t("curtain","furniture",["遮光窗帘 一对||卧室用","Blackout curtains||Two panels, grey"],["窗帘","curtain","curtains","遮光窗帘"])
t("mirror","furniture",["全身镜 落地||带支架","Full length mirror||Wall or floor"],["镜子","穿衣镜","mirror","全身镜"])
t("nightstand","furniture",["床头柜 白色 两个||带抽屉","Bedside table, oak||One drawer"],["床头柜","nightstand","bedside table"])
t("tvstand","furniture",["电视柜 1.6米||简约风","TV stand, walnut||Fits 55 inch TV"],["电视柜","tv stand","tv cabinet"])
t("plant","furniture",["绿萝盆栽 大盆||长得很好","Potted plant, monstera||Big leaves"],["绿植","盆栽","plant","potted plant"])
t("cookware","furniture",["不粘锅 炒锅 32cm||涂层完好","Frying pan set||Three pans"],["锅","炒锅","平底锅","frying pan","pan","不粘锅"])
t("duvet","furniture",["羽绒被 冬季 200x230||干洗过","Duvet, king size||Warm winter quilt"],["被子","羽绒被","duvet","quilt"])
# clothing
t("downjacket","clothing",["优衣库羽绒服 男款 L码||只穿过一个冬天","Down jacket, North Face||Women's M, black"],["羽绒服","down jacket","puffer jacket","羽绒","jacket"])
t("coat","clothing",["羊毛大衣 女 驼色||很保暖","Wool coat, long||Men's size L"],["大衣","coat","overcoat","外套"])
t("sweater","clothing",["毛衣 针织 米白色||手工编织","Sweater, cashmere||Size S"],["毛衣","sweater","针织衫","jumper"])
t("jeans","clothing",["李维斯牛仔裤 32码||经典501","Jeans, slim fit||Levi's 30/32"],["牛仔裤","jeans","裤子","levis"])
t("dress","clothing",["碎花连衣裙 夏季||M码","Summer dress, floral||Size 10"],["连衣裙","裙子","dress","长裙"])
t("sneakers","clothing",["耐克运动鞋 42码||鞋底磨损小","Running shoes Adidas||Size 9, barely worn","新百伦跑鞋||穿过几次"],["运动鞋","跑鞋","sneakers","running shoes","球鞋","耐克","nike","trainers","鞋"])
t("boots","clothing",["马丁靴 38码||真皮","Leather boots, women's||Size 7"],["靴子","马丁靴","boots"])
t("backpack","clothing",["双肩包 电脑包||可放15寸笔记本","Backpack, Herschel||Laptop sleeve"],["双肩包","背包","backpack","书包","rucksack"])
t("handbag","clothing",["女士手提包 真皮||品牌包","Handbag, leather||Coach, brown"],["手提包","包包","handbag","bag","女包"])
t("suitcase","clothing",["拉杆箱 24寸||万向轮","Suitcase, hard shell||Carry-on size"],["行李箱","拉杆箱","suitcase","luggage","旅行箱","suitcse"])
t("hat","clothing",["毛线帽 冬天||很暖","Baseball cap||Adjustable"],["帽子","hat","cap"])
t("scarf","clothing",["羊绒围巾||灰色","Scarf, wool||Long, red"],["围巾","scarf"])
t("suit","clothing",["男士西装 一套 175||面试穿过一次","Men's suit, navy||Jacket and trousers"],["西装","suit","正装"])
# books
t("novel","books",["三体 全集 刘慈欣||科幻小说","Harry Potter box set||Books 1-7, English","小说 十本 打包||金庸全集"],["小说","novel","三体","harry potter","哈利波特","科幻小说","fiction"])
t("textbook","books",["考研数学教材 全套||有笔记","University textbooks, economics||Mankiw principles"],["教材","课本","textbook","考研","教科书"])
t("picturebook","books",["儿童绘本 30本||适合3-6岁","Children's picture books||Set of 20"],["绘本","picture book","儿童书","童书"])
t("comic","books",["海贼王漫画 1-50卷||日文原版","Comics, Marvel||Spider-Man collection"],["漫画","comic","comics","manga","海贼王"])
t("dictionary","books",["牛津英汉词典||第九版","Dictionary, Chinese-English||Pocket size"],["词典","字典","dictionary","英汉词典"])
t("stationery","books",["文具套装 钢笔 笔记本||全新","Fountain pen, Lamy||Blue ink"],["钢笔","文具","fountain pen","pen"])
t("calculator","books",["卡西欧计算器 科学||考试可用","Scientific calculator||Casio fx-991"],["计算器","calculator","calulator"])
# baby & kids
t("stroller","baby_kids",["好孩子婴儿推车 可折叠||可坐可躺","Baby stroller, lightweight||Folds with one hand","宝宝推车 轻便伞车||上飞机可以带"],["婴儿车","婴儿推车","stroller","pram","推车","buggy","strolller","宝宝推车","伞车"])
t("carseat","baby_kids",["儿童安全座椅 0-4岁||isofix接口","Car seat, Britax||For toddlers"],["安全座椅","儿童座椅","car seat","child seat"])
t("crib","baby_kids",["实木婴儿床 带蚊帐||可拼接大床","Crib, white wood||With mattress"],["婴儿床","crib","cot","baby bed"])
t("highchair","baby_kids",["宝宝餐椅 可折叠||吃饭用","High chair, IKEA||Easy to clean"],["餐椅","宝宝餐椅","high chair","highchair"])
t("lego","baby_kids",["乐高积木 城市系列||零件齐全","LEGO set, Technic||Complete with box"],["乐高","积木","lego","building blocks"])
t("toys","baby_kids",["儿童玩具 一大箱||毛绒玩具和小车","Toys bundle, toddler||Cars and puzzles"],["玩具","toys","toy","儿童玩具"])
t("kidsclothes","baby_kids",["童装 110码 一包||男孩衣服十件","Kids clothes, age 4-5||Girl's dresses"],["童装","kids clothes","儿童衣服","children's clothes"])
t("kidsbike","baby_kids",["儿童自行车 16寸||带辅助轮","Kids bike 14 inch||With stabilisers"],["儿童自行车","kids bike","童车","children's bike"])
t("scooter","baby_kids",["儿童滑板车 三轮||可折叠","Kick scooter, Micro||For age 3-8"],["滑板车","scooter","kick scooter"])
t("babybottle","baby_kids",["贝亲奶瓶 三个||消毒过","Baby bottles, Avent||Set of 4"],["奶瓶","baby bottle","feeding bottle"])
# sports
t("bike","sports",["捷安特山地车 27速||刹车灵敏","Road bike, Trek||Size 54","共享单车一样的通勤自行车||车筐完好"],["自行车","单车","bike","bicycle","山地车","road bike","bicyle","脚踏车"])
t("ebike","sports",["雅迪电动车 48V||续航40公里","Electric bike||Folding e-bike"],["电动车","电瓶车","e-bike","electric bike","ebike"])
t("treadmill","sports",["家用跑步机 可折叠||静音","Treadmill, foldable||Max speed 12 km/h"],["跑步机","treadmill","tredmill"])
t("dumbbell","sports",["可调节哑铃 20公斤一对||家用健身","Dumbbells 2x10kg||Hex rubber"],["哑铃","dumbbell","dumbbells","健身器材"])
t("yogamat","sports",["瑜伽垫 加厚 10mm||防滑","Yoga mat, purple||Non-slip"],["瑜伽垫","yoga mat","yoga","瑜珈垫"])
t("badminton","sports",["尤尼克斯羽毛球拍 一对||送一桶球","Badminton rackets x2||With shuttlecocks"],["羽毛球拍","羽毛球","badminton","badminton racket","yonex"])
t("tennis","sports",["网球拍 威尔胜||手胶新换","Tennis racket, Wilson||Grip size 3"],["网球拍","网球","tennis","tennis racket"])
t("basketball","sports",["斯伯丁篮球 7号||室外耐磨","Basketball, Spalding||Size 7"],["篮球","basketball"])
t("tent","sports",["三人帐篷 防雨||露营用过两次","Camping tent, 4 person||Easy setup"],["帐篷","tent","露营","camping"])
t("skateboard","sports",["滑板 双翘 初学者||轮子很顺","Skateboard complete||Maple deck"],["滑板","skateboard","skate board"])
t("fishing","sports",["碳素钓鱼竿 5.4米||送鱼线","Fishing rod and reel||Shimano"],["鱼竿","钓鱼竿","fishing rod","钓鱼"])
t("helmet","sports",["骑行头盔 M码||轻便透气","Bike helmet, adult||Size L"],["头盔","helmet","骑行头盔"])
# other
t("guitar","other",["雅马哈民谣吉他 41寸||送琴包","Acoustic guitar, Yamaha||With case and picks"],["吉他","guitar","民谣吉他","gutiar"])
t("piano","other",["电钢琴 88键 重锤||带琴凳","Digital piano, Casio||88 weighted keys"],["电钢琴","钢琴","piano","digital piano","电子琴"])
t("violin","other",["小提琴 4/4 初学||送松香","Violin, full size||With bow and case"],["小提琴","violin","violn"])
t("drill","other",["博世电钻 充电式||两块电池","Power drill, cordless||Bosch, with bits"],["电钻","drill","power drill","工具"])
t("toolbox","other",["工具箱 一套||扳手螺丝刀齐全","Toolbox with tools||Hammer, screwdrivers"],["工具箱","toolbox","工具","tools"])
t("ladder","other",["人字梯 五步||铝合金","Ladder, 3 step||Folding"],["梯子","ladder","人字梯"])
t("umbrella","other",["雨伞 自动 大号||双人可用","Umbrella, windproof||Black"],["雨伞","伞","umbrella"])
t("cattree","other",["猫爬架 大型||猫很喜欢","Cat tree, tall||Scratching posts"],["猫爬架","cat tree","猫架"])
t("aquarium","other",["鱼缸 60厘米 带过滤||可养金鱼","Fish tank 60L||With filter and light"],["鱼缸","aquarium","fish tank"])
t("vase","other",["陶瓷花瓶||手工","Glass vase, tall||For flowers"],["花瓶","vase"])
t("petcage","other",["狗笼 中型犬||可折叠","Dog crate, large||Metal"],["狗笼","宠物笼","dog crate","cage"])
# Mixed-language queries: (query, item types meant).
MIXED = [("宜家 sofa", ["sofa"]), ("ikea 沙发", ["sofa"]), ("海尔 fridge", ["fridge"]), ("小米 speaker", ["speaker"]),
         ("二手 iphone", ["iphone"]), ("sony 耳机", ["headphones"]), ("dyson 吸尘器", ["vacuum"]), ("lego 积木", ["lego"]),
         ("儿童 bike", ["kidsbike"]), ("switch 游戏机", ["console"]), ("kindle 阅读器", ["kindle"]), ("nike 运动鞋", ["sneakers"]),
         ("canon 相机", ["camera"]), ("macbook 笔记本", ["laptop"]), ("yonex 羽毛球拍", ["badminton"])]
corpus = []
queries = []
for key, cat, titles, qs in T:
    keys = []
    for i, tt in enumerate(titles):
        title, desc = tt.split("||")
        k = f"{key}{i+1}"
        keys.append(k)
        corpus.append((k, cat, title, desc))
    for q in qs:
        queries.append((q, keys))
types = {key: [f"{key}{i+1}" for i in range(len(titles))] for key, _, titles, _ in T}
for q, ks in MIXED:
    queries.append((q, [k for key in ks for k in types[key]]))
# Queries for one brand, model or title mean only the listings that name it.
ONLY = {"戴森": ["vacuum1"], "dyson": ["vacuum1", "hairdryer2"], "格力空调": ["aircon1"], "canon": ["camera1"],
        "nike": ["sneakers1"], "耐克": ["sneakers1"], "thinkpad": ["laptop1"], "macbook": ["laptop2"], "任天堂": ["console1"],
        "switch": ["console1"], "ps4": ["console2"], "huawei": ["android1", "watch2", "router1"], "华为手机": ["android1"],
        "xiaomi": ["android2", "android3", "speaker1", "headphones3", "tv1"], "小米手机": ["android2", "android3"],
        "小米电视": ["tv1"], "nokia": ["oldphone2"], "三体": ["novel1"], "harry potter": ["novel2"], "哈利波特": ["novel2"],
        "科幻小说": ["novel1"], "海贼王": ["comic1"], "yonex": ["badminton1"], "27寸显示器": ["monitor1"],
        "激光打印机": ["printer2"], "双人床": ["bed1"], "不粘锅": ["cookware1"], "羽绒被": ["duvet1"], "马丁靴": ["boots1"],
        "民谣吉他": ["guitar1"], "人字梯": ["ladder1"], "考研": ["textbook1"], "英汉词典": ["dictionary1"], "伞车": ["stroller3"],
        "office desk": ["desk2"], "电脑桌": ["desk3"], "办公椅": ["chair1", "chair2"], "office chair": ["chair1", "chair2"],
        "电脑椅": ["chair1", "chair2"], "三人沙发": ["sofa1", "sofa2"], "宜家沙发": ["sofa1", "sofa2"], "布艺沙发": ["sofa1", "sofa3"],
        "iphone 12": ["iphone1"], "road bike": ["bike2"], "山地车": ["bike1"], "mechanical keyboard": ["keyboard1", "keyboard2"],
        "机械键盘": ["keyboard1", "keyboard2"], "wireless mouse": ["mouse1", "mouse2"], "降噪耳机": ["headphones1"],
        "蓝牙耳机": ["headphones3", "headphones2"], "airpods": ["headphones2"], "levis": ["jeans1", "jeans2"],
        "滚筒洗衣机": ["washer1", "washer2"], "双门冰箱": ["fridge1"], "小冰箱": ["fridge3"], "宝宝推车": ["stroller3", "stroller1", "stroller2"],
        "乳胶床垫": ["mattress1"], "遮光窗帘": ["curtain1", "curtain2"], "全身镜": ["mirror1", "mirror2"], "骑行头盔": ["helmet1", "helmet2"],
        "floor lamp": ["lamp2"], "落地灯": ["lamp2"], "desk lamp": ["lamp1"], "apple watch": ["watch1"], "kindle": ["kindle1"],
        "ikea 沙发": ["sofa1", "sofa2"], "宜家 sofa": ["sofa1", "sofa2"], "海尔 fridge": ["fridge1"], "小米 speaker": ["speaker1"],
        "sony 耳机": ["headphones1"], "dyson 吸尘器": ["vacuum1"], "儿童 bike": ["kidsbike1", "kidsbike2"], "switch 游戏机": ["console1"],
        "kindle 阅读器": ["kindle1"], "nike 运动鞋": ["sneakers1"], "canon 相机": ["camera1"], "macbook 笔记本": ["laptop2"],
        "yonex 羽毛球拍": ["badminton1"], "lego 积木": ["lego1", "lego2"], "二手 iphone": ["iphone1", "iphone2", "iphone3"]}
queries = [(q, ONLY.get(q, keys)) for q, keys in queries]
queries = [(q, keys) for q, keys in queries if q not in ("苹果",)]
merged = {}
for q, keys in queries:
    merged.setdefault(q, [])
    merged[q] += [k for k in keys if k not in merged[q]]
queries = [(q, ",".join(keys)) for q, keys in merged.items()]
with open(sys.argv[1], "w") as f:
    f.write("# The relevance test corpus (not the demo seed): key, category, title, description.\n")
    for r in corpus:
        f.write("\t".join(r) + "\n")
with open(sys.argv[2], "w") as f:
    f.write("# Relevance queries: query, the corpus keys a searcher means (recall@5 counts how many of\n# them, at most five, are in the first five results).\n")
    for q, k in queries:
        f.write(f"{q}\t{k}\n")
print(len(corpus), len(queries))
