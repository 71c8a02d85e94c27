"""Math-Verify (Hugging Face) as a JSONL filter, for rungs' differential harness and verify-math benchmark.

stdin: one JSON object per line with "gold" and "response". stdout: one JSON object per line, in order,
{"correct": bool, "extracted": [str, ...], "error": str | null}. The gold is parsed as LaTeX (wrapped in $...$
unless it already has a box or a math delimiter), the response with Math-Verify's default extraction, as its
README shows. Run with the project venv: .venv/bin/python scripts/math_verify_runner.py < pairs.jsonl
"""

import json
import sys

from math_verify import parse, verify


def gold_text(gold: str) -> str:
    if "\\boxed" in gold or "$" in gold or "\\(" in gold or "\\[" in gold:
        return gold
    return f"${gold}$"


def check(gold: str, response: str) -> dict:
    try:
        parsed_gold = parse(gold_text(gold))
        parsed_answer = parse(response)
        return {"correct": bool(verify(parsed_gold, parsed_answer)), "extracted": [str(x) for x in parsed_answer[-1:]], "error": None}
    except Exception as error:  # Math-Verify's own errors are a verdict of "wrong", reported
        return {"correct": False, "extracted": [], "error": f"{type(error).__name__}: {error}"}


def main() -> None:
    for line in sys.stdin:
        if not line.strip():
            continue
        row = json.loads(line)
        sys.stdout.write(json.dumps(check(str(row["gold"]), str(row["response"]))) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
