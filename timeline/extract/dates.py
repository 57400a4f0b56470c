"""Dates in news sentences, resolved against the article's publication date.

`find_dates(sentence, published)` returns every date expression in a sentence as a
`DateMention` whose `when` is an `events.values.When` (precision DAY, WEEK, MONTH or YEAR,
rule EXACT). Resolution rules, with P the publication date:

- Weekdays: "Tuesday", "on Tuesday", "last Tuesday", "this Tuesday", "Tuesday night" -> the
  latest such day on or before P (P itself if P is a Tuesday); "next Tuesday" -> the first
  one after P. A weekday right before an explicit date ("Tuesday, Nov. 14") adds nothing.
- Day and month without a year ("Nov. 14", "14 November", "Sept. 3") -> that day in P's year,
  or in the year before if that would be more than 62 days after P (early-January articles
  speak of late December). With a year, exactly that day. "Nov. 14-16" is an interval.
- A month alone needs a cue before it ("in", "since", "until", "last", "early", "mid-", ...),
  so "Theresa May" and "they may" are never dates; it resolves to the latest such month not
  after P's month, MONTH precision. "September 2023" is that month exactly.
- Numeric dates: ISO "2023-11-14" and "2023/11/14"; "14/11/2023" and "14.11.2023" are read
  day-first when the first number is over 12, month-first when the second is; when both
  readings are valid (03/04/2023) the one on or before P and nearest to it is taken, and
  day-first when neither is.
- Years: "in 2019", "the 2019 election" -> YEAR; "1950-53", "from 2018 to 2020", "between
  2018 and 2020" -> a YEAR interval; "the 1990s" -> the decade. A four-digit number is not a
  year when a unit follows it ("2000 troops"), when it names a resolution, a number, an
  aircraft or an amount ("Resolution 2231", "No. 1", "F-16", "$2000"), or when it falls
  outside 1600 .. P's year + 30.
- Relative: "today", "tonight", "this morning" -> P; "yesterday", "last night" -> P - 1;
  "tomorrow" -> P + 1; "this week" / "earlier this week" -> Monday of P's ISO week to P (WEEK);
  "last week" -> the previous ISO week; "next week" -> the following one; the same for month
  (MONTH precision) and year (YEAR precision); "two days ago" -> P - 2; "three weeks ago" ->
  the ISO week of P - 21 days; "a month ago" -> the month before; "a decade ago" and "N years
  ago" -> that year; "in recent days", "the past few days", "the past week" -> the seven days
  up to P (WEEK precision); "the past N days" (N <= 14) -> those days. Modifiers are matched
  in any case ("Last year", "On Monday", "Yesterday").
- Not resolved on purpose: "recently", "in recent weeks/months", "the past year", "the past
  30 days" (spans over which things are counted), "soon" (too vague to date an
  event: the caller falls back on the publication date with the on_or_before rule), times of
  day ("at 3 p.m."), and ordinals that are not dates ("the 38th parallel").
- Two dates joined by "and", "to", "until", "through" or a dash after "between"/"from" become
  one interval: "from 2018 to 2020"; "between March and May 2019" (the year of the second
  applies to the first); "between Monday and Wednesday" (the first is the latest Monday on or
  before P, the second the Wednesday after it).

`relative` is True when the resolution used P (a weekday, "last month", a day without a
year); `historical` is True when the mention ends more than two years (730 days) before P.

Speed: a cheap cue check first (most sentences have no date word and cost ~1 µs), then the
full pattern is tried only at the few word starts before each anchor (a digit, a month or
weekday name, "week", "ago", ...). Measured ~24,000 sentences/s on the Guardian sample (where a
third of the sentences hold a date cue) on one core.

`publication_date(value)` parses a front-matter or command-line date in any common form;
`dateline_date("Nov 14", P)` reads a dateline's date as the latest such day on or before
P + 1 day (a dateline written in Seoul is dated a day ahead of a New York publication date).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from events.values import DateRule, Precision, When
from timeline.actors.gazetteer import trie_pattern
from timeline.patterns import compiled

__all__ = ["MONTHS", "WEEKDAYS", "DateMention", "dateline_date", "find_dates", "may_name_day", "publication_date"]

HISTORICAL_DAYS = 730
_YEARLESS_FUTURE_DAYS = 62


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression in a sentence and the interval it stands for."""

    text: str
    start: int
    end: int
    when: When
    relative: bool
    historical: bool
    ahead: When | None = None
    """What the mention stands for as the time of an act still to come ("will visit in December",
    "talks due on Tuesday", "will meet on 14 November"): the first such month or day on or after
    the publication date, where `when` is the latest on or before it. None when the expression
    fixes its own direction ("last Tuesday", "next month", "two days ago", a year) or is a
    range, or when both readings are the same."""


