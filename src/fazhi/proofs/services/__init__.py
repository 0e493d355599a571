"""Services of the proof-item catalog (证明事项清单)."""
