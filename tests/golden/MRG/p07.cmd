downgrade --sql ggg007:-2
