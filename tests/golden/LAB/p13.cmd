downgrade --sql s002:a001
