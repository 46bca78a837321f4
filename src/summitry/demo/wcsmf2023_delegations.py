"""The 2023 Mayors Forum's delegations: the named ones of the seeds, plus marked sample data.

Seed 001 gives the attendance only as counts, "as registered on 23 September": 50 foreign city
delegations from 30 countries, 22 international organisations and companies, about 200
people. It names eight cities (Taipei, Wellington, Kyiv, Dublin, Suzhou, Odense, Bilbao,
Vienna), three organisations (UNDP, Metropolis, Amazon Web Services) and five city leaders.
Those eleven delegations are real (``is_sample=False``) and the named leaders head them.

Everything else here is made up so that the demo reproduces the cited counts, and it is marked:

- sample delegations have ``Delegation.is_sample=True``; their organisations have slugs that
  begin with "sample-" (real cities by their real names; organisations with plainly fictitious
  names that begin with "Sample" / "샘플");
- sample people have slugs that begin with "sample-person-" and positions ending in
  "(sample)" / "(샘플)"; this includes every member of the named delegations other than the
  named leaders, and the heads of the named delegations whose leader the seeds do not name;
- registration, arrival and departure times, flights, needs and statuses are sample values.

A seeded ``random.Random(2023)`` makes the same demo on every load, and every row is keyed by
a natural key, so that loading twice changes nothing. Rows are written directly (no e-mails).
"""

from __future__ import annotations

import datetime
import enum
import hashlib
import random
import secrets
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model

from summitry.core import services as core
from summitry.core.bilingual import translated_originals
from summitry.core.scoping import in_summit
from summitry.delegations.models import (
    CountSnapshot,
    Delegate,
    DelegateRole,
    Delegation,
    DelegationStatus,
    Invitation,
    PlaceStatus,
    StatusChange,
)
from summitry.directory.models import Organisation, OrganisationKind, Person, ProtocolRank, Region
from summitry.summits.models import Summit

from .loader import ORGANISER_USERNAME, upsert

SEOUL = ZoneInfo("Asia/Seoul")
AS_OF = datetime.date(2023, 9, 23)  # seed 001: "※ 9.23. 등록기준"

M, V, S = ProtocolRank.MAYOR, ProtocolRank.VICE_MAYOR, ProtocolRank.SENIOR_OFFICIAL
HEAD_ORG, COUNCIL, OFFICIAL = (
    ProtocolRank.HEAD_OF_ORGANISATION,
    ProtocolRank.COUNCIL_MEMBER,
    ProtocolRank.OFFICIAL,
)
INTL, CO = OrganisationKind.INTERNATIONAL, OrganisationKind.COMPANY
AS, EU, AM, OC, AF = Region.ASIA, Region.EUROPE, Region.AMERICAS, Region.OCEANIA, Region.AFRICA


def _at(month: int, day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2023, month, day, hour, minute, tzinfo=SEOUL)


# --- the named delegations (seeds 000, 001) ---------------------------------------------------

NAMED_CITIES = ["taipei", "wellington", "kyiv", "dublin", "suzhou", "odense", "bilbao", "vienna"]
NAMED_ORGANISATIONS = ["undp", "metropolis", "aws"]
# The named leaders (wcsmf2023.PEOPLE) head their cities' delegations.
NAMED_HEADS = {
    "taipei": "chiang-wan-an",
    "wellington": "tory-whanau",
    "kyiv": "volodymyr-prokopiv",
    "dublin": "daithi-de-roiste",
    "suzhou": "ji-jing",
}
# Named cities whose leader the seeds do not name: a sample head (given, family, family first,
# Hangul, rank).
# fmt: off
SAMPLE_HEADS_OF_NAMED = {
    "odense": ("Anders", "Holm", False, "안데르스 홀름", V),
    "bilbao": ("Iñaki", "Etxebarria", False, "이냐키 에체바리아", V),
    "vienna": ("Sabine", "Gruber", False, "자비네 그루버", V),
}

