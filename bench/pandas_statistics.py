"""The benchmark statistics in pandas (pyarrow CSV engine), for the native column of
BENCHMARKS.md: prints {"ms": …, "summary": …} for the CSV given, timed from read_csv to
the last figure (interpreter start and imports not counted)."""

import json
import sys
import time

import pandas as pd

CURRENT = ("2020-12-21", "2021-01-21")
PREVIOUS = ("2020-11-21", "2020-12-21")
GROUPS = [
    ["电话", "来电", "热线电话", "12345电话"],
    ["微信公众号", "微信", "网站", "手机APP", "APP", "短信", "邮件"],
    ["市政府网留言", "政府网站留言", "市长信箱"],
    ["省政务服务咨询投诉平台", "省平台", "粤省心"],
]
TRANSFER = ["转办", "转派", "督办", "派单"]
CLOSED = ["已办结", "办结", "已结案", "结案", "已完成", "已归档"]
SATISFIED = ["满意", "基本满意", "非常满意", "比较满意"]
UNSATISFIED = ["不满意", "非常不满意", "比较不满意"]
KEYWORDS = "新冠|疫情|核酸|隔离|疫苗|防疫|返湛|到湛"


def statistics(path, encoding):
    # Exports from Chinese Windows may carry a title row above the header.
    with open(path, "rb") as f:
        first = f.readline().decode(encoding, errors="replace")
    skip = 0 if "受理时间" in first else 1
    t = pd.read_csv(path, dtype=str, engine="pyarrow", encoding=encoding, skiprows=skip)
    t.columns = [c.lstrip("\ufeff") for c in t.columns]
    time_ = t["受理时间"]
    current = t[(time_ >= CURRENT[0]) & (time_ < CURRENT[1])]
    previous = t[(time_ >= PREVIOUS[0]) & (time_ < PREVIOUS[1])]
    channel_cur = current["诉求渠道"].str.strip()
    channel_prev = previous["诉求渠道"].str.strip()
    groups = [[int(channel_cur.isin(g).sum()) for g in GROUPS], [int(channel_prev.isin(g).sum()) for g in GROUPS]]
    types = current["诉求类型"].str.strip().value_counts().to_dict()
    valid = current[current["诉求类型"] != "无效"]
    transferred = valid[valid["办理方式"].isin(TRANSFER)]
    by_category = transferred["转办类别"].value_counts().to_dict()
    consultation = valid[valid["诉求类型"] == "咨询"]
    top5 = consultation["一级分类"].value_counts().head(5).to_dict()
    keyword = int(consultation["诉求内容"].str.contains(KEYWORDS, regex=True, na=False).sum())
    on_time = (
        (transferred["办结时间"] <= transferred["办结期限"]) & transferred["工单状态"].isin(CLOSED)
    ).mean()
    satisfied = valid["满意度"].isin(SATISFIED).sum()
    evaluated = satisfied + valid["满意度"].isin(UNSATISFIED).sum()
    return {
        "current": len(current),
        "previous": len(previous),
        "groups": groups,
        "types": {k: int(v) for k, v in types.items()},
        "transferred": {k: int(v) for k, v in by_category.items()},
        "top5": {k: int(v) for k, v in top5.items()},
        "keyword": keyword,
        "onTime": float(on_time),
        "satisfaction": float(satisfied / evaluated),
    }


if __name__ == "__main__":
    path, encoding = sys.argv[1], (sys.argv[2] if len(sys.argv) > 2 else "utf-8")
    start = time.perf_counter()
    summary = statistics(path, encoding)
    print(json.dumps({"ms": (time.perf_counter() - start) * 1000, "summary": summary}, ensure_ascii=False))
