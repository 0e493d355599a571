"""Writes of the inspections app: matters lists, plans, the planner runs."""
