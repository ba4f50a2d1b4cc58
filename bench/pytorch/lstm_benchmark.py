#!/usr/bin/env python3
"""PyTorch CPU reference for `bench-neural`: training throughput (forward + backward + Adam),
float32, sequences per second, on the same two shapes as the Swift benchmark.

  lstm  one-layer LSTM (input 32, hidden 128), batch 64, 365 steps, two linear heads, MSE
  mmoe  the surrogate shape: 24 features + an 8-wide day-of-year embedding (366 rows) form the
        same 32-wide LSTM input; the LSTM feeds a multi-gate mixture of experts with 4 experts
        (Linear 128->64, ReLU), one softmax gate per task (Linear 128->4) and 2 task towers
        (Linear 64->32, ReLU, Linear 32->1); the loss is the sum of the two tasks' MSE.

Prints one JSON object per shape on stdout: {"shape", "sequences_per_second", "seconds", ...}.
(PyTorch's LSTM has two bias vectors where NeuralKit has one, so it counts 4·128 more parameters.)
"""
import argparse
import json
import time

import torch
from torch import nn

STEPS, BATCH, INPUTS, HIDDEN = 365, 64, 32, 128
FEATURES, EMBEDDING, DAYS = 24, 8, 366
EXPERTS, EXPERT_HIDDEN, TOWER_HIDDEN, TASKS = 4, 64, 32, 2


class LSTMHeads(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(INPUTS, HIDDEN)
        self.heads = nn.ModuleList([nn.Linear(HIDDEN, 1) for _ in range(TASKS)])

    def forward(self, x, doy):
        h, _ = self.lstm(x)
        return [head(h) for head in self.heads]


class LSTMMixture(nn.Module):
    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(DAYS, EMBEDDING)
        self.lstm = nn.LSTM(INPUTS, HIDDEN)
        self.experts = nn.ModuleList(
            [nn.Sequential(nn.Linear(HIDDEN, EXPERT_HIDDEN), nn.ReLU()) for _ in range(EXPERTS)])
        self.gates = nn.ModuleList([nn.Linear(HIDDEN, EXPERTS) for _ in range(TASKS)])
        self.towers = nn.ModuleList(
            [nn.Sequential(nn.Linear(EXPERT_HIDDEN, TOWER_HIDDEN), nn.ReLU(),
                           nn.Linear(TOWER_HIDDEN, 1)) for _ in range(TASKS)])

    def forward(self, x, doy):
        h, _ = self.lstm(torch.cat([x, self.embedding(doy)], dim=-1))
        experts = torch.stack([e(h) for e in self.experts], dim=-2)      # T, B, E, 64
        outputs = []
        for gate, tower in zip(self.gates, self.towers):
            g = torch.softmax(gate(h), dim=-1).unsqueeze(-1)            # T, B, E, 1
            outputs.append(tower((g * experts).sum(dim=-2)))
        return outputs


def run(shape, batches, warmup):
    torch.manual_seed(0)
    model = LSTMHeads() if shape == "lstm" else LSTMMixture()
    width = INPUTS if shape == "lstm" else FEATURES
    x = torch.randn(STEPS, BATCH, width)
    doy = (torch.arange(STEPS).unsqueeze(1) % DAYS).expand(STEPS, BATCH).contiguous()
    targets = [torch.randn(STEPS, BATCH, 1) for _ in range(TASKS)]
    optimiser = torch.optim.Adam(model.parameters(), lr=1e-3)

    def step():
        optimiser.zero_grad(set_to_none=True)
        outputs = model(x, doy)
        loss = sum(nn.functional.mse_loss(o, t) for o, t in zip(outputs, targets))
        loss.backward()
        optimiser.step()
        return loss

    for _ in range(warmup):
        step()
    start = time.perf_counter()
    for _ in range(batches):
        step()
    seconds = time.perf_counter() - start
    return {"shape": shape, "sequences_per_second": batches * BATCH / seconds,
            "seconds": seconds, "batches": batches, "threads": torch.get_num_threads(),
            "parameters": sum(p.numel() for p in model.parameters()),
            "torch": torch.__version__}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shape", choices=["lstm", "mmoe", "both"], default="both")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--batches", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=2)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    for shape in (["lstm", "mmoe"] if args.shape == "both" else [args.shape]):
        print(json.dumps(run(shape, args.batches, args.warmup)), flush=True)


if __name__ == "__main__":
    main()
