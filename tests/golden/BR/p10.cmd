downgrade --sql ddd004:-1
