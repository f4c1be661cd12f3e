//! A deterministic synthetic corpus: local documents written from a national one the way
//! localities write them, with the true lineage recorded, to measure speed and accuracy at scale.
//!
//! From a national [`Document`], [`Synth`] writes a tree of local documents: provinces derive from
//! the national document, cities from a province, counties from a city. Each child is written
//! from its parent's text (not from the national one), clause by clause:
//!
//! - **verbatim**: copied, with the agencies and places swapped (国务院各部门 → 省政府各部门,
//!   各地区 → 各市);
//! - **adapted**: reworded (synonyms, function words put in or left out, phrases reordered, a
//!   sentence dropped) and localised with targets and numbers;
//! - **partial**: one sentence kept, reworded, with local text around it;
//! - **omitted**, and **novel** local clauses made from a local vocabulary;
//!
//! then renumbered, with the parent's title and 文号 cited in the preamble (for most documents),
//! a signature with the date, page chrome for some, and traditional characters for a few.
//!
//! [`SynthDoc::lineage`] records, per document, its parent, level and date, and per local clause
//! the national measures it comes from and how ([`SourceKind`]), composed along the chain: a
//! county's verbatim copy of its city's adapted clause is adapted from the national measure.
//!
//! Everything comes from a seeded generator of our own (`SplitMix64`), so the same national
//! document, seed and settings give the same bytes on every platform.

use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use crate::document::{Document, Level, Node};
use crate::text::normalize::to_traditional;

/// `SplitMix64`: small, fast, and the same on every platform.
#[derive(Clone, Debug)]
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Self(seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// A number in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// True with probability `p`.
    fn chance(&mut self, p: f64) -> bool {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// How a local clause derives from the national document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    /// Copied, with agencies and places swapped.
    Verbatim,
    /// Reworded and localised.
    Adapted,
    /// One sentence taken up among local text.
    Partial,
    /// The locality's own text: no national source.
    Novel,
}

impl SourceKind {
    /// The kind relative to the national document of a step of this kind applied to a clause
    /// of kind `earlier`.
    const fn then(self, earlier: Self) -> Self {
        match (earlier, self) {
            (Self::Novel, _) | (_, Self::Novel) => Self::Novel,
            (Self::Partial, _) | (_, Self::Partial) => Self::Partial,
            (Self::Adapted, _) | (_, Self::Adapted) => Self::Adapted,
            _ => Self::Verbatim,
        }
    }
}

/// The true origin of one clause of a generated document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClauseLineage {
    /// The clause id the parser gives it.
    pub id: String,
    /// How it derives from the national document.
    pub kind: SourceKind,
    /// The national clause ids it comes from (empty for novel clauses).
    pub sources: Vec<String>,
    /// The clause of the parent document it was written from, when the parent is local.
    pub parent_clause: Option<String>,
}

/// The true origin of one generated document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocLineage {
    /// The document id (the file stem).
    pub id: String,
    /// The file name.
    pub file: String,
    /// The id of the document it derives from (the national document's for provinces).
    pub parent: String,
    /// The administrative level.
    pub level: Level,
    /// The locality.
    pub locality: String,
    /// The date, `YYYY-MM-DD`.
    pub date: String,
    /// Its own document number (文号).
    pub doc_number: String,
    /// Whether its preamble cites the parent's title and 文号.
    pub cites_parent: bool,
    /// Whether it is written in traditional characters.
    pub traditional: bool,
    /// Its clauses, in document order.
    pub clauses: Vec<ClauseLineage>,
}

/// A generated document: its text and its true lineage.
#[derive(Clone, Debug)]
pub struct SynthDoc {
    /// The document text, as a locality would publish it.
    pub text: String,
    /// Where it comes from.
    pub lineage: DocLineage,
}

/// Settings of the generator.
#[derive(Clone, Debug, PartialEq)]
pub struct SynthConfig {
    /// The number of local documents.
    pub n: usize,
    /// The seed: the same seed gives the same corpus.
    pub seed: u64,
    /// Share of documents whose preamble cites the parent's title and 文号 (default 0.7).
    pub cite_share: f64,
    /// Share of documents written in traditional characters (default 0.03).
    pub traditional_share: f64,
    /// Share of documents with page chrome around the text (default 0.2).
    pub chrome_share: f64,
}

