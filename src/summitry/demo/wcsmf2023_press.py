"""The press room of the 2023 forum (seeds 001 and 003): Seoul's two press releases and two
sample accredited journalists.

The releases are the city's own, in Korean as written (headline, summary bullets, body,
department, contacts with their phone numbers, edition line, embargo, photos and page count).
Where they state the participation ("30개국 50개 도시 … 22개 국제기구"), the text cites the
counts as registered on 23 September (seed 001: "※ 9.23. 등록기준"), frozen at approval, and
reads exactly as printed. The English versions are our translation, marked as such on every
page (the releases are written in Korean). The attachments of seed 001 (the forum's outline,
its key visual, the list of exhibiting companies) are not reproduced. The two journalists and
their outlets are made up (``is_sample``); login ``press`` / ``summitry-demo``; approved,
they carry the forum's "취재진 / Press" badge category of check-in.

Also made up and marked "sample": a photo and a one-page fact sheet (PDF) attached to each
release (drawn here, not the city's files), three entries of press coverage; and the forum's
after-event report, built from all of the above and published on the forum's report page.

Nothing is written twice: a release is found by its summit, edition date and Korean headline.
"""

from __future__ import annotations

import datetime
import io
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile

from summitry.core.scoping import in_summit
from summitry.directory.models import Person
from summitry.press import attachments, report, services
from summitry.press.models import (
    Accreditation,
    AccreditationStatus,
    PressCoverage,
    PressRelease,
    ReportStatus,
    SummitReport,
)
from summitry.summits.models import Summit

from .loader import ensure_organiser, ensure_user

SEOUL = ZoneInfo("Asia/Seoul")
AS_OF = datetime.date(2023, 9, 23)  # seed 001: "※ 9.23. 등록기준"
JOURNALIST_PASSWORD = "summitry-demo"  # noqa: S105 - a published demo login, never in production
DEPARTMENT = {
    "ko": "경제정책실 국제교류과",
    "en": "International Relations Division, Economic Policy Office",
}
# (person slug in the directory, title ko, title en, phone) — seeds 001 and 003.
CONTACTS = [
    ("seoul-ir-division-director", "국제교류과장", "Director", "02-2133-5260"),
    ("seoul-multilateral-team-leader", "다자협력팀장", "Team Leader, Multilateral Cooperation", "02-2133-5273"),
]  # fmt: skip

