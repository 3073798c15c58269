downgrade --sql ddd004:bbb002