# ---------------------------------------------------------------------------------------------
# Vocabulary

_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip
MONTHS = frozenset(_MONTHS)  # the month names and abbreviations, lower-cased
WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6,
}  # fmt: skip
_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "several": 3, "a few": 3,
    "few": 3, "a couple of": 2, "couple of": 2,
}  # fmt: skip
# Capitalised words that make a weekday part of a name ("Black Friday", "Bloody Sunday").
_WEEKDAY_NAMES = frozenset(
    "black good super bloody holy easter cyber ash palm maundy shrove giving small plough "
    "low white cyber-monday".split()
)

_MONTH_FULL = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
)
_MONTH_ANY = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept\.?|Sep\.?|Oct\.?|Nov\.?|Dec\.?)"
)
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_ORD = r"(?:st|nd|rd|th)?"
_YEAR = r"(?:1[6-9]\d\d|20\d\d|21\d\d)"
_NUM = (
    r"(?:\d{1,2}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several"
    r"|a\ few|a\ couple\ of)"
)
_PART = r"(?:morning|afternoon|evening|night)"

# Cheap gate: a sentence without any of these cannot hold a date.
# The lookahead on first letters lets the regex engine skip most positions without trying
# each alternative (twice as fast as the bare alternation, same matches).
_CUE = re.compile(
    r"(?=[\dJFMASONDdwmyatnhe])"
    r"(?:\d|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|day|week|month|year|ago|tonight"
    r"|morning|afternoon|evening|night|decade)",
)

_PATTERN = compiled(
    rf"""
    (?P<iso>\b(?P<iy>{_YEAR})(?P<isep>[-/])(?P<im>\d{{1,2}})(?P=isep)(?P<id>\d{{1,2}})\b)
  | (?P<num>\b(?P<n1>\d{{1,2}})(?P<nsep>[/.])(?P<n2>\d{{1,2}})(?P=nsep)(?P<ny>{_YEAR})\b)
  | (?P<dmy>\b(?:(?P<dmy_wd>{_WEEKDAY}),?\s)?(?P<d1>\d{{1,2}}){_ORD}
        (?:\s?[-–]\s?(?P<d1b>\d{{1,2}}){_ORD})?\s(?:of\s)?(?P<m1>{_MONTH_ANY})
        (?:,?\s(?P<y1>{_YEAR})\b)?(?![\w-]))
  | (?P<mdy>\b(?:(?P<mdy_wd>{_WEEKDAY}),?\s)?(?P<m2>{_MONTH_ANY})\s(?P<d2>\d{{1,2}}){_ORD}
        (?:\s?[-–]\s?(?P<d2b>\d{{1,2}}){_ORD})?(?:,?\s(?P<y2>{_YEAR}))?\b(?![-/]\d|,\d|\.\d))
  | (?P<my>\b(?:(?P<my_mod>early|late|mid|mid-|last|this|next)\s?)?(?P<m3>{_MONTH_ANY}),?\s
        (?P<y3>{_YEAR})\b(?![-/]\d))
  | (?P<yrange>\b(?P<yr1>{_YEAR})\s?[-–/]\s?(?P<yr2>\d{{4}}|\d{{2}})\b(?![-/.]\d))
  | (?P<decade>\b(?:[Tt]he\s)?(?P<dec>1[6-9]\d0|20\d0)[’']?s\b)
  | (?P<month>\b(?P<mcue>(?i:in|since|until|till|through|throughout|during|by|before|after|from
        |last|next|this|early|late|mid|mid-|earlier|later|of|between|and|to))\s?
        (?P<mmod>(?:early|late|mid|mid-)\s?)?(?P<m4>{_MONTH_FULL}|Sept\.|Aug\.|Oct\.|Nov\.|Dec\.)
        (?![\w-]|\.?\s\d|\s(?:{_YEAR})))
  | (?P<wd>\b(?:(?P<wmod>(?i:last|next|this|on|early|late|by|since|until))\s)?(?P<wday>{_WEEKDAY})
        (?:[’']s)?(?:\s(?P<wpart>{_PART}))?\b
        (?!,?\s(?:{_MONTH_ANY}\s\d|\d{{1,2}}(?:st|nd|rd|th)?\s(?:of\s)?{_MONTH_ANY})))
  | (?P<rel>\b(?:(?P<rmod>(?i:earlier|later))\s)?(?P<rword>(?i:today|tonight|yesterday|tomorrow
        |the\sday\sbefore\syesterday|last\snight|this\s{_PART}))\b)
  | (?P<unit>\b(?P<umod>(?i:earlier\sthis|later\sthis|late\slast|early\slast|earlier\slast|this
        |last|next|the\spast|the\slast|over\sthe\spast|in\sthe\spast|the\scoming))
        \s(?P<uname>week|month|year|weekend|few\sdays|couple\sof\sdays|several\sdays
        |seven\sdays|few\sweeks)\b)
  | (?P<ago>\b(?P<anum>(?i:{_NUM}))\s(?P<aunit>days?|weeks?|months?|years?|decades?)\sago\b)
  | (?P<recent>\b(?i:in\srecent\sdays|in\sthe\spast\sfew\sdays|over\sthe\spast\sfew\sdays)\b)
  | (?P<pastn>\b(?i:the|in\sthe|over\sthe)\s(?:past|last)\s(?P<pnum>{_NUM})\s(?P<punit>days|weeks)\b)
  | (?P<year>\b(?P<y5>{_YEAR})\b(?![-/.,]\d|\s?%))
    """,
    re.VERBOSE,
)