# --- sample cities ----------------------------------------------------------------------------
# Real cities, marked as sample delegations. The named eight cover TW, NZ, UA, IE, CN, DK, ES and
# AT; these add 22 countries (30 in all), and some cities in the named countries.
# slug: (English, Korean, country, region, (head given, family, family first, Hangul), rank)
SAMPLE_CITIES = {
    "sample-yokohama": ("Yokohama", "요코하마", "JP", AS, ("Kenji", "Morita", False, "모리타 겐지"), M),
    "sample-fukuoka": ("Fukuoka", "후쿠오카", "JP", AS, ("Yuko", "Hayashi", False, "하야시 유코"), V),
    "sample-kyoto": ("Kyoto", "교토", "JP", AS, ("Takashi", "Ishida", False, "이시다 다카시"), S),
    "sample-hanoi": ("Hanoi", "하노이", "VN", AS, ("Van Thanh", "Nguyen", True, "응우옌 반 타인"), V),
    "sample-da-nang": ("Da Nang", "다낭", "VN", AS, ("Thi Mai", "Tran", True, "쩐 티 마이"), V),
    "sample-jakarta": ("Jakarta", "자카르타", "ID", AS, ("Budi", "Santoso", False, "부디 산토소"), V),
    "sample-surabaya": ("Surabaya", "수라바야", "ID", AS, ("Siti", "Rahmawati", False, "시티 라마와티"), M),
    "sample-kuala-lumpur": ("Kuala Lumpur", "쿠알라룸푸르", "MY", AS, ("Ahmad Faizal", "Rahman", False, "아마드 파이잘 라만"), M),
    "sample-quezon-city": ("Quezon City", "케손시티", "PH", AS, ("Maria Elena", "Cruz", False, "마리아 엘레나 크루스"), M),
    "sample-bangkok": ("Bangkok", "방콕", "TH", AS, ("Anan", "Srisuk", False, "아난 시숙"), V),
    "sample-ulaanbaatar": ("Ulaanbaatar", "울란바토르", "MN", AS, ("Batbayar", "Ganbold", False, "바트바야르 간볼드"), M),
    "sample-pune": ("Pune", "푸네", "IN", AS, ("Priya", "Deshpande", False, "프리야 데시판데"), S),
    "sample-istanbul": ("Istanbul", "이스탄불", "TR", AS, ("Elif", "Yılmaz", False, "엘리프 일마즈"), V),
    "sample-melbourne": ("Melbourne", "멜버른", "AU", OC, ("Sarah", "Mitchell", False, "세라 미첼"), M),
    "sample-brisbane": ("Brisbane", "브리즈번", "AU", OC, ("James", "O'Connor", False, "제임스 오코너"), M),
    "sample-sydney": ("Sydney", "시드니", "AU", OC, ("Emily", "Nguyen", False, "에밀리 응우옌"), V),
    "sample-los-angeles": ("Los Angeles", "로스앤젤레스", "US", AM, ("Daniel", "Reyes", False, "대니얼 레예스"), V),
    "sample-honolulu": ("Honolulu", "호놀룰루", "US", AM, ("Keoni", "Kahale", False, "케오니 카할레"), M),
    "sample-vancouver": ("Vancouver", "밴쿠버", "CA", AM, ("Olivia", "Tremblay", False, "올리비아 트랑블레"), M),
    "sample-mexico-city": ("Mexico City", "멕시코시티", "MX", AM, ("Alejandro", "Herrera", False, "알레한드로 에레라"), S),
    "sample-curitiba": ("Curitiba", "쿠리치바", "BR", AM, ("Luiz Fernando", "Costa", False, "루이스 페르난두 코스타"), M),
    "sample-medellin": ("Medellín", "메데인", "CO", AM, ("Camila", "Restrepo", False, "카밀라 레스트레포"), M),
    "sample-hamburg": ("Hamburg", "함부르크", "DE", EU, ("Katrin", "Vogel", False, "카트린 포겔"), V),
    "sample-berlin": ("Berlin", "베를린", "DE", EU, ("Thomas", "Becker", False, "토마스 베커"), S),
    "sample-lyon": ("Lyon", "리옹", "FR", EU, ("Claire", "Dubois", False, "클레르 뒤부아"), V),
    "sample-strasbourg": ("Strasbourg", "스트라스부르", "FR", EU, ("Julien", "Lefèvre", False, "쥘리앵 르페브르"), M),
    "sample-rotterdam": ("Rotterdam", "로테르담", "NL", EU, ("Sanne", "de Vries", False, "산네 더프리스"), V),
    "sample-amsterdam": ("Amsterdam", "암스테르담", "NL", EU, ("Pieter", "Jansen", False, "피터르 얀선"), V),
    "sample-helsinki": ("Helsinki", "헬싱키", "FI", EU, ("Aino", "Virtanen", False, "아이노 비르타넨"), M),
    "sample-manchester": ("Manchester", "맨체스터", "GB", EU, ("Rachel", "Hughes", False, "레이철 휴스"), M),
    "sample-glasgow": ("Glasgow", "글래스고", "GB", EU, ("Callum", "MacLeod", False, "캘럼 매클라우드"), M),
    "sample-nairobi": ("Nairobi", "나이로비", "KE", AF, ("Wanjiru", "Kamau", False, "완지루 카마우"), V),
    "sample-kigali": ("Kigali", "키갈리", "RW", AF, ("Jean-Claude", "Habimana", False, "장클로드 하비마나"), M),
    # More cities of the named countries.
    "sample-shenzhen": ("Shenzhen", "선전", "CN", AS, ("Wei", "Liu", True, "류웨이"), V),
    "sample-chengdu": ("Chengdu", "청두", "CN", AS, ("Min", "Zhang", True, "장민"), V),
    "sample-kaohsiung": ("Kaohsiung", "가오슝", "TW", AS, ("Mei-hua", "Lin", True, "린메이화"), V),
    "sample-auckland": ("Auckland", "오클랜드", "NZ", OC, ("Hemi", "Walker", False, "헤미 워커"), M),
    "sample-barcelona": ("Barcelona", "바르셀로나", "ES", EU, ("Laura", "Puig", False, "라우라 푸이그"), V),
    "sample-graz": ("Graz", "그라츠", "AT", EU, ("Markus", "Huber", False, "마르쿠스 후버"), M),
    "sample-copenhagen": ("Copenhagen", "코펜하겐", "DK", EU, ("Mette", "Nielsen", False, "메테 닐센"), S),
    "sample-cork": ("Cork", "코크", "IE", EU, ("Siobhán", "Murphy", False, "시번 머피"), M),
    "sample-lviv": ("Lviv", "리비우", "UA", EU, ("Oksana", "Kovalenko", False, "옥사나 코발렌코"), V),
    # Not counted on 23 September: registered on 24 September, or cancelled before (below).
    "sample-almaty": ("Almaty", "알마티", "KZ", AS, ("Nurlan", "Abenov", False, "누를란 아베노프"), M),
    "sample-tashkent": ("Tashkent", "타슈켄트", "UZ", AS, ("Dilshod", "Yusupov", False, "딜쇼드 유수포프"), V),
}

