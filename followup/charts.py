"""Charts drawn on the server as SVG (no JavaScript). Each chart is data plus geometry computed
here and drawn by a template; every chart comes with a table that says the same in text.

Colours have at least 3:1 contrast against white (WCAG 1.4.11) and are never the only cue:
segments carry their numbers, markers differ in shape, and the legend and table name every status.
"""

from dataclasses import dataclass, field

from .models import RECURRING_STATUSES, Status

#: Stacking order, bottom to top: done first.
STATUS_ORDER = [
    Status.DONE,
    Status.ON_TRACK,
    Status.PARTLY_DONE,
    Status.IN_PROGRESS,
    Status.BELOW_PLAN,
    Status.NOT_STARTED,
    Status.POSTPONED,
    Status.NOT_DONE,
]

STATUS_COLOURS = {
    Status.DONE: "#0b6b3a",
    Status.PARTLY_DONE: "#8a6d00",
    Status.IN_PROGRESS: "#0b4f8a",
    Status.NOT_STARTED: "#6c757d",
    Status.POSTPONED: "#5a3d8a",
    Status.NOT_DONE: "#a4161a",
    Status.ON_TRACK: "#0f6b6b",
    Status.BELOW_PLAN: "#9a4a00",
}

#: Marker shapes for the status track, so that shape tells the status as well as colour.
STATUS_SHAPES = {
    Status.DONE: "circle",
    Status.PARTLY_DONE: "diamond",
    Status.IN_PROGRESS: "square",
    Status.NOT_STARTED: "ring",
    Status.POSTPONED: "triangle",
    Status.NOT_DONE: "cross",
    Status.ON_TRACK: "hollow-square",
    Status.BELOW_PLAN: "down-triangle",
}


@dataclass
class Segment:
    status: str
    label: str
    count: int
    colour: str
    y: int = 0
    height: int = 0

    @property
    def label_y(self):
        return self.y + self.height // 2 + 4


@dataclass
class Bar:
    label: str
    total: int
    segments: list = field(default_factory=list)
    x: int = 0
    width: int = 0
    columns: list = field(default_factory=lambda: list(STATUS_ORDER))

    @property
    def centre(self):
        return self.x + self.width // 2

    @property
    def counts(self):
        by_status = {s.status: s.count for s in self.segments}
        return [by_status.get(status, 0) for status in self.columns]


def shown(present):
    """The statuses a chart names: all, except those of recurring löften where none is
    `present` (a document without recurring löften never shows them)."""
    return [s for s in STATUS_ORDER if s not in RECURRING_STATUSES or s in present]


def legend(statuses=STATUS_ORDER):
    return [
        {"status": s, "label": s.label, "colour": STATUS_COLOURS[s], "shape": STATUS_SHAPES[s]}
        for s in statuses
    ]


def stacked_status_bars(rows, *, width=640, height=260):
    """Statuses per follow-up as stacked bars over time.

    `rows` is an ordered list of (label, {status: count}). Returns a dict the template
    `followup/charts/_stacked_bars.html` draws, or None when there is nothing to draw.
    """
    if not rows:
        return None
    margin_left, margin_bottom, margin_top = 40, 40, 10
    plot_height = height - margin_bottom - margin_top
    plot_width = width - margin_left - 10
    most = max(sum(counts.values()) for _, counts in rows) or 1
    slot = plot_width / len(rows)
    bar_width = round(min(60, slot * 0.6))
    columns = shown({status for _, counts in rows for status, n in counts.items() if n})
    bars = []
    for index, (label, counts) in enumerate(rows):
        bar = Bar(label=label, total=sum(counts.values()), width=bar_width, columns=columns)
        bar.x = round(margin_left + index * slot + (slot - bar_width) / 2)
        top = margin_top + plot_height
        for status in STATUS_ORDER:
            count = counts.get(status, 0)
            if not count:
                continue
            # Cumulative rounding keeps the stack exactly as tall as its total.
            bottom = top
            top = round(
                margin_top
                + plot_height
                - plot_height
                * (sum(counts.get(s, 0) for s in STATUS_ORDER[: STATUS_ORDER.index(status) + 1]))
                / most
            )
            segment_height = bottom - top
            bar.segments.append(
                Segment(
                    status=status,
                    label=Status(status).label,
                    count=count,
                    colour=STATUS_COLOURS[status],
                    y=top,
                    height=segment_height,
                )
            )
        bars.append(bar)
    ticks = sorted({0, most, most // 2})
    return {
        "width": width,
        "height": height,
        "bars": bars,
        "baseline": margin_top + plot_height,
        "margin_left": margin_left,
        "label_y": height - margin_bottom + 18,
        "ticks": [
            {"value": t, "y": round(margin_top + plot_height - plot_height * t / most)}
            for t in ticks
        ],
        "legend": legend(columns),
        "statuses": [s.label for s in columns],
    }


def status_track(points, *, width=640, height=160):
    """One commitment's status across follow-ups: a marker per period at the height of its
    progress (see followup.progress), shaped by status. `points` is an ordered list of
    (label, status or None, percent or None)."""
    if not points:
        return None
    margin_left, margin_bottom, margin_top = 48, 36, 14
    plot_height = height - margin_bottom - margin_top
    slot = (width - margin_left - 10) / len(points)
    markers = []
    for index, (label, status, percent) in enumerate(points):
        x = round(margin_left + index * slot + slot / 2)
        marker = {"label": label, "x": x, "status": status}
        if status:
            marker.update(
                y=round(margin_top + plot_height * (1 - percent / 100)),
                percent=percent,
                colour=STATUS_COLOURS[status],
                shape=STATUS_SHAPES[status],
                status_label=Status(status).label,
            )
        markers.append(marker)
    drawn = [m for m in markers if m["status"]]
    return {
        "width": width,
        "height": height,
        "markers": markers,
        "path": " ".join(f"{'M' if i == 0 else 'L'}{m['x']},{m['y']}" for i, m in enumerate(drawn)),
        "label_y": height - margin_bottom + 20,
        "ticks": [
            {"value": p, "y": round(margin_top + plot_height * (1 - p / 100))}
            for p in (0, 25, 50, 100)
        ],
        "margin_left": margin_left,
        "legend": legend(shown({status for _label, status, _percent in points})),
    }


def percent_bars(rows, *, width=640, row_height=28):
    """Horizontal bars of a percentage per category (focus area, län). `rows` is a list of
    (label, percent or None, number of commitments)."""
    if not rows:
        return None
    label_width, value_width = 220, 70
    plot_width = width - label_width - value_width
    bars = []
    for index, (label, percent, count) in enumerate(rows):
        bars.append(
            {
                "label": label,
                "percent": percent,
                "count": count,
                "y": index * row_height,
                "width": 0 if percent is None else round(plot_width * percent / 100),
            }
        )
    return {
        "width": width,
        "height": row_height * len(rows),
        "row_height": row_height,
        "bars": bars,
        "label_width": label_width,
        "value_x": label_width + plot_width + 8,
    }
