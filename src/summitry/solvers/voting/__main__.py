"""Recount a published bulletin: `python -m summitry.solvers.voting bulletin.json [RECEIPT]`."""

from __future__ import annotations

import argparse
import json
import sys

from summitry.solvers.voting.bulletin import bulletin_from_dict


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("bulletin", help="the bulletin's JSON file, as published")
    parser.add_argument("receipt", nargs="?", help="a receipt code to look up")
    args = parser.parse_args(argv)
    with open(args.bulletin, encoding="utf-8") as handle:
        bulletin = bulletin_from_dict(json.load(handle))
    report = {"digest": bulletin.digest(), "result": bulletin.recount().to_dict()}
    if args.receipt:
        found, choice = bulletin.lookup(args.receipt)
        report["receipt"] = {"found": found, "choice": choice}
    json.dump(report, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