_NOT_YEAR_BEFORE = re.compile(
    r"(?:resolution|resolutions|no\.?|nos\.?|number|article|art\.?|flight|route|highway|model"
    r"|chapter|section|rule|paragraph|item|page|pages|room|gate|unit|code|order|decree|law|act"
    r"|bill|hr|s\.|hb|sb|hwy|su|mig|f|t|k|kn|hs|tu|il|an|ka|mi|a|b|c|#|\$|£|€|¥|us\$|rs\.?|bn|mn"
    r"|km|kg|mm|cal|cal\.|caliber)[\s-]?$",
    re.IGNORECASE,
)
_UNIT_AFTER = re.compile(
    r"\s?(?:-|–)?(?:[a-z][a-z]*s\b|km|kg|m\b|mm|ft|kilomet|miles?|people|troops|soldiers|tonnes"
    r"|tons|dollars|euros|pounds|barrels|metres|meters|hours|minutes|seconds|percent|per\s?cent"
    r"|GMT|UTC|hrs|hours|local|[ap]\.?m\b|h\b|yuan|won|rubles|roubles|yen|rupees)",
)
_YEAR_AFTER_OK = re.compile(
    r"\s(?:election|elections|war|wars|crisis|summit|agreement|accord|deal|treaty|talks|games"
    r"|olympics|world\scup|census|budget|report|visit|invasion|uprising|coup|attack|attacks"
    r"|protests|revolution|armistice|campaign|vote|referendum|strike|strikes|offensive|meeting"
    r"|meetings|budgets|sanctions|negotiations|drills|exercises|floods|earthquake|tsunami"
    r"|bombings|riots|killings|massacre|ceasefire|truce|resolution|law|laws|levels?|figures"
    r"|data|estimates?|talks|polls?|visits|tests|test|launches|launch|cycles?|season|seasons"
    r"|reforms|deals|trips|trip|flights|years)\b",
)


# ---------------------------------------------------------------------------------------------
# Calendar helpers (plain date arithmetic: importing pendulum took ~35 ms of every ingest's start)


def _add_months(year: int, month: int, months: int) -> tuple[int, int]:
    """(year, month) `months` later (earlier, if negative)."""
    index = year * 12 + month - 1 + months
    return index // 12, index % 12 + 1


def _month_span(year: int, month: int) -> tuple[dt.date, dt.date]:
    """The first and the last day of the month."""
    first = dt.date(year, month, 1)
    if month == 12:
        return first, dt.date(year, 12, 31)
    return first, dt.date(year, month + 1, 1) - dt.timedelta(days=1)


