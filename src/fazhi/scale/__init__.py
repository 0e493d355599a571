"""A synthetic province for measuring the platform at scale (规模与性能, issue 9).

About 140 counties with their towns, villages, units and, per county, the modules' records at
Rongcheng-like volumes scaled by a population weight. Deterministic from a seed. Loaded through
core.bulkload (COPY on PostgreSQL), not through the services: the services are what the demo and
the tests exercise; here the point is volume. The codes start with 99, a province code no real
division uses, so the data set never collides with the Rongcheng demo.
"""