impl SynthConfig {
    /// `n` documents from `seed`, other settings at their defaults.
    pub const fn new(n: usize, seed: u64) -> Self {
        Self { n, seed, cite_share: 0.7, traditional_share: 0.03, chrome_share: 0.2 }
    }
}

/// One paragraph of a document being written.
#[derive(Clone, Debug)]
struct Para {
    text: String,
    /// The responsibility parenthetical, kept apart (the parser takes it out of the clause).
    duty: Option<String>,
    kind: SourceKind,
    sources: Vec<String>,
    /// Its clause id in the document it belongs to (set when the document is numbered).
    id: String,
    parent_clause: Option<String>,
}

#[derive(Clone, Debug)]
struct Item {
    heading: Option<String>,
    paras: Vec<Para>,
}

#[derive(Clone, Debug)]
struct Section {
    heading: Option<String>,
    items: Vec<Item>,
}

/// A document being written: what its children are written from.
#[derive(Clone, Debug)]
struct Model {
    id: String,
    title: String,
    doc_number: String,
    date: (u32, u32, u32),
    level: Level,
    /// Top-level paragraphs before the first section.
    lead: Vec<Para>,
    sections: Vec<Section>,
}

impl Model {
    fn from_national(doc: &Document) -> Self {
        let para = |n: &Node| Para {
            text: n.text.clone(),
            duty: n.responsibility.as_ref().map(|r| r.text.clone()),
            kind: SourceKind::Verbatim,
            sources: vec![n.id.clone()],
            id: n.id.clone(),
            parent_clause: None,
        };
        let mut lead = Vec::new();
        let mut sections = Vec::new();
        for node in &doc.nodes {
            if node.is_paragraph() {
                lead.push(para(node));
                continue;
            }
            let mut section = Section { heading: node.heading.clone(), items: Vec::new() };
            let mut loose = Item { heading: None, paras: Vec::new() };
            for child in &node.children {
                if child.is_paragraph() {
                    loose.paras.push(para(child));
                } else {
                    let paras = child.iter_descendants().filter(|n| n.is_paragraph()).map(para).collect();
                    section.items.push(Item { heading: child.heading.clone(), paras });
                }
            }
            if !loose.paras.is_empty() {
                section.items.insert(0, loose);
            }
            sections.push(section);
        }
        let date = doc
            .metadata
            .date()
            .and_then(|d| {
                let mut it = d.split('-').map(|p| p.parse::<u32>().ok());
                Some((it.next()??, it.next()??, it.next()??))
            })
            .unwrap_or((2017, 1, 12));
        Self {
            id: doc.id.to_string(),
            title: doc.metadata.title.clone().unwrap_or_else(|| doc.id.to_string()),
            doc_number: doc.metadata.doc_number.clone().unwrap_or_default(),
            date,
            level: Level::National,
            lead,
            sections,
        }
    }

    fn paras(&self) -> impl Iterator<Item = &Para> {
        self.lead.iter().chain(self.sections.iter().flat_map(|s| s.items.iter().flat_map(|i| i.paras.iter())))
    }
}

const PROVINCES: [(&str, &str); 31] = [
    ("北京市", "京"),
    ("天津市", "津"),
    ("河北省", "冀"),
    ("山西省", "晋"),
    ("内蒙古自治区", "内蒙"),
    ("辽宁省", "辽"),
    ("吉林省", "吉"),
    ("黑龙江省", "黑"),
    ("上海市", "沪"),
    ("江苏省", "苏"),
    ("浙江省", "浙"),
    ("安徽省", "皖"),
    ("福建省", "闽"),
    ("江西省", "赣"),
    ("山东省", "鲁"),
    ("河南省", "豫"),
    ("湖北省", "鄂"),
    ("湖南省", "湘"),
    ("广东省", "粤"),
    ("广西壮族自治区", "桂"),
    ("海南省", "琼"),
    ("重庆市", "渝"),
    ("四川省", "川"),
    ("贵州省", "黔"),
    ("云南省", "滇"),
    ("西藏自治区", "藏"),
    ("陕西省", "陕"),
    ("甘肃省", "甘"),
    ("青海省", "青"),
    ("宁夏回族自治区", "宁"),
    ("新疆维吾尔自治区", "新"),
];

/// Characters of made-up place names.
const NAME_CHARS: [char; 40] = [
    '安', '宝', '昌', '丰', '阜', '广', '海', '合', '华', '嘉', '江', '金', '康', '乐', '临', '龙', '隆', '宁', '平',
    '庆', '瑞', '山', '寿', '顺', '泰', '通', '万', '望', '武', '西', '祥', '新', '兴', '阳', '永', '元', '岳', '云',
    '长', '州',
];