def _valid(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _yearless(month: int, day: int, published: dt.date, ahead_days: int) -> dt.date | None:
    """The day (month, day) nearest before published + ahead_days, scanning back over a leap
    cycle for 29 February."""
    limit = published + dt.timedelta(days=ahead_days)
    for year in range(published.year + 1, published.year - 9, -1):
        day_ = _valid(year, month, day)
        if day_ is not None and day_ <= limit:
            return day_
    return None


def _yearless_ahead(month: int, day: int, published: dt.date) -> dt.date | None:
    """The day (month, day) on or after published, scanning forward over a leap cycle for 29 February."""
    for year in range(published.year, published.year + 9):
        day_ = _valid(year, month, day)
        if day_ is not None and day_ >= published:
            return day_
    return None


# Cues that point a month or weekday back in time whatever the tense: "since March", "last
# Tuesday", "earlier in May". After any other cue the tense of the act decides (`ahead`).
_BACKWARD_CUES = frozenset({"last", "since", "earlier", "after"})


def _latest_weekday(weekday: int, published: dt.date) -> dt.date:
    return published - dt.timedelta(days=(published.weekday() - weekday) % 7)


def _next_weekday(weekday: int, published: dt.date) -> dt.date:
    return published + dt.timedelta(days=(weekday - published.weekday() - 1) % 7 + 1)


def _week(day: dt.date) -> tuple[dt.date, dt.date]:
    """Monday to Sunday of the day's ISO week."""
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=6)


def _number(word: str) -> int:
    word = " ".join(word.lower().split())
    if word.isdigit():
        return int(word)
    return _NUMBERS[word]


# ---------------------------------------------------------------------------------------------
# Resolution of one match


def _day(day: dt.date) -> When:
    return When(day, day, Precision.DAY, DateRule.EXACT)


def _interval(start: dt.date, end: dt.date, precision: Precision) -> When:
    return When(start, end, precision, DateRule.EXACT)


def _month_when(year: int, month: int) -> When:
    start, end = _month_span(year, month)
    return _interval(start, end, Precision.MONTH)


def _year_when(first: int, last: int | None = None) -> When:
    return _interval(dt.date(first, 1, 1), dt.date(last or first, 12, 31), Precision.YEAR)


