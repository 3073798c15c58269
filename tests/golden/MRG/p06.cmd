downgrade --sql ggg007:-1
