upgrade --sql ddd004:eee005
