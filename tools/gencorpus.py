#!/usr/bin/env python3
"""gencorpus.py -- a synthetic, reproducible news corpus for `make bench`.

    python3 tools/gencorpus.py OUTDIR [--mb N] [--seed S]

writes

    OUTDIR/text/NNNNN-LL.txt   plain-text articles, 2-6 KB each   (~N MB)
    OUTDIR/html/NNNN-LL.html   full news pages, 20-80 KB each     (~N MB)
    OUTDIR/feed.jsonl          id/url/outlet/published/title/text (~N/4 MB)
    OUTDIR/MANIFEST            counts and byte totals per part

about state-sponsored cyberattacks, in English, Japanese and Chinese
(roughly 60/25/15).  Every sentence is assembled here from templates and
vocabularies written for this tool -- no real article text is used -- so the
corpus can be published with the project and regenerated anywhere.

The idea: a benchmark corpus has to look like what users feed the program
(front matter, cookie notices, comment blocks, pages that are 80 % chrome,
full-width letters, decomposed kana, the odd invalid byte) while staying
byte-identical for a given seed, so that figures from two machines or two
commits compare.  Each document draws from its own random stream, seeded
from (seed, part, index):

    Random("S:text:0")  -> text/00000-en.txt
    Random("S:text:1")  -> text/00001-ja.txt     --mb only decides how many
    ...                                          documents there are; the
    Random("S:html:0")  -> html/0000-en.html     first k are always the same
    Random("S:feed:0")  -> feed.jsonl line 1

Within a document an article is a "story" (one actor, its sponsor and unit,
a victim, the cited sources, dates, quantities) rendered sentence by sentence
from the language's templates, so names and dates agree within an article.

Python 3 standard library only.  Output depends only on the arguments and
GEN_VERSION; tools/bench.sh regenerates when either (or this file) changes.
"""

import argparse
import datetime
import json
import os
import random
import sys
import unicodedata

GEN_VERSION = "1"
MB = 1 << 20

# ---------------------------------------------------------------------------
# Vocabularies.  Names of groups, agencies and companies are public facts;
# every sentence around them is written for this file.
# ---------------------------------------------------------------------------

# Sponsors: key -> (English, Japanese, Chinese, country key)
SPONSORS = {
    "pla": ("the People's Liberation Army", "中国人民解放軍", "中国人民解放军", "cn"),
    "mss": ("China's Ministry of State Security", "中国国家安全省", "中国国家安全部", "cn"),
    "gru": ("Russia's GRU military intelligence agency", "ロシア軍参謀本部情報総局", "俄罗斯总参谋部情报总局", "ru"),
    "svr": ("Russia's Foreign Intelligence Service", "ロシア対外情報庁", "俄罗斯对外情报局", "ru"),
    "rgb": ("North Korea's Reconnaissance General Bureau", "北朝鮮の偵察総局", "朝鲜侦察总局", "kp"),
}

COUNTRIES = {
    "cn": ("China", "Chinese", "中国", "中国"),
    "ru": ("Russia", "Russian", "ロシア", "俄罗斯"),
    "kp": ("North Korea", "North Korean", "北朝鮮", "朝鲜"),
}

# Groups: (English name, Japanese name, Chinese name, aliases, sponsor, units)
GROUPS = [
    ("Tick", "Tick", "Tick", ["BRONZE BUTLER", "REDBALDKNIGHT"], "pla", ["Unit 61419"]),
    ("APT10", "APT10", "APT10", ["Stone Panda", "MenuPass", "Cicada"], "mss", []),
    ("Volt Typhoon", "ボルト・タイフーン", "伏特台风", ["Vanguard Panda", "BRONZE SILHOUETTE"], "pla", []),
    ("Salt Typhoon", "ソルト・タイフーン", "盐台风", ["GhostEmperor", "FamousSparrow"], "mss", []),
    ("APT41", "APT41", "APT41", ["Double Dragon", "Winnti", "BARIUM"], "mss", []),
    ("MirrorFace", "ミラーフェイス", "MirrorFace", ["Earth Kasha"], "mss", []),
    ("Hafnium", "ハフニウム", "Hafnium", ["Silk Typhoon"], "mss", []),
    ("APT1", "APT1", "APT1", ["Comment Crew", "Comment Panda"], "pla", ["Unit 61398"]),
    ("APT28", "APT28", "APT28", ["Fancy Bear", "Sofacy", "Forest Blizzard"], "gru", ["Military Unit 26165"]),
    ("Sandworm", "サンドワーム", "沙虫", ["Voodoo Bear", "Seashell Blizzard"], "gru", ["Military Unit 74455"]),
    ("APT29", "APT29", "APT29", ["Cozy Bear", "Midnight Blizzard", "NOBELIUM"], "svr", []),
    ("Lazarus Group", "ラザルス", "Lazarus组织", ["Hidden Cobra", "Diamond Sleet"], "rgb", ["Bureau 121"]),
    ("Kimsuky", "キムスキー", "Kimsuky", ["Velvet Chollima", "Emerald Sleet"], "rgb", []),
    ("TraderTraitor", "トレーダートレイター", "TraderTraitor", ["Jade Sleet"], "rgb", []),
]

# Units named when a group has none of its own, by sponsor.
SPONSOR_UNITS = {
    "pla": ["Unit 61419", "Unit 61398", "Unit 61486"],
    "mss": ["the Hainan State Security Department", "the Jiangsu State Security Department"],
    "gru": ["Military Unit 26165", "Military Unit 74455", "Military Unit 29155"],
    "svr": ["Directorate S"],
    "rgb": ["Bureau 121", "Lab 110"],
}
UNIT_NAMES = {  # non-numbered units: (Japanese, Chinese)
    "the Hainan State Security Department": ("海南省国家安全庁", "海南省国家安全厅"),
    "the Jiangsu State Security Department": ("江蘇省国家安全庁", "江苏省国家安全厅"),
    "Directorate S": ("S局", "S局"),
    "Bureau 121": ("121局", "121局"),
    "Lab 110": ("110研究所", "110研究所"),
}

# Unit names per language (numbered units are written differently).
def unit_name(unit, lang):
    if lang == "en":
        return unit
    if unit in UNIT_NAMES:
        return UNIT_NAMES[unit][0 if lang == "ja" else 1]
    digits = "".join(c for c in unit if c.isdigit())
    return digits + ("部隊" if lang == "ja" else "部队")

