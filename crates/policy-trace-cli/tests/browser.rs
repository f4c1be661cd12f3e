//! The HTML coverage report in a real browser (headless Chromium): the grid and a side-by-side
//! view render, and document text that looks like markup stays text.
//!
//! `make test` installs Chromium (scripts/setup-browser.sh); without it this test fails with
//! that advice rather than passing silently.

use std::path::{Path, PathBuf};
use std::process::Command;

const HOSTILE: &str = "天津市测试区人民政府关于测试的实施意见\n\
一、总体要求\n\
（一）深化商事制度改革。<script>document.title='PWNED'</script>适应新兴经济领域市场主体变化快、业态新、规模小等特点，进一步推进工商注册便利化。\n\
（二）加强产权保护。\"><img src=x onerror=\"document.body.setAttribute('data-pwned','1')\"><a href=\"javascript:document.body.setAttribute('data-pwned','2')\">链接</a>完善政务信息资源共享管理办法。\n";

/// A document whose title and file name are hostile too.
const HOSTILE_TITLE: &str = "测试市人民政府关于<script>document.title='PWNED'</script>\"><img src=x onerror=\"document.body.setAttribute('data-pwned','3')\">推进改革的实施意见\n\
测政发〔2017〕1号\n\
一、总体要求\n\
（一）<a href=\"javascript:document.body.setAttribute('data-pwned','4')\">javascript:document.body.setAttribute('data-pwned','5')</a>进一步推进工商注册便利化，实行“多证合一、一照一码”。\n";

/// A file name that closes an attribute and opens an element; a file name cannot hold `/`.
const HOSTILE_NAME: &str =
    "\"><img src=x onerror=\"document.body.setAttribute('data-pwned','6')\">javascript:alert(1).txt";

fn chromium() -> PathBuf {
    for name in ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"] {
        if let Ok(out) = Command::new("which").arg(name).output()
            && out.status.success()
        {
            return PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
        }
    }
    panic!("no Chromium found: run scripts/setup-browser.sh (make test does) to install it from Debian's packages");
}

fn browser(args: &[&str], url: &str) -> Vec<u8> {
    let out = Command::new(chromium())
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=1200,900"])
        .args(args)
        .arg(url)
        .output()
        .expect("chromium runs");
    assert!(out.status.success(), "chromium failed: {}", String::from_utf8_lossy(&out.stderr));
    out.stdout
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("policy-trace-browser-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn report(dir: &Path) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let hostile = dir.join("hostile.txt");
    std::fs::write(&hostile, HOSTILE).expect("write input");
    let hostile_named = dir.join(HOSTILE_NAME);
    std::fs::write(&hostile_named, HOSTILE_TITLE).expect("write input");
    let out = dir.join("report.html");
    let status = Command::new(env!("CARGO_BIN_EXE_policy-trace"))
        .args(["report", "--national", "builtin:guobanfa-2017-4"])
        .arg(root.join("data/corpus/henan-2017-implementing-opinions.txt"))
        .arg(&hostile)
        .arg(&hostile_named)
        .arg("-o")
        .arg(&out)
        .status()
        .expect("policy-trace runs");
    assert!(status.success());
    out
}

#[test]
fn report_renders_and_keeps_markup_as_text() {
    let dir = scratch("render");
    let html_path = report(&dir);
    let html = std::fs::read_to_string(&html_path).expect("report written");
    let url = format!("file://{}", html_path.display());

    // The DOM after the page's own scripts (if any) ran.
    let dom = String::from_utf8(browser(&["--dump-dom", "--virtual-time-budget=2000"], &url)).expect("utf-8 DOM");
    assert!(dom.contains("class=\"matrix\""), "the grid is in the page");
    assert!(dom.contains("&lt;script&gt;document.title='PWNED'&lt;/script&gt;"), "the script tag is shown as text");
    assert!(!dom.contains("<title>PWNED"), "no script from the document ran");
    assert!(!dom.contains("data-pwned=\""), "no event handler or javascript: link from the document ran");
    assert!(!dom.contains("<img src=\"x\""), "no element was injected");
    assert!(!dom.contains("<img"), "no image element at all");
    assert!(!dom.contains("<a href=\"javascript:"), "no javascript: link");
    // The hostile title and file name are in the page, as text.
    assert!(
        dom.contains("推进改革的实施意见") && dom.contains("javascript:alert(1)"),
        "the hostile document is reported"
    );
    assert_eq!(dom.matches("<script").count(), 0, "no script element, from the template or the documents");

    // A side-by-side view is hidden until its cell is opened (its anchor is the target): printed
    // to PDF, the page shows its text only then.
    let (anchor, rest) = html
        .split("class=\"detail\" id=\"")
        .nth(1)
        .and_then(|s| s.split_once('"'))
        .expect("the report has side-by-side views");
    let measure = rest.split("<h3>").nth(1).and_then(|s| s.split(' ').next()).expect("the view names its measure");
    let marker = format!("national {measure}");
    assert!(dom.contains("<mark>"), "shared spans are highlighted");
    let printed = |fragment: &str, name: &str| {
        let pdf = dir.join(name);
        browser(&[&format!("--print-to-pdf={}", pdf.display()), "--no-pdf-header-footer"], &format!("{url}{fragment}"));
        let out = Command::new("pdftotext")
            .arg(&pdf)
            .arg("-")
            .output()
            .expect("pdftotext runs (scripts/setup-browser.sh installs it)");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let closed = printed("", "closed.pdf");
    let open = printed(&format!("#{anchor}"), "open.pdf");
    assert!(closed.contains("Measures") && closed.contains("L1"), "the grid renders");
    assert!(!closed.contains(&marker), "side-by-side views are hidden until opened");
    assert!(open.contains(&marker), "opening a cell shows its side-by-side view");
    let _ = std::fs::remove_dir_all(&dir);
}
