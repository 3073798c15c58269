downgrade --sql b002:-1