# --- sample organisations -----------------------------------------------------------------------
# Plainly fictitious international organisations and companies (no real body is named as an
# attendee). slug: (kind, English, Korean, country, region)
SAMPLE_ORGANISATIONS = {
    "sample-org-01": (INTL, "Sample Urban Institute", "샘플 도시연구원", "", ""),
    "sample-org-02": (INTL, "Sample Cities Alliance Network", "샘플 도시연합 네트워크", "", ""),
    "sample-org-03": (INTL, "Sample Climate Resilience Fund", "샘플 기후회복력기금", "", ""),
    "sample-org-04": (INTL, "Sample Development Bank", "샘플 개발은행", "", ""),
    "sample-org-05": (INTL, "Sample Heritage Council", "샘플 문화유산협의회", "", ""),
    "sample-org-06": (CO, "Sample Smart Mobility Corporation", "샘플 스마트모빌리티", "SG", AS),
    "sample-org-07": (CO, "Sample Urban Data Ltd", "샘플 어반데이터", "GB", EU),
    "sample-org-08": (CO, "Sample Green Energy Company", "샘플 그린에너지", "DE", EU),
    "sample-org-09": (CO, "Sample Infrastructure Partners", "샘플 인프라파트너스", "US", AM),
    "sample-org-10": (CO, "Sample Water Solutions", "샘플 워터솔루션", "NL", EU),
    "sample-org-11": (INTL, "Sample Housing Forum", "샘플 주거포럼", "", ""),
    "sample-org-12": (INTL, "Sample Youth Cities Network", "샘플 청년도시네트워크", "", ""),
    "sample-org-13": (INTL, "Sample Digital Government Lab", "샘플 디지털정부랩", "", ""),
    "sample-org-14": (CO, "Sample Architecture Studio", "샘플 건축사무소", "FR", EU),
    "sample-org-15": (CO, "Sample Consulting Group", "샘플 컨설팅그룹", "AU", OC),
    "sample-org-16": (CO, "Sample Transit Systems", "샘플 교통시스템", "JP", AS),
    "sample-org-17": (INTL, "Sample Public Health Alliance", "샘플 공중보건연합", "", ""),
    "sample-org-18": (INTL, "Sample Resilient Ports Association", "샘플 항만협회", "", ""),
    "sample-org-19": (CO, "Sample Cloud Services", "샘플 클라우드서비스", "CA", AM),
    # Registered on 24 September, so not in the 23 September counts.
    "sample-org-20": (INTL, "Sample Mobility Foundation", "샘플 모빌리티재단", "", ""),
}
# fmt: on

# The delegations that make the "as registered on" date matter: they registered after the
# cited date, or cancelled before it. Every other delegation registered by 23 September.
LATE = {"sample-almaty": _at(9, 24, 9, 40), "sample-org-20": _at(9, 24, 11, 15)}
CANCELLED = {"sample-tashkent": (_at(8, 28, 15, 0), _at(9, 19, 17, 30))}

# --- Wellington's contact (demo login) ----------------------------------------------------------

WELLINGTON_USERNAME = "wellington"
WELLINGTON_EMAIL = "wellington.contact@example.org"
WELLINGTON_PASSWORD = "summitry-demo"  # noqa: S105 - a published demo login, never in production
WELLINGTON_CONTACT_NAME = "Wellington International Relations"
WELLINGTON_INVITED = _at(7, 3, 10, 0)
WELLINGTON_CLAIMED = _at(7, 5, 9, 30)
WELLINGTON_REGISTERED = _at(7, 5, 9, 45)

# --- pools for the sample people and their travel ------------------------------------------------

