"""A calendar heatmap: weeks as columns, Monday to Sunday as rows."""

from __future__ import annotations

from datetime import date, timedelta
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.app import RenderResult
from textual.widget import Widget

MIN_WEEKS = 26
DAY_LABELS = ("Mon", "   ", "Wed", "   ", "Fri", "   ", "Sun")
LABEL_WIDTH = 4
# Active minutes at which a day reaches each level of colour.
LEVELS = (0.0, 5.0, 12.0, 20.0)


def level(minutes: float) -> int:
    """0 for a day with no exercise, then 1-4 by active minutes."""
    if minutes <= 0:
        return 0
    return sum(minutes >= threshold for threshold in LEVELS)


def week_start(day: date) -> date:
    """The Monday of a day's ISO week."""
    return day - timedelta(days=day.weekday())


class Heatmap(Widget):
    """Active minutes per day for the last N weeks (at least 26, more if it fits)."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "heatmap--empty",
        "heatmap--level-1",
        "heatmap--level-2",
        "heatmap--level-3",
        "heatmap--level-4",
        "heatmap--today",
        "heatmap--label",
    }

    DEFAULT_CSS = """
    Heatmap {
        height: 8;
        width: 1fr;
    }
    Heatmap > .heatmap--empty { color: $panel-lighten-2; }
    Heatmap > .heatmap--level-1 { color: $success 40%; }
    Heatmap > .heatmap--level-2 { color: $success 60%; }
    Heatmap > .heatmap--level-3 { color: $success 80%; }
    Heatmap > .heatmap--level-4 { color: $success; }
    Heatmap > .heatmap--today { color: $warning; text-style: bold; }
    Heatmap > .heatmap--label { color: $text-muted; }
    """

    def __init__(
        self,
        minutes_by_day: dict[date, float],
        today: date,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.minutes_by_day = minutes_by_day
        self.today = today

    def weeks_shown(self) -> int:
        """As many weeks as fit, and MIN_WEEKS before the first layout; on a narrow
        terminal, the latest weeks that fit (rows never wrap)."""
        if not self.size.width:
            return MIN_WEEKS
        return max(1, (self.size.width - LABEL_WIDTH) // 2)

    def render(self) -> RenderResult:
        weeks = self.weeks_shown()
        first = week_start(self.today) - timedelta(weeks=weeks - 1)
        label_style = self.get_component_rich_style("heatmap--label")
        styles = [self.get_component_rich_style(f"heatmap--level-{n}") for n in range(1, 5)]
        empty = self.get_component_rich_style("heatmap--empty")
        today_style = self.get_component_rich_style("heatmap--today")
        text = Text(no_wrap=True, overflow="crop")
        text.append(self._month_row(first, weeks), label_style)
        for weekday in range(7):
            text.append("\n")
            text.append(DAY_LABELS[weekday].ljust(LABEL_WIDTH), label_style)
            for week in range(weeks):
                day = first + timedelta(weeks=week, days=weekday)
                if day > self.today:
                    text.append("  ")
                    continue
                lvl = level(self.minutes_by_day.get(day, 0.0))
                glyph = "■" if lvl else "·"
                style: Style = styles[lvl - 1] if lvl else empty
                if day == self.today:
                    glyph, style = ("■" if lvl else "□"), today_style
                text.append(glyph + " ", style)
        return text

    def _month_row(self, first: date, weeks: int) -> str:
        """The year of the first week over the day names, then each month's name over
        the week of its 1st where it has room (the last one moved left a cell rather than
        run off the end). A January is named by its year: a wide terminal shows two."""
        row = [" "] * (LABEL_WIDTH + weeks * 2)
        row[:LABEL_WIDTH] = f"{first.year:<{LABEL_WIDTH}}"[:LABEL_WIDTH]
        previous_month = None
        for week in range(weeks):
            sunday = first + timedelta(weeks=week, days=6)  # a month's 1st is in its week
            if sunday.month != previous_month:
                name = str(sunday.year) if sunday.month == 1 else sunday.strftime("%b")
                start = min(LABEL_WIDTH + week * 2, len(row) - len(name))
                if all(cell == " " for cell in row[max(0, start - 1) : start + len(name)]):
                    row[start : start + len(name)] = name
                previous_month = sunday.month
        return "".join(row).rstrip()
