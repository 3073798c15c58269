downgrade --sql fff006:eee005
