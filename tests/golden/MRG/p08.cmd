downgrade --sql fff006:-1
