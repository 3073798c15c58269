downgrade --sql ae10f
