downgrade --sql ggg007:bbb002