OPENING_BODY_KO = """
<p>살기 좋고 지속가능한 도시, 약자와 동행하는 포용도시를 만들기 위해 {{ counts.foreign_cities }}개 도시 대표단과 국제기구 등 200명이 서울을 찾는다.</p>
<p>서울시는 9월 24일(일)부터 9월 26일(화)까지 3일간 진행되는 제12회 '세계도시정상회의 시장포럼'이 DDP에서 진행된다고 밝혔다. 리관유 세계도시상 수상도시에게만 개최 도시 자격이 주어지는 이번 포럼은 코로나19 이후 서울에서 개최되는 최대 규모의 국제회의다.</p>
<p>○ 개최도시 서울을 제외하고 {{ counts.foreign_cities }}개 해외도시 대표단이 참석한다. ※ 9.23. 등록기준</p>
<p>○ 서울시는 2018년 살기 좋고 지속가능한 도시를 만드는 데 탁월한 성과를 보인 도시에게 주어지는 '리관유 세계도시상(Lee Kuan Yew World City Prize)*'을 수상하여 2023년 세계도시정상회의 시장포럼의 개최지로 선정되었다.</p>
<p>* 주관: 싱가포르 도시개발청(URA), 및 살기좋은 도시만들기센터(CLC)</p>
<p>□ 각 도시의 정책을 공유하고, 현장사례를 나누며 포용도시의 방향성을 모색하는 포럼인 만큼, 더블린(Dublin), 오덴세(Odense), 웰링턴(Wellington), 키이우(Kyiv) 등 세계 {{ counts.countries }}개국 {{ counts.foreign_cities }}개 도시 대표단(시장,부시장)과 유엔개발계획(UNDP), 메트로폴리스(Metropolis), 아마존 웹서비스(Amazon Web Services) 등 {{ counts.organisations }}개 국제기구와 외국계 기업 관계자도 참여한다. ※ 9.23. 등록 도시/기관 기준</p>
<p>□ 9월 24일(일), ‘세계도시정상회의 시장포럼’의 첫 일정은 한강의 매력을 알리는 ‘세빛섬’에서 시작해서 서울의 전통과 문화를 체험할 수 있는 프로그램으로 채워진다. 9월 25일(월)~26일(화)에는 ‘살기 좋고 지속 가능한 도시: 포용적이고 회복력있는 미래를 선도하다’라는 주제 하에 4개 주제별 시장 포럼, 정책 현장 방문, 전시 등 다양한 프로그램으로 채워진다.</p>
<p>○ 24일에는 서울시의 새로운 브랜드 ‘Seoul My Soul’을 알리고, 한강을 배경으로 한 한복 기념촬영, 국악 공연 등의 문화행사가 진행된다.</p>
<h3>&lt; 12개 도시 시장 포럼 정책사례 발표…지속 가능한 포용 도시를 위한 해법 모색 &gt;</h3>
<p>□ ‘세계도시정상회의 시장포럼’은 25일(월) 14시, 서울을 찾은 {{ counts.foreign_cities }}개 도시 대표단에 대한 오세훈 서울시장의 환영사와 ‘서울시’의 주제발표로 포럼의 시작을 연다.</p>
<p>□ 오 시장은 시정 핵심 가치인 약자와의 동행을 대표하는 ‘서울런’ 과 ‘안심소득’ 정책의 성과를 공유하고, 현장에서 ‘약자와의 동행’을 지속가능한 포용도시를 만들기 위한 범세계적 의제로 제시한다.</p>
<p>□ 양일간 진행되는 시장포럼에서는 총 4가지 세션 주제별 논의가 진행되며, 웰링턴, 더블린, 쑤저우, 타이베이 등 12개 도시 시장단이 각 도시의 정책 사례를 발표한다.</p>
<p>○ 세션별 정책 발표 시에는 토리 화나우(Tory Whanau) 웰링턴 시장, 다이 데 로샤(Daithi de Roiste) 더블린 시장, 지 징(Ji Jing) 쑤저우 부시장, 장완안(Chiang Wan-an) 타이베이 시장 등 12개 도시 시장단이 도시별 정책사례를 발표한다.</p>
<h4>&lt; 세부주제 &gt;</h4>
<ul>
<li>▶ 세션1: 포용적 사회 조성 및 시민 역량 강화 방안<br>(How can Mayors forge inclusive societies and empower communities?)</li>
<li>▶ 세션2: 도시의 문화유산 보존 방안<br>(The Soul of the City: How can Mayors conserve culture and heritage?)</li>
<li>▶ 세션3: 탄소중립 가속화 및 기후회복력 강화 방안<br>(How can Mayors accelerate de-carbonisation and strengthen climate resilience?)</li>
<li>▶ 세션4: 혁신 및 창의성 촉진 방안<br>(How can Mayors facilitate and promote innovation and creativity?)</li>
</ul>
<h3>&lt; 정책 및 첨단기업 전시, 현장 방문 프로그램 운영 통해 '동행·매력 특별시 서울' 전파 &gt;</h3>
<p>□ 해외도시 시장단과 국제기구 관계자들이 한자리에 모이는 만큼, '동행·매력 특별시' 서울을 알릴 수 있는 혁신기업 제품을 압축해서 선보이는 '첨단 라이프스타일 전시관'과 서울-싱가포르 정책전시관을 운영한다. 도시 대표단이 관심을 갖는 정책현장별 맞춤형 방문 프로그램도 포럼 기간 2차례 진행된다.</p>
<p>□ 서울-싱가포르 정책전시관은(아트홀) '포용적이고 회복력있는 미래'라는 주제에 맞춰 세계도시정상회의 시장포럼의 주최 도시인 싱가포르와 개최 도시인 서울시의 핵심 정책이 소개된다. 서울시는 안심소득, 서울런, 책 읽는 서울광장, 더 라이프스타일 박람회 등 시민의 삶을 바꾸고 있는 동행·매력 8가지 대표 정책을 세계 도시 대표단에 소개한다.</p>
<ul>
<li>동행정책으로는 ① 안심소득 시범사업, ② 서울런 및 서울런4050, ③ 손목닥터 9988, ④ 엄마아빠 행복프로젝트가, 매력정책으로는 ⑤ 책 읽는 서울광장, ⑥ 서울페스타, The Lifestyle 박람회, ⑦ 그레이트 한강 프로젝트 ⑧ 메타버스 서울이 소개된다.</li>
<li>‘첨단 라이프스타일’ 전시관(디자인랩 2층 오픈라운지)은 27개 혁신기업의 기술과 제품으로 채워진다. 뷰티, 헬스케어, 스마트교통, 방역로봇 등 혁신기술을 선보여 우리기업의 기술력을 알리고, 서울의 첨단 라이프스타일을 접목해 실생활의 변화를 보여주는 방식이다. 도시 대표단, 기업 관계자가 직접 체험할 수 있도록 운영해, 궁극적으로 우수 기업의 해외 진출을 지원할 계획이다.</li>
<li>전시는 총 뷰티테크, 스마트시티, 로봇기업, 도시문제 솔루션, 바이오·AI(인공지능) 총 5개의 세부 테마로 구성된다.</li>
<li>‘뷰티테크 체험관’에서는 2023 서울뷰티위크에서 시민들의 호응이 컸던 K-뷰티테크 제품을 체험할 수 있으며,</li>
<li>‘스마트시티 혁신관’에서는 서울디지털재단이 지원한 혁신기업 중 CES 등 해외 우수 박람회에 참가했던 기업들이 전시된다.</li>
<li>‘로봇기업관’에서는 4족보행 로봇, 방역로봇과 같은 이동 로봇이 관객들을 맞이하고,</li>
<li>‘도시문제 솔루션관’에서는 교통, 안전, 자원순환 등 도시문제 해결 관련 기술을 보유한 기업들이 전시된다. 특히 서울시 우이신설선에서 시범 운영되는 티머니의 지하철 태그리스 결제 시스템을 체험해볼 수 있다.</li>
<li>‘바이오·AI’관에서는 BT-IT센터, AI양재허브, 서울바이오허브와 같은 서울시 기업지원시설에 입주한 헬스케어 및 AI 분야 기업들이 제품과 솔루션을 선보인다.</li>
<li>‘서울의 과거, 현재, 미래’를 주제로 두 차례에 걸쳐 진행되는 정책 현장 방문 프로그램이 운영된다. 서울을 찾은 도시 대표단에 서울의 상징성이 두드러지는 현장을 소개하고 살기 좋고 지속가능한 도시의 모습을 제안한다.</li>
<li>9.25.(월) 첫 번째 현장방문 일정으로, 100년 후 서울의 미래를 그린 서울도시건축비엔날레가 열리는 열린송현녹지광장을 방문한다. 이어서, 공예박물관을 방문하여 건물과 부지 보존에 대한 서울시의 노력을 설명하고 자랑스러운 우리 문화를 보여주는 자리를 갖는다.</li>
<li>9.25.(화) 두 번째 현장방문에서는 청계천박물관을 찾아 청계천의 과거와 오늘이 있기까지의 복원과정들을 보여준다. 이어서, 서울하수도과학관을 방문하여 서울의 선진화된 하수도 시설을 견학하는 시간을 갖는다.</li>
</ul>
<h3>&lt;웰링턴, 키이우 등 9개 도시와 양자회담 및 결연 진행·세계도시와 교류 협력 강화&gt;</h3>
<ul>
<li>‘세계도시정상회의 시장포럼’ 진행 기간 동안, 서울시는 웰링턴, 키이우 등 9개 도시와 양자회담(7)과 우호,친선도시 결연(2)을 맺는다. 도시 간 교류협력을 강화하고, 서울시의 글로벌 네트워크를 확장한다.</li>
<li>웰링턴과는 친선도시 격상 협약(MOU)을 체결함으로써 한층 더 긴밀한 협력관계를 구축할 예정이며, 키이우와 신규 우호도시 협약을 통해 양 도시 간 교류협력 확대의 계기를 마련한다.</li>
<li>이 외에도 스페인 빌바오·오스트리아 비엔나 등 역대 리관유 상 수상 도시 간 교류의 장인 ‘리관유상 수상도시 간담회’가 진행되고, 서울-싱가포르의 청년 리더 20여 명이 모여 시장 포럼과 동일한 주제로 토론하는 ‘영 리더스 다이얼로그’ 등 도시교류 프로그램도 운영된다.</li>
</ul>
<p>□ 오세훈 서울특별시장은 “2023 세계도시 정상회의 시장포럼을 통해 서울 시정의 핵심 가치인 ‘약자와의 동행’ 철학을 세계 도시와 공유할 것”이라며, “서울을 방문하는 {{ counts.foreign_cities }}개 도시 대표단에 로봇, 바이오, 스마트시티 등 산업을 대표하는 혁신기업도 소개해 서울의 ‘첨단 라이프 스타일’을 세계로 알리는 기회로 삼겠다.”고 말했다.</p>
<p>붙임 1. 2023 세계도시정상회의 시장포럼 행사 개요<br>2. 2023 세계도시정상회의 시장포럼 대표 이미지<br>3. 첨단 라이프스타일 전시관 참여기업</p>
"""

