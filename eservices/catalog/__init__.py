"""The catalog (S1–S5): desk, group and service pages, channels, info panel, offices, apps."""