/// A made-up place name, unique for each index.
fn place_name(mut index: usize, min_len: usize, suffix: &str) -> String {
    let mut chars = Vec::new();
    while chars.len() < min_len || index > 0 {
        chars.push(NAME_CHARS[index % NAME_CHARS.len()]);
        index /= NAME_CHARS.len();
    }
    chars.into_iter().collect::<String>() + suffix
}

/// Words localities swap for each other (both directions are used).
const SYNONYMS: [(&str, &str); 24] = [
    ("加快", "加速"),
    ("推进", "推动"),
    ("完善", "健全"),
    ("建立", "构建"),
    ("强化", "加强"),
    ("支持", "鼓励"),
    ("积极", "大力"),
    ("研究", "探索"),
    ("提高", "提升"),
    ("促进", "推动"),
    ("优化", "改进"),
    ("制定", "出台"),
    ("探索", "试行"),
    ("扩大", "拓展"),
    ("深化", "深入推进"),
    ("全面", "全方位"),
    ("及时", "适时"),
    ("明确", "厘清"),
    ("实现", "达成"),
    ("发挥", "用好"),
    ("有效", "切实"),
    ("形成", "构筑"),
    ("开展", "组织"),
    ("依法", "按规定"),
];

/// Function words put in front of a verb, or taken out.
const FILLERS: [&str; 6] = ["进一步", "切实", "大力", "着力", "认真", "积极"];

const INDUSTRIES: [&str; 16] = [
    "装备制造",
    "现代农业",
    "文化旅游",
    "跨境电商",
    "新型材料",
    "生物医药",
    "现代物流",
    "绿色食品",
    "数字经济",
    "康养产业",
    "特色小镇",
    "光伏发电",
    "林下经济",
    "冷链仓储",
    "乡村民宿",
    "茶叶加工",
];

const PROJECTS: [&str; 10] = [
    "产业园区",
    "孵化基地",
    "示范园",
    "物流枢纽",
    "创新中心",
    "双创街区",
    "交易市场",
    "产业集群",
    "科技小院",
    "服务驿站",
];

const TARGETS: [&str; 8] = [
    "新增市场主体",
    "高新技术企业数量",
    "规模以上工业增加值",
    "网上办件比例",
    "新注册企业",
    "研发经费投入",
    "科技型中小企业",
    "返乡创业人数",
];

const UNITS: [&str; 5] = ["家", "亿元", "户", "个", "万人"];

/// Words a locality puts in place of national ones, by level.
fn swaps(level: Level, own: &str) -> Vec<(String, String)> {
    let (gov, dept, region) = match level {
        Level::National | Level::Provincial => ("省政府", "省直有关部门", "各市"),
        Level::Municipal => ("市政府", "市直有关部门", "各县（市、区）"),
        Level::District => ("县政府", "县直有关部门", "各乡镇"),
    };
    vec![
        ("国务院各部门".into(), format!("{gov}各部门")),
        ("国务院".into(), gov.into()),
        ("各地区".into(), region.into()),
        ("各有关部门".into(), dept.into()),
        ("全国".into(), format!("全{}", own.chars().last().unwrap_or('省'))),
        ("我国".into(), own.into()),
    ]
}

fn apply_swaps(text: &str, swaps: &[(String, String)]) -> String {
    let mut out = text.to_owned();
    for (from, to) in swaps {
        if out.contains(from.as_str()) {
            out = out.replace(from.as_str(), to);
        }
    }
    out
}