OPENING_BODY_EN = """
<p>Some 200 people, delegations of {{ counts.foreign_cities }} cities and international organisations among them, come to Seoul to make cities liveable and sustainable, and inclusive cities that walk with the vulnerable.</p>
<p>The Seoul Metropolitan Government announced that the 12th World Cities Summit Mayors Forum takes place at DDP for three days, from Sunday 24 to Tuesday 26 September. Only cities awarded the Lee Kuan Yew World City Prize may host the forum, the largest international conference held in Seoul since COVID-19.</p>
<p>○ Delegations of {{ counts.foreign_cities }} cities abroad attend, besides the host city Seoul (as registered on 23 September).</p>
<p>○ Seoul won the Lee Kuan Yew World City Prize* in 2018, awarded to cities with outstanding achievements in becoming liveable and sustainable, and was chosen to host the 2023 Mayors Forum.</p>
<p>* Organised by Singapore's Urban Redevelopment Authority (URA) and the Centre for Liveable Cities (CLC).</p>
<p>□ As a forum for sharing policies and field cases and seeking the direction of inclusive cities, it brings together delegations (mayors and deputy mayors) of {{ counts.foreign_cities }} cities from {{ counts.countries }} countries, Dublin, Odense, Wellington and Kyiv among them, and representatives of {{ counts.organisations }} international organisations and foreign companies such as UNDP, Metropolis and Amazon Web Services (as registered on 23 September).</p>
<p>□ On Sunday 24 September the forum starts at Some Sevit on the Han River, with a programme to experience Seoul's tradition and culture. On 25 and 26 September, under the theme "Liveable and Sustainable Cities: Forging an Inclusive and Resilient Future", it continues with four themed mayors' sessions, policy site visits and exhibitions.</p>
<p>○ On the 24th the city presents its new brand "Seoul My Soul", with hanbok photographs by the Han River and a traditional music performance.</p>
<h3>&lt; Twelve cities present policy cases at the Mayors Forum: solutions for sustainable, inclusive cities &gt;</h3>
<p>□ The forum opens on Monday 25 September at 14:00 with Mayor Oh Se-hoon's welcome to the {{ counts.foreign_cities }} city delegations and Seoul's keynote.</p>
<p>□ Mayor Oh shares the results of Seoul Learn and the Safe Income policy, which represent the city's core value of "walking with the vulnerable", and proposes it as a global agenda for sustainable, inclusive cities.</p>
<p>□ Over two days the forum holds four themed sessions, in which the mayors of twelve cities, Wellington, Dublin, Suzhou and Taipei among them, present their cities' policy cases.</p>
<ul>
<li>▶ Session 1: How can Mayors forge inclusive societies and empower communities?</li>
<li>▶ Session 2: The Soul of the City: How can Mayors conserve culture and heritage?</li>
<li>▶ Session 3: How can Mayors accelerate de-carbonisation and strengthen climate resilience?</li>
<li>▶ Session 4: How can Mayors facilitate and promote innovation and creativity?</li>
</ul>
<h3>&lt; Policy and technology exhibitions and site visits present Seoul &gt;</h3>
<p>□ Seoul runs an "Advanced Lifestyle" pavilion of 27 innovative companies and a Seoul–Singapore policy exhibition presenting eight flagship policies; two policy site visits take the delegations to the Seoul Biennale of Architecture and Urbanism at Songhyeon Green Plaza, the Seoul Museum of Craft Art, the Cheonggyecheon Museum and the Seoul Sewerage Science Museum.</p>
<h3>&lt; Bilateral meetings and city agreements with nine cities, Wellington and Kyiv among them &gt;</h3>
<p>□ During the forum Seoul holds bilateral meetings (7) and signs friendship agreements (2) with nine cities: an MOU upgrading the relationship with Wellington, and a new friendship city agreement with Kyiv. A meeting of Lee Kuan Yew Prize cities and a Young Leaders Dialogue of some 20 young leaders from Seoul and Singapore complete the programme.</p>
<p>□ Mayor Oh Se-hoon said: "Through the 2023 World Cities Summit Mayors Forum we will share with the world's cities our core value of walking with the vulnerable", and "we will also introduce innovative companies in robotics, bio and smart cities to the {{ counts.foreign_cities }} visiting delegations, as an opportunity to show Seoul's advanced lifestyle to the world."</p>
<p>Attachments: 1. Outline of the forum; 2. Key visual of the forum; 3. Companies of the Advanced Lifestyle pavilion (not reproduced here).</p>
"""

