stamp --sql ddd004:eee005