# Victims: (English, Japanese, Chinese, sector key)
VICTIMS = [
    ("the Japan Aerospace Exploration Agency", "宇宙航空研究開発機構（JAXA）", "日本宇宙航空研究开发机构（JAXA）", "research"),
    ("Mitsubishi Electric", "三菱電機", "三菱电机", "defense"),
    ("Keio University", "慶応大学", "庆应义塾大学", "research"),
    ("Hokusei Precision", "北星精機", "北星精机", "defense"),
    ("Kaiyo Shipping Lines", "海陽汽船", "海阳海运", "transport"),
    ("Northbridge Energy", "ノースブリッジ・エナジー", "北桥能源", "energy"),
    ("the Ministry of Foreign Affairs", "外務省", "日本外务省", "government"),
    ("a regional water utility", "地方の水道事業者", "一家地区供水公司", "water"),
    ("a major telecommunications carrier", "大手通信会社", "一家大型电信运营商", "telecom"),
    ("Sakura Medical Network", "さくら医療ネットワーク", "樱花医疗网络", "health"),
    ("the Port of Nagoya", "名古屋港", "名古屋港", "transport"),
    ("Aoba Semiconductor", "青葉半導体", "青叶半导体", "technology"),
    ("the national election commission", "選挙管理委員会", "选举委员会", "government"),
    ("Tenmoku Bank", "天目銀行", "天目银行", "finance"),
    ("the Japan Pension Service", "日本年金機構", "日本年金机构", "government"),
    ("Ginrei Heavy Industries", "銀嶺重工業", "银岭重工", "defense"),
]

SECTORS = {
    "research": ("universities and research institutes", "大学や研究機関", "高校和科研机构"),
    "defense": ("defence contractors", "防衛関連企業", "国防承包商"),
    "transport": ("shipping and port operators", "海運・港湾事業者", "航运和港口运营商"),
    "energy": ("power utilities", "電力会社", "电力公司"),
    "government": ("government ministries", "政府機関", "政府部门"),
    "water": ("water utilities", "水道事業者", "供水企业"),
    "telecom": ("telecommunications carriers", "通信事業者", "电信运营商"),
    "health": ("hospitals", "病院", "医院"),
    "technology": ("chip makers", "半導体メーカー", "芯片制造商"),
    "finance": ("banks and cryptocurrency exchanges", "銀行や暗号資産交換業者", "银行和加密货币交易所"),
}

# Cited sources: (English, Japanese, Chinese)
SOURCES = [
    ("the Metropolitan Police Department", "警視庁", "东京警视厅"),
    ("the National Police Agency", "警察庁", "日本警察厅"),
    ("the Justice Department", "米司法省", "美国司法部"),
    ("the FBI", "米連邦捜査局（FBI）", "美国联邦调查局"),
    ("Britain's National Cyber Security Centre", "英国家サイバーセキュリティーセンター", "英国国家网络安全中心"),
    ("JPCERT/CC", "JPCERTコーディネーションセンター", "JPCERT/CC"),
    ("the Cybersecurity and Infrastructure Security Agency", "米サイバーセキュリティー・インフラ安全保障庁", "美国网络安全和基础设施安全局"),
    ("South Korea's National Intelligence Service", "韓国国家情報院", "韩国国家情报院"),
    ("the Public Security Intelligence Agency", "公安調査庁", "日本公安调查厅"),
]

VENDORS = ["Trend Micro", "Mandiant", "Secureworks", "ESET", "Kaspersky",
           "Recorded Future", "CrowdStrike", "Proofpoint", "Lac", "Cisco Talos"]

# Outlets that publish the generated articles (invented names).
OUTLETS = {
    "en": ["Harbor Ledger", "Pacific Wire Service", "The Daily Circuit",
           "Asia Security Monitor", "Tokyo Evening Post", "Northern Dispatch",
           "Meridian Herald", "The Packet Review"],
    "ja": ["東京夕刊新聞", "北星新報", "日本経済ウェブ", "みなと通信",
           "関東デジタル新聞", "西都日報"],
    "zh": ["环球科技日报", "海峡时报网", "联合晨报", "东方网络周刊",
           "南洋资讯", "星岛数码报"],
}
OUTLET_SLUG = {}
for _lang, _names in OUTLETS.items():
    for _i, _n in enumerate(_names):
        OUTLET_SLUG[_n] = "%s-%d" % (_lang, _i) if _lang != "en" else \
            "".join(c for c in _n.lower() if c.isalnum())

# Outlets cited by other outlets.
CITED_OUTLETS = {
    "en": ["NHK", "Kyodo News", "Reuters", "the Yomiuri Shimbun", "Nikkei", "the Asahi Shimbun"],
    "ja": ["NHK", "共同通信", "ロイター通信", "読売新聞", "日本経済新聞", "朝日新聞"],
    "zh": ["日本广播协会（NHK）", "共同社", "路透社", "《读卖新闻》", "《日本经济新闻》", "《朝日新闻》"],
}

PRODUCTS = [
    ("Microsoft Exchange Server", "マイクロソフトのメールサーバー「Exchange」", "微软Exchange邮件服务器"),
    ("Fortinet VPN appliances", "フォーティネット製のVPN機器", "Fortinet的VPN设备"),
    ("Ivanti Connect Secure", "イバンティ製のリモート接続装置", "Ivanti Connect Secure远程接入设备"),
    ("Citrix NetScaler gateways", "シトリックス製のゲートウェイ", "Citrix NetScaler网关"),
    ("a widely used file-transfer product", "広く使われるファイル転送ソフト", "一款广泛使用的文件传输软件"),
    ("small-office routers", "小規模事務所向けのルーター", "小型办公路由器"),
    ("an asset-management program", "資産管理ソフト", "一款资产管理软件"),
]

# Described people: (English, Japanese, Chinese), with {nat} slots.
PEOPLE = [
    ("a {nat} man in his 30s", "30代の{nat_ja}籍の男", "一名30多岁的{nat_zh}男子"),
    ("a former {nat} student", "{nat_ja}人の元留学生", "一名前{nat_zh}留学生"),
    ("a {nat} systems engineer in his 40s", "40代の{nat_ja}籍のシステムエンジニア", "一名40多岁的{nat_zh}系统工程师"),
    ("a male member of the Chinese Communist Party", "中国共産党員の男性", "一名中共党员男子"),
    ("a {nat} military officer", "{nat_ja}軍の将校", "一名{nat_zh}军官"),
    ("two {nat} nationals", "{nat_ja}籍の2人", "两名{nat_zh}公民"),
    ("a {nat} programmer in her 20s", "20代の{nat_ja}籍の女性プログラマー", "一名20多岁的{nat_zh}女程序员"),
]

