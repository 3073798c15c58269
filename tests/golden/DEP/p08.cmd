downgrade --sql b003:b001
