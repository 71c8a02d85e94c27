/** Long word problems (hand-written, answers worked out below each), some shared with the eval set. */
export interface WordProblem {
  id: string;
  prompt: string;
  answer: string;
  difficulty: number;
  topic: string;
  /** Whether the evaluation set holds this problem too, verbatim or reworded. */
  inEval?: "verbatim" | "reworded";
}

export const WORD_PROBLEMS: WordProblem[] = [
  {
    id: "word-tank",
    // 2 pipes fill 40 + 25 = 65 L/min, the drain empties 15: net 50 L/min; 3000 L takes 60 minutes.
    prompt: "A rectangular water tank holds 3000 liters when full and starts out empty. Two pipes fill it at 40 liters per minute and 25 liters per minute, while a drain at the bottom removes 15 liters per minute the whole time. How many minutes does it take for the tank to become completely full?",
    answer: "60", difficulty: 3, topic: "rates",
  },
  {
    id: "word-orchard",
    // 14 rows × 23 trees = 322 trees; 322 × 36 = 11592 apples; crates of 48 → 241.5 → 242 crates.
    prompt: "An orchard has 14 rows of apple trees with 23 trees in each row. This season every tree produced exactly 36 apples, and the farmer packs all of the apples into crates that each hold at most 48 apples. What is the smallest number of crates the farmer needs to pack every apple?",
    answer: "242", difficulty: 4, topic: "arithmetic", inEval: "verbatim",
  },
  {
    id: "word-train",
    // Closing speed 80 + 70 = 150 km/h over 600 km → 4 h; the first train travels 80 × 4 = 320 km.
    prompt: "Two trains leave stations that are 600 kilometers apart at the same moment and travel toward each other on parallel tracks. The first train moves at a constant 80 kilometers per hour and the second at a constant 70 kilometers per hour. How many kilometers has the first train traveled when they meet?",
    answer: "320", difficulty: 3, topic: "rates", inEval: "reworded",
  },
  {
    id: "word-handshakes",
    // Everyone shakes hands once with everyone else: C(n,2) = 190 → n = 20.
    prompt: "At the end of a chess tournament every participant shook hands exactly once with every other participant, and nobody shook hands with themselves. The organizers counted 190 handshakes in total. How many participants took part in the tournament?",
    answer: "20", difficulty: 4, topic: "counting", inEval: "verbatim",
  },
  {
    id: "word-savings",
    // Savings 50, 60, ..., 50 + 10(k-1); sum over 12 months = 12·50 + 10·66 = 1260.
    prompt: "Maya saves 50 dollars in the first month of the year and every following month she saves 10 dollars more than she saved in the month before. She never withdraws any money from the account. How many dollars has she saved in total after the twelfth month?",
    answer: "1260", difficulty: 3, topic: "sequences",
  },
  {
    id: "word-painters",
    // Rates 1/6 + 1/3 = 1/2 house per day → 2 days.
    prompt: "One painter can paint a whole house alone in 6 days, and a second painter can paint the same house alone in 3 days. If both painters work together at their usual constant rates and never get in each other's way, how many days do they need to paint the house?",
    answer: "2", difficulty: 3, topic: "rates",
  },
  {
    id: "word-stairs",
    // Ways to climb 12 steps by 1 or 2: Fibonacci F(13) = 233.
    prompt: "A child climbs a staircase with 12 steps and at every move goes up either one step or two steps at a time, never going back down. Two climbs are different if the sequences of moves are different. In how many different ways can the child reach the top of the staircase?",
    answer: "233", difficulty: 5, topic: "counting",
  },
  {
    id: "word-clock",
    // The hands overlap 22 times in 24 hours (11 per 12 hours).
    prompt: "An ordinary analog clock has an hour hand and a minute hand that both move continuously around the dial. Starting at midnight and counting every moment up to but not including the next midnight, how many times do the hour hand and the minute hand point in exactly the same direction?",
    answer: "22", difficulty: 6, topic: "clocks",
  },
];

/** Evaluation problems that are not in the sample (so the eval set is more than the overlaps). */
export const EVAL_EXTRA: { problem: string; answer: string }[] = [
  { problem: "A bag holds 5 red and 7 blue marbles. Two marbles are drawn without replacement. What is the probability that both are red?", answer: "\\frac{5}{33}" },
  { problem: "How many positive integers less than 1000 are divisible by 7 but not by 11?", answer: "130" },
  { problem: "Find the area of a triangle with side lengths 13, 14 and 15.", answer: "84" },
  { problem: "Write a function that returns the number of set bits in the binary form of a non-negative integer.", answer: "" },
  { problem: "A cyclist rides up a hill at 12 kilometers per hour and back down the same road at 24 kilometers per hour. What is the average speed for the whole trip in kilometers per hour?", answer: "16" },
];