OFFENCES = [
    "renting servers under a false name",
    "illegally creating electromagnetic records",
    "unauthorised access to computer systems",
    "fraudulently registering rental servers",
    "computer intrusion and wire fraud conspiracy",
]

SPOKES = {
    "cn": ("A spokesperson for China's foreign ministry", "中国外務省の報道官", "中国外交部发言人"),
    "ru": ("A Kremlin spokesman", "ロシア大統領府の報道官", "克里姆林宫发言人"),
    "kp": ("North Korea's state news agency", "北朝鮮の国営通信", "朝中社"),
}

REGIONS = ["Japan", "the United States", "Europe", "Southeast Asia", "Taiwan",
           "South Korea", "Australia", "the Pacific"]
US_CITIES = ["New York", "Pittsburgh", "Washington", "San Diego", "Los Angeles"]
WEEKDAYS_EN = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
WEEKDAYS_JA = ["月曜日", "火曜日", "水曜日", "木曜日", "金曜日", "土曜日", "日曜日"]
WEEKDAYS_ZH = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"]
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July",
             "August", "September", "October", "November", "December"]
TARGETS_EN = ["organisations", "companies and research institutes", "companies",
              "government agencies and contractors", "institutions"]
QUAL_EN = ["roughly", "about", "over", "more than", "nearly", "some", "at least"]
PURPOSES = ["email", "remote access", "file sharing", "payroll", "satellite telemetry"]

# ---------------------------------------------------------------------------
# Sentence templates.  {field}s come from story_fields(); each template is a
# sentence written for this tool.
# ---------------------------------------------------------------------------

EN_LEAD = [
    "{src_cap} said on {weekday} that {actor}, a hacking group it believes is linked to {sponsor}, was behind a series of intrusions at {victim} between {y1} and {y2}.",
    "{actor}, a group that investigators suspect operates on behalf of {sponsor}, allegedly attacked {victim} and {qty} other {targets} from {y1} to {y2}, {src} said on {weekday}.",
    "{src_cap} has linked {actor} to a cyberattack on {victim}, the first time it has publicly tied the campaign to {sponsor}.",
    "{person_cap} was referred to prosecutors on {date} on suspicion of {offence} in connection with attacks on {victim}, {src} said.",
]

EN_BODY = [
    "According to {src}, {qty} {targets} in {region} were targeted in the campaign, including {victim2}.",
    "Investigators suspect the operation was carried out under the direction of {unit}, a unit of {sponsor}.",
    "{person_cap} allegedly used a false name to rent servers in Japan that were later used in the attacks, {cited} reported, citing investigative sources.",
    "{spokes} denied the allegations, calling them groundless and politically motivated.",
    "{victim_cap} said it had found no evidence that sensitive data had been stolen, but declined to describe the systems involved.",
    "The intruders exploited {cve}, a previously unknown flaw in {product}, to gain a foothold before moving laterally through the network.",
    "Researchers at {vendor} have tracked {actor} since at least {y0} and say the group concentrates on {sector}.",
    "{actor} is also known as {alias}.",
    "In a joint advisory published on {date}, agencies from {ncountries} countries warned that {actor} had quietly positioned itself inside the networks of {sector}.",
    "{src_cap} confirmed that it had opened an investigation but would not comment on the suspected attackers.",
    "Officials believe the attackers gained access to {qty} accounts, though the exact number is still being examined.",
    "{src_cap} added that the group had targeted about {num} {targets} in {region} since {y1}.",
    "It was the first time that {src} had publicly attributed an attack to a specific unit of {sponsor}.",
    "{person_cap}, who has since left the country, allegedly acted on orders relayed by an officer of {unit}.",
    "{src_cap} declined to say how the information had been obtained.",
    "A grand jury in {uscity} indicted two {nat} nationals on charges of {offence}, the Justice Department said on {date}.",
    "Prosecutors allege the defendants worked with {sponsor} to steal trade secrets from {qty} companies in at least {ncountries} countries.",
    "Analysts cautioned that attribution in cyberspace is difficult and that false flags are common.",
    "The breach was discovered in {month} {y2}, when administrators noticed unusual traffic leaving a server used for {purpose}.",
    "{country}'s embassy in Tokyo did not immediately respond to a request for comment.",
    "Experts say state-backed groups increasingly route their traffic through compromised home routers to hide where it comes from.",
    "The ministry urged operators of {sector} to apply the latest patches and to review logs going back to {y1}.",
    "{cited_cap} first reported the investigation last month, citing people familiar with the matter.",
    "The suspected intrusion did not disrupt operations, {victim} said in a brief statement.",
    "{actor} allegedly stole design documents and email correspondence from {victim2} over a period of several months.",
    "Officials estimated the cost of the response at over {money}.",
    "The group is suspected of having tested its tools against {victim2} in {month} {y1} before widening the campaign.",
    "{src_cap} said there were no data leaks, and that the affected servers had been taken offline on {weekday}.",
    "People familiar with the case said the investigation began after {vendor} shared indicators with the authorities.",
    "Lawmakers called for a review of how {sector} report incidents, saying the attack went unnoticed for {nmonths} months.",
    "The attackers are believed to have used stolen credentials, not malware, for most of the intrusion, {src} said.",
    "{country} has repeatedly denied carrying out cyberattacks and accuses other governments of hacking its own networks.",
]

JA_LEAD = [
    "{src}は{date}、{actor}と呼ばれるハッカー集団が{y1}年から{y2}年にかけて、{victim}など国内の約{num}の企業や研究機関にサイバー攻撃を仕掛けていたとみられると発表した。",
    "{victim}へのサイバー攻撃をめぐり、{src}は{date}、{person}を{offence}の疑いで書類送検した。",
    "{sponsor}の関与が疑われるハッカー集団{actor}が、{victim}のネットワークに侵入していたことが{src}への取材でわかった。",
]