KEYNOTE_BODY_KO = """
<ul>
<li>오세훈 시장이 세계도시정상회의 시장포럼 개막식에서 기조연설자로 나서, 전 세계도시들이 겪는 공통적인 문제인 양극화 심화 현상을 언급하며 사회적 약자를 위한 정책 필요성에 대한 화두를 던지고 서울시의 핵심 시정철학인 ‘약자와의 동행’ 정책의 성과를 소개했다.</li>
<li>세계도시정상회의 시장포럼에는 {{ counts.countries }}개국 {{ counts.foreign_cities }}개 도시 시장 및 대표단과 {{ counts.organisations }}개 국제기구 및 기업 관계자가 참여해 ‘살기 좋고 지속가능한 도시: 포용적이고 회복력있는 미래를 선도하다’를 주제로 각 도시별 사례발표와 토론이 진행된다.</li>
<li>세계도시정상회의 시장포럼은 전 세계 도시 시장, 국제기구 관계자, 비즈니스 리더 등이 모여 살기 좋고 지속가능한 도시를 만들기 위한 방안을 논의하는 자리로, 올해 세계도시정상회의 시장포럼은 9.24.(일)~26(화) 3일간 서울 DDP에서 개최된다.</li>
</ul>
<ul>
<li>오세훈 시장은 25일(월) 14시, 시장포럼 개최식의 기조연설자로 나서, 올해 포럼 주제인 지속가능한 포용도시를 만들기 위한 서울시 ‘약자와의 동행’ 비전과 주요 정책인 ‘서울런’과 ‘안심소득’의 성과를 발표했다.</li>
<li>오 시장은 “ ‘약자와의 동행’을 핵심 가치로 생각하는 서울에서 지속가능한 포용도시를 위한 논의를 하게 된 점을 기쁘게 생각한다.”고 밝히며, 약자와의 동행 대표 정책인 취약계층 대상 교육지원 프로그램인 ‘서울런’과 복지 사각지대를 없애기 위한 ‘안심소득’ 의 정책 성과를 공유했다.</li>
<li>“서울런을 통해서 단 한 명이라도 인생이 바뀔 수 있다면 서울런에 들인 예산이 가치있게 사용되었다고 생각하며, 앞으로도 인생이 바뀔 수 있는 기회의 사다리를 만들기 위해 지속적인 투자를 이어갈 것”이라고 밝히고, ‘기초생활보장’과 같은 기존 복지제도와 달리 취약계층의 근로의욕 유지 효과를 뚜렷하게 나타내고 있는 ‘안심소득’의 효과도 소개했다.
<ul><li>서울런은 올 한해 총 461명의 참여자들이 서울런을 통해 대학에 진학하는 성과를 달성했으며, 1년간 안심소득 시범사업 추진 결과 근로의욕 자극, 신청주의 한계 극복, 취약계층의 수급 탈피율 제고 등 기존 복지제도와 차별화된 다양한 성과가 드러났다.</li></ul></li>
<li>사회통합적 측면에서 양극화와 불평등을 해소하기 위해 시정성과를 평가할 수 있는 ‘약자동행지수’ 도 개발하고 있음을 소개했다. ‘약자동행지수’ 는 사회통합적 측면에서 양극화와 불평등을 해소하기 위해 도시 단위 시정성과를 평가하는 최초의 시도로, 내달 초 개발 결과가 발표 될 예정이다.</li>
</ul>
<ul>
<li>또한, “서울시가 새롭게 선보이는 브랜드 ‘서울 마이 소울(Seoul My Soul)’은 서울시민의 마음이 모였을 때 더 좋은 도시 서울이 될 수 있다는 뜻인데, 양극화 등 우리가 겪는 도시 문제를 해결하는 길도 마찬가지로 생각한다.”며 올해 세계도시정상회의 시장포럼을 통해 전 세계의 마음을 모아 지속가능한 포용도시를 만들어 갈 것을 촉구했다.</li>
<li>한편 25일(월) 오전에는 세계도시정상회의 시장포럼 참석자 100여명을 대상으로 ‘도시건축비엔날레’와 ‘서울공예박물관’을 돌아보는 정책 현장방문 프로그램을 통해, 세계도시 리더들에게 도시의 정체성을 함께 고민하고 미래에 대한 청사진을 그리는 시간을 가졌다
<ul><li>서울도시건축비엔날레 현장에서는 조병수 도시건축비엔날레 총감독의 안내에 따라 열린송현녹지광장에서 하늘소·땅소와 같은 주요 조형물을 관람하며 서울의 미래를 바라보며 추구해야 할 공동의 가치를 설명하는 자리를 가졌다. 이어서 서울공예박물관에서는 김수정 서울공예박물관장이 박물관 부지의 역사적 의의와 계승을 설명하며, 지속가능한 도시의 의미를 고찰하는 장을 만들었다.</li></ul></li>
<li>서울시는 26일(화)까지 이어지는 세계도시정상회의 시장포럼에서 △2차례의 정책 현장 방문, △서울-싱가포르 정책전시, △CES혁신상 수상 등 27개 혁신기업의 제품과 서비스를 체험해볼 수 있는 전시관 운영 등 다양한 프로그램을 통해 세계도시에 ‘동행·매력 특별시’ 서울을 알릴 계획이다.</li>
</ul>
"""

