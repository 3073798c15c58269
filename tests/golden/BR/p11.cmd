downgrade --sql ddd004:eee005