/// Splits text into sentences ending in 。；！？ (the last may have no end mark).
fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in text.chars() {
        cur.push(c);
        if matches!(c, '。' | '；' | '！' | '？') {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Rewords one sentence: synonyms, function words, and two of its phrases swapped.
fn reword_sentence(s: &str, rng: &mut Rng) -> String {
    let mut out = s.to_owned();
    let mut swapped = 0;
    for _ in 0..3 {
        let (a, b) = *rng.pick(&SYNONYMS);
        let (from, to) = if rng.chance(0.5) { (a, b) } else { (b, a) };
        if let Some(at) = out.find(from) {
            out.replace_range(at..at + from.len(), to);
            swapped += 1;
        }
    }
    if swapped == 0 || rng.chance(0.3) {
        let filler = *rng.pick(&FILLERS);
        if let Some(at) = out.find(filler) {
            out.replace_range(at..at + filler.len(), "");
        } else if let Some(at) = SYNONYMS.iter().flat_map(|&(a, b)| [a, b]).filter_map(|v| out.find(v)).min() {
            // Before a verb, where such words stand.
            out.insert_str(at, filler);
        }
    }
    // Two phrases of a list swapped.
    if rng.chance(0.4) {
        let end = out.trim_end_matches(['。', '；']).len();
        let (body, tail) = out.split_at(end);
        let phrases: Vec<&str> = body.split('，').collect();
        if phrases.len() >= 3 {
            let i = rng.range(1, phrases.len() - 2);
            let mut p: Vec<&str> = phrases.clone();
            p.swap(i, i + 1);
            out = p.join("，") + tail;
        }
    }
    out
}

/// A local target: 「到2020年，全省新增市场主体达到12万户。」
fn target_sentence(rng: &mut Rng, own: &str, year: u32) -> String {
    let whole = format!("全{}", own.chars().last().unwrap_or('省'));
    format!(
        "到{}年，{whole}{}达到{}{}，{}{}{}{}个以上。",
        year + rng.range(1, 5) as u32,
        rng.pick(&TARGETS),
        rng.range(3, 980),
        rng.pick(&UNITS),
        ["培育", "建成", "打造"][rng.below(3)],
        rng.pick(&INDUSTRIES),
        rng.pick(&PROJECTS),
        rng.range(2, 60),
    )
}

/// A clause of the locality's own.
fn novel_text(rng: &mut Rng, place: &str, own: &str, year: u32) -> String {
    let ind = rng.pick(&INDUSTRIES);
    let ind2 = rng.pick(&INDUSTRIES);
    let proj = rng.pick(&PROJECTS);
    let openings = [
        format!("依托{place}{ind}基础，高标准规划建设{ind2}{proj}"),
        format!("围绕{ind}和{ind2}两大主导产业，在{place}布局一批{proj}"),
        format!("实施{own}{ind}三年行动计划，每年安排专项资金{}亿元", rng.range(1, 30)),
        format!("组建{place}{ind}产业联盟，由龙头企业牵头开展{ind2}合作"),
        format!("对入驻{proj}的{ind}企业给予{}年租金减免", rng.range(1, 5)),
    ];
    let mut text = rng.pick(&openings).clone();
    text.push('，');
    text.push_str(
        [
            "实行一事一议、专班推进。",
            "形成上下游配套的完整链条。",
            "由属地乡镇具体负责落地。",
            "纳入年度目标考核。",
            "定期通报进展情况。",
        ][rng.below(5)],
    );
    if rng.chance(0.5) {
        text.push_str(&target_sentence(rng, own, year));
    }
    text
}

fn novel_para(rng: &mut Rng, place: &str, own: &str, year: u32) -> Para {
    Para {
        text: novel_text(rng, place, own, year),
        duty: None,
        kind: SourceKind::Novel,
        sources: Vec::new(),
        id: String::new(),
        parent_clause: None,
    }
}

/// How strongly a child rewrites its parent: (verbatim, adapted, partial) shares; the rest is omitted.
const fn step_shares(level: Level) -> (f64, f64, f64) {
    match level {
        Level::National | Level::Provincial => (0.40, 0.35, 0.05),
        Level::Municipal => (0.55, 0.25, 0.03),
        Level::District => (0.65, 0.18, 0.02),
    }
}

/// Writes one paragraph of a child from a paragraph of its parent, or leaves it out.
fn derive_para(
    p: &Para,
    level: Level,
    own: &str,
    year: u32,
    swaps: &[(String, String)],
    rng: &mut Rng,
) -> Option<Para> {
    let (v, a, pa) = step_shares(level);
    let roll = (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
    // A clause too short to reword is copied or left out.
    let short = p.text.chars().count() < 24;
    let (step, text) = if roll < v || (short && roll < v + a + pa) {
        (SourceKind::Verbatim, apply_swaps(&p.text, swaps))
    } else if roll < v + a {
        let mut ss = sentences(&apply_swaps(&p.text, swaps));
        if ss.len() >= 4 && rng.chance(0.5) {
            ss.remove(rng.range(1, ss.len() - 1));
        }
        let mut text: String = ss.iter().map(|s| reword_sentence(s, rng)).collect();
        if rng.chance(0.4) {
            text.push_str(&target_sentence(rng, own, year));
        }
        (SourceKind::Adapted, text)
    } else if roll < v + a + pa {
        let ss = sentences(&apply_swaps(&p.text, swaps));
        let longest = ss.iter().max_by_key(|s| s.chars().count()).cloned().unwrap_or_default();
        if longest.chars().count() < 20 {
            return None;
        }
        let text =
            format!("{}建设{}{}。{}", own, rng.pick(&INDUSTRIES), rng.pick(&PROJECTS), reword_sentence(&longest, rng));
        (SourceKind::Partial, text)
    } else {
        return None;
    };
    let duty = p.duty.as_ref().map(|_| local_duty(level, rng));
    Some(Para {
        text,
        duty,
        kind: step.then(p.kind),
        sources: if step.then(p.kind) == SourceKind::Novel { Vec::new() } else { p.sources.clone() },
        id: String::new(),
        parent_clause: Some(p.id.clone()),
    })
}

fn local_duty(level: Level, rng: &mut Rng) -> String {
    let (prefix, bodies): (&str, &[&str]) = match level {
        Level::National | Level::Provincial => ("省", &["发展改革委", "工业和信息化厅", "科技厅", "财政厅", "商务厅"]),
        Level::Municipal => ("市", &["发展改革委", "工业和信息化局", "科技局", "财政局", "市场监管局"]),
        Level::District => ("县", &["发展改革局", "工信局", "科技局", "财政局", "市场监管局"]),
    };
    let n = rng.range(1, 3);
    let mut names: Vec<String> = (0..n).map(|_| format!("{prefix}{}", rng.pick(bodies))).collect();
    names.dedup();
    format!("（{}等按职责分工负责）", names.join("、"))
}

/// Chinese numerals for section (一、) and item (（一）) numbers.
fn numeral(n: usize) -> String {
    const DIGITS: [&str; 10] = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => DIGITS[n].into(),
        10 => "十".into(),
        11..=19 => format!("十{}", DIGITS[n - 10]),
        _ => format!("{}十{}", DIGITS[n / 10], if n.is_multiple_of(10) { "" } else { DIGITS[n % 10] }),
    }
}

/// Adds days to a date, roughly (months of 28 days keep it simple and valid).
fn add_days((y, m, d): (u32, u32, u32), days: u32) -> (u32, u32, u32) {
    let mut total = (y * 12 + (m - 1)) * 28 + (d.min(28) - 1) + days;
    let day = total % 28 + 1;
    total /= 28;
    (total / 12, total % 12 + 1, day)
}

/// The generator: a national document and the settings.
#[derive(Clone, Debug)]
pub struct Synth {
    national: Model,
    cfg: SynthConfig,
}

/// A planned document: its place in the tree.
#[derive(Clone, Debug)]
struct Plan {
    level: Level,
    index: usize,
    children: Vec<Plan>,
}

impl Synth {
    /// A generator for local documents of `national`.
    ///
    /// # Complexity
    /// O(size of the national document).
    pub fn new(national: &Document, cfg: SynthConfig) -> Self {
        Self { national: Model::from_national(national), cfg }
    }

    /// The tree of documents: about 1% provinces (at most 31), 12% cities, the rest counties.
    fn plan(&self) -> Vec<Plan> {
        let n = self.cfg.n;
        let provinces = n.div_ceil(100).clamp(1, 31).min(n);
        let cities = ((n as f64 * 0.12).round() as usize).min(n - provinces);
        let counties = n - provinces - cities;
        let mut rng = Rng::new(self.cfg.seed ^ 0x7EE);
        let mut tree: Vec<Plan> =
            (0..provinces).map(|i| Plan { level: Level::Provincial, index: i, children: Vec::new() }).collect();
        let mut city_at = Vec::new();
        for c in 0..cities {
            let p = if c < provinces { c } else { rng.below(provinces) };
            tree[p].children.push(Plan { level: Level::Municipal, index: c, children: Vec::new() });
            city_at.push((p, tree[p].children.len() - 1));
        }
        for k in 0..counties {
            let plan = Plan { level: Level::District, index: k, children: Vec::new() };
            if city_at.is_empty() {
                tree[rng.below(provinces)].children.push(plan);
            } else {
                let (p, c) = city_at[if k < cities { k } else { rng.below(cities) }];
                tree[p].children[c].children.push(plan);
            }
        }
        tree
    }

    /// Generates the corpus, handing each document to `sink` as soon as it is written (parents
    /// before their children), so that only the chain of ancestors is held in memory.
    ///
    /// # Errors
    /// Whatever `sink` returns.
    ///
    /// # Complexity
    /// O(N·L) time for N documents of length L; O(depth·L) memory besides what `sink` keeps.
    pub fn generate<E>(&self, mut sink: impl FnMut(SynthDoc) -> Result<(), E>) -> Result<(), E> {
        for plan in self.plan() {
            self.walk(&self.national, &plan, &mut sink)?;
        }
        Ok(())
    }

    /// Generates the whole corpus in memory.
    ///
    /// # Complexity
    /// O(N·L) time and memory.
    pub fn generate_all(&self) -> Vec<SynthDoc> {
        let mut out = Vec::with_capacity(self.cfg.n);
        let done: Result<(), std::convert::Infallible> = self.generate(|d| {
            out.push(d);
            Ok(())
        });
        let Ok(()) = done;
        out
    }

    /// The manifest `policy-trace report` reads (locality, level, date per file name) for
    /// documents with this lineage.
    ///
    /// # Complexity
    /// O(N) for N documents.
    pub fn manifest<'a>(docs: impl IntoIterator<Item = &'a DocLineage>) -> serde_json::Value {
        let documents: serde_json::Map<String, serde_json::Value> = docs
            .into_iter()
            .map(|d| {
                (d.file.clone(), serde_json::json!({"locality": d.locality, "level": d.level.as_str(), "date": d.date}))
            })
            .collect();
        serde_json::json!({
            "format_version": 1,
            "about": "A synthetic corpus written by `policy-trace synth`; lineage.json holds the true lineage.",
            "documents": documents,
        })
    }

    fn walk<E>(&self, parent: &Model, plan: &Plan, sink: &mut impl FnMut(SynthDoc) -> Result<(), E>) -> Result<(), E> {
        let (model, doc) = self.write(parent, plan);
        sink(doc)?;
        for child in &plan.children {
            self.walk(&model, child, sink)?;
        }
        Ok(())
    }

    /// Writes one document from its parent.
    fn write(&self, parent: &Model, plan: &Plan) -> (Model, SynthDoc) {
        let level_code = match plan.level {
            Level::National | Level::Provincial => 1u64,
            Level::Municipal => 2,
            Level::District => 3,
        };
        let mut rng = Rng::new(self.cfg.seed.wrapping_mul(31).wrapping_add(level_code << 40 | plan.index as u64));
        let (locality, abbr, own, prefix) = match plan.level {
            Level::National | Level::Provincial => {
                let (name, abbr) = PROVINCES[plan.index % PROVINCES.len()];
                (name.to_owned(), format!("{abbr}{}", if plan.index >= 31 { "二" } else { "" }), "我省", "prov")
            }
            Level::Municipal => {
                let name = place_name(plan.index, 2, "市");
                let abbr = name.trim_end_matches('市').to_owned();
                (name, abbr, "我市", "city")
            }
            Level::District => {
                let name = place_name(plan.index, 3, "县");
                let abbr = name.trim_end_matches('县').to_owned();
                (name, abbr, "我县", "cnty")
            }
        };
        let id = format!("{prefix}-{:05}", plan.index);
        let date = add_days(parent.date, rng.range(15, 200) as u32);
        let year = date.0;
        let swaps = swaps(plan.level, own);
        let issuer = match plan.level {
            Level::National | Level::Provincial => format!("{locality}人民政府办公厅"),
            Level::Municipal | Level::District => format!("{locality}人民政府办公室"),
        };
        let doc_number = format!("{abbr}政办〔{year}〕{}号", rng.range(1, 120));
        let theme = parent.title.rsplit_once("关于").map_or(parent.title.as_str(), |(_, t)| t);
        let theme = theme.trim_end_matches("的实施意见").trim_end_matches("的意见").trim_end_matches("的通知");
        let title = format!("{issuer}关于{theme}的实施意见");
        let cites = rng.chance(self.cfg.cite_share);
        let preamble = if cites {
            format!(
                "为贯彻落实《{}》（{}）精神，{}加快培育壮大新动能，结合{own}实际，现提出以下实施意见。",
                parent.title,
                parent.doc_number,
                rng.pick(&FILLERS)
            )
        } else {
            format!(
                "为{}加快培育壮大新动能，推动{own}经济高质量发展，结合实际，现提出以下实施意见。",
                rng.pick(&FILLERS)
            )
        };
        // The preamble states the purpose, as the national preamble does: a partial echo of it.
        let national_preamble: Vec<String> = self.national.lead.first().map(|p| p.sources.clone()).unwrap_or_default();
        let mut lead = vec![Para {
            text: preamble,
            duty: None,
            kind: if national_preamble.is_empty() { SourceKind::Novel } else { SourceKind::Partial },
            sources: national_preamble,
            id: String::new(),
            parent_clause: parent.lead.first().map(|p| p.id.clone()),
        }];
        let short_place = locality.trim_end_matches(['省', '市', '县']).to_owned();
        // The parent's leading paragraphs beyond its preamble (the national one has its own).
        let skip = usize::from(parent.level != Level::National);
        for p in parent.lead.iter().skip(skip) {
            lead.extend(derive_para(p, plan.level, own, year, &swaps, &mut rng));
        }
        let mut sections = Vec::new();
        for s in &parent.sections {
            let mut items = Vec::new();
            for it in &s.items {
                let mut paras: Vec<Para> =
                    it.paras.iter().filter_map(|p| derive_para(p, plan.level, own, year, &swaps, &mut rng)).collect();
                if it.heading.is_some() && rng.chance(0.25) {
                    paras.push(novel_para(&mut rng, &short_place, own, year));
                }
                if paras.is_empty() {
                    continue;
                }
                let heading =
                    it.heading.as_ref().map(|h| if rng.chance(0.3) { reword_sentence(h, &mut rng) } else { h.clone() });
                items.push(Item { heading, paras });
            }
            if rng.chance(0.3) {
                let n = rng.range(1, 2);
                let paras = (0..n).map(|_| novel_para(&mut rng, &short_place, own, year)).collect();
                items.push(Item { heading: Some(format!("发展{}{}。", short_place, rng.pick(&INDUSTRIES))), paras });
            }
            if !items.is_empty() {
                sections.push(Section { heading: s.heading.clone(), items });
            }
        }
        let mut model =
            Model { id: id.clone(), title, doc_number: doc_number.clone(), date, level: plan.level, lead, sections };
        number(&mut model);
        let traditional = rng.chance(self.cfg.traditional_share);
        let chrome = rng.chance(self.cfg.chrome_share);
        let text = render(&model, &issuer, chrome);
        let text = if traditional { to_traditional(&text) } else { text };
        let clauses = model
            .paras()
            .map(|p| ClauseLineage {
                id: p.id.clone(),
                kind: p.kind,
                sources: p.sources.clone(),
                parent_clause: (parent.level != Level::National).then(|| p.parent_clause.clone()).flatten(),
            })
            .collect();
        let lineage = DocLineage {
            file: format!("{id}.txt"),
            id,
            parent: parent.id.clone(),
            level: plan.level,
            locality,
            date: format!("{:04}-{:02}-{:02}", date.0, date.1, date.2),
            doc_number,
            cites_parent: cites,
            traditional,
            clauses,
        };
        (model, SynthDoc { text, lineage })
    }
}

/// Gives every paragraph the clause id the parser will give it.
fn number(model: &mut Model) {
    for (j, p) in model.lead.iter_mut().enumerate() {
        p.id = format!("p{}", j + 1);
    }
    for (si, s) in model.sections.iter_mut().enumerate() {
        let mut item_no = 0;
        for it in &mut s.items {
            if it.heading.is_some() {
                item_no += 1;
            }
            for (j, p) in it.paras.iter_mut().enumerate() {
                p.id = if it.heading.is_some() {
                    format!("{}.{item_no}.p{}", si + 1, j + 1)
                } else {
                    format!("{}.p{}", si + 1, j + 1)
                };
            }
        }
    }
}

const CHROME_TOP: &str = "首页 > 政务公开 > 政策文件\n字体：【大 中 小】 打印本页\n";
const CHROME_BOTTOM: &str = "\n扫一扫在手机打开当前页\n【打印】【关闭窗口】\n";

fn render(model: &Model, issuer: &str, chrome: bool) -> String {
    let mut out = String::new();
    if chrome {
        out.push_str(CHROME_TOP);
    }
    let addressees = match model.level {
        Level::National | Level::Provincial => "各市人民政府，省政府各部门、各直属机构：",
        Level::Municipal => "各县（市、区）人民政府，市政府各部门：",
        Level::District => "各乡镇人民政府，县政府各部门：",
    };
    let _ = write!(out, "{}\n{}\n{addressees}\n", model.title, model.doc_number);
    let para = |out: &mut String, p: &Para| {
        out.push_str("　　");
        out.push_str(&p.text);
        if let Some(d) = &p.duty {
            out.push_str(d);
        }
        out.push('\n');
    };
    for p in &model.lead {
        para(&mut out, p);
    }
    for (si, s) in model.sections.iter().enumerate() {
        let _ = write!(out, "\n{}、{}\n", numeral(si + 1), s.heading.as_deref().unwrap_or("其他事项"));
        let mut item_no = 0;
        for it in &s.items {
            if let Some(h) = &it.heading {
                item_no += 1;
                let h = h.trim_end_matches('。');
                let _ = write!(out, "\n（{}）{h}。\n", numeral(item_no));
            }
            for p in &it.paras {
                para(&mut out, p);
            }
        }
    }
    let (y, m, d) = model.date;
    let _ = write!(out, "\n{issuer}\n{y}年{m}月{d}日\n");
    if chrome {
        out.push_str(CHROME_BOTTOM);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn corpus(n: usize, seed: u64) -> Vec<SynthDoc> {
        let national = crate::reference("guobanfa-2017-4").unwrap();
        let mut cfg = SynthConfig::new(n, seed);
        cfg.traditional_share = 0.2;
        Synth::new(&national, cfg).generate_all()
    }

    #[test]
    fn same_seed_same_bytes_other_seed_other_bytes() {
        let (a, b, c) = (corpus(12, 7), corpus(12, 7), corpus(12, 8));
        assert_eq!(a.len(), 12);
        for (x, y) in a.iter().zip(&b) {
            assert_eq!(x.text, y.text);
            assert_eq!(x.lineage, y.lineage);
        }
        assert!(a.iter().zip(&c).any(|(x, y)| x.text != y.text));
    }

    #[test]
    fn lineage_matches_what_the_parser_reads() {
        let docs = corpus(40, 1);
        let ids: std::collections::BTreeSet<&str> = docs.iter().map(|d| d.lineage.id.as_str()).collect();
        let national = crate::reference("guobanfa-2017-4").unwrap();
        let measures: std::collections::BTreeSet<String> = national.iter_clauses().map(|c| c.id().to_owned()).collect();
        let mut kinds = std::collections::BTreeMap::new();
        let mut levels = std::collections::BTreeSet::new();
        for d in &docs {
            let l = &d.lineage;
            levels.insert(l.level);
            // Parents come first and are of the level above.
            assert!(l.parent == national.id.as_str() || ids.contains(l.parent.as_str()), "{}", l.parent);
            let parsed = crate::parse(&d.text);
            assert_eq!(parsed.metadata.doc_number.as_deref(), Some(l.doc_number.as_str()), "{}", l.id);
            assert_eq!(parsed.metadata.date(), Some(l.date.as_str()), "{}", l.id);
            if l.cites_parent {
                assert!(!parsed.citations.is_empty(), "{} cites its parent", l.id);
            }
            let clause_ids: Vec<String> = parsed.iter_clauses().map(|c| c.id().to_owned()).collect();
            let recorded: Vec<String> = l.clauses.iter().map(|c| c.id.clone()).collect();
            assert_eq!(clause_ids, recorded, "{}", l.id);
            for c in &l.clauses {
                *kinds.entry(c.kind).or_insert(0) += 1;
                assert_eq!(c.kind == SourceKind::Novel, c.sources.is_empty(), "{} {}", l.id, c.id);
                assert!(c.sources.iter().all(|s| measures.contains(s)), "{} {}", l.id, c.id);
            }
        }
        assert_eq!(levels.len(), 3, "{levels:?}");
        for k in [SourceKind::Verbatim, SourceKind::Adapted, SourceKind::Partial, SourceKind::Novel] {
            assert!(kinds.get(&k).copied().unwrap_or(0) > 10, "{kinds:?}");
        }
    }

    #[test]
    fn dates_follow_parents() {
        let docs = corpus(30, 3);
        let by_id: std::collections::BTreeMap<&str, &DocLineage> =
            docs.iter().map(|d| (d.lineage.id.as_str(), &d.lineage)).collect();
        for d in &docs {
            if let Some(p) = by_id.get(d.lineage.parent.as_str()) {
                assert!(p.date < d.lineage.date && p.level < d.lineage.level, "{} after {}", d.lineage.id, p.id);
            }
        }
    }
}
