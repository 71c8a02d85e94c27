import type { Rng } from "./rng.js";

/** A code problem written for the sample: statement, reference Python solution, and test cases. */
export interface CodeItem {
  slug: string;
  prompt: string;
  difficulty: number;
  format: "stdin" | "functional";
  fn_name?: string;
  solution: string;
  /** stdin: the input text per case. functional: the positional arguments per case. */
  cases: (rng: Rng) => (string | unknown[])[];
  /** The expected output, computed here in TypeScript, independently of the Python solution. */
  expected: (input: string | unknown[]) => string | unknown;
}

const ints = (r: Rng, n: number, lo: number, hi: number) => Array.from({ length: n }, () => r.int(lo, hi));
const lines = (...rows: (string | number | number[])[]) => `${rows.map((row) => (Array.isArray(row) ? row.join(" ") : String(row))).join("\n")}\n`;
const tok = (input: string | unknown[]) => (input as string).trim().split(/\s+/).map(Number);
const py = (text: string) => `${text.trim()}\n`;

export const CODE_PROBLEMS: CodeItem[] = [
  {
    slug: "sum-two", difficulty: 1, format: "stdin",
    prompt: "Read two integers a and b on one line and print their sum.",
    solution: py(`a, b = map(int, input().split())\nprint(a + b)`),
    cases: (r) => Array.from({ length: 4 }, () => lines(ints(r, 2, -1000, 1000))),
    expected: (i) => `${tok(i)[0]! + tok(i)[1]!}\n`,
  },
  {
    slug: "reverse-string", difficulty: 1, format: "functional", fn_name: "reverse_string",
    prompt: "Write a function `reverse_string(s)` that returns the string `s` reversed.",
    solution: py(`def reverse_string(s):\n    return s[::-1]`),
    cases: (r) => ["hello", "", "rungs", "a b c", String(r.int(1000, 99999))].map((s) => [s]),
    expected: (i) => [...String((i as unknown[])[0])].reverse().join(""),
  },
  {
    slug: "count-vowels", difficulty: 1, format: "functional", fn_name: "count_vowels",
    prompt: "Write a function `count_vowels(s)` that returns how many characters of `s` are vowels (a, e, i, o, u, in either case).",
    solution: py(`def count_vowels(s):\n    return sum(1 for ch in s.lower() if ch in "aeiou")`),
    cases: () => ["Hello World", "xyz", "AEIOUaeiou", "Programming Puzzles"].map((s) => [s]),
    expected: (i) => [...String((i as unknown[])[0]).toLowerCase()].filter((c) => "aeiou".includes(c)).length,
  },
  {
    slug: "max-of-list", difficulty: 1, format: "stdin",
    prompt: "The first line holds n. The second line holds n integers. Print the largest of them.",
    solution: py(`n = int(input())\nprint(max(map(int, input().split())))`),
    cases: (r) => Array.from({ length: 4 }, () => { const n = r.int(1, 8); return lines(n, ints(r, n, -50, 50)); }),
    expected: (i) => `${Math.max(...tok(i).slice(1))}\n`,
  },
  {
    slug: "fizzbuzz", difficulty: 2, format: "stdin",
    prompt: "Read n and print the numbers from 1 to n, one per line, but print Fizz for multiples of 3, Buzz for multiples of 5 and FizzBuzz for multiples of both.",
    solution: py(`n = int(input())\nfor i in range(1, n + 1):\n    print("FizzBuzz" if i % 15 == 0 else "Fizz" if i % 3 == 0 else "Buzz" if i % 5 == 0 else i)`),
    cases: (r) => [lines(1), lines(15), lines(r.int(16, 40))],
    expected: (i) => Array.from({ length: tok(i)[0]! }, (_, k) => { const v = k + 1; return v % 15 === 0 ? "FizzBuzz" : v % 3 === 0 ? "Fizz" : v % 5 === 0 ? "Buzz" : String(v); }).map((s) => `${s}\n`).join(""),
  },
  {
    slug: "is-palindrome", difficulty: 2, format: "functional", fn_name: "is_palindrome",
    prompt: "Write a function `is_palindrome(s)` that returns True when `s` reads the same forwards and backwards after removing non-alphanumeric characters and ignoring case, else False.",
    solution: py(`def is_palindrome(s):\n    t = [c.lower() for c in s if c.isalnum()]\n    return t == t[::-1]`),
    cases: () => ["A man, a plan, a canal: Panama", "race a car", "", "No lemon, no melon"].map((s) => [s]),
    expected: (i) => { const t = String((i as unknown[])[0]).toLowerCase().replace(/[^a-z0-9]/g, ""); return t === [...t].reverse().join(""); },
  },
  {
    slug: "factorial-mod", difficulty: 2, format: "stdin",
    prompt: "Read n (0 <= n <= 10^5) and print n! modulo 1000000007.",
    solution: py(`n = int(input())\nr = 1\nfor i in range(2, n + 1):\n    r = r * i % 1000000007\nprint(r)`),
    cases: (r) => [lines(0), lines(5), lines(r.int(20, 1000)), lines(100000)],
    expected: (i) => { let f = 1n; for (let k = 2n; k <= BigInt(tok(i)[0]!); k++) f = (f * k) % 1000000007n; return `${f}\n`; },
  },
  {
    slug: "fibonacci", difficulty: 2, format: "functional", fn_name: "fib",
    prompt: "Write a function `fib(n)` that returns the n-th Fibonacci number, with fib(0) = 0 and fib(1) = 1 (n <= 90).",
    solution: py(`def fib(n):\n    a, b = 0, 1\n    for _ in range(n):\n        a, b = b, a + b\n    return a`),
    cases: (r) => [0, 1, 10, r.int(20, 70)].map((n) => [n]),
    expected: (i) => { let [a, b] = [0, 1]; for (let k = 0; k < Number((i as unknown[])[0]); k++) [a, b] = [b, a + b]; return a; },
  },
  {
    slug: "count-words", difficulty: 2, format: "stdin",
    prompt: "Read one line of text and print how many distinct words it contains, ignoring case. Words are separated by spaces.",
    solution: py(`print(len(set(input().lower().split())))`),
    cases: () => ["the cat and The dog", "one", "a a a A", "Curriculum learning ranks problems by difficulty"].map((s) => `${s}\n`),
    expected: (i) => `${new Set((i as string).toLowerCase().trim().split(/\s+/)).size}\n`,
  },
  {
    slug: "second-largest", difficulty: 3, format: "functional", fn_name: "second_largest",
    prompt: "Write a function `second_largest(nums)` that returns the second largest distinct value of the list, or None when there is none.",
    solution: py(`def second_largest(nums):\n    s = sorted(set(nums))\n    return s[-2] if len(s) >= 2 else None`),
    cases: (r) => [[[3, 1, 4, 1, 5]], [[7, 7]], [[]], [ints(r, 6, -20, 20)]],
    expected: (i) => { const s = [...new Set((i as number[][])[0])].sort((a, b) => a - b); return s.length >= 2 ? s[s.length - 2] : null; },
  },
  {
    slug: "gcd-list", difficulty: 3, format: "stdin",
    prompt: "The first line holds n, the second n positive integers. Print their greatest common divisor.",
    solution: py(`from math import gcd\nfrom functools import reduce\nn = int(input())\nprint(reduce(gcd, map(int, input().split())))`),
    cases: (r) => Array.from({ length: 4 }, () => { const g = r.int(1, 12); const n = r.int(1, 6); return lines(n, ints(r, n, 1, 30).map((x) => x * g)); }),
    expected: (i) => { const g = (a: number, b: number): number => (b ? g(b, a % b) : a); return `${tok(i).slice(1).reduce(g)}\n`; },
  },
  {
    slug: "is-prime", difficulty: 3, format: "functional", fn_name: "is_prime",
    prompt: "Write a function `is_prime(n)` that returns True when the integer n is prime, else False.",
    solution: py(`def is_prime(n):\n    if n < 2:\n        return False\n    i = 2\n    while i * i <= n:\n        if n % i == 0:\n            return False\n        i += 1\n    return True`),
    cases: () => [0, 1, 2, 97, 100, 7919, 1000000007].map((n) => [n]),
    expected: (i) => { const n = Number((i as unknown[])[0]); if (n < 2) return false; for (let k = 2; k * k <= n; k++) if (n % k === 0) return false; return true; },
  },
  {
    slug: "to-binary", difficulty: 3, format: "stdin",
    prompt: "Read a non-negative integer n and print its binary representation without leading zeros (print 0 for n = 0).",
    solution: py(`print(bin(int(input()))[2:])`),
    cases: (r) => [lines(0), lines(5), lines(r.int(100, 100000))],
    expected: (i) => `${tok(i)[0]!.toString(2)}\n`,
  },
  {
    slug: "anagrams", difficulty: 3, format: "functional", fn_name: "are_anagrams",
    prompt: "Write a function `are_anagrams(a, b)` that returns True when the two strings use exactly the same letters with the same counts.",
    solution: py(`def are_anagrams(a, b):\n    return sorted(a) == sorted(b)`),
    cases: () => [["listen", "silent"], ["rat", "car"], ["", ""], ["aab", "abb"]],
    expected: (i) => { const [a, b] = i as string[]; return [...a!].sort().join("") === [...b!].sort().join(""); },
  },
  {
    slug: "prefix-sums", difficulty: 3, format: "stdin",
    prompt: "The first line holds n, the second n integers. Print the n running totals on one line, separated by spaces.",
    solution: py(`n = int(input())\ntotal, out = 0, []\nfor x in map(int, input().split()):\n    total += x\n    out.append(total)\nprint(*out)`),
    cases: (r) => Array.from({ length: 3 }, () => { const n = r.int(1, 8); return lines(n, ints(r, n, -9, 9)); }),
    expected: (i) => { let t = 0; return `${tok(i).slice(1).map((x) => (t += x)).join(" ")}\n`; },
  },
  {
    slug: "two-sum", difficulty: 4, format: "functional", fn_name: "two_sum",
    prompt: "Write a function `two_sum(nums, target)` that returns the indices [i, j] (i < j) of the only pair of elements summing to target.",
    solution: py(`def two_sum(nums, target):\n    seen = {}\n    for j, x in enumerate(nums):\n        if target - x in seen:\n            return [seen[target - x], j]\n        seen[x] = j`),
    cases: () => [[[2, 7, 11, 15], 9], [[3, 2, 4], 6], [[1, 5, 9, 14], 23]],
    expected: (i) => { const [nums, target] = i as [number[], number]; for (let j = 0; j < nums.length; j++) for (let k = 0; k < j; k++) if (nums[k]! + nums[j]! === target) return [k, j]; return null; },
  },
  {
    slug: "balanced-brackets", difficulty: 4, format: "functional", fn_name: "is_balanced",
    prompt: "Write a function `is_balanced(s)` that returns True when every bracket in s ('()', '[]', '{}') is closed in the right order.",
    solution: py(`def is_balanced(s):\n    pairs = {')': '(', ']': '[', '}': '{'}\n    stack = []\n    for c in s:\n        if c in '([{':\n            stack.append(c)\n        elif c in pairs:\n            if not stack or stack.pop() != pairs[c]:\n                return False\n    return not stack`),
    cases: () => ["()[]{}", "([)]", "{[]}", "((", ""].map((s) => [s]),
    expected: (i) => { const s = String((i as unknown[])[0]); const stack: string[] = []; const open: Record<string, string> = { ")": "(", "]": "[", "}": "{" }; for (const c of s) { if ("([{".includes(c)) stack.push(c); else if (open[c] && stack.pop() !== open[c]) return false; } return stack.length === 0; },
  },
  {
    slug: "max-subarray", difficulty: 4, format: "stdin",
    prompt: "The first line holds n, the second n integers. Print the largest sum of a non-empty contiguous subarray.",
    solution: py(`n = int(input())\na = list(map(int, input().split()))\nbest = cur = a[0]\nfor x in a[1:]:\n    cur = max(x, cur + x)\n    best = max(best, cur)\nprint(best)`),
    cases: (r) => Array.from({ length: 4 }, () => { const n = r.int(1, 10); return lines(n, ints(r, n, -10, 10)); }),
    expected: (i) => { const a = tok(i).slice(1); let best = -Infinity; for (let s = 0; s < a.length; s++) { let t = 0; for (let e = s; e < a.length; e++) best = Math.max(best, (t += a[e]!)); } return `${best}\n`; },
  },
  {
    slug: "count-primes", difficulty: 4, format: "stdin",
    prompt: "Read n (n <= 10^6) and print how many primes are less than or equal to n.",
    solution: py(`n = int(input())\nif n < 2:\n    print(0)\nelse:\n    s = bytearray([1]) * (n + 1)\n    s[0] = s[1] = 0\n    for i in range(2, int(n ** 0.5) + 1):\n        if s[i]:\n            s[i*i::i] = bytearray(len(s[i*i::i]))\n    print(sum(s))`),
    cases: (r) => [lines(1), lines(10), lines(r.int(100, 5000)), lines(1000000)],
    expected: (i) => { const n = tok(i)[0]!; const s = new Uint8Array(n + 1).fill(1); let c = 0; for (let k = 2; k <= n; k++) if (s[k]) { c++; for (let m = k * k; m <= n; m += k) s[m] = 0; } return `${c}\n`; },
  },
  {
    slug: "common-prefix", difficulty: 4, format: "functional", fn_name: "longest_common_prefix",
    prompt: "Write a function `longest_common_prefix(words)` that returns the longest string that starts every word of the list (empty string for an empty list).",
    solution: py(`def longest_common_prefix(words):\n    if not words:\n        return ""\n    p = words[0]\n    for w in words[1:]:\n        while not w.startswith(p):\n            p = p[:-1]\n    return p`),
    cases: () => [[["flower", "flow", "flight"]], [["dog", "racecar"]], [[]], [["stage", "stages", "staged"]]],
    expected: (i) => { const w = (i as string[][])[0]!; if (!w.length) return ""; let p = w[0]!; for (const x of w) while (!x.startsWith(p)) p = p.slice(0, -1); return p; },
  },
  {
    slug: "transpose", difficulty: 4, format: "stdin",
    prompt: "The first line holds r and c, then r lines of c integers follow. Print the transposed matrix: c lines of r integers.",
    solution: py(`r, c = map(int, input().split())\nm = [input().split() for _ in range(r)]\nfor j in range(c):\n    print(" ".join(m[i][j] for i in range(r)))`),
    cases: (r) => Array.from({ length: 3 }, () => { const [rows, cols] = [r.int(1, 4), r.int(1, 4)]; return lines([rows, cols], ...Array.from({ length: rows }, () => ints(r, cols, 0, 9))); }),
    expected: (i) => { const t = tok(i); const [rows, cols] = [t[0]!, t[1]!]; const out: string[] = []; for (let j = 0; j < cols; j++) out.push(Array.from({ length: rows }, (_, k) => t[2 + k * cols + j]).join(" ")); return `${out.join("\n")}\n`; },
  },
  {
    slug: "lis-length", difficulty: 5, format: "functional", fn_name: "lis_length",
    prompt: "Write a function `lis_length(nums)` that returns the length of the longest strictly increasing subsequence of nums.",
    solution: py(`from bisect import bisect_left\ndef lis_length(nums):\n    tails = []\n    for x in nums:\n        k = bisect_left(tails, x)\n        if k == len(tails):\n            tails.append(x)\n        else:\n            tails[k] = x\n    return len(tails)`),
    cases: (r) => [[[10, 9, 2, 5, 3, 7, 101, 18]], [[]], [[5, 5, 5]], [ints(r, 12, 0, 20)]],
    expected: (i) => { const a = (i as number[][])[0]!; const best = a.map(() => 1); for (let j = 0; j < a.length; j++) for (let k = 0; k < j; k++) if (a[k]! < a[j]!) best[j] = Math.max(best[j]!, best[k]! + 1); return Math.max(0, ...best); },
  },
  {
    slug: "decode-ways", difficulty: 6, format: "functional", fn_name: "num_decodings",
    prompt: "Letters A-Z are encoded as 1-26. Write a function `num_decodings(s)` that returns in how many ways the digit string s can be decoded.",
    solution: py(`def num_decodings(s):\n    prev, cur = 1, (1 if s and s[0] != "0" else 0)\n    for i in range(1, len(s)):\n        nxt = cur if s[i] != "0" else 0\n        if 10 <= int(s[i-1:i+1]) <= 26:\n            nxt += prev\n        prev, cur = cur, nxt\n    return cur if s else 0`),
    cases: () => ["12", "226", "06", "11106", "2611055971756562"].map((s) => [s]),
    expected: (i) => { const s = String((i as unknown[])[0]); const f = (k: number): number => (k === s.length ? 1 : s[k] === "0" ? 0 : f(k + 1) + (k + 1 < s.length && Number(s.slice(k, k + 2)) <= 26 ? f(k + 2) : 0)); return s ? f(0) : 0; },
  },
  {
    slug: "edit-distance", difficulty: 6, format: "functional", fn_name: "edit_distance",
    prompt: "Write a function `edit_distance(a, b)` that returns the minimum number of single-character insertions, deletions and substitutions that turn a into b.",
    solution: py(`def edit_distance(a, b):\n    prev = list(range(len(b) + 1))\n    for i, ca in enumerate(a, 1):\n        cur = [i]\n        for j, cb in enumerate(b, 1):\n            cur.append(min(prev[j] + 1, cur[j-1] + 1, prev[j-1] + (ca != cb)))\n        prev = cur\n    return prev[-1]`),
    cases: () => [["horse", "ros"], ["intention", "execution"], ["", "abc"], ["same", "same"]],
    expected: (i) => { const [a, b] = i as string[]; const d = Array.from({ length: a!.length + 1 }, (_, x) => Array.from({ length: b!.length + 1 }, (_, y) => (x === 0 ? y : y === 0 ? x : 0))); for (let x = 1; x <= a!.length; x++) for (let y = 1; y <= b!.length; y++) d[x]![y] = Math.min(d[x - 1]![y]! + 1, d[x]![y - 1]! + 1, d[x - 1]![y - 1]! + (a![x - 1] === b![y - 1] ? 0 : 1)); return d[a!.length]![b!.length]; },
  },
  {
    slug: "coin-change", difficulty: 6, format: "stdin",
    prompt: "The first line holds the amount A and the number of coin kinds k; the second line holds the k coin values. Print the fewest coins that add up to A (unlimited coins of each kind), or -1 if impossible.",
    solution: py(`A, k = map(int, input().split())\ncoins = list(map(int, input().split()))\nINF = float("inf")\nbest = [0] + [INF] * A\nfor v in range(1, A + 1):\n    for c in coins:\n        if c <= v and best[v - c] + 1 < best[v]:\n            best[v] = best[v - c] + 1\nprint(best[A] if best[A] != INF else -1)`),
    cases: () => [lines([11, 3], [1, 2, 5]), lines([3, 1], [2]), lines([0, 1], [7]), lines([63, 4], [1, 5, 10, 21])],
    expected: (i) => { const t = tok(i); const [A, k] = [t[0]!, t[1]!]; const coins = t.slice(2, 2 + k); const best = [0, ...new Array<number>(A).fill(Infinity)]; for (let v = 1; v <= A; v++) for (const c of coins) if (c <= v) best[v] = Math.min(best[v]!, best[v - c]! + 1); return `${best[A] === Infinity ? -1 : best[A]}\n`; },
  },
  {
    slug: "islands", difficulty: 6, format: "stdin",
    prompt: "The first line holds r and c, then r lines of c characters ('1' land, '0' water). Print the number of islands (groups of land cells joined up, down, left or right).",
    solution: py(`import sys\nsys.setrecursionlimit(10000)\nr, c = map(int, input().split())\ng = [list(input().strip()) for _ in range(r)]\ndef sink(i, j):\n    if 0 <= i < r and 0 <= j < c and g[i][j] == "1":\n        g[i][j] = "0"\n        for di, dj in ((1,0),(-1,0),(0,1),(0,-1)):\n            sink(i + di, j + dj)\ncount = 0\nfor i in range(r):\n    for j in range(c):\n        if g[i][j] == "1":\n            count += 1\n            sink(i, j)\nprint(count)`),
    cases: (r) => Array.from({ length: 4 }, () => { const [rows, cols] = [r.int(1, 6), r.int(1, 6)]; return lines([rows, cols], ...Array.from({ length: rows }, () => ints(r, cols, 0, 1).join(""))); }),
    expected: (i) => { const [head, ...rest] = (i as string).trim().split("\n"); const [rows, cols] = head!.split(" ").map(Number) as [number, number]; const g = rest.map((l) => [...l]); let n = 0; const sink = (x: number, y: number): void => { if (x < 0 || y < 0 || x >= rows || y >= cols || g[x]![y] !== "1") return; g[x]![y] = "0"; sink(x + 1, y); sink(x - 1, y); sink(x, y + 1); sink(x, y - 1); }; for (let x = 0; x < rows; x++) for (let y = 0; y < cols; y++) if (g[x]![y] === "1") { n++; sink(x, y); } return `${n}\n`; },
  },
  {
    slug: "grid-shortest-path", difficulty: 7, format: "stdin",
    prompt: "The first line holds r and c, then r lines of c characters: '.' free, '#' wall. Print the fewest steps (up, down, left, right) from the top-left to the bottom-right cell, or -1 if it cannot be reached.",
    solution: py(`from collections import deque\nr, c = map(int, input().split())\ng = [input().strip() for _ in range(r)]\ndist = [[-1] * c for _ in range(r)]\nif g[0][0] == ".":\n    dist[0][0] = 0\n    q = deque([(0, 0)])\n    while q:\n        i, j = q.popleft()\n        for a, b in ((i+1,j),(i-1,j),(i,j+1),(i,j-1)):\n            if 0 <= a < r and 0 <= b < c and g[a][b] == "." and dist[a][b] < 0:\n                dist[a][b] = dist[i][j] + 1\n                q.append((a, b))\nprint(dist[r-1][c-1])`),
    cases: (r) => Array.from({ length: 4 }, () => { const [rows, cols] = [r.int(2, 6), r.int(2, 6)]; return lines([rows, cols], ...Array.from({ length: rows }, (_, x) => Array.from({ length: cols }, (_, y) => ((x === 0 && y === 0) || (x === rows - 1 && y === cols - 1) || r.next() > 0.3 ? "." : "#")).join(""))); }),
    expected: (i) => { const [head, ...g] = (i as string).trim().split("\n"); const [rows, cols] = head!.split(" ").map(Number) as [number, number]; const dist = g.map((l) => [...l].map(() => -1)); const q: [number, number][] = []; if (g[0]![0] === ".") { dist[0]![0] = 0; q.push([0, 0]); } while (q.length) { const [x, y] = q.shift()!; for (const [a, b] of [[x + 1, y], [x - 1, y], [x, y + 1], [x, y - 1]] as const) if (a >= 0 && b >= 0 && a < rows && b < cols && g[a]![b] === "." && dist[a]![b]! < 0) { dist[a]![b] = dist[x]![y]! + 1; q.push([a, b]); } } return `${dist[rows - 1]![cols - 1]}\n`; },
  },
  {
    slug: "dijkstra", difficulty: 7, format: "stdin",
    prompt: "The first line holds n and m; m lines follow with u v w (an undirected edge of weight w between nodes 1..n). Print the length of the shortest path from node 1 to node n, or -1 if there is none.",
    solution: py(`import heapq\nn, m = map(int, input().split())\nadj = [[] for _ in range(n + 1)]\nfor _ in range(m):\n    u, v, w = map(int, input().split())\n    adj[u].append((v, w))\n    adj[v].append((u, w))\ndist = [None] * (n + 1)\nheap = [(0, 1)]\nwhile heap:\n    d, u = heapq.heappop(heap)\n    if dist[u] is not None:\n        continue\n    dist[u] = d\n    for v, w in adj[u]:\n        if dist[v] is None:\n            heapq.heappush(heap, (d + w, v))\nprint(dist[n] if dist[n] is not None else -1)`),
    cases: (r) => Array.from({ length: 4 }, () => { const n = r.int(2, 7); const m = r.int(0, 10); return lines([n, m], ...Array.from({ length: m }, () => [r.int(1, n), r.int(1, n), r.int(1, 20)])); }),
    expected: (i) => { const t = tok(i); const [n, m] = [t[0]!, t[1]!]; const d = new Array<number>(n + 1).fill(Infinity); d[1] = 0; for (let round = 0; round < n; round++) for (let e = 0; e < m; e++) { const [u, v, w] = [t[2 + 3 * e]!, t[3 + 3 * e]!, t[4 + 3 * e]!]; d[v] = Math.min(d[v]!, d[u]! + w); d[u] = Math.min(d[u]!, d[v]! + w); } return `${d[n] === Infinity ? -1 : d[n]}\n`; },
  },
  {
    slug: "knapsack", difficulty: 7, format: "stdin",
    prompt: "The first line holds n and the capacity W; n lines follow with the weight and value of each item. Print the largest total value of items (each used at most once) whose weights sum to at most W.",
    solution: py(`n, W = map(int, input().split())\nbest = [0] * (W + 1)\nfor _ in range(n):\n    w, v = map(int, input().split())\n    for c in range(W, w - 1, -1):\n        best[c] = max(best[c], best[c - w] + v)\nprint(best[W])`),
    cases: (r) => Array.from({ length: 4 }, () => { const n = r.int(1, 8); return lines([n, r.int(0, 25)], ...Array.from({ length: n }, () => [r.int(1, 12), r.int(1, 30)])); }),
    expected: (i) => { const t = tok(i); const [n, W] = [t[0]!, t[1]!]; let best = 0; for (let mask = 0; mask < 1 << n; mask++) { let [w, v] = [0, 0]; for (let k = 0; k < n; k++) if (mask & (1 << k)) { w += t[2 + 2 * k]!; v += t[3 + 2 * k]!; } if (w <= W) best = Math.max(best, v); } return `${best}\n`; },
  },
  {
    slug: "longest-palindrome", difficulty: 7, format: "functional", fn_name: "longest_palindrome_length",
    prompt: "Write a function `longest_palindrome_length(s)` that returns the length of the longest palindromic substring of s.",
    solution: py(`def longest_palindrome_length(s):\n    best = 0\n    for center in range(2 * len(s) - 1):\n        lo, hi = center // 2, center // 2 + center % 2\n        while lo >= 0 and hi < len(s) and s[lo] == s[hi]:\n            lo, hi = lo - 1, hi + 1\n        best = max(best, hi - lo - 1)\n    return best`),
    cases: () => ["babad", "cbbd", "", "forgeeksskeegfor", "abc"].map((s) => [s]),
    expected: (i) => { const s = String((i as unknown[])[0]); let best = 0; for (let a = 0; a < s.length; a++) for (let b = a; b < s.length; b++) { const t = s.slice(a, b + 1); if (t === [...t].reverse().join("")) best = Math.max(best, t.length); } return best; },
  },
  {
    slug: "count-inversions", difficulty: 8, format: "stdin",
    prompt: "The first line holds n (n <= 2*10^5), the second n integers. Print the number of pairs i < j with a[i] > a[j].",
    solution: py(`import sys\ndef sort_count(a):\n    if len(a) <= 1:\n        return a, 0\n    mid = len(a) // 2\n    left, x = sort_count(a[:mid])\n    right, y = sort_count(a[mid:])\n    merged, inv, i, j = [], x + y, 0, 0\n    while i < len(left) and j < len(right):\n        if left[i] <= right[j]:\n            merged.append(left[i]); i += 1\n        else:\n            merged.append(right[j]); j += 1; inv += len(left) - i\n    merged += left[i:] + right[j:]\n    return merged, inv\ndata = sys.stdin.read().split()\nn = int(data[0])\nprint(sort_count(list(map(int, data[1:1 + n])))[1])`),
    cases: (r) => Array.from({ length: 4 }, () => { const n = r.int(1, 30); return lines(n, ints(r, n, 0, 15)); }),
    expected: (i) => { const a = tok(i).slice(1); let c = 0; for (let x = 0; x < a.length; x++) for (let y = x + 1; y < a.length; y++) if (a[x]! > a[y]!) c++; return `${c}\n`; },
  },
  {
    slug: "topological-order", difficulty: 8, format: "stdin",
    prompt: "The first line holds n and m; m lines follow with u v, meaning task u must come before task v (tasks 1..n). Print the lexicographically smallest order of all tasks on one line, or IMPOSSIBLE if there is a cycle.",
    solution: py(`import heapq\nn, m = map(int, input().split())\nadj = [[] for _ in range(n + 1)]\nindeg = [0] * (n + 1)\nfor _ in range(m):\n    u, v = map(int, input().split())\n    adj[u].append(v)\n    indeg[v] += 1\nheap = [i for i in range(1, n + 1) if indeg[i] == 0]\nheapq.heapify(heap)\norder = []\nwhile heap:\n    u = heapq.heappop(heap)\n    order.append(u)\n    for v in adj[u]:\n        indeg[v] -= 1\n        if indeg[v] == 0:\n            heapq.heappush(heap, v)\nprint(*order) if len(order) == n else print("IMPOSSIBLE")`),
    cases: (r) => [lines([3, 2], [1, 2], [2, 3]), lines([3, 3], [1, 2], [2, 3], [3, 1]), ...Array.from({ length: 3 }, () => { const n = r.int(2, 7); const m = r.int(0, 6); return lines([n, m], ...Array.from({ length: m }, () => { const u = r.int(1, n - 1); return [u, r.int(u + 1, n)]; })); })],
    expected: (i) => { const t = tok(i); const [n, m] = [t[0]!, t[1]!]; const indeg = new Array<number>(n + 1).fill(0); const edges: [number, number][] = []; for (let e = 0; e < m; e++) { edges.push([t[2 + 2 * e]!, t[3 + 2 * e]!]); indeg[t[3 + 2 * e]!]!++; } const order: number[] = []; const done = new Set<number>(); for (;;) { let next = -1; for (let v = 1; v <= n; v++) if (!done.has(v) && indeg[v] === 0) { next = v; break; } if (next < 0) break; done.add(next); order.push(next); for (const [u, v] of edges) if (u === next) indeg[v]!--; } return order.length === n ? `${order.join(" ")}\n` : "IMPOSSIBLE\n"; },
  },
  {
    slug: "mst-weight", difficulty: 8, format: "stdin",
    prompt: "The first line holds n and m; m lines follow with u v w (undirected edges of a connected graph on nodes 1..n). Print the total weight of a minimum spanning tree.",
    solution: py(`n, m = map(int, input().split())\nedges = sorted((w, u, v) for u, v, w in (map(int, input().split()) for _ in range(m)))\nparent = list(range(n + 1))\ndef find(x):\n    while parent[x] != x:\n        parent[x] = parent[parent[x]]\n        x = parent[x]\n    return x\ntotal = 0\nfor w, u, v in edges:\n    a, b = find(u), find(v)\n    if a != b:\n        parent[a] = b\n        total += w\nprint(total)`),
    cases: (r) => Array.from({ length: 4 }, () => { const n = r.int(2, 7); const rows: number[][] = []; for (let v = 2; v <= n; v++) rows.push([r.int(1, v - 1), v, r.int(1, 20)]); for (let e = r.int(0, 5); e > 0; e--) rows.push([r.int(1, n), r.int(1, n), r.int(1, 20)]); return lines([n, rows.length], ...rows); }),
    expected: (i) => { const t = tok(i); const [n, m] = [t[0]!, t[1]!]; const inTree = new Set([1]); let total = 0; while (inTree.size < n) { let best = Infinity; let pick = -1; for (let e = 0; e < m; e++) { const [u, v, w] = [t[2 + 3 * e]!, t[3 + 3 * e]!, t[4 + 3 * e]!]; if (inTree.has(u) !== inTree.has(v) && w < best) { best = w; pick = inTree.has(u) ? v : u; } } inTree.add(pick); total += best; } return `${total}\n`; },
  },
  {
    slug: "largest-rectangle", difficulty: 9, format: "functional", fn_name: "largest_rectangle",
    prompt: "Write a function `largest_rectangle(heights)` that returns the area of the largest rectangle inside a histogram whose bars (width 1) have the given heights.",
    solution: py(`def largest_rectangle(heights):\n    stack, best = [], 0\n    for i, h in enumerate(heights + [0]):\n        start = i\n        while stack and stack[-1][1] >= h:\n            start, height = stack.pop()\n            best = max(best, height * (i - start))\n        stack.append((start, h))\n    return best`),
    cases: (r) => [[[2, 1, 5, 6, 2, 3]], [[2, 4]], [[]], [ints(r, 10, 0, 9)]],
    expected: (i) => { const h = (i as number[][])[0]!; let best = 0; for (let a = 0; a < h.length; a++) { let low = Infinity; for (let b = a; b < h.length; b++) { low = Math.min(low, h[b]!); best = Math.max(best, low * (b - a + 1)); } } return best; },
  },
  {
    slug: "sliding-max", difficulty: 9, format: "stdin",
    prompt: "The first line holds n and k, the second n integers. Print the maximum of every window of k consecutive integers, on one line.",
    solution: py(`from collections import deque\nn, k = map(int, input().split())\na = list(map(int, input().split()))\nq, out = deque(), []\nfor i, x in enumerate(a):\n    while q and a[q[-1]] <= x:\n        q.pop()\n    q.append(i)\n    if q[0] <= i - k:\n        q.popleft()\n    if i >= k - 1:\n        out.append(a[q[0]])\nprint(*out)`),
    cases: (r) => Array.from({ length: 4 }, () => { const n = r.int(1, 12); return lines([n, r.int(1, n)], ints(r, n, -20, 20)); }),
    expected: (i) => { const t = tok(i); const [n, k] = [t[0]!, t[1]!]; const a = t.slice(2, 2 + n); const out: number[] = []; for (let s = 0; s + k <= n; s++) out.push(Math.max(...a.slice(s, s + k))); return `${out.join(" ")}\n`; },
  },
  {
    slug: "subarrays-sum-k", difficulty: 9, format: "functional", fn_name: "count_subarrays",
    prompt: "Write a function `count_subarrays(nums, k)` that returns how many contiguous non-empty subarrays of nums sum to k.",
    solution: py(`def count_subarrays(nums, k):\n    seen, total, count = {0: 1}, 0, 0\n    for x in nums:\n        total += x\n        count += seen.get(total - k, 0)\n        seen[total] = seen.get(total, 0) + 1\n    return count`),
    cases: (r) => [[[1, 1, 1], 2], [[1, 2, 3], 3], [[], 0], [ints(r, 12, -3, 3), r.int(-2, 3)]],
    expected: (i) => { const [a, k] = i as [number[], number]; let c = 0; for (let s = 0; s < a.length; s++) { let t = 0; for (let e = s; e < a.length; e++) if ((t += a[e]!) === k) c++; } return c; },
  },
  {
    slug: "n-queens", difficulty: 10, format: "stdin",
    prompt: "Read n (1 <= n <= 10) and print in how many ways n queens can be placed on an n by n board so that no two attack each other.",
    solution: py(`n = int(input())\ndef place(row, cols, d1, d2):\n    if row == n:\n        return 1\n    total = 0\n    for c in range(n):\n        if c not in cols and row + c not in d1 and row - c not in d2:\n            total += place(row + 1, cols | {c}, d1 | {row + c}, d2 | {row - c})\n    return total\nprint(place(0, frozenset(), frozenset(), frozenset()))`),
    cases: () => [1, 2, 4, 6, 8].map((n) => lines(n)),
    expected: (i) => `${{ 1: 1, 2: 0, 3: 0, 4: 2, 5: 10, 6: 4, 7: 40, 8: 92, 9: 352, 10: 724 }[tok(i)[0]!]}\n`,
  },
];