def _resolve(m: re.Match[str], text: str, published: dt.date) -> tuple[When, bool, int] | tuple[When, bool, int, When | None] | None:
    """(when, relative, start offset[, ahead]) for a match, or None when it is not a date after
    all; `ahead` (see `DateMention.ahead`) only from the forms whose direction the tense decides."""
    kind = m.lastgroup
    g = m.group
    start = m.start()
    P = published
    if kind == "iso":
        day = _valid(int(g("iy")), int(g("im")), int(g("id")))
        return (_day(day), False, start) if day else None
    if kind == "num":
        return _resolve_numeric(int(g("n1")), int(g("n2")), int(g("ny")), P, start)
    if kind in ("dmy", "mdy"):
        d_first, d_last, month_name, year_text = (
            (g("d1"), g("d1b"), g("m1"), g("y1"))
            if kind == "dmy"
            else (g("d2"), g("d2b"), g("m2"), g("y2"))
        )
        month = _MONTHS[month_name.rstrip(".").lower()]
        d1 = int(d_first)
        d2 = int(d_last) if d_last else d1
        if d2 < d1:
            return None
        if year_text:
            first = _valid(int(year_text), month, d1)
            last = _valid(int(year_text), month, d2)
            relative = False
        else:
            if kind == "mdy" and month_name == "May" and not _may_is_month(text, m.start("m2")):
                return None
            first = _yearless(month, d1, P, _YEARLESS_FUTURE_DAYS)
            last = _valid(first.year, month, d2) if first else None
            relative = True
        if first is None or last is None:
            return None
        when = _interval(first, last, Precision.DAY)
        if not relative:
            return when, relative, start
        soonest = _yearless_ahead(month, d1, P)
        later = _valid(soonest.year, month, d2) if soonest else None
        return when, relative, start, _interval(soonest, later, Precision.DAY) if soonest and later else None
    if kind == "my":
        month = _MONTHS[g("m3").rstrip(".").lower()]
        return _month_when(int(g("y3")), month), False, start
    if kind == "yrange":
        y1 = int(g("yr1"))
        tail = g("yr2")
        y2 = int(tail) if len(tail) == 4 else (y1 // 100) * 100 + int(tail)
        if len(tail) == 2 and y2 < y1:
            y2 += 100
        if not (y1 < y2 <= y1 + 100) or y2 > P.year + 30:
            return None
        return _year_when(y1, y2), False, start
    if kind == "decade":
        d = int(g("dec"))
        if d > P.year + 30:
            return None
        return _year_when(d, d + 9), False, start
    if kind == "month":
        return _resolve_month(m, text, P)
    if kind == "wd":
        return _resolve_weekday(m, text, P)
    if kind == "rel":
        word = " ".join(g("rword").lower().split())
        if word == "yesterday" or word == "last night":
            return _day(P - dt.timedelta(days=1)), True, start
        if word == "the day before yesterday":
            return _day(P - dt.timedelta(days=2)), True, start
        if word == "tomorrow":
            return _day(P + dt.timedelta(days=1)), True, start
        return _day(P), True, start
    if kind == "unit":
        return _resolve_unit(g("umod"), g("uname"), P, start)
    if kind == "ago":
        return _resolve_ago(_number(g("anum")), g("aunit").lower().rstrip("s"), P, start)
    if kind == "recent":
        return _interval(P - dt.timedelta(days=7), P, Precision.WEEK), True, start
    if kind == "pastn":
        n = _number(g("pnum"))
        days = n * (7 if g("punit") == "weeks" else 1)
        if days > 14:
            return None  # "the past 30 days": a span for counts, not the date of an event
        return _interval(P - dt.timedelta(days=days), P, Precision.WEEK), True, start
    if kind == "year":
        return _resolve_year(m, text, P)
    return None


def _resolve_numeric(a: int, b: int, year: int, P: dt.date, start: int):
    dmy = _valid(year, b, a)
    mdy = _valid(year, a, b)
    if dmy and mdy and dmy != mdy:
        limit = P + dt.timedelta(days=1)
        past = [d for d in (dmy, mdy) if d <= limit]
        if len(past) == 2:
            day = max(past)
        elif past:
            day = past[0]
        else:
            day = dmy
    else:
        day = dmy or mdy
    return (_day(day), False, start) if day else None


def _may_is_month(text: str, at: int) -> bool:
    """'May 5' is a date, but not in 'Theresa May 5 times' style names: a capitalised word
    right before May (other than at a sentence start) makes it a surname."""
    j = at - 1
    while j >= 0 and text[j] == " ":
        j -= 1
    k = j
    while k >= 0 and (text[k].isalpha() or text[k] in "-’'"):
        k -= 1
    prev = text[k + 1 : j + 1]
    return not (prev[:1].isupper() and prev.lower() not in _CAPITAL_CUES)


_CAPITAL_CUES = frozenset(
    "in on since until by from before after during of through early late mid last next this "
    "the on and or to between".split()
)


def _resolve_month(m: re.Match[str], text: str, P: dt.date):
    cue = m.group("mcue").lower()
    name = m.group("m4")
    month = _MONTHS[name.rstrip(".").lower()]
    if name == "May" and cue in ("to", "and", "of", "by", "from", "between", "before", "after"):
        return None  # "talks to May", "Johnson and May": too often the politician
    if cue in ("next",):
        year = P.year if month > P.month else P.year + 1
        return _month_when(year, month), True, m.start()
    if cue == "this":
        return _month_when(P.year, month), True, m.start()
    year = P.year if month <= P.month else P.year - 1
    start = m.start() if cue in ("last", "early", "late", "mid", "mid-", "earlier", "later") else (
        m.start("mmod") if m.group("mmod") else m.start("m4")
    )
    ahead = None
    if cue not in _BACKWARD_CUES:
        ahead = _month_when(P.year if month >= P.month else P.year + 1, month)
    return _month_when(year, month), True, start, ahead


def _resolve_weekday(m: re.Match[str], text: str, P: dt.date):
    name = m.group("wday")
    weekday = WEEKDAYS[name.lower()]
    mod = (m.group("wmod") or "").lower()
    before = text[max(0, m.start() - 20) : m.start()].rstrip()
    prev = before.rsplit(None, 1)[-1] if before else ""
    if not mod and prev.lower() in _WEEKDAY_NAMES and prev[:1].isupper():
        return None
    if mod == "next":
        day = _next_weekday(weekday, P)
    else:
        day = _latest_weekday(weekday, P)
    start = m.start() if mod in ("last", "next", "this", "early", "late") else m.start("wday")
    ahead = None
    if mod not in _BACKWARD_CUES and mod != "next":
        ahead = _day(P + dt.timedelta(days=(weekday - P.weekday()) % 7))
    return _day(day), True, start, ahead


def _resolve_unit(mod: str, unit: str, P: dt.date, start: int):
    mod = " ".join(mod.lower().split())
    unit = " ".join(unit.lower().split())
    if unit in ("few days", "couple of days", "several days", "seven days", "few weeks"):
        if mod not in ("the past", "the last", "over the past", "in the past"):
            return None
        if unit == "few weeks":
            return None
        return _interval(P - dt.timedelta(days=7), P, Precision.WEEK), True, start
    if mod in ("the past", "the last", "over the past", "in the past"):
        if unit not in ("week", "weekend"):
            return None  # "the past year": a span for counts, not the date of an event
        span = 7 if unit == "week" else 3
        return _interval(P - dt.timedelta(days=span), P, Precision.WEEK), True, start
    shift = {"last": -1, "late last": -1, "early last": -1, "earlier last": -1, "next": 1,
             "the coming": 1}.get(mod, 0)  # fmt: skip
    if unit in ("week", "weekend"):
        monday, sunday = _week(P + dt.timedelta(days=7 * shift))
        if unit == "weekend":
            monday = monday + dt.timedelta(days=5)
        if shift == 0 and mod != "later this":
            sunday = min(sunday, P)
            if sunday < monday:  # "this weekend" said on a Thursday: the coming weekend
                sunday = monday + dt.timedelta(days=1)
        return _interval(monday, sunday, Precision.WEEK), True, start
    if unit == "month":
        a, b = _month_span(*_add_months(P.year, P.month, shift))
        if shift == 0 and mod != "later this":
            b = min(b, P)
        return _interval(a, b, Precision.MONTH), True, start
    year = P.year + shift
    a, b = dt.date(year, 1, 1), dt.date(year, 12, 31)
    if shift == 0 and mod == "earlier this":
        b = P
    return _interval(a, b, Precision.YEAR), True, start


def _resolve_ago(n: int, unit: str, P: dt.date, start: int):
    if n <= 0 or n > 500:
        return None
    if unit == "day":
        return _day(P - dt.timedelta(days=n)), True, start
    if unit == "week":
        a, b = _week(P - dt.timedelta(weeks=n))
        return _interval(a, b, Precision.WEEK), True, start
    if unit == "month":
        return _month_when(*_add_months(P.year, P.month, -n)), True, start
    years = n * (10 if unit == "decade" else 1)
    if years > P.year - 1:
        return None
    return _year_when(P.year - years), True, start


def _resolve_year(m: re.Match[str], text: str, P: dt.date):
    year = int(m.group("y5"))
    if year > P.year + 30:
        return None
    before = text[max(0, m.start() - 12) : m.start()]
    if before.endswith(("-", "/", ".", ",", "#", "$", "£", "€")) or _NOT_YEAR_BEFORE.search(before):
        return None
    after = text[m.end() : m.end() + 24]
    if _UNIT_AFTER.match(after) and not _YEAR_AFTER_OK.match(after):
        return None
    if after.startswith(("th", "st", "nd", "rd")):
        return None
    return _year_when(year), False, m.start()


# ---------------------------------------------------------------------------------------------
# Public API

_RANGE_WORDS = frozenset({"and", "to", "until", "till", "through", "-", "–"})
_RANGE_OPEN = re.compile(r"\b(?:between|from)\s$", re.IGNORECASE)
_PRECISION_ORDER = {Precision.DAY: 0, Precision.WEEK: 1, Precision.MONTH: 2, Precision.YEAR: 3}


def find_dates(sentence: str, published: dt.date) -> list[DateMention]:
    """Every date expression in the sentence, in text order, resolved against `published`."""
    if isinstance(published, dt.datetime):
        published = published.date()
    if not _CUE.search(sentence):
        return []
    found: list[tuple[int, int, When, bool]] = []
    aheads: dict[tuple[int, int], When] = {}
    for m in _matches(sentence):
        resolved = _resolve(m, sentence, published)
        if resolved is None:
            continue
        when, relative, start = resolved[:3]
        found.append((start, m.end(), when, relative))
        if len(resolved) > 3 and resolved[3] is not None and resolved[3] != when:
            aheads[(start, m.end())] = resolved[3]
    found = _join_ranges(sentence, found)  # (a range is new: no reading ahead of its own)
    cutoff = published - dt.timedelta(days=HISTORICAL_DAYS)
    return [
        DateMention(sentence[a:b], a, b, when, relative, when.end < cutoff, aheads.get((a, b)))
        for a, b, when, relative in found
    ]


# Every expression that resolves to one day holds one of these: a weekday, a relative day
# ("yesterday", "last night", "two days ago"), or a digit in a day and month or a numeric date.
_DAY_WORDS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today",
              "tonight", "yesterday", "tomorrow", "night", "morning", "afternoon", "evening", "ago")
