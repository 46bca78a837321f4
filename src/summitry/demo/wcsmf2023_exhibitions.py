"""The two exhibitions of the 2023 forum (seeds 000 and 001).

The Seoul–Singapore policy exhibition in DDP's Art Hall: Seoul's eight "동행·매력" policies as
seed 001 lists them (① 안심소득 시범사업 … ⑧ 메타버스 서울), as policy exhibits of the city;
Singapore's exhibits are not named in the seeds, so the three here are samples (``is_sample``).
The Advanced Lifestyle (첨단 라이프스타일) exhibition in Design Lab 2F's open lounge: the 27
companies of seed 001's annex in its five themes, each with what the annex says it is (its
one-line summary) and what it shows (its product), Korean as printed, the English names and
texts our rendering. The seeds give no floor plan and no booth numbers: both plans and the
booth codes are samples (marked).

Written with ``upsert``: loading again changes nothing and costs one read per record.
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from summitry.directory.models import Organisation
from summitry.exhibitions.models import (
    Booth,
    Exhibition,
    ExhibitionKind,
    Exhibitor,
    ExhibitorKind,
    ExhibitorStatus,
    FloorPlan,
    Product,
    Theme,
)
from summitry.programme.models import ProgrammeItem
from summitry.summits.models import Summit, Venue

from .loader import upsert

# Seed 001: "동행정책으로는 ① 안심소득 시범사업, ② 서울런 및 서울런4050, ③ 손목닥터 9988,
# ④ 엄마아빠 행복프로젝트가, 매력정책으로는 ⑤ 책 읽는 서울광장, ⑥ 서울페스타, The Lifestyle 박람회,
# ⑦ 그레이트 한강 프로젝트 ⑧ 메타버스 서울이 소개된다."
SEOUL_POLICIES = [
    ("together", "안심소득 시범사업", "Ansim Income (Safety Net Income) pilot"),
    ("together", "서울런 및 서울런4050", "Seoul Learn and Seoul Learn 4050"),
    ("together", "손목닥터 9988", "Wrist Doctor 9988"),
    ("together", "엄마아빠 행복프로젝트", "Mom and Dad Happiness Project"),
    ("attractive", "책 읽는 서울광장", "Reading Seoul Plaza"),
    ("attractive", "서울페스타, The Lifestyle 박람회", "Seoul Festa and The Lifestyle Fair"),
    ("attractive", "그레이트 한강 프로젝트", "Great Hangang Project"),
    ("attractive", "메타버스 서울", "Metaverse Seoul"),
]
# The policies the mayor's keynote presents (seed 001: "'서울런'과 '안심소득' 정책의 성과를 공유").
KEYNOTE_POLICIES = ("안심소득 시범사업", "서울런 및 서울런4050")
# Not in the seeds: made up for the demo, marked as samples.
SINGAPORE_SAMPLES = [
    ("싱가포르 정책 전시 (예시) 1", "Singapore policy exhibit (sample) 1"),
    ("싱가포르 정책 전시 (예시) 2", "Singapore policy exhibit (sample) 2"),
    ("싱가포르 정책 전시 (예시) 3", "Singapore policy exhibit (sample) 3"),
]
POLICY_THEMES = {
    "together": ("동행 정책", "Companionship policies", "#2e90fa"),
    "attractive": ("매력 정책", "Attractiveness policies", "#f79009"),
    "singapore": ("싱가포르", "Singapore", "#12b76a"),
}

# Seed 001's annex: 첨단 라이프스타일 전시관 참여기업, theme by theme.
LIFESTYLE_THEMES = {
    "beauty": ("뷰티테크 체험", "BeautyTech Experience", "#ee46bc"),
    "smart": ("스마트시티 혁신", "Smart City Innovation", "#2e90fa"),
    "robot": ("로봇기업", "Robot Enterprise", "#7a5af8"),
    "urban": ("도시문제 솔루션", "Urban Issues Solution", "#12b76a"),
    "bio": ("바이오·AI", "BIO·AI", "#f79009"),
}
# (theme, name ko, name en, what it is ko, what it shows ko, what it is en, what it shows en)
COMPANIES = [
    ("beauty", "ICON.AI", "ICON.AI", "인공지능 디바이스 스타트업", "인공지능과 메이크업 미러가 결합한 신개념 뷰티 디바이스", "An AI device start-up", "A new kind of beauty device combining AI and a make-up mirror"),
    ("beauty", "딥센트", "Deepscent", "디지털 후각솔루션 전문기업", "향기 아이템을 AI, 빅데이터, IoT 기술과 접목한 디지털 후각솔루션", "A digital olfaction company", "Digital scent solutions joining fragrance with AI, big data and IoT"),
    ("beauty", "프링커코리아", "Prinker Korea", "타투 프린팅 스타트업", "세계 최초의 디지털 타투 프린팅 디바이스", "A tattoo-printing start-up", "The world's first digital tattoo printing device"),
    ("smart", "(주)루플", "Loople", "생체리듬 케어 테크 스타트업", "생체시계 재설정 디바이스", "A biorhythm-care tech start-up", "A device that resets the body clock"),
    ("smart", "알고케어주식회사", "Algocare", "AI 헬스케어 스타트업", "AI 기반의 맞춤 영양 관리 솔루션", "An AI healthcare start-up", "AI-based personalised nutrition management"),
    ("smart", "주식회사 비컨", "Becon", "ICT 기반의 맞춤형 탈모 관리 솔루션", "AI 분석과 CRM 고객 관리를 통한 B2B 두피/탈모 케어 솔루션", "ICT-based personalised hair-loss care", "B2B scalp and hair-loss care through AI analysis and CRM"),
    ("smart", "스마트스코리아", "Smarts Korea", "충치 진단 의료기기를 생산하는 치과 분야 제조업", "치아 상태와 충치 유무를 진단하는 치과 의료 기기", "A dental manufacturer of caries-diagnosis devices", "A dental device that diagnoses teeth and cavities"),
    ("smart", "(주)씨앤에이아이", "C&AI", "AI휴먼 / AI 기반 이미지 생성 플랫폼을 개발하는 생성 AI기업", "AI로 고객 맞춤형 초개인화 이미지 콘텐츠를 생성하는 플랫폼", "A generative-AI company (AI humans, AI image generation)", "A platform generating hyper-personalised images with AI"),
    ("smart", "주식회사 아이메디신", "iMediSync", "인공지능 기반 디지털 멘탈 헬스케어 플랫폼 전문기업", "뇌 신경정신질환 진단과 치료를 위한 AI 기반 자동 뇌파 분석 솔루션", "An AI-based digital mental-healthcare platform", "Automatic AI EEG analysis for diagnosing and treating neuropsychiatric disorders"),
    ("smart", "(주)파이퀀트", "PiQuant", "빛을 활용해 일상의 모든 영역 분석 서비스 기업", "효율적이고 안전한 실내환경을 조성하는 IoT 공기질 모니터링 솔루션", "Analysis services for everyday life using light", "IoT air-quality monitoring for efficient, safe indoor spaces"),
    ("smart", "(주)뷰런테크놀로지", "Vueron Technology", "자율주행 및 선도적인 글로벌 LiDAR 솔루션 제공 기업", "시민들의 안전과 보호 기능을 제공하는 라이다 기반 군중 제어 솔루션", "Autonomous driving and LiDAR solutions", "LiDAR-based crowd control for citizens' safety"),
    ("smart", "(주)에이원트래픽 R&D", "A1 Traffic R&D", "LED 바닥형 보행 신호등 통합 솔루션 업체", "보행 안전에 직접적인 도움을 주는 LED 바닥형 보행 신호등", "Integrated LED floor pedestrian signals", "LED floor-level pedestrian lights for safer crossings"),
    ("robot", "HD현대로보틱스", "HD Hyundai Robotics", "HD현대 계열사로 1984년부터 로봇사업을 해온 국내 산업용로봇 1위 업체", "공기청정과 바닥 살균을 동시 진행하는 모바일 대면 방역 로봇", "Korea's leading industrial-robot maker, in robotics since 1984 (HD Hyundai)", "A mobile disinfection robot that purifies air and sterilises floors at once"),
    ("robot", "고영로보틱스", "Goyoung Robotics", "전시체험형 로봇, 교육용 로봇 등을 제작하는 로봇 기업", "다목적 활용 휴머노이드 로봇 ‘플루토(Pluto)’", "A maker of exhibition and educational robots", "Pluto, a multi-purpose humanoid robot"),
    ("robot", "KRM", "KRM", "인간과 로봇이 공존하는 미래를 만드는 로봇 기업", "4족 보행 로봇 ‘VISION 60’", "A robot company for a future shared by people and robots", "VISION 60, a four-legged robot"),
    ("urban", "SK텔레콤", "SK Telecom", "대한민국 대표 통신기업으로 무선이동통신 1위 사업자이자 AI ICT 전문기업", "스마트 에너지솔루션, 사회적약자 돌봄을 위한 스마트지킴이2", "Korea's leading mobile operator and an AI/ICT company", "Smart energy solutions; Smart Guardian 2 for the care of vulnerable people"),
    ("urban", "티머니", "Tmoney", "수도권 대중교통의 카드 정산을 책임지는 통합정산사업자", "통과하는 것만으로도 결제 가능한 차세대 자동결제 기술, 태그리스 솔루션", "The integrated fare-settlement operator of the capital region's public transport", "Tagless payment: paying just by walking through (trial on the Ui-Sinseol line)"),
    ("urban", "(주)에스코", "ESCO", "수도권 150만세대에 청정에너지 천연가스를 공급하고 있는 에너지 기업", "중량물재생센터에서 발생하는 메탄가스를 정제하여 가정에 공급하는 플랜트", "An energy company supplying natural gas to 1.5 million households", "A plant refining methane from a water reclamation centre for homes"),
    ("bio", "(주)세븐포인트원", "Seven Point One", "치매 및 우울증을 치료를 위한 디지털 헬스케어 기업", "치매 선별 AI 솔루션 및 우울증 완화 VR 솔루션", "Digital healthcare for dementia and depression", "AI dementia screening and VR relief for depression"),
    ("bio", "(주)뉴아인", "Nu Eyne", "차세대 의료기술 ‘전자약’을 전문 연구·개발하는 기업", "편두통 치료 기기 및 눈 건강 관리 기기", "Research and development of electroceuticals", "Migraine treatment and eye-care devices"),
    ("bio", "휴이노", "HUINNO", "인공지능 기반 웨어러블 의료 솔루션 기업", "부정맥 진단을 위한 웨어러블 패치 모니터링 솔루션", "AI-based wearable medical solutions", "A wearable patch monitoring arrhythmia"),
    ("bio", "자이메드(주)", "XAIMED", "설명가능 인공지능 기술(eXplainable AI)로 의료용 AI를 개발하는 회사", "지문인식을 포함한 멀티센서 생체신호 수집 장비", "Medical AI built on explainable AI", "Multi-sensor biosignal equipment including fingerprint recognition"),
    ("bio", "(주)클리엔", "Clien", "의료용 진단, 치료기기 연구개발 스타트업", "뇌 혈류 산소포화도 측정장치 및 근육 활성화 측정장치", "A start-up developing diagnostic and therapeutic devices", "Cerebral oxygen saturation and muscle activation meters"),
    ("bio", "(주)트리플렛", "Triplet", "AI 영상분석기술과 빅데이터 분석을 통해 오프라인 디지털 전환 전문기업", "AI 매장분석, AI 개인화 광고/추천 솔루션 제공", "Offline digital transformation through AI video and big-data analysis", "AI store analytics and personalised advertising and recommendations"),
    ("bio", "(주)드로미", "Dromii", "공간정보 기반의 데이터 처리, AI 기반의 데이터 분석 전문 스타트업", "딥러닝과 드론을 통해 도로 위 차량 이미지를 자동으로 제거하는 솔루션", "Spatial data processing and AI analysis", "Removing vehicles from road imagery automatically with deep learning and drones"),
    ("bio", "(주)포디아이비전", "4DIVISION", "AI 솔루션과 영상 처리 기술을 기반 3D 비전 센서 개발 기업", "Edge AI, 3D 비전센서, 로봇팔 빈피킹 솔루션/모션제어 시각지능 등 제공", "3D vision sensors built on AI and image processing", "Edge AI, 3D vision sensors, robot-arm bin picking and motion-control vision"),
    ("bio", "피아스페이스", "PIA SPACE", "멀티모달 AI 기술 전문 기업", "실시간 CCTV 영상을 분석하여 특이 상황 자동 감지, 알람을 주는 솔루션", "Multimodal AI", "Real-time CCTV analysis that detects unusual situations and raises alarms"),
]  # fmt: skip

BOOTH_W, BOOTH_H, GAP = 90, 70, 14
# When the demo says the profiles were approved and published (the seeds do not say).
PUBLISHED_AT = datetime.datetime(2023, 9, 20, 9, 0, tzinfo=ZoneInfo("Asia/Seoul"))


def _bi(ko: str, en: str) -> dict[str, str]:
    return {"ko": ko, "en": en}


def _grid(count: int, per_row: int, top: int = 40, left: int = 30) -> list[tuple[int, int]]:
    """Sample booth positions: rows of booths along aisles (the seeds give no plan)."""
    spots = []
    for index in range(count):
        row, col = divmod(index, per_row)
        spots.append((left + col * (BOOTH_W + GAP), top + row * (BOOTH_H + GAP * 3)))
    return spots


def _exhibition(summit, slug, kind, title, description, hall, venue, position):
    return upsert(
        Exhibition,
        {"summit": summit, "slug": slug},
        {
            "kind": kind,
            "title": title,
            "description": description,
            "hall": hall,
            "venue": venue,
            "is_public": True,
            "accepts_applications": kind == ExhibitionKind.COMPANY,
            "position": position,
        },
    )


def _place(exhibition, plan, themes, rows, per_row) -> int:
    """Exhibitors published, each with its product and a sample booth, theme by theme."""
    spots = _grid(len(rows), per_row)
    for position, (spot, row) in enumerate(zip(spots, rows, strict=True)):
        theme_key, name, summary, description, product, kind, organisation, sample, department = row
        exhibitor = upsert(
            Exhibitor,
            {"exhibition": exhibition, "name_ko": name["ko"]},
            {
                "kind": kind,
                "organisation": organisation,
                "name": name,
                "summary": summary,
                "description": description,
                "department": department,
                "theme": themes[theme_key],
                "status": ExhibitorStatus.PUBLISHED,
                "approved_at": PUBLISHED_AT,
                "published_at": PUBLISHED_AT,
                "is_sample": sample,
                "position": position,
            },
        )
        if product:
            upsert(Product, {"exhibitor": exhibitor, "position": 0}, {"name": product})
        prefix = "A" if exhibition.kind == ExhibitionKind.COMPANY else "P"
        upsert(
            Booth,
            {"exhibition": exhibition, "code": f"{prefix}-{position + 1:02d}"},
            {
                "plan": plan,
                "x": spot[0],
                "y": spot[1],
                "w": BOOTH_W,
                "h": BOOTH_H,
                "theme": themes[theme_key],
                "exhibitor": exhibitor,
                "accepted_at": PUBLISHED_AT,
                "size": "3 × 3 m",
            },
        )
    return len(rows)


def _plan(exhibition, name, count, per_row) -> FloorPlan:
    rows = -(-count // per_row)
    return upsert(
        FloorPlan,
        {"exhibition": exhibition, "position": 0},
        {
            "name": name,
            "width": 30 * 2 + per_row * (BOOTH_W + GAP),
            "height": 40 + rows * (BOOTH_H + GAP * 3) + 20,
            "is_sample": True,
        },
    )


def _themes(exhibition, specs) -> dict[str, Theme]:
    return {
        key: upsert(
            Theme,
            {"exhibition": exhibition, "position": position},
            {"name": _bi(ko, en), "colour": colour},
        )
        for position, (key, (ko, en, colour)) in enumerate(specs.items())
    }


def _link_keynote(summit: Summit, policy: Exhibition) -> None:
    """Seed 001: in his keynote the mayor shares the results of Seoul Learn and the Safe
    (Ansim) Income pilot, two of the eight policies exhibited in the Art Hall."""
    keynote = ProgrammeItem.objects.filter(
        summit=summit, title_en__startswith="Keynote: Companionship"
    ).first()
    if keynote is None:
        return
    for name_ko in KEYNOTE_POLICIES:
        exhibitor = Exhibitor.objects.get(exhibition=policy, name_ko=name_ko)
        exhibitor.programme_items.add(keynote)
    # Seed 003: "서울런은 올 한해 총 461명의 참여자들이 서울런을 통해 대학에 진학".
    Exhibitor.objects.filter(exhibition=policy, name_ko=KEYNOTE_POLICIES[1]).update(
        figures_ko="2023년 참여자 461명 대학 진학",
        figures_en="461 participants went on to university in 2023",
    )


def load(summit: Summit) -> str:
    ddp = Venue.objects.filter(summit=summit, name_en__startswith="Dongdaemun").first()
    seoul = Organisation.objects.filter(slug="seoul").first()

    policy = _exhibition(
        summit,
        "seoul-singapore-policy",
        ExhibitionKind.POLICY,
        _bi("서울-싱가포르 정책전시관", "Seoul–Singapore Policy Exhibition"),
        _bi(
            "세계도시정상회의 시장포럼의 주최 도시인 싱가포르와 개최 도시인 서울시의 핵심 정책을 "
            "'포용적이고 회복력있는 미래'라는 주제에 맞춰 소개한다.",
            "The core policies of Singapore, the forum's organising city, and Seoul, its host, "
            "on the theme 'an inclusive and resilient future'.",
        ),
        _bi("아트홀", "Art Hall"),
        ddp,
        0,
    )
    themes = _themes(policy, POLICY_THEMES)
    rows = [
        (key, _bi(ko, en), _bi("", ""), _bi("", ""), None, ExhibitorKind.POLICY, seoul, False,
         _bi("서울특별시", "Seoul Metropolitan Government"))
        for key, ko, en in SEOUL_POLICIES
    ] + [
        ("singapore", _bi(ko, en), _bi("", ""), _bi("", ""), None, ExhibitorKind.POLICY, None,
         True, _bi("", ""))
        for ko, en in SINGAPORE_SAMPLES
    ]  # fmt: skip
    plan = _plan(policy, _bi("아트홀 (예시 배치)", "Art Hall (sample layout)"), len(rows), 6)
    policies = _place(policy, plan, themes, rows, 6)
    _link_keynote(summit, policy)

    lifestyle = _exhibition(
        summit,
        "advanced-lifestyle",
        ExhibitionKind.COMPANY,
        _bi("첨단 라이프스타일 전시관", "Advanced Lifestyle Exhibition"),
        _bi(
            "27개 혁신기업의 기술과 제품으로 채워진 전시. 뷰티, 헬스케어, 스마트교통, 방역로봇 등 "
            "혁신기술을 선보이며 뷰티테크·스마트시티·로봇기업·도시문제 솔루션·바이오, AI 총 5개의 "
            "세부 테마로 구성된다.",
            "Twenty-seven innovative companies show their technology and products — beauty, "
            "healthcare, smart mobility, disinfection robots — in five themes: BeautyTech, Smart "
            "City, Robot Enterprise, Urban Issues Solution and BIO·AI.",
        ),
        _bi("디자인랩 2층 오픈라운지", "Design Lab 2F Open Lounge"),
        ddp,
        1,
    )
    themes = _themes(lifestyle, LIFESTYLE_THEMES)
    rows = [
        (key, _bi(ko, en), _bi(what_ko, what_en), _bi("", ""), _bi(shows_ko, shows_en),
         ExhibitorKind.COMPANY, None, False, _bi("", ""))
        for key, ko, en, what_ko, shows_ko, what_en, shows_en in COMPANIES
    ]  # fmt: skip
    plan = _plan(lifestyle, _bi("디자인랩 2층 (예시 배치)", "Design Lab 2F (sample layout)"), 27, 9)
    companies = _place(lifestyle, plan, themes, rows, 9)
    return f"2 exhibitions ({policies} policy exhibits, {companies} companies)"
