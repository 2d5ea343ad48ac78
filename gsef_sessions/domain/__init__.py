"""The use cases: plain functions with keyword-only arguments; every door calls these."""