KEYNOTE_BODY_EN = """
<ul>
<li>Mayor Oh Se-hoon gave the keynote at the opening of the World Cities Summit Mayors Forum: he named the deepening polarisation that cities around the world share, called for policies for the socially vulnerable, and presented the results of Seoul's core philosophy, "walking with the vulnerable".</li>
<li>Mayors and delegations of {{ counts.foreign_cities }} cities from {{ counts.countries }} countries and representatives of {{ counts.organisations }} international organisations and companies take part in the forum, presenting and discussing their cities' cases under the theme "Liveable and Sustainable Cities: Forging an Inclusive and Resilient Future".</li>
<li>The forum brings together mayors, international organisations and business leaders to discuss how to make cities liveable and sustainable; this year it is held at DDP in Seoul for three days, from Sunday 24 to Tuesday 26 September.</li>
</ul>
<ul>
<li>On Monday 25 September at 14:00 Mayor Oh presented Seoul's vision of walking with the vulnerable and the results of two flagship policies, Seoul Learn and Safe Income.</li>
<li>"If Seoul Learn changes the life of even one person, its budget was well spent; we will keep investing in ladders of opportunity," he said, and presented Safe Income, which, unlike existing welfare schemes, clearly keeps the vulnerable's will to work. This year 461 participants of Seoul Learn entered university.</li>
<li>He also introduced the "Index of Walking with the Vulnerable" being developed to evaluate a city's policies against polarisation and inequality, the first such attempt at city level; its results are due early next month.</li>
<li>"The new brand Seoul My Soul means that Seoul becomes a better city when its citizens' hearts come together; so it is with solving urban problems such as polarisation," he said, calling on the world's cities to build sustainable, inclusive cities together.</li>
<li>On the morning of the 25th some 100 participants visited the Seoul Biennale of Architecture and Urbanism, guided by its General Director Cho Byoung-soo, and the Seoul Museum of Craft Art, guided by its director Kim Soo-jung.</li>
<li>Until Tuesday 26 September Seoul presents itself through two policy site visits, the Seoul–Singapore policy exhibition and a pavilion of 27 innovative companies, CES Innovation Award winners among them.</li>
</ul>
"""