_DIGIT = re.compile(r"\d")
_DAY_DIGITS = re.compile(
    r"(?=[\dJFMASOND])"
    r"(?:\d[-/.]\d"
    r"|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s?\d"
    r"|\d(?:st|nd|rd|th)?\s(?:of\s)?(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec))"
)


def may_name_day(sentence: str) -> bool:
    """False only when no date in the sentence can resolve to a single day (a cheap test)."""
    low = sentence.lower()
    if any(map(low.__contains__, _DAY_WORDS)):
        return True
    return _DIGIT.search(sentence) is not None and _DAY_DIGITS.search(sentence) is not None


# Every date expression contains one of these; the full pattern is tried only at the starts of
# the few words before each of them, not at every position of the sentence (six times faster).
_ANCHOR_NAMES = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec Mon Tue Wed Thu Fri Sat Sun".split()
_ANCHOR_WORDS = ("today tonight yesterday tomorrow night morning afternoon evening week month year "
                 "days ago decade").split()
# Each list as a character trie (a third faster than the plain alternation): no word of a list
# begins another of the same list, so at any position at most one can match and the trie
# finds the one the alternation would; the lists keep their order (digits, then names, then
# words: "Month" anchors as "Mon").
_ANCHOR = re.compile(
    r"(?=[\dJFMASONDTWtynmwaedTYNMWAED])"
    rf"(?:\d+|{trie_pattern(_ANCHOR_NAMES)}|(?i:{trie_pattern(_ANCHOR_WORDS)}))"
)
_WORDS_BACK = 4


