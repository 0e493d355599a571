"""Joint enterprise inspections (涉企联合检查 / 双随机一公开)."""