RELEASES = [
    {
        "headline": {
            "ko": "'세계도시정상회의 시장포럼' 개막·{{ counts.foreign_cities }}개 도시 대표단과 지속가능한 포용도시 만든다",
            "en": "World Cities Summit Mayors Forum opens: Seoul and delegations of {{ counts.foreign_cities }} cities build sustainable, inclusive cities",
        },
        "summary": {
            "ko": "9.24.(일) 2023 세계도시 정상회의 시장 포럼 개막, {{ counts.foreign_cities }}개 도시 시장단 등 200여명 서울 집결\n"
            "9.25~26 '지속가능한 포용도시' 위한 주제별 논의... '서울' 약자와의 동행 정책성과 나눠\n"
            "정책 및 기업 전시, 현장방문 등 다채로운 프로그램으로 동행·매력 특별시 서울 알려\n"
            "웰링턴, 키이우 등 9개 도시와 양자회담 및 결연 진행, 市 글로벌 네트워크 확장",
            "en": "24 Sep: the 2023 World Cities Summit Mayors Forum opens; some 200 people, mayors of {{ counts.foreign_cities }} cities among them, gather in Seoul\n"
            "25–26 Sep: themed sessions on sustainable, inclusive cities; Seoul shares the results of walking with the vulnerable\n"
            "Policy and company exhibitions and site visits present Seoul\n"
            "Bilateral meetings and agreements with nine cities, Wellington and Kyiv among them, widen Seoul's global network",
        },
        "body": {"ko": OPENING_BODY_KO.strip(), "en": OPENING_BODY_EN.strip()},
        "edition_date": datetime.date(2023, 9, 25),
        "embargo_at": datetime.datetime(2023, 9, 24, 16, 20, tzinfo=SEOUL),
        # The seed prints both boxes (사진 없음 / 사진 있음) without showing which is ticked.
        "photos_enclosed": False,
        "page_count": 10,
    },
    {
        "headline": {
            "ko": "[2023 세계도시정상회의 시장포럼] 오세훈 시장 서울권과 안심소득 성과 공유·양극화 해소 위한 약자동행지수 소개",
            "en": "[2023 World Cities Summit Mayors Forum] Mayor Oh Se-hoon shares the results of Seoul Learn and Safe Income and presents an index of walking with the vulnerable against polarisation",
        },
        "summary": {
            "ko": "오 시장, 세계도시정상회의 시장포럼 기조연설...‘약자와의 동행’ 비전·성과 발표\n"
            "‘안심소득’, ‘서울권’ 등 주요 동행 정책 성과 공유 및 ‘약자동행지수’ 개발 알려\n"
            "지속가능한 포용도시 구축 위해 ‘약자와의 동행’ 국제적 의제로 제시, 범세계적 협력 촉구",
            "en": "Mayor Oh gives the keynote of the Mayors Forum: the vision and results of walking with the vulnerable\n"
            "Results of Safe Income, Seoul Learn and other policies shared; an index of walking with the vulnerable announced\n"
            "Walking with the vulnerable proposed as a global agenda for sustainable, inclusive cities; a call for worldwide cooperation",
        },
        "body": {"ko": KEYNOTE_BODY_KO.strip(), "en": KEYNOTE_BODY_EN.strip()},
        "edition_date": datetime.date(2023, 9, 26),
        "embargo_at": datetime.datetime(2023, 9, 25, 14, 0, tzinfo=SEOUL),
        "photos_enclosed": True,
        "page_count": 3,
    },
]  # fmt: skip

