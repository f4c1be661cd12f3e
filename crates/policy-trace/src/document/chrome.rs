//! Web page chrome: font-size controls, print links, QR-code prompts, breadcrumbs, site footers.
//!
//! A line is chrome when, after the chrome phrases in it are removed, fewer than four Chinese
//! characters of its own remain, or when it is a breadcrumb or a footer line.
//! Dropped lines are reported one diagnostic each, with their range, so nothing is lost silently.

use std::sync::LazyLock;

use aho_corasick::AhoCorasick;

use super::parse::{Pass, Role};
use super::{Diagnostic, DiagnosticKind, Span};

/// Phrases that make up page chrome.
const PHRASES: &[&str] = &[
    "字体大小",
    "字体：",
    "字体:",
    "字号：",
    "字号:",
    "【大】",
    "【中】",
    "【小】",
    "【大 中 小】",
    "大 中 小",
    "【打印】",
    "【关闭】",
    "打印本页",
    "打印",
    "关闭窗口",
    "关闭",
    "扫一扫在手机打开当前页",
    "扫一扫",
    "在手机打开当前页",
    "分享到",
    "收藏",
    "返回顶部",
    "网站地图",
    "联系我们",
    "重点链接",
    "相关链接",
    "相关文件",
    "相关解读",
    "浏览次数",
    "访问量",
    "阅读次数",
    "责任编辑",
    "微信",
    "微博",
    "视力保护色",
    "默认",
    "无障碍",
    "上一篇",
    "下一篇",
];

/// Phrases that mark a whole line as chrome when the line is short.
const LINE_PHRASES: &[&str] = &[
    "当前位置",
    "您的位置",
    "您现在的位置",
    "如果您对该文件有疑问",
    "版权所有",
    "主办单位",
    "承办单位",
    "ICP备",
    "网站标识码",
    "公网安备",
    "政府网站",
    "技术支持",
    "建议使用",
    "分辨率",
];

static PHRASE_MATCHER: LazyLock<AhoCorasick> =
    LazyLock::new(|| AhoCorasick::new(PHRASES).expect("chrome phrases form a valid automaton"));
static LINE_MATCHER: LazyLock<AhoCorasick> =
    LazyLock::new(|| AhoCorasick::new(LINE_PHRASES).expect("chrome line phrases form a valid automaton"));

/// Characters that draw separator rules (「━━━━」) on a page.
pub(crate) fn is_separator(c: char) -> bool {
    matches!(c, '━' | '─' | '—' | '=' | '＝' | '－')
}

fn is_han(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3400}'..='\u{4dbf}').contains(&c)
}

/// Whether a line is page chrome.
pub(crate) fn is_chrome_line(line: &str) -> bool {
    let n = line.chars().count();
    if line.chars().all(|c| is_separator(c) || matches!(c, '-' | '_' | '*' | '·' | '•' | '|') || c.is_whitespace()) {
        return n >= 3;
    }
    if n <= 80 && LINE_MATCHER.is_match(line) {
        return true;
    }
    // Breadcrumbs: 首页 > 政务公开 > 最新文件
    if n <= 80 && line.contains("首页") && (line.contains('>') || line.contains('＞') || line.contains('»')) {
        return true;
    }
    if !PHRASE_MATCHER.is_match(line) {
        return false;
    }
    let rest = PHRASE_MATCHER.replace_all(line, &vec![""; PHRASES.len()]);
    rest.chars().filter(|&c| is_han(c)).count() < 4
}

/// Marks chrome lines, one diagnostic each.
pub(crate) fn mark(pass: &mut Pass<'_>) {
    for i in 0..pass.lines.len() {
        if pass.roles[i] == Role::Body && is_chrome_line(&pass.view_line(i)) {
            let d = Diagnostic::info(
                DiagnosticKind::Chrome,
                format!("dropped page chrome 「{}」", shorten(&pass.line(i), 30)),
                Some(pass.lines[i].span()),
            );
            pass.mark(i, Role::Chrome, d);
        }
    }
}

/// Marks the lines that lie inside `spans` (regions the HTML markup marked as navigation,
/// headers, footers or the page title) as chrome.
pub(crate) fn mark_spans(pass: &mut Pass<'_>, spans: &[Span]) {
    if spans.is_empty() {
        return;
    }
    for i in 0..pass.lines.len() {
        let line = pass.lines[i].span();
        let inside = spans.iter().any(|s| s.start <= line.start && line.end <= s.end);
        if pass.roles[i] == Role::Body && inside {
            let d = Diagnostic::info(
                DiagnosticKind::Chrome,
                format!(
                    "dropped page chrome 「{}」 (a navigation, header or footer element)",
                    shorten(&pass.line(i), 30)
                ),
                Some(line),
            );
            pass.mark(i, Role::Chrome, d);
        }
    }
}

pub(crate) use crate::text::shorten;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chrome_lines() {
        assert!(is_chrome_line("字体大小: 打印"));
        assert!(is_chrome_line("扫一扫在手机打开当前页"));
        assert!(is_chrome_line("当前位置:首页> 政务公开> 最新文件"));
        assert!(is_chrome_line("全国各省市政府网站"));
        assert!(is_chrome_line("重点链接"));
        assert!(is_chrome_line("如果您对该文件有疑问,可以通过 网上咨询 方式咨询相关单位 。"));
        assert!(is_chrome_line("━━━━━━━━"));
        assert!(!is_chrome_line("加强统筹协调。建立培育经济发展新动能工作协调机制。"));
        assert!(!is_chrome_line("强化政府采购支持创新的机制。打印机等办公设备采购"));
    }
}
