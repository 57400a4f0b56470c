"""Type accuracy of the extractor on PLOVER's gold-standard sentences.

    python bench/plover_accuracy.py [--verbose] [--intent]

shared/data/PLOVER_GSR_CAMEO.txt holds 322 sentences from the CAMEO manual, each coded with
one PLOVER category. Each category maps to the domain types that code the same act (below);
a sentence counts as right when the extractor returns an event of one of those types, wrong
when it returns events of other types only, and missed when it returns none. Categories with
no counterpart among our types (CONCEDE, RETREAT, INVESTIGATE, COERCE) are reported apart:
for them the right answer is no event of a conflicting type.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import uuid
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from events import ArticleIngested  # noqa: E402
from timeline.extract import extract  # noqa: E402

PLOVER = ROOT.parent / "shared" / "data" / "PLOVER_GSR_CAMEO.txt"

TYPES = {
    "AGREE": {"AgreementReached", "CooperationPledged"},
    "CONSULT": {"MeetingHeld", "VisitMade"},
    "SUPPORT": {"PraiseIssued", "CooperationPledged", "AgreementReached"},
    "COOPERATE": {"CooperationPledged", "MilitaryCooperation", "AgreementReached"},
    "AID": {"AidProvided", "MilitaryCooperation"},
    "DEMAND": {"DemandMade"},
    "DISAPPROVE": {"CondemnationIssued", "AccusationMade"},
    "PROTEST": {"CondemnationIssued"},
    "REJECT": {"DenialIssued"},
    "THREATEN": {"WarningIssued", "ThreatIssued"},
    "SANCTION": {"SanctionsImposed", "RelationsReduced"},
    "MOBILIZE": {"DrillAnnounced", "TroopsDeployed", "MissileLaunched"},
    "ASSAULT": {"MilitaryAttack"},
    "FIGHT": {"MilitaryAttack"},
}
UNMAPPED = {"CONCEDE", "RETREAT", "INVESTIGATE", "COERCE"}
# PLOVER codes a stated intention by its stance: "will visit", "pledged aid" are AGREE (CAMEO 03x,
# express intent to cooperate), "said they would boycott" is THREATEN (CAMEO 13x). We code the
# act itself with modality announced/planned; with --intent those count for the stance category.
INTENT = {
    "AGREE": {"MeetingHeld", "VisitMade", "AidProvided", "MilitaryCooperation", "CooperationPledged",
              "AgreementReached"},
    "THREATEN": {"SanctionsImposed", "MilitaryAttack", "TroopsDeployed", "MissileLaunched",
                 "DrillAnnounced"},
}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--intent", action="store_true",
                    help="count an announced or planned act for PLOVER's stance category (INTENT)")
    args = ap.parse_args()
    records = [r for r in json.loads(PLOVER.read_text("utf-8")) if r.get("event") != "DOCUMENT"]
    right, wrong, missed = Counter(), Counter(), Counter()
    unmapped_quiet = unmapped_total = 0
    for r in records:
        text = r.get("text", "").strip()
        if not text:
            continue
        art = ArticleIngested(article_id=uuid.uuid5(uuid.NAMESPACE_URL, r["id"]), title="", text=text,
                              published=dt.date(2000, 1, 5))
        evs = extract(art)
        found = {e.type for e in evs}
        cat = r["event"]
        if args.intent and cat in INTENT:
            found |= {cat for e in evs if e.modality in ("announced", "planned") and e.type in INTENT[cat]}
        if cat in UNMAPPED:
            unmapped_total += 1
            unmapped_quiet += not found
            continue
        if found & TYPES[cat] or cat in found:
            right[cat] += 1
        elif found:
            wrong[cat] += 1
            if args.verbose:
                print(f"WRONG {cat} -> {sorted(found)}: {text[:110]}")
        else:
            missed[cat] += 1
            if args.verbose:
                print(f"MISS  {cat}: {text[:110]}")
    print(f"{'category':12} {'n':>4} {'right':>6} {'wrong':>6} {'missed':>6}")
    for cat in TYPES:
        n = right[cat] + wrong[cat] + missed[cat]
        print(f"{cat:12} {n:>4} {right[cat]:>6} {wrong[cat]:>6} {missed[cat]:>6}")
    r, w, m = sum(right.values()), sum(wrong.values()), sum(missed.values())
    print(f"type accuracy on sentences with an event: {r}/{r + w} = {r / max(1, r + w):.2f}")
    print(f"type accuracy on all mapped sentences:    {r}/{r + w + m} = {r / max(1, r + w + m):.2f}")
    print(f"unmapped categories with no event:        {unmapped_quiet}/{unmapped_total}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