# Every word a match of _PATTERN can start with (besides a digit): the cue words, modifiers and
# number words of its alternatives, month and weekday names. Trying the pattern only there
# keeps the result and skips most of the attempts.
_WORD_AT = re.compile(r"\w+")
_FIRST_WORDS = frozenset(
    "in since until till through throughout during by before after from last next this early late "
    "mid earlier later of between and to on today tonight yesterday tomorrow the over a an one two "
    "three four five six seven eight nine ten eleven twelve several".split()
) | frozenset(_MONTHS) | frozenset(WEEKDAYS)


def _matches(sentence: str):
    """The matches of _PATTERN that finditer would give, found from anchors."""
    last_end = 0
    for anchor in _ANCHOR.finditer(sentence):
        a = anchor.start()
        if a < last_end:
            continue
        starts = [a]
        word_start = a
        while word_start > last_end and sentence[word_start - 1].isalnum():
            word_start -= 1
        starts.append(word_start)
        i = a  # then the starts of the whitespace-separated token and the tokens before it
        for _ in range(_WORDS_BACK + 1):
            while i > last_end and not sentence[i - 1].isspace():
                i -= 1
            starts.append(i)
            k = i
            while k < a and not sentence[k].isalnum():
                k += 1  # "[last year", "(since 2019"
            starts.append(k)
            while i > last_end and sentence[i - 1].isspace():
                i -= 1
            if i <= last_end:
                break
        for start in sorted(set(starts)):
            word = _WORD_AT.match(sentence, start)
            if word is None or not (word.group()[0].isdigit() or word.group().lower() in _FIRST_WORDS):
                continue  # no alternative of _PATTERN starts here
            m = _PATTERN.match(sentence, start)
            if m is not None and m.end() > a:
                yield m
                last_end = m.end()
                break


def _in_year_of(when: When, other: When) -> When | None:
    year = other.start.year if when.start.month <= other.start.month else other.start.year - 1
    start = _valid(year, when.start.month, when.start.day)
    if start is None:
        return None
    if when.precision is Precision.MONTH:
        return _month_when(year, when.start.month)
    end = _valid(year, when.end.month, when.end.day)
    return _interval(start, end, when.precision) if end and end >= start else None


def _is_weekday_pair(sentence: str, a: int, a2: int) -> bool:
    return bool(_WEEKDAY_AT.match(sentence, a)) and bool(_WEEKDAY_AT.match(sentence, a2))


_WEEKDAY_AT = re.compile(rf"(?:[Oo]n\s)?{_WEEKDAY}")