JA_BODY = [
    "捜査関係者によると、攻撃は{sponsor}の{unit}の指示で行われた疑いがある。",
    "{person}は偽名を使って国内のレンタルサーバーを契約し、その一部が攻撃に使われたとみられている。",
    "{victim}は「情報の流出は確認されていない」としている。",
    "{spokes}は{weekday}の記者会見で関与を否定し、「根拠のない中傷だ」と反論した。",
    "攻撃者は{product}の未知の脆弱性（{cve}）を悪用し、内部のネットワークに侵入したとされる。",
    "セキュリティー会社の{vendor}によると、{actor}は少なくとも{y0}年から活動しており、主に{sector}を標的にしてきた。",
    "政府は同日、関係機関に対し、不審な通信がないか点検するよう改めて呼びかけた。",
    "{actor}は「{alias}」とも呼ばれている。",
    "{src}は、攻撃に使われたサーバーの契約記録などから、{unit}の関与が強く疑われるとみている。",
    "被害を受けた組織は{qty}に上るという。",
    "{cited}が報じたところでは、男はすでに出国しているという。",
    "専門家は「国家が背後にいるとみられる攻撃は年々巧妙になっている」と指摘している。",
    "今回の捜査では、{victim2}のシステムにも不正アクセスの痕跡が見つかった。",
    "{date}に公表された共同勧告では、{ncountries}か国の当局が{actor}への警戒を呼びかけた。",
    "関係者によれば、侵入が発覚したのは{y2}年{m2}月で、管理者が外部への不審な通信に気付いたことがきっかけだった。",
    "{src}は{unit}の具体的な役割について明らかにしていない。",
    "同社は「顧客への影響はない」と説明している。",
    "{src}は{wareki}、一連の捜査の結果を公表した。",
    "攻撃は{y1}年{m1}月～{y2s}年{m2}月にかけて行われたとされる。",
    "{country}政府はこれまでもサイバー攻撃への関与を一貫して否定している。",
    "{actor}は{victim2}からも設計資料や電子メールを盗み出した疑いが持たれている。",
    "対応にかかった費用は{money_ja}を超えるとみられる。",
    "{src}によると、データの流出は確認されておらず、問題のサーバーは{weekday}までに停止された。",
    "国会では、{sector}による被害報告のあり方を見直すべきだとの声が上がっている。",
]

ZH_LEAD = [
    "据{src}{date}披露，一个名为{actor}的黑客组织在{y1}年至{y2}年间对{victim}等约{num}家机构发动了网络攻击。",
    "{src}{date}表示，一名{person}涉嫌{offence}，已被移送检方，此案与针对{victim}的网络攻击有关。",
    "被怀疑与{sponsor}有关的黑客组织{actor}入侵了{victim}的网络，{src}证实了这一消息。",
]

ZH_BODY = [
    "调查人员怀疑，这些攻击是在{sponsor}{unit}的指使下进行的。",
    "{src}表示，{person}涉嫌以虚假身份租用服务器，其中部分服务器后来被用于攻击。",
    "{spokes}在例行记者会上否认了相关指控，称其“毫无根据”。",
    "攻击者利用了{product}中一个此前未知的漏洞（{cve}），进而侵入内部网络。",
    "安全公司{vendor}称，{actor}至少从{y0}年起就开始活动，主要针对{sector}。",
    "{victim}表示，目前尚未发现敏感数据外泄。",
    "{actor}又被称为{alias}。",
    "报道援引知情人士的话说，受影响的账户超过{num}个。",
    "分析人士指出，网络攻击的溯源十分困难，不能排除有人故意嫁祸。",
    "{date}，{ncountries}个国家的网络安全机构联合发布通告，提醒{sector}提高警惕。",
    "据{cited}报道，涉案男子已于案发后离开日本。",
    "相关部门呼吁各单位尽快安装补丁，并检查自{y1}年以来的日志记录。",
    "{src}没有透露是如何获得上述信息的。",
    "这是{src}首次公开将网络攻击归咎于{sponsor}下属的具体部队。",
    "入侵事件于{y2}年{m2}月被发现，当时管理员注意到一台服务器出现异常流量。",
    "专家认为，有国家背景的黑客组织越来越多地利用被入侵的家用路由器来隐藏真实来源。",
    "该公司在简短声明中表示，此次事件没有影响正常运营。",
    "据悉，{actor}还曾从{victim2}窃取设计图纸和电子邮件。",
    "{country}政府一贯否认参与任何网络攻击。",
    "受影响的机构数量{qty}。",
    "有议员表示，这次攻击在{nmonths}个月内都未被察觉，{sector}的报告制度亟需改进。",
]

TITLES = {
    "en": [
        "{src_short} links {actor} to attacks on {victim_short}",
        "Police refer {nat} man to prosecutors over {victim_short} hack",
        "{actor} suspected in years-long intrusion at {victim_short}",
        "{sponsor_short} unit accused of directing {actor} campaign",
        "What we know about the {actor} attacks",
        "{victim_short} says no data leaked after suspected {actor} breach",
    ],
    "ja": [
        "{victim}などにサイバー攻撃　{actor}関与か",
        "{unit}の指示か　{victim}への不正アクセス",
        "{nat_ja}籍の男を書類送検　{victim}へのサイバー攻撃",
        "{actor}、{y1}年から攻撃か　{src}が発表",
    ],
    "zh": [
        "{actor}被指攻击{victim}等机构",
        "{src}：{unit}涉嫌指使网络攻击",
        "一名{nat_zh}男子因涉嫌网络攻击被移送检方",
        "{victim}遭网络入侵　未发现数据外泄",
    ],
}

# Boilerplate a scraper carries along (written here; cf. dictionaries/boilerplate.tsv).
COOKIE = {
    "en": ["We use cookies to improve your experience. By continuing to browse, you agree to our use of cookies.",
           "This site uses cookies. Accept all cookies | Cookie settings",
           "This website uses cookies to personalise content. Opt-out if you wish."],
    "ja": ["当サイトではクッキー（Cookie）を使用しています。詳しくはプライバシーポリシーをご覧ください。",
           "このサイトはクッキーを利用しています。同意する場合は「OK」を押してください。"],
    "zh": ["本网站使用Cookie以改善浏览体验，继续浏览即表示您同意。",
           "本站使用cookie，详情请阅读隐私政策。"],
}
SHARE = {
    "en": ["Share this article", "Follow us on Twitter and Facebook", "Sign up for our newsletter for daily security news.", "Share", "Print"],
    "ja": ["この記事をシェア", "シェア", "印刷", "続きを読む"],
    "zh": ["分享到：微信 微博 QQ空间", "分享", "打印", "返回顶部"],
}
COMMENT_HEAD = {"en": ["COMMENTS", "Comments"], "ja": ["COMMENTS", "コメント"], "zh": ["COMMENTS", "评论", "网友评论"]}
COMMENTS = {
    "en": ["Another day, another hack. When will companies take this seriously?",
           "Patch your routers, people.",
           "Interesting that it took them {nmonths} months to notice.",
           "Attribution is always political. Show us the evidence.",
           "Great reporting, thanks for following this story."],
    "ja": ["またか。対策はどうなっているのか。", "ルーターの更新は大事ですね。",
           "気付くまでに{nmonths}か月もかかったのは問題では。", "証拠をもっと公開してほしい。"],
    "zh": ["又是这种新闻，企业的安全意识太差了。", "路由器一定要及时升级。",
           "过了{nmonths}个月才发现，说明监测有问题。", "希望能公开更多证据。"],
}
NICKS = ["reader42", "kt_san", "netwatcher", "匿名希望", "老王", "sysadmin_j", "hana", "小李"]


