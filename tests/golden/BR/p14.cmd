stamp --sql ddd004:bbb002
