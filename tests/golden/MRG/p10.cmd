downgrade --sql ggg007:base