# ---------------------------------------------------------------------------
# Stories: the facts one article is about.
# ---------------------------------------------------------------------------

def rand_date(rng, y0=2014, y1=2024):
    start = datetime.date(y0, 1, 1).toordinal()
    end = datetime.date(y1, 12, 31).toordinal()
    return datetime.date.fromordinal(rng.randint(start, end))


def wareki(d):
    """Japanese era date for d (Heisei or Reiwa), e.g. 令和3年4月20日."""
    if d >= datetime.date(2019, 5, 1):
        era, y = "令和", d.year - 2018
    else:
        era, y = "平成", d.year - 1988
    return "%s%s年%d月%d日" % (era, "元" if y == 1 else str(y), d.month, d.day)


def fullwidth(s):
    """ASCII letters and digits to their full-width forms (ＪＡＸＡ)."""
    return "".join(chr(ord(c) + 0xFEE0) if c.isascii() and c.isalnum() else c for c in s)


def qty_phrase(rng, lang, num):
    if lang == "en":
        return "%s %s" % (rng.choice(QUAL_EN), "{:,}".format(num))
    if lang == "ja":
        return rng.choice(["約%d", "%d以上", "少なくとも%d", "およそ%d"]) % num
    return rng.choice(["约为%d家", "超过%d家", "达%d多家", "不少于%d家"]) % num


def story_new(rng, lang):
    """A dict of facts and rendered names, consistent within one article."""
    g = rng.choice(GROUPS)
    sp = SPONSORS[g[4]]
    ck = sp[3]
    cty = COUNTRIES[ck]
    li = {"en": 0, "ja": 1, "zh": 2}[lang]
    unit = rng.choice(g[5] or SPONSOR_UNITS[g[4]])
    v1, v2 = rng.sample(VICTIMS, 2)
    s1, s2 = rng.sample(SOURCES, 2)
    prod = rng.choice(PRODUCTS)
    ppl = rng.choice(PEOPLE if ck == "cn" else PEOPLE[:3] + PEOPLE[4:])
    pub = rand_date(rng, 2015, 2024)
    y2 = pub.year - rng.randint(0, 2)
    y1 = y2 - rng.randint(1, 4)
    num = rng.choice([12, 30, 45, 80, 120, 200, 250, 400, 1000, 2500])
    f = {
        "lang": lang,
        "published": pub,
        "actor": g[li],
        "actor_en": g[0],
        "alias": rng.choice(g[3]),
        "sponsor": sp[li],
        "sponsor_short": {"pla": "PLA", "mss": "MSS", "gru": "GRU", "svr": "SVR", "rgb": "RGB"}[g[4]],
        "unit": unit_name(unit, lang),
        "victim": v1[li],
        "victim2": v2[li],
        "victim_short": v1[0].replace("the ", "").replace("a ", ""),
        "sector": SECTORS[v1[3]][li],
        "src": s1[li],
        "src2": s2[li],
        "src_short": s1[0].replace("the ", "").replace("Britain's ", ""),
        "cited": rng.choice(CITED_OUTLETS[lang]),
        "product": prod[li],
        "cve": "CVE-%d-%d" % (rng.randint(y1, y2 + 1), rng.randint(1000, 49999)),
        "vendor": rng.choice(VENDORS),
        "person": ppl[li].format(nat=cty[1], nat_ja=cty[2], nat_zh=cty[3]),
        "offence": rng.choice(OFFENCES) if lang == "en" else
        {"ja": rng.choice(["私電磁的記録不正作出・同供用", "不正アクセス禁止法違反", "詐欺"]),
         "zh": rng.choice(["伪造电磁记录", "非法入侵计算机系统", "以虚假身份租用服务器"])}[lang],
        "spokes": SPOKES[ck][li],
        "country": cty[0] if lang == "en" else cty[2 if lang == "ja" else 3],
        "nat": cty[1], "nat_ja": cty[2], "nat_zh": cty[3],
        "region": rng.choice(REGIONS),
        "uscity": rng.choice(US_CITIES),
        "purpose": rng.choice(PURPOSES),
        "num": num,
        "y0": y1 - rng.randint(1, 6), "y1": y1, "y2": y2, "y2s": "%02d" % (y2 % 100),
        "m1": rng.randint(1, 12), "m2": rng.randint(1, 12),
        "ncountries": rng.choice([5, 7, 8, 11, 13]),
        "nmonths": rng.choice([3, 6, 9, 14, 18]),
        "targets": rng.choice(TARGETS_EN),
    }
    f["outlet"] = rng.choice(OUTLETS[lang])
    f["url"] = "https://news.example/%s/%d/%02d/%s-%s" % (
        OUTLET_SLUG[f["outlet"]], pub.year, pub.month,
        f["actor_en"].lower().replace(" ", "-"), rng.randint(10000, 99999))
    if lang != "en" and rng.random() < 0.15:          # full-width letters
        f["actor"] = fullwidth(f["actor"])
    return f


def story_render(rng, f, tmpl):
    """One sentence from template tmpl, with per-sentence variation."""
    lang = f["lang"]
    pub = f["published"]
    back = pub - datetime.timedelta(days=rng.randint(0, 6))
    v = dict(f)
    v["weekday"] = {"en": WEEKDAYS_EN, "ja": WEEKDAYS_JA, "zh": WEEKDAYS_ZH}[lang][back.weekday()]
    if lang == "en":
        v["date"] = rng.choice(["%s %d, %d" % (MONTHS_EN[back.month - 1], back.day, back.year),
                                "%s %d" % (MONTHS_EN[back.month - 1], back.day),
                                back.isoformat()])
        v["money"] = "$%s million" % rng.choice(["1.2", "3", "4.5", "12", "40"])
    else:
        v["date"] = "%d年%d月%d日" % (back.year, back.month, back.day) \
            if rng.random() < 0.6 else "%d月%d日" % (back.month, back.day)
        v["money_ja"] = "%d億円" % rng.choice([2, 5, 12, 30])
    v["wareki"] = wareki(back)
    v["qty"] = qty_phrase(rng, lang, f["num"])
    v["month"] = MONTHS_EN[f["m2"] - 1]
    for k in ("src", "victim", "person", "cited"):
        s = v[k]
        v[k + "_cap"] = s[:1].upper() + s[1:]
    return tmpl.format(**v)


