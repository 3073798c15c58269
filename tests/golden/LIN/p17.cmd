stamp --sql ae10f:base
