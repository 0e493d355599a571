"""Data sources that verify proofs (数据核查): the interface, the registry and the demo sources."""