def story_title(rng, f):
    return story_render(rng, f, rng.choice(TITLES[f["lang"]]))


def story_paragraphs(rng, f, target_bytes):
    """Paragraphs (lists of sentences joined) until about target_bytes."""
    lang = f["lang"]
    lead = {"en": EN_LEAD, "ja": JA_LEAD, "zh": ZH_LEAD}[lang]
    body = {"en": EN_BODY, "ja": JA_BODY, "zh": ZH_BODY}[lang]
    sep = " " if lang == "en" else ""
    paras = [story_render(rng, f, rng.choice(lead))]
    size = len(paras[0].encode())
    order = list(body)
    rng.shuffle(order)
    i = 0
    while size < target_bytes:
        n = rng.randint(1, 3)
        sents = []
        for _ in range(n):
            if i == len(order):
                rng.shuffle(order)
                i = 0
            sents.append(story_render(rng, f, order[i]))
            i += 1
        p = sep.join(sents)
        paras.append(p)
        size += len(p.encode()) + 2
    return paras


def pick_lang(rng):
    r = rng.random()
    return "en" if r < 0.60 else ("ja" if r < 0.85 else "zh")


def comment_block(rng, lang, f):
    lines = [rng.choice(COMMENT_HEAD[lang])]
    for _ in range(rng.randint(2, 6)):
        c = rng.choice(COMMENTS[lang]).format(nmonths=f["nmonths"])
        lines.append("%s: %s" % (rng.choice(NICKS), c))
    return lines


# ---------------------------------------------------------------------------
# Plain text
# ---------------------------------------------------------------------------

