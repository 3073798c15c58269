downgrade --sql ggg007:ddd004