# pool: (given names, family names, family name first)
# fmt: off
NAMES = {
    "en": (["Emma", "Oliver", "Grace", "Liam", "Hannah", "Jack", "Chloe", "Noah", "Sophie", "Ethan", "Ruth", "Michael"],
           ["Taylor", "Brown", "Wilson", "Thompson", "Walker", "Clarke", "Harris", "Evans", "Kelly", "Bennett"], False),
    "nz": (["Aroha", "Tane", "Mere", "Rawiri", "Olivia", "Sam", "Kate", "George"],
           ["Ngata", "Parata", "Smith", "Wilson", "Campbell", "Stewart"], False),
    "ga": (["Aoife", "Cian", "Niamh", "Seán", "Ciara", "Eoin"],
           ["Byrne", "Ryan", "O'Brien", "Walsh", "Doyle", "McCarthy"], False),
    "zh": (["Wei", "Jing", "Hao", "Xiaoyu", "Lei", "Yan", "Jun", "Fang"],
           ["Wang", "Li", "Chen", "Zhao", "Huang", "Zhou", "Wu", "Xu"], True),
    "zh-tw": (["Chia-hao", "Yu-ting", "Wei-lun", "Shu-fen", "Chih-ming", "Hsin-yi"],
              ["Chen", "Lin", "Huang", "Chang", "Lee", "Wang"], True),
    "ja": (["Hiroshi", "Akiko", "Daisuke", "Naomi", "Sho", "Emi", "Ryo", "Kaori"],
           ["Sato", "Suzuki", "Takahashi", "Watanabe", "Ito", "Nakamura", "Kobayashi", "Yamamoto"], False),
    "vi": (["Van Minh", "Thi Lan", "Duc Anh", "Thi Hoa", "Quang Huy", "Ngoc Anh"],
           ["Nguyen", "Tran", "Le", "Pham", "Hoang", "Vu"], True),
    "id": (["Agus", "Dewi", "Rizky", "Putri", "Hendra", "Nur"],
           ["Pratama", "Wijaya", "Hidayat", "Saputra", "Kusuma", "Setiawan"], False),
    "ms": (["Farah", "Aziz", "Nurul", "Hafiz", "Aisyah", "Imran"],
           ["Ismail", "Hassan", "Abdullah", "Yusof", "Ibrahim", "Osman"], False),
    "tl": (["Jose", "Ana", "Mark", "Kristine", "Paolo", "Joy"],
           ["Santos", "Reyes", "Bautista", "Garcia", "Mendoza", "Villanueva"], False),
    "th": (["Nattapong", "Kanya", "Suda", "Chaiwat", "Pim", "Thanakorn"],
           ["Saelim", "Chaiyaporn", "Boonmee", "Rattanakul", "Sukprasert", "Thongchai"], False),
    "mn": (["Bolormaa", "Erdene", "Oyuntsetseg", "Temuulen", "Saruul", "Munkh-Erdene"],
           ["Dorj", "Batsukh", "Tsend", "Baatar", "Ganzorig", "Purev"], False),
    "hi": (["Arjun", "Kavita", "Rahul", "Ananya", "Vikram", "Neha"],
           ["Sharma", "Patel", "Kulkarni", "Joshi", "Iyer", "Rao"], False),
    "tr": (["Mehmet", "Ayşe", "Emre", "Zeynep", "Burak", "Selin"],
           ["Kaya", "Demir", "Şahin", "Çelik", "Öztürk", "Aydın"], False),
    "es": (["Carlos", "Lucía", "Javier", "Marta", "Diego", "Elena", "Pablo", "Sofía"],
           ["García", "Fernández", "López", "Martínez", "Sánchez", "Romero", "Navarro", "Torres"], False),
    "pt": (["João", "Ana", "Pedro", "Mariana", "Rafael", "Beatriz"],
           ["Silva", "Santos", "Oliveira", "Souza", "Pereira", "Almeida"], False),
    "fr": (["Camille", "Nicolas", "Léa", "Antoine", "Manon", "Hugo"],
           ["Martin", "Bernard", "Petit", "Moreau", "Laurent", "Girard"], False),
    "de": (["Anna", "Lukas", "Julia", "Stefan", "Lena", "Felix", "Miriam", "Jonas"],
           ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Wagner", "Hofmann", "Bauer"], False),
    "nl": (["Daan", "Femke", "Joost", "Lotte", "Bram", "Eva"],
           ["Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder"], False),
    "da": (["Mads", "Sofie", "Rasmus", "Ida", "Frederik", "Camilla"],
           ["Jensen", "Hansen", "Pedersen", "Andersen", "Larsen", "Sørensen"], False),
    "fi": (["Mikko", "Laura", "Juha", "Elina", "Antti", "Sanna"],
           ["Korhonen", "Mäkinen", "Nieminen", "Laine", "Heikkinen", "Koskinen"], False),
    "uk": (["Olena", "Andriy", "Iryna", "Taras", "Natalia", "Dmytro"],
           ["Shevchenko", "Bondarenko", "Tkachenko", "Kravchenko", "Melnyk", "Boyko"], False),
    "sw": (["Wanjiku", "Otieno", "Achieng", "Kiprono", "Njeri", "Mwangi"],
           ["Odhiambo", "Mutua", "Kiprop", "Njoroge", "Wambui", "Ochieng"], False),
    "rw": (["Aline", "Eric", "Diane", "Patrick", "Grace", "Emmanuel"],
           ["Uwimana", "Niyonzima", "Mukamana", "Nshimiyimana", "Ingabire", "Mugisha"], False),
    "kk": (["Daniyar", "Yerlan", "Arman", "Timur"], ["Omarov", "Seitkaliyev", "Nurpeisov", "Zhakupov"], False),
    "uz": (["Jasur", "Bekzod", "Sardor", "Otabek"], ["Rakhimov", "Tursunov", "Ergashev", "Nazarov"], False),
}
POOL_OF_COUNTRY = {
    "TW": "zh-tw", "NZ": "nz", "UA": "uk", "IE": "ga", "CN": "zh", "DK": "da", "ES": "es",
    "AT": "de", "JP": "ja", "VN": "vi", "ID": "id", "MY": "ms", "PH": "tl", "TH": "th",
    "MN": "mn", "IN": "hi", "TR": "tr", "AU": "en", "US": "en", "CA": "en", "MX": "es",
    "BR": "pt", "CO": "es", "DE": "de", "FR": "fr", "NL": "nl", "FI": "fi", "GB": "en",
    "KE": "sw", "RW": "rw", "KZ": "kk", "UZ": "uz", "SG": "en",
}
# International organisations' staff come from anywhere.
INTERNATIONAL_POOLS = ["en", "fr", "es", "de", "hi", "sw", "ja", "pt", "nl", "tl"]

# (English, Korean, rank)
CITY_MEMBER_POSITIONS = [
    ("Director of International Relations", "국제관계국장", S),
    ("Senior Policy Adviser to the Mayor", "시장 정책보좌관", S),
    ("Head of Urban Planning", "도시계획과장", S),
    ("Chief Resilience Officer", "회복력 총괄관", S),
    ("City Councillor", "시의원", COUNCIL),
    ("Protocol Officer", "의전 담당관", OFFICIAL),
    ("International Affairs Officer", "국제협력 주무관", OFFICIAL),
    ("Climate Policy Officer", "기후정책 주무관", OFFICIAL),
    ("Communications Officer", "홍보 담당관", OFFICIAL),
]
ORG_HEAD_POSITIONS = {
    INTL: [("Secretary General", "사무총장", HEAD_ORG), ("President", "회장", HEAD_ORG),
           ("Director, Asia-Pacific", "아시아태평양 국장", S)],
    CO: [("Chief Executive Officer", "최고경영자", HEAD_ORG),
         ("Vice President, Public Sector", "공공부문 부사장", S),
         ("Managing Director, Asia", "아시아 총괄 대표", S)],
}
ORG_MEMBER_POSITIONS = [
    ("Programme Manager", "프로그램 매니저", OFFICIAL),
    ("Policy Specialist", "정책 전문관", OFFICIAL),
    ("Head of Partnerships", "파트너십 총괄", S),
    ("Senior Urban Specialist", "선임 도시전문관", S),
]
HEAD_POSITIONS = {
    M: ("Mayor of {en}", "{ko} 시장"),
    V: ("Deputy Mayor of {en}", "{ko} 부시장"),
    S: ("Director-General for International Affairs, {en}", "{ko} 국제협력국장"),
}
SAMPLE_MARK = (" (sample)", " (샘플)")

# country: (arrival flight to Seoul, its landing time, departure flight, its take-off time);
# plausible routes, sample values. Without a flight, a delegate arrives and leaves at any hour.
FLIGHTS = {
    "TW": ("CI160", "12:35", "CI161", "14:10"), "NZ": ("NZ75", "16:05", "NZ76", "18:40"),
    "UA": ("LO97", "13:50", "LO98", "09:40"), "IE": ("AY41", "09:25", "AY42", "11:20"),
    "CN": ("MU5041", "13:15", "MU5042", "14:45"), "DK": ("AY41", "09:25", "AY42", "11:20"),
    "ES": ("KE914", "16:20", "KE913", "13:15"), "AT": ("LH712", "11:55", "LH713", "13:50"),
    "JP": ("JL91", "10:40", "JL92", "12:50"), "VN": ("VN416", "06:10", "VN417", "10:30"),
    "ID": ("GA878", "07:45", "GA879", "10:50"), "MY": ("MH66", "07:50", "MH67", "11:20"),
    "PH": ("PR468", "06:20", "PR469", "09:45"), "TH": ("TG658", "08:30", "TG659", "10:55"),
    "MN": ("OM301", "12:10", "OM302", "14:40"), "IN": ("KE482", "07:55", "KE481", "18:45"),
    "TR": ("TK90", "11:30", "TK91", "13:45"), "AU": ("KE122", "06:35", "KE121", "18:25"),
    "US": ("KE012", "17:20", "KE011", "19:30"), "CA": ("AC63", "16:35", "AC64", "18:25"),
    "MX": ("AM90", "17:05", "AM91", "19:40"), "BR": ("EK322", "16:40", "EK323", "23:55"),
    "CO": ("KE012", "17:20", "KE011", "19:30"), "DE": ("LH712", "11:55", "LH713", "13:50"),
    "FR": ("AF264", "12:05", "AF267", "13:15"), "NL": ("KL855", "12:40", "KL856", "14:35"),
    "FI": ("AY41", "09:25", "AY42", "11:20"), "GB": ("KE908", "14:30", "KE907", "12:25"),
    "KE": ("ET672", "13:20", "ET673", "23:55"), "RW": ("ET672", "13:20", "ET673", "23:55"),
    "KZ": ("KC909", "07:00", "KC910", "08:40"), "UZ": ("HY511", "07:35", "HY512", "09:20"),
    "SG": ("SQ612", "15:35", "SQ607", "16:40"),
}
# fmt: on
HOTELS = [
    "JW Marriott Dongdaemun Square Seoul",
    "Lotte Hotel Seoul",
    "The Shilla Seoul",
    "Four Seasons Hotel Seoul",
]
DIETARY = ["", "vegetarian", "vegan", "no_pork", "gluten_free", "no_seafood", "halal"]
DIETARY_WEIGHTS = [74, 10, 3, 3, 3, 3, 4]
MOSTLY_HALAL = {"ID", "MY", "TR"}

REGISTRATION_OPENS = _at(7, 3, 9, 0)
LAST_REGISTRATION = _at(9, 23, 18, 0)  # every counted delegation registers by then
LAST_MEMBER = _at(9, 23, 22, 0)  # and every counted member


# --- the plan: what to write, drawn from the seeded generator ----------------------------------


@dataclass
class Member:
    slug: str
    role: str
    person: tuple | None  # (given, family, family first, Hangul, en, ko, rank); None: named
    registered_at: datetime.datetime
    values: dict


@dataclass
class Plan:
    organisation: str
    is_sample: bool
    status: str
    registered_at: datetime.datetime
    history: list[tuple[str, str, datetime.datetime, str]]
    withdrawn_at: datetime.datetime | None = None
    members: list[Member] = field(default_factory=list)


def _minutes(rng: random.Random, start: datetime.datetime, end: datetime.datetime):
    """A moment between start and end, on a whole minute."""
    return start + datetime.timedelta(
        minutes=rng.randint(0, int((end - start).total_seconds() // 60))
    )


def _name(rng: random.Random, pool: str, taken: set[tuple[str, str]]) -> tuple[str, str, bool]:
    given, family, first = NAMES[pool]
    while True:
        name = (rng.choice(given), rng.choice(family))
        if name not in taken:
            taken.add(name)
            return (*name, first)


def _travel(rng: random.Random, country: str) -> dict:
    """A delegate's travel: arrival 23–24 Sep, departure 26–27 Sep (Seoul time)."""
    arrival_flight, lands, departure_flight, leaves = (
        FLIGHTS.get(country) or FLIGHTS[rng.choice(sorted(FLIGHTS))]
    )
    arrival_day = rng.choices([23, 24], weights=[45, 55])[0]
    departure_day = rng.choice([26, 27])
    if rng.random() < 0.75:
        return {
            "arrival_at": _at(9, arrival_day, *map(int, lands.split(":"))),
            "arrival_flight": arrival_flight,
            "departure_at": _at(9, departure_day, *map(int, leaves.split(":"))),
            "departure_flight": departure_flight,
        }
    return {
        "arrival_at": _at(9, arrival_day, rng.randint(6, 21), rng.choice([0, 15, 30, 45])),
        "arrival_flight": "",
        "departure_at": _at(9, departure_day, rng.randint(8, 22), rng.choice([0, 20, 40])),
        "departure_flight": "",
    }


def _needs(rng: random.Random, country: str) -> dict:
    if country in MOSTLY_HALAL and rng.random() < 0.6:
        dietary = "halal"
    else:
        dietary = rng.choices(DIETARY, weights=DIETARY_WEIGHTS)[0]
    return {
        "interpretation_language": rng.choices(["en", "", "ko"], weights=[70, 25, 5])[0],
        "dietary_needs": dietary,
        "access_needs": "wheelchair access" if rng.random() < 0.02 else "",
    }


def _member_values(rng: random.Random, country: str, travel: dict) -> dict:
    """Most members travel with their delegation; a few on their own."""
    own = _travel(rng, country) if rng.random() < 0.2 else travel
    return {**travel, **own, **_needs(rng, country)}


def _status(rng, slug: str, named: bool, registered: datetime.datetime):
    """(status, history, withdrawn at): named delegations and most samples are confirmed."""
    history = [(DelegationStatus.INVITED, DelegationStatus.REGISTERED, registered, "")]
    if slug in CANCELLED:
        withdrawn = CANCELLED[slug][1]
        note = "Sample: the delegation's travel was cancelled."
        history.append((DelegationStatus.REGISTERED, DelegationStatus.CANCELLED, withdrawn, note))
        return DelegationStatus.CANCELLED, history, withdrawn
    confirmable = registered < LAST_REGISTRATION - datetime.timedelta(days=1)
    if confirmable and (named or rng.random() < 0.85):
        latest = min(registered + datetime.timedelta(days=10), LAST_REGISTRATION)
        confirmed = _minutes(rng, registered + datetime.timedelta(hours=2), latest)
        history.append((DelegationStatus.REGISTERED, DelegationStatus.CONFIRMED, confirmed, ""))
        return DelegationStatus.CONFIRMED, history, None
    return DelegationStatus.REGISTERED, history, None


def plan(organisations: dict[str, tuple[str, str, str, str]]) -> list[Plan]:
    """Every delegation and its members, the same on every call.

    ``organisations``: slug → (kind, English name, Korean name, country) of every delegation's
    organisation, named first, in a fixed order."""
    rng = random.Random(2023)  # noqa: S311 - reproducible sample data, not a secret
    plans = []
    for slug, (kind, name_en, name_ko, country) in organisations.items():
        named = not slug.startswith("sample-")
        is_city = kind == OrganisationKind.CITY
        if slug == "wellington":
            registered = WELLINGTON_REGISTERED
        elif slug in LATE:
            registered = LATE[slug]
        elif slug in CANCELLED:
            registered = CANCELLED[slug][0]
        else:
            registered = _minutes(rng, REGISTRATION_OPENS, LAST_REGISTRATION)
        status, history, withdrawn = _status(rng, slug, named, registered)
        item = Plan(slug, not named, status, registered, history, withdrawn)
        plans.append(item)

        pool = POOL_OF_COUNTRY.get(country) or rng.choice(INTERNATIONAL_POOLS)
        travel = {
            **_travel(rng, country),
            "hotel": rng.choice(HOTELS) if rng.random() < 0.8 else "",
        }
        base = slug.removeprefix("sample-")
        taken: set[tuple[str, str]] = set()
        # The head.
        if slug in NAMED_HEADS:
            head = None
        elif is_city:
            given, family, first, hangul, rank = (
                SAMPLE_HEADS_OF_NAMED[slug]
                if slug in SAMPLE_HEADS_OF_NAMED
                else (*SAMPLE_CITIES[slug][4], SAMPLE_CITIES[slug][5])
            )
            en, ko = HEAD_POSITIONS[rank]
            head = (
                given,
                family,
                first,
                hangul,
                en.format(en=name_en),
                ko.format(ko=name_ko),
                rank,
            )
            taken.add((given, family))
        else:
            given, family, first = _name(rng, pool, taken)
            # A sample person never stands as the head of a real organisation named in the seeds.
            choices = [p for p in ORG_HEAD_POSITIONS[kind] if not named or p[2] != HEAD_ORG]
            en, ko, rank = rng.choice(choices)
            head = (given, family, first, "", en, ko, rank)
        others = (
            rng.choices([1, 2, 3, 4], weights=[2, 3, 2, 1])[0]
            if is_city
            else rng.choices([0, 1, 2], weights=[3, 4, 2])[0]
        )
        people = [(NAMED_HEADS.get(slug) or f"sample-person-{base}-1", DelegateRole.HEAD, head)]
        positions = CITY_MEMBER_POSITIONS if is_city else ORG_MEMBER_POSITIONS
        for number in range(2, others + 2):
            given, family, first = _name(rng, pool, taken)
            en, ko, rank = rng.choice(positions)
            person = (given, family, first, "", en, ko, rank)
            people.append((f"sample-person-{base}-{number}", DelegateRole.MEMBER, person))

        late_members = LAST_MEMBER if registered <= LAST_REGISTRATION else _at(9, 24, 20, 0)
        for index, (person_slug, role, person) in enumerate(people):
            values = (
                _member_values(rng, country, travel)
                if index
                else {**travel, **_needs(rng, country)}
            )
            when = (
                registered
                if not index
                else _minutes(
                    rng, registered, min(registered + datetime.timedelta(days=3), late_members)
                )
            )
            values |= (
                {"place": PlaceStatus.CANCELLED, "cancelled_at": withdrawn}
                if withdrawn
                else {"place": PlaceStatus.REGISTERED, "cancelled_at": None}
            )
            item.members.append(Member(person_slug, role, person, when, values))
    return plans


# --- writing it ---------------------------------------------------------------------------------


def _bi(en: str, ko: str) -> dict[str, str]:
    return {"en": en, "ko": ko}


def _sync(model, queryset, key: tuple[str, ...], rows: list[dict]) -> dict[tuple, object]:
    """Bring ``model``'s rows in line with ``rows`` (each with the ``key`` fields), like
    ``upsert`` row by row but in bulk: the missing rows are validated field by field and created
    in one go (the database holds the constraints; nothing is audited, as for upsert's actor
    ``None``), and only rows that differ are repaired through ``upsert``. Returns key → row."""
    fields = {name: model._meta.get_field(name) for row in rows for name in row}

    def raw(name, value):
        # Compare foreign keys by id, so that reading a row never fetches its relations.
        if isinstance(value, enum.Enum):
            value = value.value
        if fields[name].is_relation and value is not None:
            value = value.pk
        return (fields[name].attname, value)

    def key_of(row: dict) -> tuple:
        return tuple(raw(name, row[name])[1] for name in key)

    existing = {tuple(getattr(obj, fields[name].attname) for name in key): obj for obj in queryset}
    found, missing = {}, []
    skip = [name for name, f in fields.items() if f.is_relation] + translated_originals(model)
    for row in rows:
        flat = core.flatten_bilingual(row)
        obj = existing.get(key_of(row))
        if obj is None:
            obj = model(**flat)
            obj.clean_fields(exclude=skip)
            obj.clean()
            missing.append(obj)
        elif any(
            getattr(obj, attname) != value
            for attname, value in (
                raw(name, value) if name in fields else (name, value)
                for name, value in flat.items()
            )
        ):
            lookup = {name: row[name] for name in key}
            obj = upsert(model, lookup, {k: v for k, v in row.items() if k not in lookup})
        found[key_of(row)] = obj
    model._default_manager.bulk_create(missing)
    return found


def _organisations(orgs: dict[str, Organisation]) -> dict[str, Organisation]:
    """The sample cities and organisations in the directory; all delegations' organisations."""
    rows = [
        {
            "slug": slug,
            "kind": OrganisationKind.CITY,
            "name": _bi(en, ko),
            "short_name": _bi("", ""),
            "country": country,
            "region": region,
            "parent": None,
        }
        for slug, (en, ko, country, region, _head, _rank) in SAMPLE_CITIES.items()
    ] + [
        {
            "slug": slug,
            "kind": kind,
            "name": _bi(en, ko),
            "short_name": _bi("", ""),
            "country": country,
            "region": region,
            "parent": None,
        }
        for slug, (kind, en, ko, country, region) in SAMPLE_ORGANISATIONS.items()
    ]
    synced = _sync(
        Organisation,
        Organisation.objects.filter(slug__in=[row["slug"] for row in rows]),
        ("slug",),
        rows,
    )
    found = {slug: orgs[slug] for slug in NAMED_CITIES + NAMED_ORGANISATIONS}
    return found | {slug: obj for (slug,), obj in synced.items()}


def _wellington_contact():
    """The demo login of Wellington's contact; an existing account keeps its password."""
    user_model = get_user_model()
    user = user_model.objects.filter(username=WELLINGTON_USERNAME).first()
    if user is None:
        user = user_model.objects.create_user(
            WELLINGTON_USERNAME,
            email=WELLINGTON_EMAIL,
            password=WELLINGTON_PASSWORD,
            first_name="Wellington",
            last_name="International Relations",
            is_staff=False,
        )
    return user


def _wellington_invitation(summit: Summit, organisation: Organisation, organiser) -> Invitation:
    lookup = {"summit": summit, "organisation": organisation}
    values = {
        "contact_name": WELLINGTON_CONTACT_NAME,
        "contact_email": WELLINGTON_EMAIL,
        "language": "en",
        "expires_at": WELLINGTON_INVITED + datetime.timedelta(days=60),
        "claimed_at": WELLINGTON_CLAIMED,
        "revoked_at": None,
    }
    if not Invitation.objects.filter(**lookup).exists():
        # Only the digest of a fresh secret is kept, as the service does; nobody needs the link.
        secret = secrets.token_urlsafe(32)
        values |= {"digest": hashlib.sha256(secret.encode()).hexdigest(), "created_by": organiser}
    invitation = upsert(Invitation, lookup, values)
    Invitation.objects.filter(pk=invitation.pk).exclude(created_at=WELLINGTON_INVITED).update(
        created_at=WELLINGTON_INVITED
    )
    return invitation


def _set_moments(model, name: str, rows: dict[tuple, object], moments: dict[tuple, object]):
    """Set a time the database fills in on creation (``auto_now_add``) to the sample one."""
    changed = []
    for key, obj in rows.items():
        if getattr(obj, name) != moments[key]:
            setattr(obj, name, moments[key])
            changed.append(obj)
    model._default_manager.bulk_update(changed, [name], batch_size=200)


def load(summit: Summit, organisations: dict[str, Organisation]) -> str:
    """Load the delegations of the 2023 forum (``organisations``: the named ones, by slug)."""
    from summitry.delegations.queries import counts

    organiser = get_user_model().objects.filter(username=ORGANISER_USERNAME).first()
    orgs = _organisations(organisations)
    contact = _wellington_contact()
    invitation = _wellington_invitation(summit, orgs["wellington"], organiser)

    plans = plan(
        {slug: (o.kind, o.name_en, o.name_ko, o.country.code or "") for slug, o in orgs.items()}
    )
    # Delegations, then their history, people and members, each model in one go.
    rows = []
    for item in plans:
        row = {
            "summit": summit,
            "organisation": orgs[item.organisation],
            "status": item.status,
            "registered_at": item.registered_at,
            "withdrawn_at": item.withdrawn_at,
            "is_sample": item.is_sample,
        }
        if item.organisation == "wellington":
            row |= {"invitation": invitation, "contact": contact}
        rows.append(row)
    key = ("summit", "organisation")
    delegations = _sync(Delegation, in_summit(Delegation, summit), key, rows)
    delegation_of = {
        item.organisation: delegations[(summit.pk, orgs[item.organisation].pk)] for item in plans
    }

    changes, moments = [], {}
    for item in plans:
        delegation = delegation_of[item.organisation]
        for from_status, to_status, at, note in item.history:
            # Wellington's contact registered the delegation; the rest is the organisers'.
            by_contact = (
                item.organisation == "wellington" and to_status == DelegationStatus.REGISTERED
            )
            changes.append(
                {
                    "delegation": delegation,
                    "from_status": from_status,
                    "to_status": to_status,
                    "note": note,
                    "actor": contact if by_contact else None,
                }
            )
            moments[(delegation.pk, str(from_status), str(to_status))] = at
    key = ("delegation", "from_status", "to_status")
    synced = _sync(StatusChange, in_summit(StatusChange, summit), key, changes)
    _set_moments(StatusChange, "at", synced, moments)

    people_rows = [
        {
            "slug": member.slug,
            "given_name": given,
            "family_name": family,
            "family_name_first": first,
            "name_hangul": hangul,
            "position": _bi(en + SAMPLE_MARK[0], ko + SAMPLE_MARK[1]),
            "protocol_rank": rank,
            "organisation": orgs[item.organisation],
        }
        for item in plans
        for member in item.members
        if member.person is not None
        for given, family, first, hangul, en, ko, rank in [member.person]
    ]
    slugs = [member.slug for item in plans for member in item.members]
    people = {
        slug: obj
        for (slug,), obj in _sync(
            Person, Person.objects.filter(slug__in=slugs), ("slug",), people_rows
        ).items()
    }
    people |= {p.slug: p for p in Person.objects.filter(slug__in=set(slugs) - set(people))}

    members, moments = [], {}
    for item in plans:
        delegation = delegation_of[item.organisation]
        for member in item.members:
            person = people[member.slug]
            members.append(
                {
                    "summit": summit,
                    "delegation": delegation,
                    "person": person,
                    "role": member.role,
                    **member.values,
                }
            )
            moments[(delegation.pk, person.pk)] = member.registered_at
    synced = _sync(Delegate, in_summit(Delegate, summit), ("delegation", "person"), members)
    _set_moments(Delegate, "registered_at", synced, moments)

    snapshot = CountSnapshot.objects.filter(summit=summit, as_of=AS_OF).first()
    if snapshot is None:
        snapshot = CountSnapshot.objects.create(
            summit=summit, as_of=AS_OF, counts=counts(summit, AS_OF), frozen_by=organiser
        )
    figures = snapshot.counts
    samples = sum(item.is_sample for item in plans)
    return (
        f"{len(plans)} delegations ({samples} sample) with {len(members)} delegates; as registered "
        f"on "
        f"{AS_OF:%d %b}: {figures['foreign_cities']} foreign cities from "
        f"{figures['countries']} countries, {figures['organisations']} organisations, "
        f"{figures['people']} people"
    )
