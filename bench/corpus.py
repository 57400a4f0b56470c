"""Generate a realistic corpus of news articles for benchmarks.

Each article has a dateline, a lede, body paragraphs that mix every event type in varied
English phrasings, quotes with attribution, background sentences, and the web boilerplate
real pages carry (sign-offs, subscription pitches). Actors, people and dates vary over years.
Deterministic for a given seed.

    python bench/corpus.py --articles 1000 --out /tmp/corpus.jsonl
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
from collections.abc import Iterator
from pathlib import Path

STATES = [
    ("North Korea", "North Korean", "Pyongyang"),
    ("South Korea", "South Korean", "Seoul"),
    ("China", "Chinese", "Beijing"),
    ("Russia", "Russian", "Moscow"),
    ("the United States", "U.S.", "Washington"),
    ("Japan", "Japanese", "Tokyo"),
    ("Ukraine", "Ukrainian", "Kyiv"),
    ("Iran", "Iranian", "Tehran"),
    ("Israel", "Israeli", "Jerusalem"),
    ("Turkey", "Turkish", "Ankara"),
    ("India", "Indian", "New Delhi"),
    ("Pakistan", "Pakistani", "Islamabad"),
    ("France", "French", "Paris"),
    ("Germany", "German", "Berlin"),
    ("Britain", "British", "London"),
    ("Syria", "Syrian", "Damascus"),
    ("Saudi Arabia", "Saudi", "Riyadh"),
    ("Egypt", "Egyptian", "Cairo"),
    ("Vietnam", "Vietnamese", "Hanoi"),
    ("the Philippines", "Philippine", "Manila"),
]
ROLES = ["foreign minister", "defence minister", "president", "prime minister", "spokesman", "ambassador"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]

TEMPLATES = [
    "{A} and {B} held talks in {cityA} on {day}, the foreign ministry said.",
    "{a_dem} Foreign Minister met his {b_dem} counterpart on {day} to discuss trade and security.",
    "{A} accused {B} on {day} of violating the ceasefire along the border.",
    "{A} has accused {B} of supplying weapons to armed groups.",
    "{cityA} denied the reports on {day}, calling them groundless.",
    "{A} and {B} have denied any arms deals.",
    "{A} condemned {B}'s latest missile test as a threat to regional peace.",
    "\u201cWe condemn this reckless provocation in the strongest terms,\u201d the {a_dem} foreign ministry said.",
    "{A} warned {B} on {day} that it would face grave consequences.",
    "{A} demanded that {B} withdraw its troops from the disputed area.",
    "{A} and {B} signed an agreement on {day} to expand energy cooperation.",
    "{A} and {B} agreed in {month} to revise their security treaty.",
    "{A} and {B} pledged closer military cooperation when their leaders met in {month}.",
    "The {a_dem} and {b_dem} navies are carrying out joint drills this week.",
    "{A} launched a ballistic missile into the sea on {day}, the {b_dem} military said.",
    "{A} imposed sanctions on {B} on {day} over its nuclear programme.",
    "{a_dem} President praised {B} for its support during the crisis.",
    "{A} has been training {b_dem} soldiers in artillery and drone operations.",
    "The {a_dem} spokesman said {B} was \u201cplaying with fire\u201d.",
    "{A} will hold a summit with {B} next year if conditions allow.",
    "{A} has not yet responded to the proposal from {B}.",
    "Trade between {A} and {B} rose 8 percent last year, customs data showed.",
    "The talks in {cityB} lasted three hours, according to officials.",
    "The {a_dem} leader visited {B} on {day}, state media reported.",
]
BACKGROUND = [
    "The two countries fought a border war in 1962 and have never signed a peace treaty.",
    "Analysts say the relationship has grown closer since the start of the war.",
    "It was not immediately clear whether the meeting would lead to concrete steps.",
    "Officials did not give further details.",
]
BOILERPLATE = [
    "(Reporting by {n1} and {n2}; Editing by {n3})",
    "Sign up for our daily newsletter to get the latest news in your inbox.",
    "Support independent journalism. Become a member today.",
    "Comments - Please log in order to comment.",
]
NAMES = ["Jack Kim", "Ju-min Park", "Ed Davies", "Gerry Doyle", "Maria Lopez", "Tom Balmforth", "Ben Blanchard"]


def article(rng: random.Random, index: int, start: dt.date, span_days: int) -> dict[str, str]:
    published = start + dt.timedelta(days=rng.randrange(span_days))
    place = rng.choice(STATES)
    paragraphs = [f"{place[2].upper()}, {MONTHS[published.month - 1][:3]} {published.day} (Reuters) - " + _sentence(rng, published)]
    for _ in range(rng.randint(6, 14)):
        paragraphs.append(" ".join(_sentence(rng, published) for _ in range(rng.randint(1, 3))))
        if rng.random() < 0.2:
            paragraphs.append(rng.choice(BACKGROUND))
    paragraphs.append(rng.choice(BOILERPLATE[:1]).format(n1=rng.choice(NAMES), n2=rng.choice(NAMES), n3=rng.choice(NAMES)))
    paragraphs.extend(rng.sample(BOILERPLATE[1:], 2))
    return {
        "title": f"Generated report {index}",
        "text": "\n\n".join(paragraphs) + "\n",
        "published": published.isoformat(),
        "source": "bench",
        "url": f"https://example.invalid/{index}",
    }


def _sentence(rng: random.Random, published: dt.date) -> str:
    a, b = rng.sample(STATES, 2)
    days_back = rng.randrange(7)
    day = WEEKDAYS[(published - dt.timedelta(days=days_back)).weekday()]
    month = MONTHS[(published.month - 1 - rng.randrange(1, 4)) % 12]
    text = rng.choice(TEMPLATES).format(
        A=a[0], B=b[0], a_dem=a[1], b_dem=b[1], cityA=a[2], cityB=b[2], day=day, month=month
    )
    return text[0].upper() + text[1:]


def generate(n: int, seed: int = 7, start: dt.date = dt.date(2019, 1, 1), span_days: int = 6 * 365) -> Iterator[dict[str, str]]:
    rng = random.Random(seed)
    for i in range(n):
        yield article(rng, i, start, span_days)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    with args.out.open("w", encoding="utf-8") as f:
        for a in generate(args.articles, args.seed):
            f.write(json.dumps(a, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
