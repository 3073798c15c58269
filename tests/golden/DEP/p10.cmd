downgrade --sql b003:base