def text_document(rng):
    """(language, bytes) of one plain-text article of 2-6 KB."""
    lang = pick_lang(rng)
    f = story_new(rng, lang)
    title = story_title(rng, f)
    target = rng.randint(2048, 6144)
    head = []
    if rng.random() < 0.7:
        head += ["---", "title: " + title, "outlet: " + f["outlet"],
                 "published: " + f["published"].isoformat()]
        if rng.random() < 0.5:
            head.append("url: " + f["url"])
        head += ["---"]
        head_title = False
    else:
        head_title = True
    if rng.random() < 0.3:
        head.append(rng.choice(COOKIE[lang]))
    if head_title:
        head.append(title)
    tail = []
    if rng.random() < 0.25:
        tail = comment_block(rng, lang, f)
    elif rng.random() < 0.2:
        tail = [rng.choice(SHARE[lang])]
    fixed = len("\n".join(head + tail).encode()) + 4
    paras = story_paragraphs(rng, f, target - fixed)
    while len(paras) > 1 and sum(len(p.encode()) + 2 for p in paras) + fixed > 6144:
        paras.pop()
    if rng.random() < 0.05:              # decomposed (NFD) text: NFC has work
        k = rng.randrange(len(paras))
        paras[k] = unicodedata.normalize("NFD", paras[k])
    blank = rng.random() < 0.8
    body = []
    for k, p in enumerate(paras):
        body.append(p)
        if blank:
            body.append("")
        if k == len(paras) // 2 and rng.random() < 0.2:
            body.append(rng.choice(SHARE[lang]))
            if blank:
                body.append("")
    lines = head + ([""] if blank else []) + body + tail
    eol = "\r\n" if rng.random() < 0.05 else "\n"
    data = (eol.join(lines).rstrip() + eol).encode("utf-8")
    if rng.random() < 0.01:              # a stray invalid byte
        k = rng.randrange(len(data) // 2, len(data))
        while k < len(data) and (data[k] & 0xC0) == 0x80:
            k += 1
        data = data[:k] + b"\xff" + data[k:]
    return lang, data


# ---------------------------------------------------------------------------
# HTML pages: the article wrapped in the chrome of a news site.
# ---------------------------------------------------------------------------

NAV = {
    "en": ["World", "Asia", "Japan", "Politics", "Business", "Technology", "Security",
           "Science", "Opinion", "Sport", "Culture", "Video", "Podcasts", "Newsletters"],
    "ja": ["ニュース", "社会", "政治", "経済", "国際", "科学", "IT", "スポーツ", "文化",
           "地域", "動画", "特集", "速報", "ランキング"],
    "zh": ["首页", "国内", "国际", "财经", "科技", "军事", "社会", "体育", "文化",
           "视频", "专题", "评论", "图片", "排行"],
}
CHROME = {
    "en": {"cookie": "We use cookies to personalise content and ads and to analyse our traffic.",
           "accept": "Accept all cookies", "settings": "Cookie settings",
           "related": "Related articles", "comments": "Comments", "share": "Share this article",
           "subscribe": "Subscribe", "signin": "Sign in", "search": "Search",
           "footer": ["About us", "Contact", "Careers", "Advertise", "Privacy policy",
                      "Terms of use", "Corrections", "Accessibility", "Sitemap", "RSS"],
           "copy": "© {y} {outlet}. All rights reserved.", "by": "By",
           "reporters": ["Hana Mori", "James Okafor", "Li Wen", "Sarah Kim", "Kenji Arai"],
           "caption": "A server room. (Illustration)", "readmore": "Read more:"},
    "ja": {"cookie": "当サイトではクッキーを使用しています。", "accept": "同意する",
           "settings": "設定", "related": "関連記事", "comments": "コメント",
           "share": "この記事をシェア", "subscribe": "会員登録", "signin": "ログイン",
           "search": "検索",
           "footer": ["会社概要", "お問い合わせ", "採用情報", "広告掲載", "プライバシーポリシー",
                      "利用規約", "訂正", "サイトマップ", "RSS"],
           "copy": "© {y} {outlet} 無断転載を禁じます。", "by": "記者",
           "reporters": ["森 花子", "新井 健二", "佐藤 翔", "高橋 美咲"],
           "caption": "サーバールーム（イメージ）", "readmore": "あわせて読みたい："},
    "zh": {"cookie": "本网站使用Cookie以改善浏览体验。", "accept": "接受", "settings": "设置",
           "related": "相关新闻", "comments": "网友评论", "share": "分享到：",
           "subscribe": "订阅", "signin": "登录", "search": "搜索",
           "footer": ["关于我们", "联系我们", "招聘信息", "广告服务", "隐私政策",
                      "使用条款", "网站地图", "RSS"],
           "copy": "© {y} {outlet} 版权所有 不得转载", "by": "记者",
           "reporters": ["王明", "李文", "陈思远", "张晓"],
           "caption": "服务器机房（资料图）", "readmore": "延伸阅读："},
}


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def html_css(rng, n):
    props = ["margin:0", "padding:0 1rem", "display:flex", "font-size:14px", "color:#222",
             "line-height:1.6", "border-bottom:1px solid #ddd", "background:#fff",
             "max-width:1200px", "font-weight:700", "text-decoration:none", "gap:8px"]
    rules = []
    for i in range(n):
        sel = ".%s-%d" % (rng.choice(["nav", "hdr", "card", "btn", "grid", "promo", "ftr", "story"]), i)
        rules.append("%s{%s}" % (sel, ";".join(rng.sample(props, rng.randint(2, 5)))))
    return "".join(rules)


def html_js(rng, n):
    parts = ["window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}"]
    for i in range(n):
        parts.append("var _cfg%d={slot:\"ad-%d\",sizes:[[300,250],[728,90]],lazy:%s,refresh:%d};"
                     "if(document.getElementById(_cfg%d.slot)){_cfg%d.ready=true}"
                     % (i, i, "true" if rng.random() < 0.5 else "false",
                        rng.randint(10, 90), i, i))
    return "".join(parts)


def html_related(rng, lang, n):
    items = []
    for _ in range(n):
        f = story_new(rng, lang)
        items.append((f["url"], story_title(rng, f)))
    return items


def html_cards(rng, lang, budget):
    """A "more news" grid of teaser cards, about budget bytes of markup."""
    out = ['<section class="more-news"><h2>%s</h2><div class="grid">' % NAV[lang][0]]
    size = 0
    while size < budget:
        f = story_new(rng, lang)
        card = ('<div class="card card-%d"><a class="card-link" href="%s">'
                '<div class="card-media"><img loading="lazy" src="https://news.example/img/%d.jpg" alt=""></div>'
                '<div class="card-body"><span class="kicker">%s</span><h3 class="card-title">%s</h3>'
                '<span class="card-meta"><time datetime="%s">%s</time></span></div></a></div>\n'
                % (rng.randint(1, 4), f["url"], rng.randint(1, 99999), rng.choice(NAV[lang]),
                   esc(story_title(rng, f)), f["published"].isoformat(), f["published"].isoformat()))
        out.append(card)
        size += len(card.encode())
    out.append('</div></section>\n')
    return "".join(out)


def html_state(rng, lang, paras, related, filler_bytes):
    """The JSON blob of a client-side framework, padded to filler_bytes."""
    state = {"page": {"type": "article", "paragraphs": paras},
             "related": [{"url": u, "title": t} for u, t in related],
             "ads": [], "tracking": []}
    size = len(json.dumps(state, ensure_ascii=False).encode())
    i = 0
    while size < filler_bytes:
        item = {"id": "trk-%06d" % rng.randint(0, 999999),
                "event": rng.choice(["view", "scroll", "click", "impression"]),
                "weight": round(rng.random(), 4), "slot": "ad-%d" % i}
        state["tracking"].append(item)
        size += len(json.dumps(item).encode()) + 1
        i += 1
    return json.dumps(state, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")


def html_document(rng):
    lang = pick_lang(rng)
    f = story_new(rng, lang)
    c = CHROME[lang]
    title = story_title(rng, f)
    target = rng.randint(20 * 1024, 80 * 1024)
    paras = story_paragraphs(rng, f, rng.randint(2500, min(9000, target // 3)))
    pub = f["published"]
    iso = "%sT%02d:%02d:00+09:00" % (pub.isoformat(), rng.randint(6, 22), rng.randint(0, 59))
    outlet = f["outlet"]
    related = html_related(rng, lang, rng.randint(4, 10))
    nav = NAV[lang]
    ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": title,
          "datePublished": iso, "dateModified": iso, "inLanguage": lang,
          "mainEntityOfPage": f["url"],
          "author": [{"@type": "Person", "name": rng.choice(c["reporters"])}],
          "publisher": {"@type": "Organization", "name": outlet,
                        "logo": {"@type": "ImageObject", "url": "https://news.example/logo.png"}},
          "description": paras[0][:120]}
    o = []
    w = o.append
    w('<!DOCTYPE html>\n<html lang="%s">\n<head>\n<meta charset="utf-8">\n' % lang)
    w('<meta name="viewport" content="width=device-width, initial-scale=1">\n')
    w('<title>%s | %s</title>\n' % (esc(title), esc(outlet)))
    w('<meta name="description" content="%s">\n' % esc(paras[0][:120]))
    w('<meta property="og:site_name" content="%s">\n' % esc(outlet))
    w('<meta property="og:title" content="%s">\n' % esc(title))
    w('<meta property="og:type" content="article">\n')
    w('<meta property="og:url" content="%s">\n' % f["url"])
    w('<meta property="og:image" content="https://news.example/img/%d.jpg">\n' % rng.randint(1, 99999))
    w('<meta property="article:published_time" content="%s">\n' % iso)
    w('<meta name="twitter:card" content="summary_large_image">\n')
    w('<link rel="canonical" href="%s">\n' % f["url"])
    w('<link rel="stylesheet" href="/static/css/main.%08x.css">\n' % rng.getrandbits(32))
    w('<style>%s</style>\n' % html_css(rng, rng.randint(40, 160)))
    w('<script type="application/ld+json">%s</script>\n'
      % json.dumps(ld, ensure_ascii=False).replace("</", "<\\/"))
    w('<script>%s</script>\n' % html_js(rng, rng.randint(5, 30)))
    w('</head>\n<body class="article-page lang-%s">\n' % lang)
    w('<div id="cookie-banner" class="cookie-consent" role="dialog"><p>%s</p>'
      '<button class="btn-accept">%s</button><button class="btn-settings">%s</button></div>\n'
      % (c["cookie"], c["accept"], c["settings"]))
    w('<header class="site-header"><a class="logo" href="/">%s</a>\n' % esc(outlet))
    w('<nav class="main-nav" aria-label="sections"><ul>')
    for s in nav:
        sub = "".join('<li><a href="/%s/%d">%s %d</a></li>' % (s.lower(), k, s, k)
                      for k in range(rng.randint(0, 6)))
        w('<li class="nav-item"><a href="/%s">%s</a><ul class="sub">%s</ul></li>' % (s.lower(), s, sub))
    w('</ul></nav>\n<form class="search" action="/search"><input name="q" placeholder="%s">'
      '<button>%s</button></form><a class="btn" href="/subscribe">%s</a>'
      '<a class="btn" href="/login">%s</a></header>\n' % (c["search"], c["search"], c["subscribe"], c["signin"]))
    w('<div class="breadcrumbs"><a href="/">%s</a> &gt; <a href="/%s">%s</a></div>\n'
      % (nav[0], nav[6].lower(), nav[6]))
    w('<main id="content">\n<article class="story">\n')
    w('<h1 class="headline">%s</h1>\n' % esc(title))
    w('<div class="byline">%s <span class="author">%s</span> <time datetime="%s">%s</time></div>\n'
      % (c["by"], rng.choice(c["reporters"]), iso, pub.isoformat()))
    w('<div class="share-bar"><span>%s</span><a class="share-fb" href="#">Facebook</a>'
      '<a class="share-tw" href="#">Twitter</a><a class="share-line" href="#">LINE</a>'
      '<a class="share-mail" href="#">Email</a></div>\n' % c["share"])
    w('<figure class="lead-image"><img src="https://news.example/img/%d.jpg" alt="">'
      '<figcaption>%s</figcaption></figure>\n' % (rng.randint(1, 99999), c["caption"]))
    w('<div class="story-body">\n')
    for k, p in enumerate(paras):
        w('<p>%s</p>\n' % esc(p))
        if k == 2:
            w('<div class="ad-slot" id="ad-1"><span>Advertisement</span></div>\n')
        if k == len(paras) // 2 and related:
            u, t = related[0]
            w('<p class="read-more">%s <a href="%s">%s</a></p>\n' % (c["readmore"], u, esc(t)))
    w('</div>\n<div class="tags">%s</div>\n</article>\n'
      % "".join('<a class="tag" href="/tag/%d">%s</a>' % (k, esc(t))
                for k, t in enumerate([f["actor"], f["victim"], nav[6]])))
    w('<aside class="related"><h2>%s</h2><ul>' % c["related"])
    for u, t in related:
        w('<li><a href="%s">%s</a></li>' % (u, esc(t)))
    w('</ul></aside>\n')
    if rng.random() < 0.6:
        w('<section id="comments" class="comments"><h2>%s</h2>\n' % c["comments"])
        for line in comment_block(rng, lang, f)[1:]:
            nick, _, text = line.partition(": ")
            w('<div class="comment"><b>%s</b><p>%s</p></div>\n' % (esc(nick), esc(text)))
        w('</section>\n')
    promo_at = len(o)                    # the card grid goes here, sized below
    w('</main>\n<footer class="site-footer">')
    for col in range(rng.randint(3, 6)):
        w('<ul class="footer-col">%s</ul>' % "".join(
            '<li><a href="/p/%d/%d">%s</a></li>' % (col, k, t) for k, t in enumerate(c["footer"])))
    w('<p class="copyright">%s</p></footer>\n' % esc(c["copy"].format(y=pub.year, outlet=outlet)))
    filler = max(0, target - len("".join(o).encode("utf-8")) - 200)
    o.insert(promo_at, html_cards(rng, lang, int(filler * rng.uniform(0.3, 0.7))))
    head = "".join(o).encode("utf-8")
    filler = max(0, target - len(head) - 200)
    tail = ('<script id="__NEXT_DATA__" type="application/json">%s</script>\n'
            '<script src="/static/js/app.%08x.js" defer></script>\n</body>\n</html>\n'
            % (html_state(rng, lang, paras, related, filler), rng.getrandbits(32)))
    return lang, head + tail.encode("utf-8")


# ---------------------------------------------------------------------------
# JSON Lines feed
# ---------------------------------------------------------------------------

def feed_record(rng, i):
    lang = pick_lang(rng)
    f = story_new(rng, lang)
    paras = story_paragraphs(rng, f, rng.randint(2048, 6144))
    rec = {"id": "feed-%06d" % i, "url": f["url"], "outlet": f["outlet"],
           "published": f["published"].isoformat(), "title": story_title(rng, f),
           "text": "\n\n".join(paras)}
    ascii_only = rng.random() < 0.2      # some feeds escape everything
    return (json.dumps(rec, ensure_ascii=ascii_only) + "\n").encode("utf-8")


# ---------------------------------------------------------------------------
# Driver
# ---------------------------------------------------------------------------

def doc_rng(seed, part, i):
    return random.Random("%s:%s:%d" % (seed, part, i))


def write_file(path, data):
    with open(path, "wb") as fh:
        fh.write(data)


def gen_text(outdir, seed, budget):
    d = os.path.join(outdir, "text")
    os.makedirs(d, exist_ok=True)
    total = i = 0
    while total < budget:
        lang, data = text_document(doc_rng(seed, "text", i))
        write_file(os.path.join(d, "%05d-%s.txt" % (i, lang)), data)
        total += len(data)
        i += 1
    return i, total


def gen_html(outdir, seed, budget):
    d = os.path.join(outdir, "html")
    os.makedirs(d, exist_ok=True)
    total = i = 0
    while total < budget:
        lang, data = html_document(doc_rng(seed, "html", i))
        write_file(os.path.join(d, "%04d-%s.html" % (i, lang)), data)
        total += len(data)
        i += 1
    return i, total


def gen_feed(outdir, seed, budget):
    total = i = 0
    with open(os.path.join(outdir, "feed.jsonl"), "wb") as fh:
        while total < budget:
            data = feed_record(doc_rng(seed, "feed", i), i)
            fh.write(data)
            total += len(data)
            i += 1
    return i, total


def main(argv):
    ap = argparse.ArgumentParser(description="Generate the synthetic benchmark corpus.")
    ap.add_argument("outdir")
    ap.add_argument("--mb", type=float, default=16,
                    help="MB of text/ and of html/ (feed.jsonl gets a quarter); default 16")
    ap.add_argument("--seed", default="1", help="random seed; default 1")
    a = ap.parse_args(argv)
    if a.mb <= 0:
        ap.error("--mb must be positive")
    budget = int(a.mb * MB)
    for part in ("text", "html"):
        d = os.path.join(a.outdir, part)
        if os.path.isdir(d):                       # stale files from a bigger run
            for name in os.listdir(d):
                os.unlink(os.path.join(d, name))
    os.makedirs(a.outdir, exist_ok=True)
    nt, bt = gen_text(a.outdir, a.seed, budget)
    nh, bh = gen_html(a.outdir, a.seed, budget)
    nf, bf = gen_feed(a.outdir, a.seed, budget // 4)
    manifest = ("gencorpus %s seed=%s mb=%g\n"
                "text\t%d files\t%d bytes\n"
                "html\t%d files\t%d bytes\n"
                "feed.jsonl\t%d records\t%d bytes\n"
                % (GEN_VERSION, a.seed, a.mb, nt, bt, nh, bh, nf, bf))
    write_file(os.path.join(a.outdir, "MANIFEST"), manifest.encode())
    sys.stdout.write(manifest)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