# Sample journalists (made up): username, name, outlet, role, country, language.
JOURNALISTS = [
    ("press", "Kim Min-ji (sample)", "Seoul Daily (sample)", "reporter", "KR", "ko"),
    ("press2", "Aroha Smith (sample)", "Wellington Post (sample)", "correspondent", "NZ", "en"),
]  # fmt: skip


def _press_card() -> SimpleUploadedFile:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (320, 200), "white")
    ImageDraw.Draw(image).text((20, 90), "SAMPLE PRESS CARD", fill="black")
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return SimpleUploadedFile("press-card-sample.png", buffer.getvalue(), "image/png")


def _release(summit: Summit, organiser, spec: dict, contacts: list) -> bool:
    existing = (
        in_summit(PressRelease, summit)
        .filter(edition_date=spec["edition_date"], headline_ko=spec["headline"]["ko"])
        .first()
    )
    if existing is not None:
        return False
    release = services.create_release(
        actor=organiser,
        summit=summit,
        data={
            **spec,
            "department": DEPARTMENT,
            "edition": "morning",
            "original_language": "ko",
            "figures_as_of": AS_OF,
        },
    )
    for person, (_slug, title_ko, title_en, phone) in contacts:
        services.add_contact(
            actor=organiser,
            release=release,
            person=person,
            title={"ko": title_ko, "en": title_en},
            phone=phone,
        )
    services.submit_for_review(actor=organiser, release=release)
    services.approve(actor=organiser, release=release)
    services.schedule(actor=organiser, release=release)
    return True


# Made-up coverage (outlet, headline, date, URL, language, reach), every entry marked sample.
COVERAGE = [
    ("Seoul Daily (sample)", "세계 50개 도시 시장, 서울서 '약자와의 동행' 논의",
     datetime.date(2023, 9, 25), "", "ko", 120000),
    ("Wellington Post (sample)", "Wellington's mayor shares the capital's climate plan in Seoul",
     datetime.date(2023, 9, 26), "", "en", 35000),
    ("City Radio (sample)", "서울시장포럼 폐막…도시 간 협력 약속",
     datetime.date(2023, 9, 27), "", "ko", None),
]  # fmt: skip


