"""Pure algorithms (meeting scheduling, judge assignment, vote counting): no Django imports."""
