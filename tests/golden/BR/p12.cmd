downgrade --sql eee005:base
