downgrade --sql b003:a002
