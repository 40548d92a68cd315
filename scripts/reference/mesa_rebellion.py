#!/usr/bin/env python3
"""Reference numbers for siege's Rebellion model: a plain-Python transcription of Mesa's
`epstein_civil_violence` example (Mesa 3.3.x, projectmesa/mesa,
mesa/examples/advanced/epstein_civil_violence/agents.py and model.py), together with the parts of
Mesa it relies on (mesa/discrete_space/cell.py, grid.py, cell_collection.py; AgentSet.shuffle_do
in mesa/agent.py).

Mesa itself cannot be installed where siege is built (no PyPI), so this file re-creates what the
example does, class for class and in the same order of calls to Python's `random.Random`:

- the grid is an OrthogonalVonNeumannGrid on a torus with capacity 1: a cell's neighbourhood of
  radius r is every cell within Manhattan distance r, built by Cell._neighborhood's recursion over
  the four connections in the order (-1,0), (0,-1), (0,1), (1,0), without the centre cell;
- cells are visited in itertools.product(range(width), range(height)) order; each draws
  random.choices([Citizen, Cop, None], cum_weights=[citizen_density, citizen_density +
  cop_density, 1]); a citizen then draws hardship and risk aversion (random(), random());
- every step, the list of all agents in creation order is shuffled (random.shuffle) and each
  agent's step() runs in that order, each seeing what the earlier ones did;
- counts of citizens by state are collected at initialisation and after every step.

What it leaves out: the DataCollector's agent reporters, the visualisation, Mesa's unique ids and
weak references. None of them draws random numbers or changes the dynamics.

Usage:
  python3 scripts/reference/mesa_rebellion.py --runs 10 --steps 100 \
      --output tests/data/mesa_rebellion_reference.json
  python3 scripts/reference/mesa_rebellion.py --runs 1 --steps 5 --output /tmp/x.json  # timing
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import random
import statistics
import time
from enum import Enum
from functools import cache

MESA_VERSION = "3.3.1"


# --- mesa/discrete_space/cell.py (the parts the example uses) -----------------------------------
class Cell:
    def __init__(self, coordinate, capacity, rng):
        self.coordinate = coordinate
        self.connections = {}
        self._agents = []
        self.capacity = capacity
        self.random = rng

    def connect(self, other, key):
        self.connections[key] = other

    def add_agent(self, agent):
        if self.capacity and len(self._agents) >= self.capacity:
            raise RuntimeError("ERROR: Cell is full")
        self._agents.append(agent)

    def remove_agent(self, agent):
        self._agents.remove(agent)

    @property
    def is_empty(self):
        return len(self._agents) == 0

    @cache  # noqa: B019 -- as in Mesa: neighbourhoods are computed once per cell and radius
    def get_neighborhood(self, radius=1, include_center=False):
        return CellCollection(self._neighborhood(radius, include_center), self.random)

    @cache  # noqa: B019
    def _neighborhood(self, radius=1, include_center=False):
        if radius < 1:
            raise ValueError("radius must be larger than one")
        if radius == 1:
            neighborhood = {n: n._agents for n in self.connections.values()}
            if include_center:
                neighborhood[self] = self._agents
            return neighborhood
        neighborhood = {}
        for neighbor in self.connections.values():
            neighborhood.update(neighbor._neighborhood(radius - 1, include_center=True))
        if not include_center:
            neighborhood.pop(self, None)
        return neighborhood


# --- mesa/discrete_space/cell_collection.py -----------------------------------------------------
class CellCollection:
    def __init__(self, cells, rng):
        self._cells = cells
        self.random = rng

    def __iter__(self):
        return iter(self._cells)

    @property
    def agents(self):
        return itertools.chain.from_iterable(self._cells.values())


# --- mesa/discrete_space/grid.py: OrthogonalVonNeumannGrid, torus ------------------------------
class OrthogonalVonNeumannGrid:
    def __init__(self, dimensions, capacity, torus, rng):
        self.dimensions = dimensions
        self.torus = torus
        self._cells = {
            coord: Cell(coord, capacity, rng)
            for coord in itertools.product(*(range(d) for d in dimensions))
        }
        offsets = [(-1, 0), (0, -1), (0, 1), (1, 0)]
        height, width = self.dimensions  # sic, as in Grid._connect_single_cell_2d
        for cell in self._cells.values():
            i, j = cell.coordinate
            for di, dj in offsets:
                ni, nj = i + di, j + dj
                if self.torus:
                    ni, nj = ni % height, nj % width
                if 0 <= ni < height and 0 <= nj < width:
                    cell.connect(self._cells[ni, nj], (di, dj))

    @property
    def all_cells(self):
        return list(self._cells.values())


# --- mesa/examples/advanced/epstein_civil_violence/agents.py -------------------------------------
class CitizenState(Enum):
    ACTIVE = 1
    QUIET = 2
    ARRESTED = 3


class EpsteinAgent:
    def __init__(self, model):
        self.model = model
        self.random = model.random
        self.cell = None
        model.register(self)

    def move_to(self, cell):  # CellAgent.move_to
        if self.cell is not None:
            self.cell.remove_agent(self)
        self.cell = cell
        cell.add_agent(self)

    def update_neighbors(self):
        self.neighborhood = self.cell.get_neighborhood(radius=self.vision)
        self.neighbors = self.neighborhood.agents
        self.empty_neighbors = [c for c in self.neighborhood if c.is_empty]

    def move(self):
        if self.model.movement and self.empty_neighbors:
            new_pos = self.random.choice(self.empty_neighbors)
            self.move_to(new_pos)


class Citizen(EpsteinAgent):
    def __init__(self, model, regime_legitimacy, threshold, vision, arrest_prob_constant):
        super().__init__(model)
        self.hardship = self.random.random()
        self.risk_aversion = self.random.random()
        self.regime_legitimacy = regime_legitimacy
        self.threshold = threshold
        self.state = CitizenState.QUIET
        self.vision = vision
        self.jail_sentence = 0
        self.grievance = self.hardship * (1 - self.regime_legitimacy)
        self.arrest_prob_constant = arrest_prob_constant
        self.arrest_probability = None
        self.neighborhood = []
        self.neighbors = []
        self.empty_neighbors = []

    def step(self):
        if self.jail_sentence:
            self.jail_sentence -= 1
            return  # no other changes or movements if agent is in jail.
        self.update_neighbors()
        self.update_estimated_arrest_probability()
        net_risk = self.risk_aversion * self.arrest_probability
        if (self.grievance - net_risk) > self.threshold:
            self.state = CitizenState.ACTIVE
        else:
            self.state = CitizenState.QUIET
        self.move()

    def update_estimated_arrest_probability(self):
        cops_in_vision = 0
        actives_in_vision = 1  # citizen counts herself
        for neighbor in self.neighbors:
            if isinstance(neighbor, Cop):
                cops_in_vision += 1
            elif neighbor.state == CitizenState.ACTIVE:
                actives_in_vision += 1
        # Python's round(): halves go to the even integer (round(0.5) == 0, round(1.5) == 2).
        self.arrest_probability = 1 - math.exp(
            -1 * self.arrest_prob_constant * round(cops_in_vision / actives_in_vision)
        )


class Cop(EpsteinAgent):
    def __init__(self, model, vision, max_jail_term):
        super().__init__(model)
        self.vision = vision
        self.max_jail_term = max_jail_term

    def step(self):
        self.update_neighbors()
        active_neighbors = []
        for agent in self.neighbors:
            if isinstance(agent, Citizen) and agent.state == CitizenState.ACTIVE:
                active_neighbors.append(agent)
        if active_neighbors:
            arrestee = self.random.choice(active_neighbors)
            arrestee.jail_sentence = self.random.randint(0, self.max_jail_term)
            arrestee.state = CitizenState.ARRESTED
        self.move()


# --- mesa/examples/advanced/epstein_civil_violence/model.py -------------------------------------
class EpsteinCivilViolence:
    def __init__(self, width=40, height=40, citizen_density=0.7, cop_density=0.074,
                 citizen_vision=7, cop_vision=7, legitimacy=0.8, max_jail_term=1000,
                 active_threshold=0.1, arrest_prob_constant=2.3, movement=True, seed=None):
        self.random = random.Random(seed)
        self._agents = []  # AgentSet: creation order
        self.movement = movement
        self.grid = OrthogonalVonNeumannGrid((width, height), capacity=1, torus=True,
                                             rng=self.random)
        if cop_density + citizen_density > 1:
            raise ValueError("Cop density + citizen density must be less than 1")
        for cell in self.grid.all_cells:
            klass = self.random.choices(
                [Citizen, Cop, None],
                cum_weights=[citizen_density, citizen_density + cop_density, 1],
            )[0]
            if klass == Cop:
                cop = Cop(self, vision=cop_vision, max_jail_term=max_jail_term)
                cop.move_to(cell)
            elif klass == Citizen:
                citizen = Citizen(self, regime_legitimacy=legitimacy, threshold=active_threshold,
                                  vision=citizen_vision, arrest_prob_constant=arrest_prob_constant)
                citizen.move_to(cell)
        self.citizens = [a for a in self._agents if isinstance(a, Citizen)]
        self.counts = [self._count()]

    def register(self, agent):
        self._agents.append(agent)

    def step(self):
        order = list(self._agents)  # AgentSet.shuffle_do: list of the set, shuffled, then step()
        self.random.shuffle(order)
        for agent in order:
            agent.step()
        self.counts.append(self._count())

    def _count(self):
        active = quiet = arrested = 0
        for c in self.citizens:
            if c.state is CitizenState.ACTIVE:
                active += 1
            elif c.state is CitizenState.QUIET:
                quiet += 1
            else:
                arrested += 1
        return active, quiet, arrested


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--steps", type=int, default=100)
    parser.add_argument("--first-seed", type=int, default=1)
    parser.add_argument("--width", type=int, default=100)
    parser.add_argument("--height", type=int, default=100)
    parser.add_argument("--legitimacy", type=float, default=0.8)
    parser.add_argument("--output", required=True)
    args = parser.parse_args()

    params = dict(width=args.width, height=args.height, citizen_density=0.7, cop_density=0.074,
                  citizen_vision=7, cop_vision=7, legitimacy=args.legitimacy, max_jail_term=1000,
                  active_threshold=0.1, arrest_prob_constant=2.3, movement=True)
    series = {"active": [], "quiet": [], "jailed": []}
    agent_steps = 0
    step_seconds = 0.0
    for r in range(args.runs):
        seed = args.first_seed + r
        model = EpsteinCivilViolence(seed=seed, **params)
        start = time.perf_counter()
        for _ in range(args.steps):
            model.step()
        step_seconds += time.perf_counter() - start
        agent_steps += len(model._agents) * args.steps
        for k, name in enumerate(("active", "quiet", "jailed")):
            series[name].append([c[k] for c in model.counts])
        last = model.counts[-1]
        print(f"run {r + 1}/{args.runs} (seed {seed}): {len(model._agents)} agents, "
              f"final active/quiet/jailed {last}, {agent_steps / step_seconds:,.0f} agent-steps/s",
              flush=True)

    def per_step(runs, fn):
        return [fn([run[t] for run in runs]) for t in range(args.steps + 1)]

    def sd(xs):
        return statistics.stdev(xs) if len(xs) > 1 else 0.0

    out = {
        "note": ("Transcription, not Mesa itself: scripts/reference/mesa_rebellion.py re-creates "
                 f"Mesa {MESA_VERSION}'s epstein_civil_violence example (agents.py, model.py and the "
                 "discrete_space grid it uses) in plain Python with the same calls to "
                 "random.Random, because Mesa cannot be installed on the build machine."),
        "mesa_version_transcribed": MESA_VERSION,
        "parameters": {**params, "steps": args.steps, "grid": "OrthogonalVonNeumannGrid, torus"},
        "runs": args.runs,
        "steps": args.steps,
        "seeds": list(range(args.first_seed, args.first_seed + args.runs)),
        "python_agent_steps_per_second": round(agent_steps / step_seconds),
        "per_step": {
            "step": list(range(args.steps + 1)),
            **{f"{name}_mean": per_step(series[name], statistics.fmean) for name in series},
            **{f"{name}_sd": per_step(series[name], sd) for name in series},
        },
        "per_run_time_mean": {
            name: [statistics.fmean(run[1:]) for run in series[name]] for name in series
        },
    }
    with open(args.output, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