def _join_ranges(
    sentence: str, found: list[tuple[int, int, When, bool]]
) -> list[tuple[int, int, When, bool]]:
    """'between Monday and Wednesday', 'from 2018 to 2020' -> one interval."""
    out: list[tuple[int, int, When, bool]] = []
    i = 0
    while i < len(found):
        a, b, when, rel = found[i]
        if i + 1 < len(found):
            a2, b2, when2, rel2 = found[i + 1]
            gap = sentence[b:a2]
            opener = _RANGE_OPEN.search(sentence, max(0, a - 9), a)
            if (
                len(gap) <= 9
                and gap.strip().lower() in _RANGE_WORDS
                and (opener or gap.strip() in ("-", "–"))
            ):
                if rel and not rel2 and when.precision in (Precision.DAY, Precision.MONTH):
                    when = _in_year_of(when, when2) or when  # "between March and May 2019"
                if when2.end < when.start and _is_weekday_pair(sentence, a, a2):
                    # "between Monday and Wednesday": the second day follows the first
                    ahead = (when2.end.weekday() - when.start.weekday()) % 7
                    when2 = _day(when.start + dt.timedelta(days=ahead))
                if when2.end < when.start:
                    out.append((a, b, when, rel))
                    i += 1
                    continue
                precision = max(when.precision, when2.precision, key=_PRECISION_ORDER.__getitem__)
                joined = When(when.start, when2.end, precision, DateRule.EXACT)
                start = opener.start() if opener else a
                out.append((start, b2, joined, rel or rel2))
                i += 2
                continue
        out.append((a, b, when, rel))
        i += 1
    return out


_PUB_PATTERNS = [
    re.compile(r"(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})(?:[T ][\d:.,]+(?:Z|[+-]\d\d:?\d\d| ?[A-Z]{2,5})?)?"),
    re.compile(
        rf"(?:{_WEEKDAY}|Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)?,?\s*(?P<d>\d{{1,2}}){_ORD}"
        rf"\s(?:of\s)?(?P<mn>{_MONTH_ANY}),?\s(?P<y>\d{{4}})",
        re.IGNORECASE,
    ),
    re.compile(
        rf"(?:{_WEEKDAY}|Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)?,?\s*(?P<mn>{_MONTH_ANY})"
        rf"\s(?P<d>\d{{1,2}}){_ORD},?\s(?P<y>\d{{4}})",
        re.IGNORECASE,
    ),
    re.compile(r"(?P<d>\d{1,2})[/.](?P<m>\d{1,2})[/.](?P<y>\d{4})"),
]


def publication_date(value: str) -> dt.date:
    """Parse a publication date written in any common form; ValueError if it is not one."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise ValueError(f"not a date: {value!r}")
    raw = " ".join(value.split())
    if not raw:
        raise ValueError("not a date: the value is empty")
    for i, pattern in enumerate(_PUB_PATTERNS):
        m = pattern.fullmatch(raw)
        if m is None:
            continue
        y, d = int(m.group("y")), int(m.group("d"))
        month = int(m.group("m")) if "m" in m.groupdict() else _MONTHS[m.group("mn").rstrip(".").lower()]
        if i == 3 and d <= 12 < month:
            d, month = month, d  # "11/14/2023": month first is the only valid reading
        day = _valid(y, month, d)
        if day is None:
            raise ValueError(f"not a valid calendar date: {value!r} ({y:04d}-{month:02d}-{d:02d} does not exist)")
        return day
    import email.utils  # only for what no pattern above reads (RFC 2822): not loaded by every ingest

    try:
        parsed = email.utils.parsedate_to_datetime(raw)
    except (TypeError, ValueError, IndexError):
        parsed = None
    if parsed is not None:
        return parsed.date()
    raise ValueError(
        f"not a date: {value!r} (use e.g. 2023-11-14, 14 November 2023, Nov 14, 2023, "
        "or an RFC 2822 / ISO 8601 timestamp)"
    )


def dateline_date(date_text: str, published: dt.date) -> dt.date | None:
    """The day a dateline's date ('Nov 14', '14 November', 'Nov. 14, 2023') stands for: the
    latest such day on or before the publication date, one day of time-zone slack allowed."""
    if isinstance(published, dt.datetime):
        published = published.date()
    text = " ".join((date_text or "").split())
    if not text:
        return None
    m = _PATTERN.fullmatch(text)
    if m is None or m.lastgroup not in ("dmy", "mdy", "iso", "num"):
        return None
    if m.lastgroup in ("iso", "num"):
        resolved = _resolve(m, text, published)
        return resolved[0].start if resolved else None
    g = m.group
    day_text, month_name, year_text = (
        (g("d1"), g("m1"), g("y1")) if m.lastgroup == "dmy" else (g("d2"), g("m2"), g("y2"))
    )
    month = _MONTHS[month_name.rstrip(".").lower()]
    if year_text:
        return _valid(int(year_text), month, int(day_text))
    return _yearless(month, int(day_text), published, 1)
