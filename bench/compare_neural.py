#!/usr/bin/env python3
"""Runs the NeuralKit benchmark (bench-neural) and the PyTorch reference
(bench/pytorch/lstm_benchmark.py) side by side and prints a table of training throughput.

The two alternate for several rounds and each keeps its best round, so a build or another job
briefly competing for the two cores does not decide the comparison. Usage (from the repository
root, after `swift build -c release -Xswiftc -target-cpu -Xswiftc native --product bench-neural`):

    python3 bench/compare_neural.py [--rounds 5] [--batches 10] [--threads 2]
"""
import argparse
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHAPES = {
    "lstm": "LSTM 32→128, batch 64 × 365 steps, 2 linear heads, MSE",
    "mmoe": "day-of-year embedding + LSTM → MMoE (4 experts, 2 towers)",
}


def run(command):
    output = subprocess.run(command, check=True, capture_output=True, text=True, cwd=ROOT).stdout
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--batches", type=int, default=10)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build", "release", "bench-neural"))
    args = parser.parse_args()
    common = ["--threads", str(args.threads), "--batches", str(args.batches)]
    best = {"swift": {}, "torch": {}}
    parameters = {"swift": {}, "torch": {}}
    torch_version = "?"
    target = "?"
    load_before = os.getloadavg()[0]
    for round_ in range(args.rounds):
        for name, command in (("swift", [args.binary] + common),
                              ("torch", [sys.executable, "bench/pytorch/lstm_benchmark.py"] + common)):
            for result in run(command):
                shape = result["shape"]
                best[name][shape] = max(best[name].get(shape, 0), result["sequences_per_second"])
                parameters[name][shape] = result["parameters"]
                torch_version = result.get("torch", torch_version)
                target = result.get("target", target)
        print(f"round {round_ + 1}/{args.rounds}: best so far " + ", ".join(
            f"{n} {s} {best[n][s]:.0f}" for n in best for s in best[n]), file=sys.stderr, flush=True)
    print(f"Training throughput, sequences/s (forward + backward + Adam, float32, {args.threads} threads, "
          f"best of {args.rounds} rounds of {args.batches} batches; torch {torch_version}; "
          f"1-min load average before the runs {load_before:.2f}); NeuralKit built for {target}\n")
    if load_before > 0.5:
        print(f"WARNING: the machine was busy before the benchmark (1-min load average {load_before:.2f}); "
              "PyTorch's OpenMP threads suffer most from competing work. Re-run on a quiet machine "
              "before quoting these figures.\n")
    print("| shape | parameters (NeuralKit / PyTorch) | NeuralKit seq/s | PyTorch seq/s | ratio |")
    print("|---|---|---|---|---|")
    for shape, label in SHAPES.items():
        swift, torch = best["swift"].get(shape), best["torch"].get(shape)
        if swift and torch:
            print(f"| {shape}: {label} | {parameters['swift'][shape]} / {parameters['torch'][shape]} "
                  f"| {swift:.0f} | {torch:.0f} | {swift / torch:.2f}× |")


if __name__ == "__main__":
    main()