def _sample_photo(title: str) -> SimpleUploadedFile:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (960, 540), "#2f5d9e")
    draw = ImageDraw.Draw(image)
    draw.rectangle((40, 40, 920, 500), outline="white", width=4)
    draw.text((80, 240), "SAMPLE PHOTO - " + title, fill="white")
    draw.text((80, 280), "Made up for the Summitry demo, not the city's photo", fill="white")
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return SimpleUploadedFile("sample-photo.png", buffer.getvalue(), "image/png")


def _sample_fact_sheet(summit: Summit) -> SimpleUploadedFile:
    from weasyprint import HTML

    html = (
        '<html><body style="font-family: NanumGothic, sans-serif">'
        "<h1>SAMPLE · 샘플</h1>"
        f"<p>{summit.name_ko}</p><p>{summit.name_en}</p>"
        "<p>Fact sheet made up for the Summitry demo, not the city's document.</p>"
        "<p>Summitry 데모용으로 만든 자료이며 서울시 자료가 아닙니다.</p></body></html>"
    )
    return SimpleUploadedFile(
        "sample-fact-sheet.pdf", HTML(string=html).write_pdf(), "application/pdf"
    )


def _attachments(summit: Summit, organiser) -> int:
    made = 0
    for release in in_summit(PressRelease, summit).order_by("edition_date"):
        if release.attachments.exists():
            continue
        photo = attachments.add(
            actor=organiser,
            release=release,
            upload=_sample_photo(release.edition_date.isoformat()),
            caption={"ko": "샘플 사진 (데모용)", "en": "Sample photo (made up for the demo)"},
            credit="Summitry demo (sample)",
        )
        attachments.mark_press_material(actor=organiser, attachment=photo, value=True)
        attachments.add(
            actor=organiser,
            release=release,
            upload=_sample_fact_sheet(summit),
            caption={"ko": "샘플 자료 (데모용)", "en": "Sample fact sheet (made up for the demo)"},
        )
        made += 1
    return made


def _coverage(summit: Summit) -> None:
    if in_summit(PressCoverage, summit).exists():
        return
    for outlet, headline, day, url, language, reach in COVERAGE:
        PressCoverage.objects.create(
            summit=summit,
            outlet=outlet,
            headline=headline,
            published_on=day,
            url=url,
            language=language,
            reach=reach,
            is_sample=True,
        )


def _report(summit: Summit, organiser) -> None:
    """The forum's after-event report, built here (the demo is loaded by a command, not a
    request) and published on the forum's report page."""
    if in_summit(SummitReport, summit).filter(status=ReportStatus.READY).exists():
        return
    found = SummitReport.objects.create(summit=summit, requested_by=organiser)
    report.build(found.pk)
    found.refresh_from_db()
    report.publish(actor=organiser, found=found)


def load(summit: Summit) -> str:
    organiser, _created = ensure_organiser()
    people = {p.slug: p for p in Person.objects.filter(slug__in=[c[0] for c in CONTACTS])}
    contacts = [(people[c[0]], c) for c in CONTACTS if c[0] in people]
    made = sum(_release(summit, organiser, spec, contacts) for spec in RELEASES)
    # Their embargoes passed long ago: record the publication as the beat task would.
    services.publish_due()
    for username, name, outlet, role, country, language in JOURNALISTS:
        user = ensure_user(
            username,
            email=f"{username}@example.org",
            first_name=name.split(" (")[0],
            last_name="",
        )
        if not in_summit(Accreditation, summit).filter(user=user).exists():
            found = services.apply_for_accreditation(
                actor=user,
                summit=summit,
                data={
                    "name": name,
                    "outlet": outlet,
                    "role": role,
                    "country": country,
                    "language": language,
                },
                press_card=_press_card(),
                is_sample=True,
            )
            services.decide_accreditation(actor=organiser, accreditation=found, approve=True)
    for found in in_summit(Accreditation, summit).filter(
        status=AccreditationStatus.APPROVED, category__isnull=True
    ):
        found.category = services.press_category(organiser, summit)
        found.save(update_fields=["category"])
    files = _attachments(summit, organiser)
    _coverage(summit)
    _report(summit, organiser)
    return (
        f"{len(RELEASES)} press releases ({made} new, {files} given sample files), "
        f"{len(JOURNALISTS)} accredited journalists (sample; login press / "
        f"{JOURNALIST_PASSWORD}), {len(COVERAGE)} entries of press coverage (sample), the "
        "after-event report (published)"
    )
