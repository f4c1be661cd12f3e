"""Noisy variants of a document, for checking that accuracy holds on real-world input."""
import html, re

try:
    import opencc
    _s2t = opencc.OpenCC("s2t").convert
except Exception:  # pragma: no cover
    _s2t = None

HALF = str.maketrans({"，": ",", "。": "｡", "（": "(", "）": ")", "：": ":", "；": ";", "“": '"', "”": '"', "、": ","})


def wrap(text, width=36):
    out = []
    for line in text.split("\n"):
        line = line.rstrip("\r")
        while len(line) > width:
            out.append(line[:width])
            line = line[width:]
        out.append(line)
    return "\n".join(out)


def renumber(text):
    han = "一二三四五六七八九十"
    text = re.sub(r"^(\s*)([一二三四五六七八九十]+)、", r"\1第\2部分 ", text, flags=re.M)
    def art(m):
        n = m.group(2)
        v = {c: i + 1 for i, c in enumerate(han)}
        num = v.get(n, None) if len(n) == 1 else (10 + v.get(n[1], 0) if n[0] == "十" else v[n[0]] * 10 + (v.get(n[2], 0) if len(n) > 2 else 0))
        return f"{m.group(1)}{num}."
    text = re.sub(r"^(\s*)[（(]([一二三四五六七八九十]+)[）)]", art, text, flags=re.M)
    text = re.sub(r"^(\s*)(\d+)[．]", r"\1（\2）", text, flags=re.M)
    return text


def to_html(text):
    body = "".join(f"<p>{html.escape(l)}</p>\n" for l in text.split("\n"))
    return ("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>政府信息公开</title><script>var a='<p>x</p>';</script>"
            "<style>p{margin:0}</style></head><body><div class=\"nav\">首页 &gt; 政务公开 &gt; 政策文件</div>"
            "<div>字体大小：【大 中 小】 打印</div>" + body + "<div>扫一扫在手机打开当前页</div><div>版权所有：某某市人民政府办公厅</div></body></html>")


def all_variants(text):
    out = {}
    if _s2t:
        out["traditional"] = (_s2t(text).encode("utf-8"), ".txt")
    out["halfwidth"] = (text.translate(HALF).encode("utf-8"), ".txt")
    out["html"] = (to_html(text).encode("utf-8"), ".html")
    out["gbk"] = (text.encode("gb18030"), ".txt")
    out["wrapped"] = (wrap(text).encode("utf-8"), ".txt")
    out["renumbered"] = (renumber(text).encode("utf-8"), ".txt")
    return out
